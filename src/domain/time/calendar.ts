// The working-day calendar of mainland China: statutory holidays are off, 调休 make-up days (often a
// Saturday or Sunday) are working days, other days follow Monday-Friday. Data: chinese-days, then
// the override file on top. A year neither knows falls back to Monday-Friday and is reported by
// `missingYears` / `calendarWarnings` so the bot can say so at start-up.

import { chineseDaysTables, type DayTable, type HolidayTables } from "./chinese-days-data.js";
import type { CalendarOverrides } from "./calendar-overrides.js";
import { addDays, assertLocalDate, isWeekend, type LocalDate } from "./local-date.js";

/** Why a day is or is not a working day. */
export type DayKind = "holiday" | "makeUpWorkday" | "weekday" | "weekend";

/** Where the answer for a day came from. */
export type DaySource = "override" | "chinese-days" | "weekdays";

/** One day of the calendar, explained. */
export interface CalendarDay {
  date: LocalDate;
  working: boolean;
  kind: DayKind;
  /** The holiday the day belongs to (for `holiday` and `makeUpWorkday`), as the data names it. */
  name?: string;
  /** `weekdays` means the year has no holiday data and Monday-Friday was assumed. */
  source: DaySource;
}

/** A working-day calendar. Every date is `YYYY-MM-DD`; invalid dates throw {@link LocalDateError}. */
export interface WorkCalendar {
  /** Whether `date` is a working day. */
  isWorkingDay(date: LocalDate): boolean;
  /** `date` with the reason it is or is not a working day. */
  day(date: LocalDate): CalendarDay;
  /** Whether chinese-days or the override file has the holiday arrangement of `year`. */
  hasDataFor(year: number): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /** The last working day strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate;
  /**
   * The `n`-th working day after `date` (`n` > 0) or before it (`n` < 0), not counting `date`
   * itself; `n` = 0 returns `date` unchanged, working day or not.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /** The years from `fromYear` to `toYear` (inclusive, ascending) with no holiday data. */
  missingYears(fromYear: number, toYear: number): number[];
}

/** Options of {@link createWorkCalendar}. */
export interface WorkCalendarOptions {
  /** The validated override file; its entries win over chinese-days. */
  overrides?: CalendarOverrides;
  /** The base tables; chinese-days' by default (tests may pass others). */
  base?: HolidayTables;
}

/** A search for a working day gives up after this many days (only reachable with absurd overrides). */
const MAX_SEARCH_DAYS = 3660;

function yearsOf(...tables: DayTable[]): Set<number> {
  const years = new Set<number>();
  for (const table of tables) for (const date of Object.keys(table)) years.add(Number(date.slice(0, 4)));
  return years;
}

function lookup(table: DayTable, date: LocalDate): string | undefined {
  return Object.hasOwn(table, date) ? table[date] : undefined;
}

/**
 * Builds a working-day calendar from chinese-days and the optional overrides. A date listed in the
 * overrides is decided by them alone; otherwise chinese-days decides; otherwise Monday-Friday.
 * A year "has data" when either source lists at least one date in it, so an override file that adds
 * a year should list that year's whole arrangement.
 */
export function createWorkCalendar(options: WorkCalendarOptions = {}): WorkCalendar {
  const base = options.base ?? chineseDaysTables;
  const overrides = { holidays: options.overrides?.holidays ?? {}, workdays: options.overrides?.workdays ?? {} };
  const knownYears = yearsOf(base.holidays, base.workdays, overrides.holidays, overrides.workdays);

  const hasDataFor = (year: number): boolean => knownYears.has(year);

  const day = (date: LocalDate): CalendarDay => {
    assertLocalDate(date);
    const sources: [DaySource, DayTable, DayTable][] = [
      ["override", overrides.holidays, overrides.workdays],
      ["chinese-days", base.holidays, base.workdays],
    ];
    for (const [source, holidays, workdays] of sources) {
      const workName = lookup(workdays, date);
      if (workName !== undefined) return { date, working: true, kind: "makeUpWorkday", name: workName, source };
      const holidayName = lookup(holidays, date);
      if (holidayName !== undefined) return { date, working: false, kind: "holiday", name: holidayName, source };
    }
    const weekend = isWeekend(date);
    const source: DaySource = hasDataFor(Number(date.slice(0, 4))) ? "chinese-days" : "weekdays";
    return { date, working: !weekend, kind: weekend ? "weekend" : "weekday", source };
  };

  const isWorkingDay = (date: LocalDate): boolean => day(date).working;

  const step = (date: LocalDate, direction: 1 | -1): LocalDate => {
    let d = assertLocalDate(date);
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      d = addDays(d, direction);
      if (isWorkingDay(d)) return d;
    }
    throw new RangeError(`No working day within ${MAX_SEARCH_DAYS} days ${direction > 0 ? "after" : "before"} ${date}`);
  };

  const addWorkingDays = (date: LocalDate, n: number): LocalDate => {
    if (!Number.isSafeInteger(n)) throw new RangeError(`addWorkingDays: n must be an integer, got ${n}`);
    let d = assertLocalDate(date);
    for (let i = 0; i < Math.abs(n); i++) d = step(d, n > 0 ? 1 : -1);
    return d;
  };

  const missingYears = (fromYear: number, toYear: number): number[] => {
    const years: number[] = [];
    for (let y = fromYear; y <= toYear; y++) if (!hasDataFor(y)) years.push(y);
    return years;
  };

  return {
    isWorkingDay,
    day,
    hasDataFor,
    nextWorkingDay: (date) => step(date, 1),
    previousWorkingDay: (date) => step(date, -1),
    addWorkingDays,
    missingYears,
  };
}

/**
 * A start-up warning: `year` has no holiday data and is computed as Monday-Friday. The text lives in
 * the message catalogue (zh-CN: "2027 年节假日安排尚未发布，按周一至周五计算").
 */
export interface CalendarWarning {
  code: "calendar.no_holiday_data";
  year: number;
}

/** One {@link CalendarWarning} per year in `years` (deduplicated, ascending) that has no holiday data. */
export function calendarWarnings(calendar: WorkCalendar, years: Iterable<number>): CalendarWarning[] {
  return [...new Set(years)]
    .filter((year) => !calendar.hasDataFor(year))
    .sort((a, b) => a - b)
    .map((year) => ({ code: "calendar.no_holiday_data", year }));
}
