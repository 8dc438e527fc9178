// Due instants on real dates (State Council notices 2023-2026; 2027 has no data yet).

import { describe, expect, it } from "vitest";

import {
  createWorkCalendar,
  defaultDueRules,
  dueDate,
  dueInstant,
  dueRuleSchema,
  parsePeriodId,
  type DueRuleInput,
} from "../../../src/domain/time/index.js";
import { calendar, shanghai, SHANGHAI } from "./support.js";

const due = (id: string, rule?: DueRuleInput) => {
  const period = parsePeriodId(id);
  return shanghai(dueInstant(period, rule ? dueRuleSchema.parse(rule) : defaultDueRules[period.cycle], calendar));
};

describe("default due rules", () => {
  it.each([
    // 旬: last working day at 17:00
    ["2023-01-X2", "2023-01-20 17:00", "Friday; the Spring Festival starts on the 21st"],
    ["2023-01-X3", "2023-01-31 17:00", "21-27 off, then Sat 28 and Sun 29 worked, Mon 30 and Tue 31 working"],
    ["2023-04-X3", "2023-04-28 17:00", "29-30 are Labour Day holidays"],
    ["2023-05-X1", "2023-05-10 17:00", "make-up Saturday 6 May inside the 旬"],
    ["2023-06-X3", "2023-06-30 17:00", "Dragon Boat 22-24, Sunday 25 worked"],
    ["2023-09-X3", "2023-09-28 17:00", "29-30 are the Mid-Autumn/National Day holiday"],
    ["2023-10-X1", "2023-10-10 17:00", "1-6 off, 7-8 make-up weekend"],
    ["2023-12-X3", "2023-12-29 17:00", "30-31 are a weekend"],
    ["2024-02-X1", "2024-02-09 17:00", "除夕 is not an official day off"],
    ["2024-02-X2", "2024-02-20 17:00", "11-17 off, Sunday 18 worked"],
    ["2024-02-X3", "2024-02-29 17:00", "leap year: X3 is 21-29"],
    ["2024-10-X2", "2024-10-18 17:00", "make-up Saturday 12 October inside the 旬"],
    ["2026-02-X2", "2026-02-14 17:00", "a make-up Saturday is the last working day: 15-20 are the Spring Festival"],
    ["2026-02-X3", "2026-02-28 17:00", "make-up Saturday 28 February"],
    // month: last working day at 17:00
    ["2023-M01", "2023-01-31 17:00", "31-day month"],
    ["2023-M04", "2023-04-28 17:00", "month ending on a holiday"],
    ["2023-M09", "2023-09-28 17:00", "month ending on a holiday"],
    ["2024-M02", "2024-02-29 17:00", "leap February"],
    ["2024-M09", "2024-09-30 17:00", "Monday before National Day"],
    ["2026-M02", "2026-02-28 17:00", "a make-up Saturday"],
    // quarter: 5th working day after at 17:00
    ["2023-Q1", "2023-04-10 17:00", "3, 4, (5 Qingming off), 6, 7, 10 April"],
    ["2023-Q2", "2023-07-07 17:00", "3-7 July"],
    ["2023-Q3", "2023-10-11 17:00", "Sat 7, Sun 8, 9, 10, 11 October"],
    ["2023-Q4", "2024-01-08 17:00", "1 January off: 2, 3, 4, 5, 8"],
    ["2024-Q1", "2024-04-08 17:00", "1, 2, 3, (4-6 off), Sun 7, 8 April"],
    ["2024-Q3", "2024-10-12 17:00", "8, 9, 10, 11 and make-up Saturday 12 October"],
  ])("%s is due %s (%s)", (id, expected) => {
    expect(due(id)).toBe(expected);
  });

  it("2023-Q3 is due at 09:00 UTC", () => {
    expect(dueInstant(parsePeriodId("2023-Q3"), defaultDueRules.quarter, calendar).toISOString()).toBe(
      "2023-10-11T09:00:00.000Z",
    );
  });

  it("years without data count Monday-Friday (2027: 1 January assumed a working Friday)", () => {
    expect(calendar.hasDataFor(2027)).toBe(false);
    expect(due("2026-Q4")).toBe("2027-01-07 17:00");
    expect(due("2027-M01")).toBe("2027-01-29 17:00");
    expect(due("2027-01-X1")).toBe("2027-01-08 17:00");
  });

  it("the rule's time is read in the group's timezone", () => {
    const q3 = parsePeriodId("2023-Q3");
    expect(dueInstant(q3, defaultDueRules.quarter, calendar, "UTC").toISOString()).toBe("2023-10-11T17:00:00.000Z");
    expect(dueInstant(q3, defaultDueRules.quarter, calendar, SHANGHAI)).toEqual(
      dueInstant(q3, defaultDueRules.quarter, calendar),
    );
  });
});

describe("configured due rules", () => {
  it.each([
    ["2023-M09", { kind: "nthWorkingDayAfter", n: 1, time: "09:30" }, "2023-10-07 09:30"],
    ["2023-M09", { kind: "lastWorkingDay", time: "12:00" }, "2023-09-28 12:00"],
    ["2023-M09", { kind: "fixedDayOfMonth", day: 30, shift: "previous" }, "2023-09-28 17:00"],
    ["2023-M09", { kind: "fixedDayOfMonth", day: 1, shift: "next", monthOffset: 1 }, "2023-10-07 17:00"],
    ["2023-M09", { kind: "fixedDayOfMonth", day: 1, shift: "previous", monthOffset: 1 }, "2023-09-28 17:00"],
    ["2023-M02", { kind: "fixedDayOfMonth", day: 31, shift: "previous" }, "2023-02-28 17:00"],
    ["2024-M02", { kind: "fixedDayOfMonth", day: 31, shift: "next" }, "2024-02-29 17:00"],
    ["2023-M12", { kind: "fixedDayOfMonth", day: 1, shift: "next", monthOffset: 1 }, "2024-01-02 17:00"],
    ["2023-M12", { kind: "fixedDayOfMonth", day: 5, shift: "next", monthOffset: 1 }, "2024-01-05 17:00"],
    ["2023-01-X2", { kind: "fixedDayOfMonth", day: 25, shift: "next" }, "2023-01-28 17:00"],
    ["2023-Q3", { kind: "fixedDayOfMonth", day: 10, shift: "next", monthOffset: 1 }, "2023-10-10 17:00"],
    ["2023-Q3", { kind: "fixedDayOfMonth", day: 15, shift: "previous" }, "2023-09-15 17:00"],
  ] as const)("%s with %j is due %s", (id, rule, expected) => {
    expect(due(id, rule)).toBe(expected);
  });

  it("a period with no working day at all is due on the first working day after it", () => {
    const allOff = createWorkCalendar({
      overrides: {
        holidays: Object.fromEntries(
          ["11", "12", "13", "14", "15", "16", "17", "18", "19", "20"].map((d) => [`2023-03-${d}`, "test"]),
        ),
        workdays: {},
      },
    });
    expect(dueDate(parsePeriodId("2023-03-X2"), defaultDueRules.dekad, allOff)).toBe("2023-03-21");
  });

  it("schema: defaults and rejections", () => {
    expect(dueRuleSchema.parse({ kind: "lastWorkingDay" })).toEqual({ kind: "lastWorkingDay", time: "17:00" });
    expect(dueRuleSchema.parse({ kind: "fixedDayOfMonth", day: 5, shift: "next" })).toEqual({
      kind: "fixedDayOfMonth",
      day: 5,
      shift: "next",
      time: "17:00",
      monthOffset: 0,
    });
    const bad: unknown[] = [
      { kind: "lastWorkingDay", time: "24:00" },
      { kind: "lastWorkingDay", time: "9:00" },
      { kind: "nthWorkingDayAfter", n: 0 },
      { kind: "nthWorkingDayAfter", n: 2.5 },
      { kind: "nthWorkingDayAfter" },
      { kind: "fixedDayOfMonth", day: 32, shift: "next" },
      { kind: "fixedDayOfMonth", day: 10, shift: "nearest" },
      { kind: "fixedDayOfMonth", day: 10, shift: "next", monthOffset: 2 },
      { kind: "lastWorkingDay", extra: true },
      { kind: "firstWorkingDay" },
      null,
    ];
    for (const rule of bad) expect(dueRuleSchema.safeParse(rule).success, JSON.stringify(rule)).toBe(false);
  });

  it("the defaults pass their own schema", () => {
    for (const rule of Object.values(defaultDueRules)) expect(dueRuleSchema.parse(rule)).toEqual(rule);
  });
});
