import { describe, expect, it } from "vitest";

import { fixedClock, simulatedClock, systemClock } from "../../../src/domain/time/index.js";

describe("clocks", () => {
  it("fixedClock always answers the same instant, as a fresh Date", () => {
    const clock = fixedClock(new Date("2023-01-16T02:00:00Z"));
    const a = clock.now();
    a.setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe("2023-01-16T02:00:00.000Z");
    expect(() => fixedClock(new Date("not a date"))).toThrow(RangeError);
  });

  it("simulatedClock runs `speed` times real time from its start", () => {
    let real = 1_000_000;
    const clock = simulatedClock({ start: new Date("2023-01-20T08:00:00Z"), speed: 60, realNow: () => real });
    expect(clock.now().toISOString()).toBe("2023-01-20T08:00:00.000Z");
    real += 1_000; // one real second = one simulated minute
    expect(clock.now().toISOString()).toBe("2023-01-20T08:01:00.000Z");
    real += 59_000;
    expect(clock.now().toISOString()).toBe("2023-01-20T09:00:00.000Z");
  });

  it("simulatedClock rejects a speed that is not positive", () => {
    for (const speed of [0, -1, NaN, Infinity]) {
      expect(() => simulatedClock({ start: new Date(0), speed, realNow: () => 0 })).toThrow(RangeError);
    }
  });

  it("systemClock gives a valid Date", () => {
    expect(Number.isNaN(systemClock.now().getTime())).toBe(false);
  });
});
