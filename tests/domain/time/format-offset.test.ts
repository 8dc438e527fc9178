import { describe, expect, it } from "vitest";
import { formatIsoWithOffset, formatUtcOffset, utcOffsetMinutes } from "../../../src/domain/time/format-offset.js";

describe("formatIsoWithOffset", () => {
  it("writes an instant as local ISO 8601 time with the zone's offset", () => {
    expect(formatIsoWithOffset(new Date("2023-01-20T09:00:00Z"), "Asia/Shanghai")).toBe("2023-01-20T17:00:00+08:00");
    expect(formatIsoWithOffset(new Date("2023-01-10T16:00:00Z"), "Asia/Shanghai")).toBe("2023-01-11T00:00:00+08:00");
    expect(formatIsoWithOffset(new Date("2023-01-20T09:00:00Z"), "UTC")).toBe("2023-01-20T09:00:00+00:00");
    expect(formatIsoWithOffset(new Date("2023-01-20T09:00:07.250Z"), "Asia/Kolkata")).toBe(
      "2023-01-20T14:30:07.250+05:30",
    );
  });

  it("follows daylight saving time", () => {
    expect(formatIsoWithOffset(new Date("2023-03-12T06:59:00Z"), "America/New_York")).toBe("2023-03-12T01:59:00-05:00");
    expect(formatIsoWithOffset(new Date("2023-03-12T07:00:00Z"), "America/New_York")).toBe("2023-03-12T03:00:00-04:00");
    expect(utcOffsetMinutes(new Date("2023-07-01T00:00:00Z"), "Europe/Berlin")).toBe(120);
  });

  it("round-trips through Date parsing", () => {
    for (const ms of [0, 1_674_205_200_000, 1_700_000_000_123, -86_400_000]) {
      for (const tz of ["Asia/Shanghai", "America/Los_Angeles", "Pacific/Chatham"]) {
        expect(new Date(formatIsoWithOffset(new Date(ms), tz)).getTime()).toBe(ms);
      }
    }
  });

  it("writes offsets and rejects invalid input", () => {
    expect(formatUtcOffset(480)).toBe("+08:00");
    expect(formatUtcOffset(-210)).toBe("-03:30");
    expect(formatUtcOffset(0)).toBe("+00:00");
    expect(() => formatIsoWithOffset(new Date(NaN), "Asia/Shanghai")).toThrow(RangeError);
    expect(() => formatIsoWithOffset(new Date(0), "Mars/Olympus")).toThrow(RangeError);
  });
});
