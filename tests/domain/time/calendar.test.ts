// The working-day calendar against the State Council notices (shared/seed/holidays.md, H.1-H.4).

import { readFileSync } from "node:fs";

import chineseDays from "chinese-days";
import { describe, expect, it } from "vitest";

import {
  calendarOverridesSchema,
  calendarWarnings,
  createWorkCalendar,
  LocalDateError,
  weekday,
} from "../../../src/domain/time/index.js";
import { calendar, days } from "./support.js";

const { isWorkday } = chineseDays;
const repoFile = (path: string) => new URL(`../../../${path}`, import.meta.url);

/** Days off (weekend days folded into a holiday included) and make-up working days, per notice. */
const NOTICES: Record<number, { off: [string, string][]; makeUp: string[] }> = {
  // 国办发明电〔2022〕16号
  2023: {
    off: [
      ["2023-01-01", "2023-01-02"],
      ["2023-01-21", "2023-01-27"],
      ["2023-04-05", "2023-04-05"],
      ["2023-04-29", "2023-05-03"],
      ["2023-06-22", "2023-06-24"],
      ["2023-09-29", "2023-10-06"],
    ],
    makeUp: ["2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"],
  },
  // 国办发明电〔2023〕7号
  2024: {
    off: [
      ["2024-01-01", "2024-01-01"],
      ["2024-02-10", "2024-02-17"],
      ["2024-04-04", "2024-04-06"],
      ["2024-05-01", "2024-05-05"],
      ["2024-06-08", "2024-06-10"],
      ["2024-09-15", "2024-09-17"],
      ["2024-10-01", "2024-10-07"],
    ],
    makeUp: [
      "2024-02-04",
      "2024-02-18",
      "2024-04-07",
      "2024-04-28",
      "2024-05-11",
      "2024-09-14",
      "2024-09-29",
      "2024-10-12",
    ],
  },
  // 国办发明电〔2024〕12号
  2025: {
    off: [
      ["2025-01-01", "2025-01-01"],
      ["2025-01-28", "2025-02-04"],
      ["2025-04-04", "2025-04-06"],
      ["2025-05-01", "2025-05-05"],
      ["2025-05-31", "2025-06-02"],
      ["2025-10-01", "2025-10-08"],
    ],
    makeUp: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
  },
  // notice of 2025-11-04
  2026: {
    off: [
      ["2026-01-01", "2026-01-03"],
      ["2026-02-15", "2026-02-23"],
      ["2026-04-04", "2026-04-06"],
      ["2026-05-01", "2026-05-05"],
      ["2026-06-19", "2026-06-21"],
      ["2026-09-25", "2026-09-27"],
      ["2026-10-01", "2026-10-07"],
    ],
    makeUp: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
  },
};

function expectedWorking(year: number, date: string): boolean {
  const notice = NOTICES[year];
  if (!notice) throw new Error(`no notice for ${year}`);
  if (notice.makeUp.includes(date)) return true;
  if (notice.off.some(([from, to]) => date >= from && date <= to)) return false;
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

describe("working days follow the State Council notices", () => {
  for (const year of [2023, 2024, 2025, 2026]) {
    it(`every day of ${year}`, () => {
      const wrong: string[] = [];
      for (const date of days(`${year}-01-01`, `${year}-12-31`)) {
        if (calendar.isWorkingDay(date) !== expectedWorking(year, date)) wrong.push(date);
      }
      expect(wrong).toEqual([]);
      expect(calendar.hasDataFor(year)).toBe(true);
    });
  }

  it.each([
    ["2023-01-20", true, "weekday"], // Friday before the Spring Festival
    ["2023-01-23", false, "holiday"], // 春节
    ["2023-01-28", true, "makeUpWorkday"], // Saturday make-up day
    ["2023-01-29", true, "makeUpWorkday"], // Sunday make-up day
    ["2023-09-29", false, "holiday"], // 中秋节
    ["2023-10-07", true, "makeUpWorkday"],
    ["2024-02-09", true, "weekday"], // 除夕 2024: rest only "encouraged"
    ["2024-02-18", true, "makeUpWorkday"],
    ["2024-02-24", false, "weekend"],
  ] as const)("%s working=%s (%s)", (date, working, kind) => {
    const day = calendar.day(date);
    expect(day.working).toBe(working);
    expect(day.kind).toBe(kind);
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it("names the holiday a day belongs to", () => {
    expect(calendar.day("2023-01-23").name).toContain("春节");
    expect(calendar.day("2023-10-08").name).toContain("国庆");
    expect(calendar.day("2023-10-08").source).toBe("chinese-days");
  });

  // chinese-days builds its tables at import time with local-time Date arithmetic: west of UTC
  // (TZ=America/New_York) its functions answer for shifted days, e.g. isWorkday says 2004-01-01 is a
  // working day. That is why the calendar reads the package's prebuilt JSON, which is right in every
  // timezone (the notice tests above pass under any TZ); this cross-check only runs where the
  // package's functions are sound.
  const westOfUtc = new Date(2023, 0, 1).getTimezoneOffset() > 0;
  it.skipIf(westOfUtc)("agrees with chinese-days' own functions on every day it knows (read at local noon)", () => {
    const wrong: string[] = [];
    for (const date of days("2004-01-01", "2026-12-31")) {
      const [y, m, d] = date.split("-").map(Number) as [number, number, number];
      if (isWorkday(new Date(y, m - 1, d, 12)) !== calendar.isWorkingDay(date)) wrong.push(date);
    }
    expect(wrong).toEqual([]);
  });
});

describe("stepping through working days", () => {
  it("next and previous working day skip the Spring Festival 2023", () => {
    expect(calendar.nextWorkingDay("2023-01-20")).toBe("2023-01-28");
    expect(calendar.previousWorkingDay("2023-01-28")).toBe("2023-01-20");
    expect(calendar.nextWorkingDay("2023-01-28")).toBe("2023-01-29");
    expect(calendar.nextWorkingDay("2023-01-23")).toBe("2023-01-28");
  });

  it("counts make-up weekend days (National Day 2023)", () => {
    expect(calendar.addWorkingDays("2023-09-30", 1)).toBe("2023-10-07");
    expect(calendar.addWorkingDays("2023-09-30", 5)).toBe("2023-10-11");
    expect(calendar.addWorkingDays("2023-10-11", -5)).toBe("2023-09-28");
    expect(calendar.addWorkingDays("2023-09-28", 1)).toBe("2023-10-07");
  });

  it("n = 0 returns the date unchanged, working day or not", () => {
    expect(calendar.addWorkingDays("2023-10-01", 0)).toBe("2023-10-01");
    expect(calendar.addWorkingDays("2023-10-09", 0)).toBe("2023-10-09");
  });

  it("crosses years", () => {
    expect(calendar.nextWorkingDay("2023-12-29")).toBe("2024-01-02");
    expect(calendar.previousWorkingDay("2024-01-02")).toBe("2023-12-29");
  });

  it("rejects dates that are not YYYY-MM-DD days", () => {
    for (const bad of ["2023-02-29", "2023-1-5", "2023/01/05", "", "2023-13-01"]) {
      expect(() => calendar.isWorkingDay(bad)).toThrow(LocalDateError);
    }
    expect(() => calendar.addWorkingDays("2023-01-05", 1.5)).toThrow(RangeError);
  });
});

describe("years without holiday data", () => {
  it("2027 falls back to Monday-Friday and says so", () => {
    expect(calendar.hasDataFor(2027)).toBe(false);
    expect(calendar.isWorkingDay("2027-01-01")).toBe(true); // a Friday; 元旦 is not known yet
    expect(calendar.day("2027-01-01")).toEqual({
      date: "2027-01-01",
      working: true,
      kind: "weekday",
      source: "weekdays",
    });
    expect(calendar.isWorkingDay("2027-01-02")).toBe(false);
    expect(calendar.missingYears(2023, 2028)).toEqual([2027, 2028]);
    expect(calendar.missingYears(2004, 2026)).toEqual([]);
  });

  it("calendarWarnings lists each missing year once, ascending", () => {
    expect(calendarWarnings(calendar, [2028, 2023, 2027, 2027])).toEqual([
      { code: "calendar.no_holiday_data", year: 2027 },
      { code: "calendar.no_holiday_data", year: 2028 },
    ]);
    expect(calendarWarnings(calendar, [2023, 2024])).toEqual([]);
  });
});

describe("overrides", () => {
  const overrides = calendarOverridesSchema.parse({
    holidays: { "2027-01-01": "元旦", "2023-01-30": "test: extra day off" },
    workdays: { "2023-01-27": "test: worked instead" },
  });
  const withOverrides = createWorkCalendar({ overrides });

  it("win over chinese-days", () => {
    expect(withOverrides.isWorkingDay("2023-01-27")).toBe(true);
    expect(withOverrides.day("2023-01-27")).toMatchObject({ kind: "makeUpWorkday", source: "override" });
    expect(withOverrides.isWorkingDay("2023-01-30")).toBe(false);
    expect(withOverrides.nextWorkingDay("2023-01-29")).toBe("2023-01-31");
  });

  it("give a year data", () => {
    expect(withOverrides.hasDataFor(2027)).toBe(true);
    expect(withOverrides.isWorkingDay("2027-01-01")).toBe(false);
    expect(withOverrides.day("2027-01-04").source).toBe("chinese-days");
    expect(withOverrides.missingYears(2026, 2028)).toEqual([2028]);
  });

  it("accept a year file of chinese-days as is", () => {
    const year2026 = JSON.parse(
      readFileSync(repoFile("node_modules/chinese-days/dist/years/2026.json"), "utf8"),
    ) as unknown;
    const only2026 = createWorkCalendar({
      base: { holidays: {}, workdays: {} },
      overrides: calendarOverridesSchema.parse(year2026),
    });
    expect(only2026.hasDataFor(2026)).toBe(true);
    expect(only2026.hasDataFor(2025)).toBe(false);
    for (const date of days("2026-01-01", "2026-12-31")) {
      expect(only2026.isWorkingDay(date), date).toBe(calendar.isWorkingDay(date));
    }
  });

  it("schema rejects bad files", () => {
    const bad = [
      { holidays: { "2027-02-30": "x" } },
      { holidays: { "2027-01-01": "" } },
      { holidays: { "2027-01-01": "元旦" }, workdays: { "2027-01-01": "元旦" } },
      { holiday: {} },
      { holidays: [] },
    ];
    for (const file of bad) expect(calendarOverridesSchema.safeParse(file).success, JSON.stringify(file)).toBe(false);
    expect(calendarOverridesSchema.parse({})).toEqual({ holidays: {}, workdays: {} });
  });

  it("the seed file is empty but valid", () => {
    const file = JSON.parse(readFileSync(repoFile("seeds/calendar/overrides.json"), "utf8")) as unknown;
    const parsed = calendarOverridesSchema.parse(file);
    expect(parsed.holidays).toEqual({});
    expect(parsed.workdays).toEqual({});
    expect(parsed.$comment).toMatch(/chinese-days/);
  });
});
