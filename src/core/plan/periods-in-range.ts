// The reporting periods of a group over a range of days, with their due instants: what
// `zhuanban periods` lists. Pure.

import type { WorkCalendar } from "../../domain/time/calendar.js";
import type { LocalDate } from "../../domain/time/local-date.js";
import {
  CYCLES,
  formatPeriodId,
  label,
  periodsBetween,
  periodStartEnd,
  type Cycle,
  type Period,
  type PeriodLocale,
} from "../../domain/time/periods.js";
import type { CycleSettingRow } from "../reports/ports.js";
import { cycleRules, periodDeadline } from "../schedule.js";

/** One period of a group with its bounds and due instant. */
export interface PeriodListing {
  cycle: Cycle;
  period: Period;
  /** `2023-01-X2`, `2023-M01`, `2023-Q1`. */
  id: string;
  /** `2023年1月中旬` (or the English name). */
  label: string;
  /** Local 00:00 of the first day. */
  start: Date;
  /** Local 00:00 of the day after the last day (exclusive). */
  end: Date;
  /** Under the group's due rule for the cycle. */
  dueAt: Date;
}

/** Input of {@link periodsInRange}. */
export interface PeriodsInRangeInput {
  timezone: string;
  settings: readonly CycleSettingRow[];
  calendar: WorkCalendar;
  /** First day of the range (inclusive). */
  fromDate: LocalDate;
  /** Last day of the range (inclusive). */
  toDate: LocalDate;
  locale?: PeriodLocale;
}

/**
 * Every period of the group's enabled cycles that overlaps the days `fromDate` to `toDate`
 * (inclusive): all 旬 first, then months, then quarters, each in order of time. Empty when
 * `toDate` is before `fromDate` or no cycle is enabled.
 */
export function periodsInRange(input: PeriodsInRangeInput): PeriodListing[] {
  const locale = input.locale ?? "zh-CN";
  return CYCLES.flatMap((cycle) => {
    const setting = input.settings.find((s) => s.cycle === cycle && s.enabled);
    if (!setting) return [];
    const rules = cycleRules(setting);
    return periodsBetween(cycle, input.fromDate, input.toDate).map((period): PeriodListing => {
      const { start, end } = periodStartEnd(period, input.timezone);
      return {
        cycle,
        period,
        id: formatPeriodId(period),
        label: label(period, locale),
        start,
        end,
        dueAt: periodDeadline(period, rules, input.calendar, input.timezone),
      };
    });
  });
}
