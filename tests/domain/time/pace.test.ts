import { describe, expect, it } from "vitest";

import { completionRatio, pace, paceOnDate, targetMet, trafficLight } from "../../../src/domain/time/index.js";
import { SHANGHAI } from "./support.js";

describe("pace", () => {
  const year2023 = { endDate: "2023-12-31" };

  it.each([
    ["2022-06-01", 0],
    ["2023-01-01", 0],
    ["2023-01-02", 1 / 365],
    ["2023-02-01", 31 / 365],
    ["2023-07-02", 182 / 365],
    ["2023-12-31", 364 / 365],
    ["2024-01-01", 1],
    ["2030-01-01", 1],
  ])("on %s: %f", (date, expected) => {
    expect(paceOnDate(date, year2023)).toBeCloseTo(expected, 12);
  });

  it("leap year and explicit start", () => {
    expect(paceOnDate("2024-03-01", { endDate: "2024-12-31" })).toBeCloseTo(60 / 366, 12);
    expect(paceOnDate("2023-04-01", { startDate: "2023-03-01", endDate: "2023-03-31" })).toBe(1);
    expect(paceOnDate("2023-03-16", { startDate: "2023-03-01", endDate: "2023-03-31" })).toBeCloseTo(15 / 31, 12);
    expect(paceOnDate("2023-03-01", { startDate: "2023-03-01", endDate: "2023-03-01" })).toBe(0);
    expect(() => paceOnDate("2023-03-01", { startDate: "2023-03-02", endDate: "2023-03-01" })).toThrow(RangeError);
  });

  it("counts days in the group's timezone", () => {
    const instant = new Date("2023-01-31T16:30:00Z"); // 1 February 00:30 in Shanghai
    expect(pace(instant, { ...year2023, timezone: SHANGHAI })).toBeCloseTo(31 / 365, 12);
    expect(pace(instant, { ...year2023, timezone: "UTC" })).toBeCloseTo(30 / 365, 12);
  });

  it("the end of a period's exclusive bound gives the share of days up to its last day", () => {
    // 2023-M06 ends (exclusive) at 1 July 00:00 Shanghai = 2023-06-30T16:00Z: 181 of 365 days.
    expect(pace(new Date("2023-06-30T16:00:00Z"), { ...year2023, timezone: SHANGHAI })).toBeCloseTo(181 / 365, 12);
  });
});

describe("traffic light", () => {
  it.each([
    // increase, no baseline: ratio = progress / target
    [{ target: 100, progress: 50, direction: "increase", pace: 0.5 }, "green"],
    [{ target: 100, progress: 45, direction: "increase", pace: 0.5 }, "yellow"],
    [{ target: 100, progress: 40, direction: "increase", pace: 0.5 }, "yellow"],
    [{ target: 100, progress: 39.9, direction: "increase", pace: 0.5 }, "red"],
    [{ target: 100, progress: 100, direction: "increase", pace: 0.1 }, "done"],
    [{ target: 100, progress: 120, direction: "increase", pace: 1 }, "done"],
    [{ target: 100, progress: 0, direction: "increase", pace: 0 }, "green"],
    [{ target: 100, progress: 99, direction: "increase", pace: 1 }, "yellow"],
    [{ target: 100, progress: 79, direction: "increase", pace: 1 }, "red"],
    // increase with baseline
    [{ baseline: 20, target: 120, progress: 70, direction: "increase", pace: 0.5 }, "green"],
    [{ baseline: 20, target: 120, progress: 60, direction: "increase", pace: 0.5 }, "yellow"],
    [{ baseline: 20, target: 120, progress: 50, direction: "increase", pace: 0.5 }, "red"],
    // decrease with baseline: ratio = (baseline - progress) / (baseline - target)
    [{ baseline: 100, target: 80, progress: 90, direction: "decrease", pace: 0.5 }, "green"],
    [{ baseline: 100, target: 80, progress: 92, direction: "decrease", pace: 0.5 }, "yellow"],
    [{ baseline: 100, target: 80, progress: 95, direction: "decrease", pace: 0.5 }, "red"],
    [{ baseline: 100, target: 80, progress: 110, direction: "decrease", pace: 0.5 }, "red"],
    [{ baseline: 100, target: 80, progress: 80, direction: "decrease", pace: 0.5 }, "done"],
    // decrease without baseline: unmeasurable until met, judged conservatively
    [{ target: 80, progress: 90, direction: "decrease", pace: 0 }, "green"],
    [{ target: 80, progress: 90, direction: "decrease", pace: 0.5 }, "yellow"],
    [{ target: 80, progress: 90, direction: "decrease", pace: 1 }, "red"],
    [{ target: 80, progress: 79, direction: "decrease", pace: 1 }, "done"],
    [{ baseline: null, target: 80, progress: 90, direction: "decrease", pace: 0.5 }, "yellow"],
    // custom yellow band
    [{ target: 100, progress: 30, direction: "increase", pace: 0.5, yellowRatio: 0.7 }, "red"],
    [{ target: 100, progress: 30, direction: "increase", pace: 0.5, yellowRatio: 0.6 }, "yellow"],
  ] as const)("%j → %s", (input, light) => {
    expect(trafficLight(input)).toBe(light);
  });

  it("completionRatio", () => {
    expect(completionRatio({ target: 200, progress: 50, direction: "increase" })).toBe(0.25);
    expect(completionRatio({ baseline: 100, target: 80, progress: 105, direction: "decrease" })).toBe(-0.25);
    expect(completionRatio({ target: 80, progress: 90, direction: "decrease" })).toBeNull();
    // nothing to do: baseline already at or beyond the target
    expect(completionRatio({ baseline: 100, target: 100, progress: 100, direction: "increase" })).toBe(1);
    expect(completionRatio({ baseline: 100, target: 90, progress: 80, direction: "increase" })).toBe(0);
    expect(targetMet({ target: 0, progress: 0, direction: "decrease" })).toBe(true);
  });

  it("rejects numbers that are not finite and paces outside 0..1", () => {
    expect(() => trafficLight({ target: 100, progress: NaN, direction: "increase", pace: 0.5 })).toThrow(RangeError);
    expect(() => trafficLight({ target: Infinity, progress: 1, direction: "increase", pace: 0.5 })).toThrow(RangeError);
    expect(() => trafficLight({ target: 100, progress: 1, direction: "increase", pace: 1.5 })).toThrow(RangeError);
    expect(() => trafficLight({ target: 100, progress: 1, direction: "increase", pace: 0.5, yellowRatio: 2 })).toThrow(
      RangeError,
    );
  });
});
