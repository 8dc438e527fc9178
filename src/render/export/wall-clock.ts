/**
 * The wall-clock time of instants in a timezone, for spreadsheet cells (Excel dates have no
 * timezone, so a cell holds the local time).
 */
import { utcOffsetAt } from "../../domain/time/zoned.js";

/**
 * The local date and time of `instant` in `timeZone`, to the minute, as a Date whose UTC fields
 * read that local time (2025-11-28T08:30Z in Asia/Shanghai gives 2025-11-28T16:30Z).
 */
export function wallClockMinute(instant: Date, timeZone: string): Date {
  const ms = instant.getTime();
  return new Date(Math.floor((ms + utcOffsetAt(instant, timeZone)) / 60_000) * 60_000);
}
