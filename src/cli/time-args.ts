// Reading dates, instants and durations from the command line, and loading the working-day calendar.

import { isLocalDate, type LocalDate } from "../domain/time/local-date.js";
import { zonedInstant } from "../domain/time/zoned.js";
import { CalendarFileError, loadWorkCalendar } from "../runtime/calendar-loader.js";
import type { WorkCalendar } from "../domain/time/calendar.js";
import { CliError } from "./cli-error.js";

/** A `YYYY-MM-DD` option value, or a one-line CliError naming the option. */
export function parseDateOption(value: string, name: string, command: string): LocalDate {
  if (isLocalDate(value)) return value;
  throw new CliError(`zhuanban ${command}: --${name} must be a date YYYY-MM-DD such as 2023-01-31, not "${value}"`);
}

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?)?$/i;

/**
 * Reads an ISO 8601 instant: `2023-01-18T09:00+08:00`, `2023-01-18T01:00:00Z`, or without an offset
 * (`2023-01-18T09:00`, `2023-01-18 09:00`, `2023-01-18`) as wall-clock time in `timezone`.
 * Returns null when the text is not such an instant.
 */
export function parseInstant(text: string, timezone: string): Date | null {
  const m = INSTANT.exec(text.trim());
  if (!m) return null;
  const [, date = "", hh = "00", mm = "00", ss = "00", fraction = "", offset] = m;
  if (!isLocalDate(date)) return null;
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const extraMs = second * 1000 + Math.floor(Number(`0.${fraction || "0"}`) * 1000);
  if (offset === undefined) {
    return new Date(zonedInstant(date, `${hh}:${mm}`, timezone).getTime() + extraMs);
  }
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== "Z") {
    const digits = offset.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 18 || om > 59) return null;
    offsetMinutes = (offset.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, 0, 0);
  return new Date(wall - offsetMinutes * 60_000 + extraMs);
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
/** The longest window `plan` accepts. */
export const MAX_WINDOW_MS = 366 * 86_400_000;

/** A duration `30m`, `1h`, `2h`, `1.5h`, `1d` in milliseconds, or null when the text is not one (or not > 0). */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  const ms = Math.round(Number(m[1]) * (UNIT_MS[m[2]!.toLowerCase()] ?? NaN));
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** The working-day calendar with the shipped override file; a bad file becomes one CliError. */
export async function loadCalendarFor(command: string): Promise<WorkCalendar> {
  try {
    return await loadWorkCalendar();
  } catch (error) {
    if (error instanceof CalendarFileError) throw new CliError(`zhuanban ${command}: ${error.message}`);
    throw error;
  }
}
