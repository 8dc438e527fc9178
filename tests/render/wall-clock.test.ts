import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { formatInstant } from "../../src/render/digest-text.js";
import { wallClockMinute } from "../../src/render/export/wall-clock.js";

/** The wall clock as Intl writes it, the slow and obviously right way. */
function intlMinute(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const local = (iso: string, timeZone: string) => wallClockMinute(new Date(iso), timeZone).toISOString().slice(0, 16);

describe("wallClockMinute", () => {
  it("gives the local time to the minute, dropping seconds", () => {
    expect(local("2025-11-28T08:30:59.999Z", "Asia/Shanghai")).toBe("2025-11-28T16:30");
    expect(local("2025-12-31T16:00:00Z", "Asia/Shanghai")).toBe("2026-01-01T00:00");
    expect(local("2025-06-01T00:00:00Z", "Asia/Kathmandu")).toBe("2025-06-01T05:45");
  });

  it("follows daylight saving time on both sides of a change", () => {
    expect(local("2025-03-09T06:59:30Z", "America/New_York")).toBe("2025-03-09T01:59");
    expect(local("2025-03-09T07:00:00Z", "America/New_York")).toBe("2025-03-09T03:00");
    expect(local("2025-11-02T05:59:00Z", "America/New_York")).toBe("2025-11-02T01:59");
    expect(local("2025-11-02T06:00:00Z", "America/New_York")).toBe("2025-11-02T01:00");
    // Lord Howe Island moves by half an hour: 02:00 at +10:30 becomes 02:30 at +11:00.
    expect(local("2025-10-04T15:29:00Z", "Australia/Lord_Howe")).toBe("2025-10-05T01:59");
    expect(local("2025-10-04T15:30:00Z", "Australia/Lord_Howe")).toBe("2025-10-05T02:30");
  });

  it("agrees with Intl for any instant in any of several timezones", () => {
    const zones = [
      "Asia/Shanghai",
      "America/New_York",
      "Europe/London",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
      "UTC",
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          expect(local(new Date(ms).toISOString(), zone)).toBe(intlMinute(new Date(ms), zone));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("formatInstant (the digests' due and submission times)", () => {
  it("writes the same minute as Intl, across daylight saving and half-hour zones", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom("Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"),
        (ms, zone) => {
          expect(formatInstant(new Date(ms).toISOString(), zone)).toBe(
            intlMinute(new Date(ms), zone).replace("T", " "),
          );
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("leaves a text that is not an instant as it is, and refuses an unknown timezone", () => {
    expect(formatInstant("not a time", "Asia/Shanghai")).toBe("not a time");
    expect(() => formatInstant("2025-01-01T00:00:00Z", "Mars/Olympus")).toThrow(/Invalid timezone/);
  });
});
