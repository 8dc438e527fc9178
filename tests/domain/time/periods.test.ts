import { describe, expect, it } from "vitest";

import {
  formatPeriodId,
  label,
  localDateOf,
  nextPeriod,
  parsePeriodId,
  periodContaining,
  periodFirstDay,
  periodLastDay,
  periodStartEnd,
  periodsBetween,
  previousPeriod,
  PeriodIdError,
  safeParsePeriodId,
  comparePeriods,
  type Period,
} from "../../../src/domain/time/index.js";
import { SHANGHAI } from "./support.js";

const id = (p: Period) => formatPeriodId(p);
const P = parsePeriodId;

describe("period ids", () => {
  it.each([
    ["2023-01-X2", { cycle: "dekad", year: 2023, month: 1, dekad: 2 }],
    ["2023-12-X3", { cycle: "dekad", year: 2023, month: 12, dekad: 3 }],
    ["2023-M01", { cycle: "month", year: 2023, month: 1 }],
    ["2023-Q1", { cycle: "quarter", year: 2023, quarter: 1 }],
  ] as const)("%s", (text, period) => {
    expect(P(text)).toEqual(period);
    expect(formatPeriodId(period)).toBe(text);
  });

  it.each([
    ["2023年1月中旬", "2023-01-X2"],
    ["2023年01月上旬", "2023-01-X1"],
    ["2023年12月下旬", "2023-12-X3"],
    ["2023年1月", "2023-M01"],
    ["2023年1月份", "2023-M01"],
    ["2023年第一季度", "2023-Q1"],
    ["2023年一季度", "2023-Q1"],
    ["2023年第3季度", "2023-Q3"],
    ["2023年四季度", "2023-Q4"],
    ["2023年Q2", "2023-Q2"],
    [" 2023 年 1 月 中旬 ", "2023-01-X2"],
    ["２０２３年１月中旬", "2023-01-X2"],
    ["2023-01-x2", "2023-01-X2"],
    ["2023-1-X2", "2023-01-X2"],
    ["2023-m1", "2023-M01"],
    ["2023-q4", "2023-Q4"],
    ["2023Q4", "2023-Q4"],
    ["２０２３－Ｑ１", "2023-Q1"],
  ])("reads %j as %s", (text, canonical) => {
    expect(id(P(text))).toBe(canonical);
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["hello", "unrecognized"],
    ["2023-13", "unrecognized"],
    ["2023-01-15", "unrecognized"],
    ["2023-M13", "invalid_month"],
    ["2023-M00", "invalid_month"],
    ["2023-13-X1", "invalid_month"],
    ["2023年13月中旬", "invalid_month"],
    ["2023-01-X4", "invalid_dekad"],
    ["2023-01-X0", "invalid_dekad"],
    ["2023-Q5", "invalid_quarter"],
    ["2023-Q0", "invalid_quarter"],
    ["2023年第五季度", "invalid_quarter"],
    ["23-Q1", "invalid_year"],
    ["0999-Q1", "invalid_year"],
    ["20231-M01", "invalid_year"],
  ] as const)("rejects %j with %s", (text, code) => {
    let caught: unknown;
    try {
      P(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PeriodIdError);
    const error = caught as PeriodIdError;
    expect(error.code).toBe(code);
    expect(error.input).toBe(text);
    expect(error.message).toContain(`"${text}"`);
  });

  it("safeParsePeriodId never throws on bad input", () => {
    expect(safeParsePeriodId("2023-Q1")).toEqual({ ok: true, period: { cycle: "quarter", year: 2023, quarter: 1 } });
    const bad = safeParsePeriodId("2023-Q9");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe("invalid_quarter");
  });

  it("formatPeriodId rejects impossible periods", () => {
    expect(() => formatPeriodId({ cycle: "month", year: 2023, month: 13 })).toThrow(RangeError);
    expect(() => formatPeriodId({ cycle: "dekad", year: 2023, month: 1, dekad: 4 as 1 })).toThrow(RangeError);
  });
});

describe("labels", () => {
  it.each([
    ["2023-01-X1", "2023年1月上旬", "Jan 2023, 1st dekad"],
    ["2023-01-X2", "2023年1月中旬", "Jan 2023, 2nd dekad"],
    ["2023-10-X3", "2023年10月下旬", "Oct 2023, 3rd dekad"],
    ["2023-M01", "2023年1月", "Jan 2023"],
    ["2023-Q1", "2023年第一季度", "Q1 2023"],
    ["2024-Q4", "2024年第四季度", "Q4 2024"],
  ])("%s", (text, zh, en) => {
    expect(label(P(text), "zh-CN")).toBe(zh);
    expect(label(P(text))).toBe(zh);
    expect(label(P(text), "en")).toBe(en);
    expect(id(P(zh))).toBe(text);
  });
});

describe("period days", () => {
  it.each([
    ["2023-01-X1", "2023-01-01", "2023-01-10"],
    ["2023-01-X2", "2023-01-11", "2023-01-20"],
    ["2023-01-X3", "2023-01-21", "2023-01-31"], // 11 days in a 31-day month
    ["2023-04-X3", "2023-04-21", "2023-04-30"],
    ["2023-02-X3", "2023-02-21", "2023-02-28"],
    ["2024-02-X3", "2024-02-21", "2024-02-29"], // leap year
    ["2024-M02", "2024-02-01", "2024-02-29"],
    ["2023-M12", "2023-12-01", "2023-12-31"],
    ["2023-Q1", "2023-01-01", "2023-03-31"],
    ["2023-Q2", "2023-04-01", "2023-06-30"],
    ["2023-Q3", "2023-07-01", "2023-09-30"],
    ["2023-Q4", "2023-10-01", "2023-12-31"],
  ])("%s runs %s to %s", (text, first, last) => {
    expect(periodFirstDay(P(text))).toBe(first);
    expect(periodLastDay(P(text))).toBe(last);
  });

  it.each([
    ["dekad", "2023-01-10", "2023-01-X1"],
    ["dekad", "2023-01-11", "2023-01-X2"],
    ["dekad", "2023-01-20", "2023-01-X2"],
    ["dekad", "2023-01-21", "2023-01-X3"],
    ["dekad", "2024-02-29", "2024-02-X3"],
    ["month", "2023-01-31", "2023-M01"],
    ["quarter", "2023-07-01", "2023-Q3"],
    ["quarter", "2023-06-30", "2023-Q2"],
  ] as const)("%s containing %s is %s", (cycle, date, expected) => {
    expect(id(periodContaining(cycle, date))).toBe(expected);
  });

  it("next and previous cross months and years", () => {
    expect(id(nextPeriod(P("2023-01-X3")))).toBe("2023-02-X1");
    expect(id(nextPeriod(P("2023-12-X3")))).toBe("2024-01-X1");
    expect(id(previousPeriod(P("2024-01-X1")))).toBe("2023-12-X3");
    expect(id(previousPeriod(P("2024-03-X1")))).toBe("2024-02-X3");
    expect(id(nextPeriod(P("2023-M12")))).toBe("2024-M01");
    expect(id(previousPeriod(P("2023-M01")))).toBe("2022-M12");
    expect(id(nextPeriod(P("2023-Q4")))).toBe("2024-Q1");
    expect(id(previousPeriod(P("2023-Q1")))).toBe("2022-Q4");
  });

  it("periodsBetween lists every period overlapping the days, in order", () => {
    expect(periodsBetween("dekad", "2023-01-15", "2023-02-05").map(id)).toEqual([
      "2023-01-X2",
      "2023-01-X3",
      "2023-02-X1",
    ]);
    expect(periodsBetween("month", "2023-11-30", "2024-01-01").map(id)).toEqual(["2023-M11", "2023-M12", "2024-M01"]);
    expect(periodsBetween("quarter", "2023-01-01", "2023-01-01").map(id)).toEqual(["2023-Q1"]);
    expect(periodsBetween("month", "2023-02-01", "2023-01-31")).toEqual([]);
  });

  it("comparePeriods orders by start, then the shorter first", () => {
    const sorted = ["2023-Q1", "2023-M02", "2023-01-X2", "2023-M01", "2023-01-X1"].map(P).sort(comparePeriods).map(id);
    expect(sorted).toEqual(["2023-01-X1", "2023-M01", "2023-Q1", "2023-01-X2", "2023-M02"]);
  });
});

describe("period bounds in a timezone", () => {
  it("local midnight in Shanghai is still the previous day in UTC", () => {
    const { start, end } = periodStartEnd(P("2023-01-X2"), SHANGHAI);
    expect(start.toISOString()).toBe("2023-01-10T16:00:00.000Z");
    expect(end.toISOString()).toBe("2023-01-20T16:00:00.000Z");
  });

  it("the end is the next period's start", () => {
    for (const text of ["2023-01-X3", "2024-02-X3", "2023-M12", "2023-Q4"]) {
      const p = P(text);
      expect(periodStartEnd(p, SHANGHAI).end).toEqual(periodStartEnd(nextPeriod(p), SHANGHAI).start);
    }
    expect(periodStartEnd(P("2023-Q4"), SHANGHAI).end.toISOString()).toBe("2023-12-31T16:00:00.000Z");
  });

  it("an instant belongs to the period of its local day", () => {
    const instant = new Date("2023-01-10T16:30:00Z"); // 00:30 on 11 January in Shanghai
    expect(id(periodContaining("dekad", localDateOf(instant, SHANGHAI)))).toBe("2023-01-X2");
    expect(id(periodContaining("dekad", localDateOf(instant, "UTC")))).toBe("2023-01-X1");
  });

  it("other timezones", () => {
    expect(periodStartEnd(P("2023-M01"), "UTC").start.toISOString()).toBe("2023-01-01T00:00:00.000Z");
    // Berlin switches to summer time on 2023-03-26: Q2 starts at UTC+2.
    expect(periodStartEnd(P("2023-Q2"), "Europe/Berlin").start.toISOString()).toBe("2023-03-31T22:00:00.000Z");
    expect(periodStartEnd(P("2023-Q1"), "Europe/Berlin").start.toISOString()).toBe("2022-12-31T23:00:00.000Z");
    expect(() => periodStartEnd(P("2023-Q1"), "Mars/Olympus")).toThrow(RangeError);
  });
});
