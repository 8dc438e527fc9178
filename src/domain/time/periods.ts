// Reporting periods: 旬 (dekad: days 1-10, 11-20, 21-end of month), month and quarter.
// Ids: `2023-01-X2` (2023年1月中旬), `2023-M01` (2023年1月), `2023-Q1` (2023年第一季度).

import {
  addDays,
  assertLocalDate,
  compareLocalDates,
  dateParts,
  daysInMonth,
  formatLocalDate,
  MAX_YEAR,
  MIN_YEAR,
  type LocalDate,
} from "./local-date.js";
import { startOfLocalDay } from "./zoned.js";

/** The reporting rhythms: 旬, 月, 季. */
export const CYCLES = ["dekad", "month", "quarter"] as const;
/** A reporting rhythm. */
export type Cycle = (typeof CYCLES)[number];

/** One 旬: 1 = 上旬 (days 1-10), 2 = 中旬 (11-20), 3 = 下旬 (21 to the end of the month). */
export interface DekadPeriod {
  cycle: "dekad";
  year: number;
  /** 1-12 */
  month: number;
  dekad: 1 | 2 | 3;
}
/** One calendar month. */
export interface MonthPeriod {
  cycle: "month";
  year: number;
  /** 1-12 */
  month: number;
}
/** One calendar quarter. */
export interface QuarterPeriod {
  cycle: "quarter";
  year: number;
  quarter: 1 | 2 | 3 | 4;
}
/** One instance of a cycle. */
export type Period = DekadPeriod | MonthPeriod | QuarterPeriod;

/** Why a period id could not be read. */
export type PeriodIdErrorCode =
  "empty" | "unrecognized" | "invalid_year" | "invalid_month" | "invalid_dekad" | "invalid_quarter";

const PERIOD_ID_HINT = "expected 2023-01-X2, 2023-M01, 2023-Q1 or 2023年1月中旬, 2023年1月, 2023年第一季度";

const ERROR_TEXT: Record<PeriodIdErrorCode, string> = {
  empty: "the id is empty",
  unrecognized: PERIOD_ID_HINT,
  invalid_year: `the year must have four digits (${MIN_YEAR}-${MAX_YEAR})`,
  invalid_month: "the month must be 01-12",
  invalid_dekad: "the dekad must be X1, X2 or X3 (上旬, 中旬, 下旬)",
  invalid_quarter: "the quarter must be Q1-Q4",
};

/** Thrown by {@link parsePeriodId}; `code` says what was wrong, `input` is the text as received. */
export class PeriodIdError extends Error {
  override readonly name = "PeriodIdError";
  constructor(
    readonly code: PeriodIdErrorCode,
    readonly input: string,
  ) {
    super(`Invalid period id "${input}": ${ERROR_TEXT[code]}`);
  }
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** Whether `value` is one of {@link CYCLES}. */
export function isCycle(value: unknown): value is Cycle {
  return typeof value === "string" && (CYCLES as readonly string[]).includes(value);
}

function checkPeriod(period: Period): Period {
  const ok =
    Number.isInteger(period.year) &&
    period.year >= MIN_YEAR &&
    period.year <= MAX_YEAR &&
    (period.cycle === "quarter"
      ? [1, 2, 3, 4].includes(period.quarter)
      : Number.isInteger(period.month) &&
        period.month >= 1 &&
        period.month <= 12 &&
        (period.cycle === "month" || [1, 2, 3].includes(period.dekad)));
  if (!ok) throw new RangeError(`Invalid period ${JSON.stringify(period)}`);
  return period;
}

/** The canonical id of a period: `2023-01-X2`, `2023-M01` or `2023-Q1`. */
export function formatPeriodId(period: Period): string {
  checkPeriod(period);
  switch (period.cycle) {
    case "dekad":
      return `${period.year}-${pad2(period.month)}-X${period.dekad}`;
    case "month":
      return `${period.year}-M${pad2(period.month)}`;
    case "quarter":
      return `${period.year}-Q${period.quarter}`;
  }
}

const DEKAD_NAMES = { 上: 1, 中: 2, 下: 3 } as const;
const CN_NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

// Canonical and lenient ASCII forms: 2023-01-X2, 2023-1-x2, 2023-M01, 2023-m1, 2023-Q1, 2023Q1.
const ID_DEKAD = /^(\d+)-(\d{1,2})-?X(\d+)$/i;
const ID_MONTH = /^(\d+)-M(\d{1,2})$/i;
const ID_QUARTER = /^(\d+)-?Q(\d+)$/i;
// Chinese forms: 2023年1月中旬, 2023年01月, 2023年第一季度, 2023年一季度, 2023年第1季度, 2023年Q1.
const CN_DEKAD = /^(\d+)年(\d{1,2})月([上中下])旬$/;
const CN_MONTH = /^(\d+)年(\d{1,2})月(?:份)?$/;
const CN_QUARTER = /^(\d+)年(?:第?([一二三四五六七八九十\d])季度?|Q(\d))$/i;

function readYear(text: string | undefined, input: string): number {
  const year = Number(text);
  if (!text || text.length !== 4 || year < MIN_YEAR) throw new PeriodIdError("invalid_year", input);
  return year;
}

function readMonth(text: string | undefined, input: string): number {
  const month = Number(text);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new PeriodIdError("invalid_month", input);
  return month;
}

function readQuarter(text: string | undefined, input: string): 1 | 2 | 3 | 4 {
  const q = text === undefined ? NaN : (CN_NUMERALS[text] ?? Number(text));
  if (q !== 1 && q !== 2 && q !== 3 && q !== 4) throw new PeriodIdError("invalid_quarter", input);
  return q;
}

/**
 * Reads a period id. Accepts the canonical ids (`2023-01-X2`, `2023-M01`, `2023-Q1`), the same in
 * lower case or without zero padding, full-width characters and spaces, and the Chinese names
 * (`2023年1月中旬`, `2023年1月`, `2023年第一季度` / `2023年一季度`). Throws {@link PeriodIdError}.
 */
export function parsePeriodId(input: string): Period {
  const raw = String(input);
  const text = raw.normalize("NFKC").replace(/\s+/g, "");
  if (text === "") throw new PeriodIdError("empty", raw);

  let m: RegExpExecArray | null;
  if ((m = ID_DEKAD.exec(text))) {
    const dekad = Number(m[3]);
    const year = readYear(m[1], raw);
    const month = readMonth(m[2], raw);
    if (dekad !== 1 && dekad !== 2 && dekad !== 3) throw new PeriodIdError("invalid_dekad", raw);
    return { cycle: "dekad", year, month, dekad };
  }
  if ((m = CN_DEKAD.exec(text))) {
    const year = readYear(m[1], raw);
    const month = readMonth(m[2], raw);
    return { cycle: "dekad", year, month, dekad: DEKAD_NAMES[m[3] as keyof typeof DEKAD_NAMES] };
  }
  if ((m = ID_MONTH.exec(text) ?? CN_MONTH.exec(text))) {
    return { cycle: "month", year: readYear(m[1], raw), month: readMonth(m[2], raw) };
  }
  if ((m = ID_QUARTER.exec(text))) {
    return { cycle: "quarter", year: readYear(m[1], raw), quarter: readQuarter(m[2], raw) };
  }
  if ((m = CN_QUARTER.exec(text))) {
    return { cycle: "quarter", year: readYear(m[1], raw), quarter: readQuarter(m[2] ?? m[3], raw) };
  }
  throw new PeriodIdError("unrecognized", raw);
}

/** {@link parsePeriodId} without exceptions. */
export function safeParsePeriodId(input: string): { ok: true; period: Period } | { ok: false; error: PeriodIdError } {
  try {
    return { ok: true, period: parsePeriodId(input) };
  } catch (error) {
    if (error instanceof PeriodIdError) return { ok: false, error };
    throw error;
  }
}

/** The first day of a period. */
export function periodFirstDay(period: Period): LocalDate {
  checkPeriod(period);
  switch (period.cycle) {
    case "dekad":
      return formatLocalDate(period.year, period.month, (period.dekad - 1) * 10 + 1);
    case "month":
      return formatLocalDate(period.year, period.month, 1);
    case "quarter":
      return formatLocalDate(period.year, (period.quarter - 1) * 3 + 1, 1);
  }
}

/** The last day of a period (inclusive): the 10th, the 20th or the month's last day for a 旬. */
export function periodLastDay(period: Period): LocalDate {
  checkPeriod(period);
  switch (period.cycle) {
    case "dekad":
      return formatLocalDate(
        period.year,
        period.month,
        period.dekad === 3 ? daysInMonth(period.year, period.month) : period.dekad * 10,
      );
    case "month":
      return formatLocalDate(period.year, period.month, daysInMonth(period.year, period.month));
    case "quarter": {
      const month = period.quarter * 3;
      return formatLocalDate(period.year, month, daysInMonth(period.year, month));
    }
  }
}

/** The period of `cycle` that contains `date`. */
export function periodContaining(cycle: Cycle, date: LocalDate): Period {
  const { year, month, day } = dateParts(date);
  switch (cycle) {
    case "dekad":
      return { cycle, year, month, dekad: day <= 10 ? 1 : day <= 20 ? 2 : 3 };
    case "month":
      return { cycle, year, month };
    case "quarter":
      return { cycle, year, quarter: Math.ceil(month / 3) as 1 | 2 | 3 | 4 };
    default:
      throw new RangeError(`Unknown cycle "${String(cycle)}"`);
  }
}

/** The period right after `period` (same cycle). */
export function nextPeriod(period: Period): Period {
  return periodContaining(period.cycle, addDays(periodLastDay(period), 1));
}

/** The period right before `period` (same cycle). */
export function previousPeriod(period: Period): Period {
  return periodContaining(period.cycle, addDays(periodFirstDay(period), -1));
}

/**
 * Every period of `cycle` that overlaps the days `fromDate` to `toDate` (inclusive), in order;
 * empty when `toDate` is before `fromDate`.
 */
export function periodsBetween(cycle: Cycle, fromDate: LocalDate, toDate: LocalDate): Period[] {
  assertLocalDate(toDate);
  const periods: Period[] = [];
  if (compareLocalDates(assertLocalDate(fromDate), toDate) > 0) return periods;
  for (
    let p = periodContaining(cycle, fromDate);
    compareLocalDates(periodFirstDay(p), toDate) <= 0;
    p = nextPeriod(p)
  ) {
    periods.push(p);
  }
  return periods;
}

/** Whether two periods are the same. */
export function samePeriod(a: Period, b: Period): boolean {
  return formatPeriodId(a) === formatPeriodId(b);
}

/** Orders periods by start day, then by length (a 旬 before the month that starts with it). */
export function comparePeriods(a: Period, b: Period): number {
  return (
    compareLocalDates(periodFirstDay(a), periodFirstDay(b)) || compareLocalDates(periodLastDay(a), periodLastDay(b))
  );
}

/**
 * A period's bounds in a timezone as UTC instants: `start` is local 00:00 of its first day, `end` is
 * local 00:00 of the next period's first day (exclusive). In Shanghai 2023-01-X2 starts
 * 2023-01-10T16:00:00Z.
 */
export function periodStartEnd(period: Period, timezone: string): { start: Date; end: Date } {
  return {
    start: startOfLocalDay(periodFirstDay(period), timezone),
    end: startOfLocalDay(addDays(periodLastDay(period), 1), timezone),
  };
}

/** Locales of {@link label}. */
export type PeriodLocale = "zh-CN" | "en";

const ZH_DEKADS = ["上旬", "中旬", "下旬"] as const;
const ZH_QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度"] as const;
const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const EN_DEKADS = ["1st", "2nd", "3rd"] as const;

/**
 * A period's name for people: zh-CN `2023年1月中旬`, `2023年1月`, `2023年第一季度`; en
 * `Jan 2023, 2nd dekad`, `Jan 2023`, `Q1 2023`.
 */
export function label(period: Period, locale: PeriodLocale = "zh-CN"): string {
  checkPeriod(period);
  if (locale === "en") {
    switch (period.cycle) {
      case "dekad":
        return `${EN_MONTHS[period.month - 1]} ${period.year}, ${EN_DEKADS[period.dekad - 1]} dekad`;
      case "month":
        return `${EN_MONTHS[period.month - 1]} ${period.year}`;
      case "quarter":
        return `Q${period.quarter} ${period.year}`;
    }
  }
  switch (period.cycle) {
    case "dekad":
      return `${period.year}年${period.month}月${ZH_DEKADS[period.dekad - 1]}`;
    case "month":
      return `${period.year}年${period.month}月`;
    case "quarter":
      return `${period.year}年${ZH_QUARTERS[period.quarter - 1]}`;
  }
}
