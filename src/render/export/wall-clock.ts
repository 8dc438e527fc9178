/**
 * The wall-clock time of instants in a timezone, for spreadsheet cells (Excel dates have no
 * timezone, so a cell holds the local time).
 *
 * Why not format each instant with Intl: formatToParts costs microseconds per call, and an export
 * of a full period converts every report's time (24,000 for all groups). Every timezone offset in
 * use is a whole number of quarter hours and changes at a local quarter hour, so all instants of a
 * UTC quarter hour share one offset: it is looked up once per quarter hour and timezone.
 */

const QUARTER_HOUR = 15 * 60_000;
/** Quarter hours remembered per timezone before the memory is cleared (a few years' worth). */
const MAX_REMEMBERED = 200_000;

const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

/**
 * The local date and time of `instant` in `timeZone`, to the minute, as a Date whose UTC fields
 * read that local time (2025-11-28T08:30Z in Asia/Shanghai gives 2025-11-28T16:30Z).
 */
export function wallClockMinute(instant: Date, timeZone: string): Date {
  const ms = instant.getTime();
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let zone = offsets.get(timeZone);
  if (!zone || zone.size > MAX_REMEMBERED) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  let offset = zone.get(quarter);
  if (offset === undefined) {
    offset = offsetAt(quarter * QUARTER_HOUR, timeZone);
    zone.set(quarter, offset);
  }
  return new Date(Math.floor((ms + offset) / 60_000) * 60_000);
}

/** Local time minus UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    formats.set(timeZone, format);
  }
  const field: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(new Date(ms))) field[part.type] = part.value;
  const local = Date.UTC(
    Number(field.year),
    Number(field.month) - 1,
    Number(field.day),
    Number(field.hour),
    Number(field.minute),
    Number(field.second),
  );
  return local - ms;
}
