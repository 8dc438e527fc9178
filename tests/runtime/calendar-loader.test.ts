import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import {
  CalendarFileError,
  calendarWarningLines,
  DEFAULT_CALENDAR_OVERRIDES,
  loadWorkCalendar,
} from "../../src/runtime/calendar-loader.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "zb-calendar-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, typeof content === "string" ? content : JSON.stringify(content), "utf8");
  return target;
}

async function loadError(target: string): Promise<CalendarFileError> {
  const error = await loadWorkCalendar(target).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CalendarFileError);
  return error as CalendarFileError;
}

describe("loadWorkCalendar", () => {
  it("loads the shipped override file: chinese-days decides, 2027 has no data yet", async () => {
    expect(DEFAULT_CALENDAR_OVERRIDES).toMatch(/seeds[\\/]calendar[\\/]overrides\.json$/);
    const calendar = await loadWorkCalendar();
    expect(calendar.isWorkingDay("2023-01-28")).toBe(true); // 春节调休 Saturday
    expect(calendar.isWorkingDay("2023-01-27")).toBe(false); // 春节
    expect(calendar.isWorkingDay("2023-04-23")).toBe(true); // 劳动节调休 Sunday
    expect(calendar.isWorkingDay("2023-04-29")).toBe(false); // 劳动节
    expect(calendar.hasDataFor(2026)).toBe(true);
    expect(calendar.hasDataFor(2027)).toBe(false);
    expect(calendar.day("2027-01-04")).toMatchObject({ working: true, source: "weekdays" });
  });

  it("puts the file's entries over chinese-days and counts its years as known", async () => {
    const calendar = await loadWorkCalendar(
      await file("2027.json", {
        $comment: "test",
        holidays: { "2027-01-01": "元旦", "2023-01-20": "测试更正" },
        workdays: { "2027-01-02": "元旦" },
      }),
    );
    expect(calendar.hasDataFor(2027)).toBe(true);
    expect(calendar.day("2027-01-01")).toMatchObject({ working: false, kind: "holiday", source: "override" });
    expect(calendar.day("2027-01-02")).toMatchObject({ working: true, kind: "makeUpWorkday", name: "元旦" });
    expect(calendar.isWorkingDay("2023-01-20")).toBe(false);
    expect(calendarWarningLines(calendar, [2026, 2027])).toEqual([]);
  });

  it("names the file when it is missing or not JSON", async () => {
    const missing = path.join(dir, "nope.json");
    const notFound = await loadError(missing);
    expect(notFound.message).toBe(`calendar overrides ${missing}: the file does not exist`);
    const broken = await file("broken.json", '{ "holidays": { "2027-01-01": "元旦", } }');
    const notJson = await loadError(broken);
    expect(notJson.message).toMatch(
      new RegExp(`^calendar overrides ${broken.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}: not valid JSON \\(`),
    );
    expect(notJson.message.split("\n")).toHaveLength(1);
  });

  it("names the file and the path inside it for each invalid entry", async () => {
    const target = await file("bad.json", {
      holidays: { "2027-13-01": "元旦", "2027-01-05": "" },
      workdays: { "2027-01-06": 1 },
    });
    const error = await loadError(target);
    expect(error.file).toBe(target);
    expect(error.message.startsWith(`calendar overrides ${target}:`)).toBe(true);
    expect(error.problems).toEqual([
      "holidays.2027-13-01: the key must be a date YYYY-MM-DD",
      "holidays.2027-01-05: must name the holiday, e.g. 元旦",
      "workdays.2027-01-06: must be a text naming the holiday",
    ]);
  });

  it("rejects a date listed both as holiday and as make-up day, and unknown fields", async () => {
    const both = await loadError(
      await file("both.json", { holidays: { "2027-01-01": "元旦" }, workdays: { "2027-01-01": "元旦" } }),
    );
    expect(both.problems).toEqual([
      "workdays.2027-01-01: 2027-01-01 is listed both as a holiday and as a make-up working day",
    ]);
    const unknown = await loadError(await file("unknown.json", { holiday: {} }));
    expect(unknown.problems).toEqual(['(top level): unknown field "holiday" (expected holidays, workdays, $comment)']);
    const wrongShape = await loadError(await file("array.json", { holidays: [] }));
    expect(wrongShape.problems).toEqual(["holidays: must be an object"]);
  });
});

describe("calendarWarningLines", () => {
  const calendar = createWorkCalendar();

  it("words one Chinese warning per year without holiday data, once each, in order", () => {
    expect(calendarWarningLines(calendar, [2028, 2023, 2027, 2027])).toEqual([
      "2027 年节假日安排尚未发布，按周一至周五计算",
      "2028 年节假日安排尚未发布，按周一至周五计算",
    ]);
    expect(calendarWarningLines(calendar, [2023, 2026])).toEqual([]);
  });

  it("has an English wording", () => {
    expect(calendarWarningLines(calendar, [2027], "en")).toEqual([
      "The 2027 public holiday arrangement has not been published yet; working days are taken as Monday to Friday",
    ]);
  });
});
