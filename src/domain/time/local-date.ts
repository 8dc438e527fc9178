// Calendar dates without a time or a timezone ("YYYY-MM-DD"), with plain integer arithmetic.
// Everything here is proleptic Gregorian and independent of the process timezone.

/** A calendar date written `YYYY-MM-DD` (e.g. `2023-01-31`), as chinese-days and the period rules use it. */
export type LocalDate = string;

/** Why a string is not a usable {@link LocalDate}. */
export type LocalDateErrorCode = "malformed" | "out_of_range";

/** Thrown when a function receives a date that is not a real `YYYY-MM-DD` date between 1000 and 9999. */
export class LocalDateError extends Error {
  override readonly name = "LocalDateError";
  constructor(
    readonly code: LocalDateErrorCode,
    readonly input: string,
  ) {
    super(
      code === "malformed"
        ? `Invalid date "${input}": expected YYYY-MM-DD`
        : `Invalid date "${input}": no such day in the calendar`,
    );
  }
}

/** Earliest and latest years the time rules accept (four-digit years). */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Year, month (1-12) and day (1-31) of a date. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Whether `year` is a leap year in the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (`month` 1-12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether `value` is a real date written `YYYY-MM-DD`. */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== "string") return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= MIN_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Splits a date into its parts; throws {@link LocalDateError} when it is not a real date. */
export function dateParts(date: LocalDate): DateParts {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new LocalDateError("malformed", String(date));
  if (!isLocalDate(date)) throw new LocalDateError("out_of_range", date);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Throws {@link LocalDateError} unless `date` is a real `YYYY-MM-DD` date; returns it otherwise. */
export function assertLocalDate(date: LocalDate): LocalDate {
  dateParts(date);
  return date;
}

/** Writes a date from its parts (no range check beyond the four-digit year). */
export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Days since 1970-01-01 (negative before it). */
export function toDayNumber(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The date `dayNumber` days after 1970-01-01. */
export function fromDayNumber(dayNumber: number): LocalDate {
  const d = new Date(dayNumber * DAY_MS);
  const year = d.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Date out of range: day ${dayNumber} is in year ${year}`);
  }
  return formatLocalDate(year, d.getUTCMonth() + 1, d.getUTCDate());
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Day of the week: 0 = Sunday ... 6 = Saturday. */
export function weekday(date: LocalDate): number {
  const n = toDayNumber(date);
  // 1970-01-01 was a Thursday (4).
  return (((n + 4) % 7) + 7) % 7;
}

/** Whether `date` is a Saturday or a Sunday. */
export function isWeekend(date: LocalDate): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

/** Orders two valid dates (their string order is their calendar order). */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The year of a date. */
export function yearOf(date: LocalDate): number {
  return dateParts(date).year;
}
