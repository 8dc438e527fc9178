import { describe, expect, it } from "vitest";
import { parseDuration, parseInstant } from "../../src/cli/time-args.js";

describe("parseInstant", () => {
  it.each([
    ["2023-01-18T09:00+08:00", "2023-01-18T01:00:00.000Z"],
    ["2023-01-18T09:00:00+0800", "2023-01-18T01:00:00.000Z"],
    ["2023-01-18T01:00:00Z", "2023-01-18T01:00:00.000Z"],
    ["2023-01-18t01:00z", "2023-01-18T01:00:00.000Z"],
    ["2023-01-18T09:00:30.5+08", "2023-01-18T01:00:30.500Z"],
    ["2023-01-17T20:00-05:00", "2023-01-18T01:00:00.000Z"],
    ["2023-01-18T09:00", "2023-01-18T01:00:00.000Z"],
    ["2023-01-18 09:00", "2023-01-18T01:00:00.000Z"],
    ["2023-01-18", "2023-01-17T16:00:00.000Z"],
  ])("reads %s (no offset: Asia/Shanghai)", (text, iso) => {
    expect(parseInstant(text, "Asia/Shanghai")?.toISOString()).toBe(iso);
  });

  it("reads a time without offset in the given timezone", () => {
    expect(parseInstant("2023-01-18T09:00", "Asia/Tokyo")?.toISOString()).toBe("2023-01-18T00:00:00.000Z");
  });

  it.each([
    "",
    "tomorrow",
    "2023-02-30T09:00",
    "2023-01-18T24:00",
    "2023-01-18T09:60",
    "2023-01-18T09",
    "18/01/2023",
    "2023-01-18T09:00+19:00",
  ])("rejects %j", (text) => {
    expect(parseInstant(text, "Asia/Shanghai")).toBeNull();
  });
});

describe("parseDuration", () => {
  it("reads minutes, hours and days", () => {
    expect(parseDuration("30m")).toBe(30 * 60_000);
    expect(parseDuration("45min")).toBe(45 * 60_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("1.5H")).toBe(5_400_000);
    expect(parseDuration("1d")).toBe(86_400_000);
  });

  it.each(["", "0h", "1", "h", "-1h", "1w", "soon"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
