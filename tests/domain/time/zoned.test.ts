import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  addDays,
  daysBetween,
  formatTimeOfDay,
  isLocalDate,
  isTimeOfDay,
  isValidTimezone,
  localDateTimeOf,
  minutesOfDay,
  weekday,
  zonedInstant,
} from "../../../src/domain/time/index.js";
import { utcOffsetAt } from "../../../src/domain/time/zoned.js";

describe("local dates", () => {
  it("validates real days only", () => {
    expect(isLocalDate("2024-02-29")).toBe(true);
    expect(isLocalDate("2023-02-29")).toBe(false);
    expect(isLocalDate("1900-02-29")).toBe(false);
    expect(isLocalDate("2000-02-29")).toBe(true);
    expect(isLocalDate("2023-04-31")).toBe(false);
    expect(isLocalDate("2023-4-3")).toBe(false);
    expect(isLocalDate(20230403)).toBe(false);
  });

  it("arithmetic does not depend on the process timezone", () => {
    expect(addDays("2023-12-31", 1)).toBe("2024-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(daysBetween("2023-01-01", "2024-01-01")).toBe(365);
    expect(weekday("2023-01-28")).toBe(6);
    expect(weekday("2023-01-29")).toBe(0);
    expect(weekday("1970-01-01")).toBe(4);
    expect(weekday("1969-12-31")).toBe(3);
  });

  it("times of day", () => {
    expect(minutesOfDay("17:00")).toBe(1020);
    expect(formatTimeOfDay(510)).toBe("08:30");
    expect(isTimeOfDay("24:00")).toBe(false);
    expect(isTimeOfDay("7:00")).toBe(false);
    expect(() => minutesOfDay("7:00")).toThrow(RangeError);
  });
});

describe("zoned instants", () => {
  it("Shanghai is UTC+8 all year", () => {
    expect(zonedInstant("2023-10-11", "17:00", "Asia/Shanghai").toISOString()).toBe("2023-10-11T09:00:00.000Z");
    expect(zonedInstant("2023-01-11", "00:00", "Asia/Shanghai").toISOString()).toBe("2023-01-10T16:00:00.000Z");
    expect(localDateTimeOf(new Date("2023-01-10T16:00:00Z"), "Asia/Shanghai")).toEqual({
      date: "2023-01-11",
      minutes: 0,
      time: "00:00",
    });
    expect(localDateTimeOf(new Date("2023-01-10T15:59:59Z"), "Asia/Shanghai").date).toBe("2023-01-10");
  });

  it("daylight-saving gaps resolve forward, overlaps to the later occurrence", () => {
    // Berlin: 2023-03-26 02:00 CET → 03:00 CEST; 2023-10-29 03:00 CEST → 02:00 CET.
    expect(zonedInstant("2023-03-26", "02:30", "Europe/Berlin").toISOString()).toBe("2023-03-26T01:30:00.000Z");
    expect(zonedInstant("2023-03-26", "03:30", "Europe/Berlin").toISOString()).toBe("2023-03-26T01:30:00.000Z");
    expect(zonedInstant("2023-10-29", "02:30", "Europe/Berlin").toISOString()).toBe("2023-10-29T01:30:00.000Z");
    expect(zonedInstant("2023-07-01", "09:00", "America/New_York").toISOString()).toBe("2023-07-01T13:00:00.000Z");
  });

  it("timezones", () => {
    expect(isValidTimezone("Asia/Shanghai")).toBe(true);
    expect(isValidTimezone("Asia/Beijing")).toBe(false);
    expect(() => zonedInstant("2023-01-01", "00:00", "Asia/Beijing")).toThrow(RangeError);
    expect(() => localDateTimeOf(new Date(NaN), "UTC")).toThrow(RangeError);
  });
});

describe("wall clocks worked out once per quarter hour", () => {
  /** The wall clock of `ms` in `timezone` as Intl reads it, conversion by conversion. */
  function intlWall(ms: number, timezone: string): { date: string; minutes: number } {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone: timezone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "numeric",
        minute: "numeric",
      })
        .formatToParts(ms)
        .map((p) => [p.type, p.value]),
    );
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute),
    };
  }

  // Whole-hour, half-hour (Lord Howe's 30-minute daylight saving) and 45-minute offsets, and the
  // local mean times before standard time (Shanghai +8:05:43 until 1901, Amsterdam +0:19:32).
  const zones = [
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Europe/Amsterdam",
  ];

  it("reads what Intl reads, at any instant and across every change of offset", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2060, 0, 1) }),
        (timezone, ms) => {
          const { date, minutes } = localDateTimeOf(new Date(ms), timezone);
          expect({ date, minutes }).toEqual(intlWall(ms, timezone));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("on both sides of a change of offset, to the second", () => {
    // Berlin 2023-03-26 01:00Z (02:00 CET -> 03:00 CEST); Shanghai's LMT ended 1900-12-31 15:54:17Z.
    for (const [timezone, change] of [
      ["Europe/Berlin", Date.UTC(2023, 2, 26, 1)],
      ["Asia/Shanghai", Date.UTC(1900, 11, 31, 15, 54, 17)],
    ] as const) {
      for (let ms = change - 20 * 60_000; ms <= change + 20 * 60_000; ms += 7_000) {
        const { date, minutes } = localDateTimeOf(new Date(ms), timezone);
        expect({ date, minutes }, `${timezone} ${new Date(ms).toISOString()}`).toEqual(intlWall(ms, timezone));
      }
    }
  });
});

describe("utcOffsetAt (the offset exports format report times with)", () => {
  it("gives the offset in force at each instant, either side of a daylight-saving change", () => {
    expect(utcOffsetAt(new Date("2023-01-10T16:30:00Z"), "Asia/Shanghai")).toBe(8 * 3_600_000);
    // New York springs forward at 07:00 UTC on 2023-03-12: -5 h up to it, -4 h from it.
    expect(utcOffsetAt(new Date("2023-03-12T06:59:59Z"), "America/New_York")).toBe(-5 * 3_600_000);
    expect(utcOffsetAt(new Date("2023-03-12T07:00:00Z"), "America/New_York")).toBe(-4 * 3_600_000);
    // Lord Howe moves by half an hour (+10:30 to +11 at 15:30 UTC on 2023-09-30).
    expect(utcOffsetAt(new Date("2023-09-30T15:29:59Z"), "Australia/Lord_Howe")).toBe(10.5 * 3_600_000);
    expect(utcOffsetAt(new Date("2023-09-30T15:30:00Z"), "Australia/Lord_Howe")).toBe(11 * 3_600_000);
  });
});
