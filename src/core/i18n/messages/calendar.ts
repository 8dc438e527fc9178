import { defineMessages } from "../catalog.js";

/** The working-day calendar: start-up and CLI warnings. */
export const calendarMessages = defineMessages(
  {
    "calendar.noHolidayData": "{year} 年节假日安排尚未发布，按周一至周五计算",
  },
  {
    "calendar.noHolidayData":
      "The {year} public holiday arrangement has not been published yet; working days are taken as Monday to Friday",
  },
);
