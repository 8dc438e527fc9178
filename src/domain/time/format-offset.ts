// An instant written as ISO 8601 in a timezone's wall-clock time with its UTC offset, the way the
// CLI shows deadlines: 2023-01-20T09:00:00Z in Asia/Shanghai is `2023-01-20T17:00:00+08:00`.

import { localDateTimeOf } from "./zoned.js";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `±HH:MM` for an offset in minutes (`+08:00`, `-05:00`, `+00:00`). */
export function formatUtcOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The offset of `timezone` from UTC at `instant`, in whole minutes (Shanghai: 480). */
export function utcOffsetMinutes(instant: Date, timezone: string): number {
  const local = localDateTimeOf(instant, timezone);
  const [year, month, day] = local.date.split("-").map(Number) as [number, number, number];
  const wallMinutes = Date.UTC(year, month - 1, day) / 60_000 + local.minutes;
  return wallMinutes - Math.floor(instant.getTime() / 60_000);
}

/**
 * `instant` as ISO 8601 local time in `timezone` with its offset: `2023-01-20T17:00:00+08:00`.
 * Milliseconds are written only when there are any. Throws a RangeError on an invalid Date or an
 * unknown timezone.
 */
export function formatIsoWithOffset(instant: Date, timezone: string): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid instant: the Date is not a valid time");
  const local = localDateTimeOf(instant, timezone);
  const seconds = Math.floor(ms / 1000) - Math.floor(ms / 60_000) * 60;
  const millis = ms - Math.floor(ms / 1000) * 1000;
  const fraction = millis === 0 ? "" : `.${pad(millis, 3)}`;
  return `${local.date}T${local.time}:${pad(seconds)}${fraction}${formatUtcOffset(utcOffsetMinutes(instant, timezone))}`;
}
