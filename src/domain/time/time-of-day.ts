// Wall-clock times of day ("HH:mm", 24-hour) as group settings write them.

import { z } from "zod";

/** A wall-clock time `HH:mm` in 24-hour notation, `00:00` to `23:59`. */
export type TimeOfDay = string;

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `value` is a time written `HH:mm` (24-hour). */
export function isTimeOfDay(value: unknown): value is TimeOfDay {
  return typeof value === "string" && TIME_OF_DAY.test(value);
}

/** Minutes after midnight of an `HH:mm` time; throws a RangeError on anything else. */
export function minutesOfDay(time: TimeOfDay): number {
  const m = TIME_OF_DAY.exec(time);
  if (!m) throw new RangeError(`Invalid time of day "${time}": expected HH:mm between 00:00 and 23:59`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Writes minutes after midnight (0-1439) as `HH:mm`. */
export function formatTimeOfDay(minutes: number): TimeOfDay {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= 1440) {
    throw new RangeError(`Invalid minutes of day ${minutes}: expected an integer from 0 to 1439`);
  }
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** zod schema for an `HH:mm` time of day. */
export const timeOfDaySchema = z.string().regex(TIME_OF_DAY, { error: "must be a time HH:mm such as 17:00" });
