// Properties of the time rules over many periods, rules, ladders and instants (fast-check).

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  addDays,
  daysBetween,
  defaultDueRules,
  dueDate,
  dueInstant,
  formatLocalDate,
  formatPeriodId,
  formatTimeOfDay,
  isInQuietHours,
  label,
  localDateOf,
  localDateTimeOf,
  nextPeriod,
  pace,
  parsePeriodId,
  periodContaining,
  periodFirstDay,
  periodLastDay,
  periodStartEnd,
  periodsBetween,
  planLadder,
  previousPeriod,
  quietHoursSchema,
  trafficLight,
  zonedInstant,
  CYCLES,
  DEFAULT_QUIET_HOURS,
  type DueRule,
  type LadderStep,
  type Period,
  type QuietHours,
} from "../../../src/domain/time/index.js";
import { calendar } from "./support.js";

const RUNS = { numRuns: 300 };

const year = fc.integer({ min: 2004, max: 2030 });
const cycle = fc.constantFrom(...CYCLES);
const period: fc.Arbitrary<Period> = fc.oneof(
  fc.record({
    cycle: fc.constant("dekad" as const),
    year,
    month: fc.integer({ min: 1, max: 12 }),
    dekad: fc.constantFrom(1 as const, 2 as const, 3 as const),
  }),
  fc.record({ cycle: fc.constant("month" as const), year, month: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    cycle: fc.constant("quarter" as const),
    year,
    quarter: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
  }),
);
const localDate = fc
  .integer({ min: 0, max: daysBetween("2004-01-01", "2030-12-31") })
  .map((n) => addDays("2004-01-01", n));
const timeOfDay = fc.integer({ min: 0, max: 1439 }).map(formatTimeOfDay);
const dueRule: fc.Arbitrary<DueRule> = fc.oneof(
  fc.record({ kind: fc.constant("lastWorkingDay" as const), time: timeOfDay }),
  fc.record({ kind: fc.constant("nthWorkingDayAfter" as const), n: fc.integer({ min: 1, max: 20 }), time: timeOfDay }),
  fc.record({
    kind: fc.constant("fixedDayOfMonth" as const),
    day: fc.integer({ min: 1, max: 31 }),
    shift: fc.constantFrom("previous" as const, "next" as const),
    time: timeOfDay,
    monthOffset: fc.constantFrom(0 as const, 1 as const),
  }),
);
const ladderStep: fc.Arbitrary<Omit<LadderStep, "key">> = fc.record({
  kind: fc.constantFrom("reminder" as const, "chase" as const, "escalation" as const),
  offset: fc.oneof(
    fc.record({ workingDays: fc.integer({ min: -5, max: 5 }), at: timeOfDay }),
    fc.record({ hours: fc.integer({ min: -96, max: 96 }) }),
  ),
});
const ladder = fc.array(ladderStep, { maxLength: 8 }).map((steps) => steps.map((s, i) => ({ ...s, key: `s${i}` })));
const quietHours: fc.Arbitrary<QuietHours> = fc
  .record({ start: timeOfDay, end: timeOfDay, moveTo: timeOfDay })
  .filter((q) => quietHoursSchema.safeParse(q).success);
/** Zones without daylight saving: every wall-clock time exists exactly once. */
const timezone = fc.constantFrom("Asia/Shanghai", "UTC", "Asia/Tokyo", "Asia/Kolkata");
/** Any zone, daylight saving included (rules must still hold for a group abroad). */
const anyTimezone = fc.constantFrom("Asia/Shanghai", "UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney");

describe("periods", () => {
  it("tile each year with no gap and no overlap: 36 旬, 12 months, 4 quarters", () => {
    const expected = { dekad: 36, month: 12, quarter: 4 };
    fc.assert(
      fc.property(year, cycle, (y, c) => {
        const periods = periodsBetween(c, formatLocalDate(y, 1, 1), formatLocalDate(y, 12, 31));
        expect(periods).toHaveLength(expected[c]);
        expect(periodFirstDay(periods[0]!)).toBe(formatLocalDate(y, 1, 1));
        expect(periodLastDay(periods.at(-1)!)).toBe(formatLocalDate(y, 12, 31));
        let days = 0;
        periods.forEach((p, i) => {
          days += daysBetween(periodFirstDay(p), periodLastDay(p)) + 1;
          const next = periods[i + 1];
          if (next) {
            expect(addDays(periodLastDay(p), 1)).toBe(periodFirstDay(next));
            expect(nextPeriod(p)).toEqual(next);
            expect(previousPeriod(next)).toEqual(p);
          }
        });
        expect(days).toBe(daysBetween(formatLocalDate(y, 1, 1), formatLocalDate(y + 1, 1, 1)));
      }),
    );
  });

  it("every day is in exactly the period that contains it", () => {
    fc.assert(
      fc.property(cycle, localDate, (c, d) => {
        const p = periodContaining(c, d);
        expect(periodFirstDay(p) <= d && d <= periodLastDay(p)).toBe(true);
        expect(periodLastDay(previousPeriod(p)) < d).toBe(true);
        expect(periodFirstDay(nextPeriod(p)) > d).toBe(true);
      }),
      RUNS,
    );
  });

  it("parse(format(p)) and parse(label(p)) give p back", () => {
    fc.assert(
      fc.property(period, (p) => {
        expect(parsePeriodId(formatPeriodId(p))).toEqual(p);
        expect(parsePeriodId(label(p, "zh-CN"))).toEqual(p);
      }),
      RUNS,
    );
  });

  it("bounds: start is local midnight of the first day, end the next period's start", () => {
    fc.assert(
      fc.property(period, timezone, (p, tz) => {
        const { start, end } = periodStartEnd(p, tz);
        expect(localDateTimeOf(start, tz)).toMatchObject({ date: periodFirstDay(p), time: "00:00" });
        expect(end).toEqual(periodStartEnd(nextPeriod(p), tz).start);
        expect(localDateOf(new Date(end.getTime() - 1), tz)).toBe(periodLastDay(p));
      }),
      RUNS,
    );
  });
});

describe("due instants", () => {
  it("every period has one due instant, on a working day, at the rule's time", () => {
    fc.assert(
      fc.property(period, dueRule, timezone, (p, rule, tz) => {
        const day = dueDate(p, rule, calendar);
        expect(calendar.isWorkingDay(day)).toBe(true);
        const at = dueInstant(p, rule, calendar, tz);
        expect(dueInstant(p, rule, calendar, tz)).toEqual(at);
        expect(localDateTimeOf(at, tz)).toMatchObject({ date: day, time: rule.time });
      }),
      RUNS,
    );
  });

  it("default rules: 旬 and month due inside the period, quarter after it", () => {
    fc.assert(
      fc.property(period, (p) => {
        const day = dueDate(p, defaultDueRules[p.cycle], calendar);
        if (p.cycle === "quarter") expect(day > periodLastDay(p)).toBe(true);
        else expect(day >= periodFirstDay(p) && day <= periodLastDay(p)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("reminder ladder", () => {
  it("no step in quiet hours; ordered; never before the period; off non-working days except the due day", () => {
    fc.assert(
      fc.property(period, dueRule, ladder, quietHours, anyTimezone, (p, rule, steps, quiet, tz) => {
        const dueAt = dueInstant(p, rule, calendar, tz);
        const planned = planLadder({ period: p, dueAt, ladder: steps, quietHours: quiet, calendar, timezone: tz });
        const start = periodStartEnd(p, tz).start.getTime();
        const dueDay = localDateOf(dueAt, tz);
        planned.forEach((step, i) => {
          expect(isInQuietHours(quiet, step.at, tz)).toBe(false);
          expect(step.at.getTime()).toBeGreaterThanOrEqual(start);
          expect(step.at.getTime()).toBeGreaterThanOrEqual(step.nominalAt.getTime());
          const day = localDateOf(step.at, tz);
          expect(day === dueDay || calendar.isWorkingDay(day)).toBe(true);
          if (step.kind === "reminder") expect(step.at.getTime()).toBeLessThanOrEqual(dueAt.getTime());
          const prior = planned[i - 1];
          if (prior) expect(prior.at.getTime()).toBeLessThanOrEqual(step.at.getTime());
          expect(planned.filter((s) => s.kind === step.kind && s.at.getTime() === step.at.getTime())).toHaveLength(1);
        });
      }),
      RUNS,
    );
  });

  it("the default ladder keeps its five steps in order whenever none is dropped", () => {
    fc.assert(
      fc.property(period, (p) => {
        const dueAt = dueInstant(p, defaultDueRules[p.cycle], calendar);
        const planned = planLadder({ period: p, dueAt, calendar, quietHours: DEFAULT_QUIET_HOURS });
        const keys = planned.map((s) => s.key);
        const order = ["early", "due-day", "before", "chase", "escalation"];
        expect(keys).toEqual(order.filter((k) => keys.includes(k)));
        expect(keys.slice(-4)).toEqual(["due-day", "before", "chase", "escalation"]);
      }),
      RUNS,
    );
  });
});

describe("pace and traffic light", () => {
  const instant = fc.integer({ min: Date.UTC(2003, 0, 1), max: Date.UTC(2031, 0, 1) }).map((ms) => new Date(ms));

  it("pace never decreases as time passes and stays within 0..1", () => {
    fc.assert(
      fc.property(instant, instant, localDate, timezone, (a, b, endDate, tz) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const options = { endDate, timezone: tz };
        const pe = pace(early, options);
        const pl = pace(late, options);
        expect(pe).toBeLessThanOrEqual(pl);
        expect(pe).toBeGreaterThanOrEqual(0);
        expect(pl).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it("more progress never gives a worse light", () => {
    const rank = { red: 0, yellow: 1, green: 2, done: 3 } as const;
    const num = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({
          baseline: fc.option(num, { nil: undefined }),
          target: num,
          direction: fc.constantFrom("increase" as const, "decrease" as const),
          pace: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        num,
        num,
        (input, x, y) => {
          const [worse, better] =
            input.direction === "increase" ? [Math.min(x, y), Math.max(x, y)] : [Math.max(x, y), Math.min(x, y)];
          expect(rank[trafficLight({ ...input, progress: worse })]).toBeLessThanOrEqual(
            rank[trafficLight({ ...input, progress: better })],
          );
        },
      ),
      RUNS,
    );
  });
});

describe("working days", () => {
  it("addWorkingDays lands on working days and undoes itself", () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: -30, max: 30 }), (d, n) => {
        const start = calendar.isWorkingDay(d) ? d : calendar.nextWorkingDay(d);
        const moved = calendar.addWorkingDays(start, n);
        expect(calendar.isWorkingDay(moved)).toBe(true);
        expect(calendar.addWorkingDays(moved, -n)).toBe(start);
      }),
      RUNS,
    );
  });

  it("zonedInstant and localDateTimeOf are inverse in zones without daylight saving", () => {
    fc.assert(
      fc.property(localDate, timeOfDay, timezone, (d, t, tz) => {
        expect(localDateTimeOf(zonedInstant(d, t, tz), tz)).toMatchObject({ date: d, time: t });
      }),
      RUNS,
    );
  });
});
