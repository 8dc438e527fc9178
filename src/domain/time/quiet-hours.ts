// Quiet hours: no message between `start` and `end` (local time); one that would fall inside is
// moved to the next `moveTo`. docs/design.md default: 21:00-08:00, moved to 08:30.

import { z } from "zod";

import { addDays } from "./local-date.js";
import { minutesOfDay, timeOfDaySchema, type TimeOfDay } from "./time-of-day.js";
import { localDateTimeOf, zonedInstant } from "./zoned.js";

/**
 * zod schema of a group's quiet hours: the window `start` (inclusive) to `end` (exclusive), which
 * may wrap past midnight (21:00-08:00), and `moveTo`, the time a message inside the window moves
 * to. `start` and `end` must differ and `moveTo` must be outside the window.
 */
export const quietHoursSchema = z
  .strictObject({ start: timeOfDaySchema, end: timeOfDaySchema, moveTo: timeOfDaySchema })
  .superRefine((value, ctx) => {
    if (value.start === value.end) {
      ctx.addIssue({ code: "custom", path: ["end"], message: "must differ from start" });
    } else if (isQuietTime(value, value.moveTo)) {
      ctx.addIssue({ code: "custom", path: ["moveTo"], message: "must be outside the quiet hours" });
    }
  });

/** Validated quiet hours. */
export type QuietHours = z.output<typeof quietHoursSchema>;

/** docs/design.md: no message between 21:00 and 08:00; such a message moves to 08:30. */
export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = { start: "21:00", end: "08:00", moveTo: "08:30" };

function inWindow(quiet: QuietHours, minutes: number): boolean {
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** Whether the wall-clock time `time` (`HH:mm`) is inside the quiet hours. */
export function isQuietTime(quiet: QuietHours, time: TimeOfDay): boolean {
  return inWindow(quiet, minutesOfDay(time));
}

/** Whether `instant` falls inside the quiet hours in `timezone`. */
export function isInQuietHours(quiet: QuietHours, instant: Date, timezone: string): boolean {
  return inWindow(quiet, localDateTimeOf(instant, timezone).minutes);
}

/**
 * `instant` itself when it is outside the quiet hours; otherwise the first `moveTo` after the
 * quiet window it is in: 23:00 moves to 08:30 the next morning, 02:00 to 08:30 the same morning.
 */
export function leaveQuietHours(quiet: QuietHours, instant: Date, timezone: string): Date {
  const local = localDateTimeOf(instant, timezone);
  if (!inWindow(quiet, local.minutes)) return instant;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  // The day on which this occurrence of the window ends.
  const endDay = start > end && local.minutes >= start ? addDays(local.date, 1) : local.date;
  const day = minutesOfDay(quiet.moveTo) >= end ? endDay : addDays(endDay, 1);
  return zonedInstant(day, quiet.moveTo, timezone);
}
