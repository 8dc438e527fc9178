// The calendar override file (seeds/calendar/overrides.json): holiday arrangements for years the
// chinese-days package does not know yet, or corrections to it. Same shape as the package's own
// tables, so a year's JSON from a newer chinese-days release can be pasted in as is.

import { z } from "zod";

import { isLocalDate } from "./local-date.js";

const dateKey = z.string().refine(isLocalDate, { error: "must be a date YYYY-MM-DD" });
const dayName = z.string().trim().min(1, { error: "must name the holiday, e.g. 元旦" });
const dayTable = z.record(dateKey, dayName);

/**
 * zod schema of the override file. `holidays` are statutory days off (a weekend day folded into a
 * holiday may be listed too); `workdays` are 调休 make-up working days. Values name the holiday,
 * free text (`元旦`) or chinese-days' own format (`New Year's Day,元旦,1`). `$comment` is ignored,
 * and so is chinese-days' `inLieuDays` table. A date may not be in both tables.
 */
export const calendarOverridesSchema = z
  .strictObject({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    holidays: dayTable.default({}),
    workdays: dayTable.default({}),
    inLieuDays: dayTable.optional(),
  })
  .superRefine((value, ctx) => {
    for (const date of Object.keys(value.workdays)) {
      if (Object.hasOwn(value.holidays, date)) {
        ctx.addIssue({
          code: "custom",
          path: ["workdays", date],
          message: `${date} is listed both as a holiday and as a make-up working day`,
        });
      }
    }
  });

/** A validated override file (entries win over chinese-days). */
export type CalendarOverrides = z.output<typeof calendarOverridesSchema>;
/** The override file as written (both tables optional). */
export type CalendarOverridesInput = z.input<typeof calendarOverridesSchema>;
