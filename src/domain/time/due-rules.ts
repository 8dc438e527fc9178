// When a period's reports are due. Defaults (docs/design.md, "Time"): 旬 and month, the last working day
// of the period at 17:00; quarter, the 5th working day after the quarter at 17:00. Groups may
// override the rule per cycle (seed `cycles[].dueRule`).

import { z } from "zod";

import type { WorkCalendar } from "./calendar.js";
import { compareLocalDates, daysInMonth, dateParts, formatLocalDate, type LocalDate } from "./local-date.js";
import { periodFirstDay, periodLastDay, type Cycle, type Period } from "./periods.js";
import { timeOfDaySchema } from "./time-of-day.js";
import { DEFAULT_TIMEZONE, zonedInstant } from "./zoned.js";

/** The time of day reports are due unless a rule says otherwise. */
export const DEFAULT_DUE_TIME = "17:00";

/**
 * zod schema of a due rule (a discriminated union on `kind`; `time` defaults to 17:00):
 * - `lastWorkingDay`: the last working day of the period;
 * - `nthWorkingDayAfter`: the `n`-th working day after the period's last day (`n` = 1 is the first);
 * - `fixedDayOfMonth`: day `day` of the month the period ends in (`monthOffset` 1: of the month
 *   after), clamped to the month's length (31 → 28 in February), moved to the `previous` or `next`
 *   working day when it is not one.
 */
export const dueRuleSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("lastWorkingDay"),
    time: timeOfDaySchema.default(DEFAULT_DUE_TIME),
  }),
  z.strictObject({
    kind: z.literal("nthWorkingDayAfter"),
    n: z.int().min(1).max(60),
    time: timeOfDaySchema.default(DEFAULT_DUE_TIME),
  }),
  z.strictObject({
    kind: z.literal("fixedDayOfMonth"),
    day: z.int().min(1).max(31),
    shift: z.enum(["previous", "next"]),
    time: timeOfDaySchema.default(DEFAULT_DUE_TIME),
    monthOffset: z.union([z.literal(0), z.literal(1)]).default(0),
  }),
]);

/** A validated due rule. */
export type DueRule = z.output<typeof dueRuleSchema>;
/** A due rule as written in settings (`time` and `monthOffset` optional). */
export type DueRuleInput = z.input<typeof dueRuleSchema>;

/** The default due rule of each cycle (docs/design.md, "Time"). */
export const defaultDueRules: Readonly<Record<Cycle, DueRule>> = {
  dekad: { kind: "lastWorkingDay", time: DEFAULT_DUE_TIME },
  month: { kind: "lastWorkingDay", time: DEFAULT_DUE_TIME },
  quarter: { kind: "nthWorkingDayAfter", n: 5, time: DEFAULT_DUE_TIME },
};

/**
 * The day reports for `period` are due under `rule`; always a working day of `calendar`.
 * `lastWorkingDay` on a period without any working day (possible only through overrides) falls to
 * the first working day after the period.
 */
export function dueDate(period: Period, rule: DueRule, calendar: WorkCalendar): LocalDate {
  const last = periodLastDay(period);
  switch (rule.kind) {
    case "lastWorkingDay": {
      if (calendar.isWorkingDay(last)) return last;
      const previous = calendar.previousWorkingDay(last);
      return compareLocalDates(previous, periodFirstDay(period)) >= 0 ? previous : calendar.nextWorkingDay(last);
    }
    case "nthWorkingDayAfter":
      return calendar.addWorkingDays(last, rule.n);
    case "fixedDayOfMonth": {
      const { year, month } = dateParts(last);
      const next = rule.monthOffset === 1;
      const y = next && month === 12 ? year + 1 : year;
      const m = next ? (month % 12) + 1 : month;
      const day = formatLocalDate(y, m, Math.min(rule.day, daysInMonth(y, m)));
      if (calendar.isWorkingDay(day)) return day;
      return rule.shift === "previous" ? calendar.previousWorkingDay(day) : calendar.nextWorkingDay(day);
    }
  }
}

/**
 * The instant reports for `period` are due: {@link dueDate} at the rule's time of day in
 * `timezone` (default Asia/Shanghai), as a UTC Date. 2023-Q3 under the default rule:
 * 2023-10-11 17:00 Shanghai = 2023-10-11T09:00:00Z.
 */
export function dueInstant(
  period: Period,
  rule: DueRule,
  calendar: WorkCalendar,
  timezone: string = DEFAULT_TIMEZONE,
): Date {
  return zonedInstant(dueDate(period, rule, calendar), rule.time, timezone);
}
