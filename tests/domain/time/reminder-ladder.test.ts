import { describe, expect, it } from "vitest";

import {
  DEFAULT_LADDER,
  DEFAULT_QUIET_HOURS,
  defaultDueRules,
  digestAt,
  dueInstant,
  dueRuleSchema,
  isInQuietHours,
  leaveQuietHours,
  parsePeriodId,
  planLadder,
  quietHoursSchema,
  reminderLadderSchema,
  type DueRuleInput,
  type PlanLadderOptions,
  type QuietHours,
  type ReminderLadder,
} from "../../../src/domain/time/index.js";
import { calendar, sh, shanghai, SHANGHAI } from "./support.js";

function plan(id: string, extra: Partial<PlanLadderOptions> & { rule?: DueRuleInput } = {}) {
  const period = parsePeriodId(id);
  const rule = extra.rule ? dueRuleSchema.parse(extra.rule) : defaultDueRules[period.cycle];
  const dueAt = extra.dueAt ?? dueInstant(period, rule, calendar);
  return planLadder({ period, dueAt, calendar, ...extra }).map((s) => ({
    key: s.key,
    kind: s.kind,
    at: shanghai(s.at),
    ...(s.adjustments.length > 0 ? { adjustments: s.adjustments } : {}),
  }));
}

describe("the default ladder", () => {
  it("2023-01-X3: due Tuesday 31 January after the Spring Festival; early reminder on make-up Sunday 29", () => {
    expect(plan("2023-01-X3")).toEqual([
      { key: "early", kind: "reminder", at: "2023-01-29 09:00" },
      { key: "due-day", kind: "reminder", at: "2023-01-31 09:00" },
      { key: "before", kind: "reminder", at: "2023-01-31 15:00" },
      { key: "chase", kind: "chase", at: "2023-01-31 18:00" },
      { key: "escalation", kind: "escalation", at: "2023-02-01 09:00" },
    ]);
  });

  it("2023-01-X2: the escalation waits for the first working day after the Spring Festival (Saturday 28)", () => {
    expect(plan("2023-01-X2").at(-1)).toEqual({ key: "escalation", kind: "escalation", at: "2023-01-28 09:00" });
  });

  it("2023-09-X3: due Thursday 28 September, escalation on make-up Saturday 7 October", () => {
    expect(plan("2023-09-X3").map((s) => s.at)).toEqual([
      "2023-09-26 09:00",
      "2023-09-28 09:00",
      "2023-09-28 15:00",
      "2023-09-28 18:00",
      "2023-10-07 09:00",
    ]);
  });

  it("2023-Q3: every step is in October, after the period", () => {
    expect(plan("2023-Q3").map((s) => s.at)).toEqual([
      "2023-10-09 09:00",
      "2023-10-11 09:00",
      "2023-10-11 15:00",
      "2023-10-11 18:00",
      "2023-10-12 09:00",
    ]);
  });

  it("2025-10-X1: the early reminder (30 September) falls before the period and is dropped", () => {
    expect(plan("2025-10-X1").map((s) => `${s.key} ${s.at}`)).toEqual([
      "due-day 2025-10-10 09:00",
      "before 2025-10-10 15:00",
      "chase 2025-10-10 18:00",
      "escalation 2025-10-11 09:00", // make-up Saturday
    ]);
  });

  it("passes its own schema", () => {
    expect(reminderLadderSchema.parse(DEFAULT_LADDER)).toEqual(DEFAULT_LADDER);
    expect(quietHoursSchema.parse(DEFAULT_QUIET_HOURS)).toEqual(DEFAULT_QUIET_HOURS);
  });
});

describe("quiet hours and non-working days", () => {
  it("a chase at 21:30 on the eve of the Spring Festival waits for the first working morning", () => {
    expect(plan("2023-01-X2", { rule: { kind: "lastWorkingDay", time: "20:30" } })).toEqual([
      { key: "early", kind: "reminder", at: "2023-01-18 09:00" },
      { key: "due-day", kind: "reminder", at: "2023-01-20 09:00" },
      { key: "before", kind: "reminder", at: "2023-01-20 18:30" },
      { key: "chase", kind: "chase", at: "2023-01-28 08:30", adjustments: ["quiet_hours", "non_working_day"] },
      { key: "escalation", kind: "escalation", at: "2023-01-28 09:00" },
    ]);
  });

  it("after midnight moves to the same morning; reminders pushed past the deadline are dropped", () => {
    expect(plan("2023-01-X3", { rule: { kind: "lastWorkingDay", time: "00:30" } })).toEqual([
      { key: "early", kind: "reminder", at: "2023-01-29 09:00" },
      { key: "chase", kind: "chase", at: "2023-01-31 08:30", adjustments: ["quiet_hours"] },
      { key: "escalation", kind: "escalation", at: "2023-02-01 09:00" },
    ]);
  });

  it("a step on a non-working day stays when the due instant is on that same day", () => {
    const ladder: ReminderLadder = [
      { key: "soon", kind: "reminder", offset: { hours: -3 } },
      { key: "late", kind: "chase", offset: { hours: 2 } },
      { key: "next-day", kind: "chase", offset: { hours: 24 } },
    ];
    // A due instant on a holiday (only possible when set by hand): Saturday 21 January 2023, 10:00.
    expect(plan("2023-01-X3", { ladder, dueAt: sh("2023-01-21 10:00") })).toEqual([
      { key: "soon", kind: "reminder", at: "2023-01-21 08:30", adjustments: ["quiet_hours"] },
      { key: "late", kind: "chase", at: "2023-01-21 12:00" },
      { key: "next-day", kind: "chase", at: "2023-01-28 08:30", adjustments: ["non_working_day"] },
    ]);
  });

  it("a working-day step whose time is inside quiet hours moves to moveTo", () => {
    const ladder: ReminderLadder = [
      { key: "night", kind: "reminder", offset: { workingDays: -1, at: "22:00" } },
      { key: "dawn", kind: "reminder", offset: { workingDays: -1, at: "06:00" } },
    ];
    // 2023-01-X2 is due Friday 20 January 17:00; 19 January is a Thursday.
    expect(plan("2023-01-X2", { ladder })).toEqual([
      { key: "dawn", kind: "reminder", at: "2023-01-19 08:30", adjustments: ["quiet_hours"] },
      { key: "night", kind: "reminder", at: "2023-01-20 08:30", adjustments: ["quiet_hours"] },
    ]);
  });

  it("custom quiet hours that do not wrap past midnight", () => {
    const quietHours: QuietHours = quietHoursSchema.parse({ start: "12:00", end: "14:00", moveTo: "14:30" });
    const steps = plan("2023-01-X2", { quietHours, rule: { kind: "lastWorkingDay", time: "15:00" } });
    expect(steps.find((s) => s.key === "before")).toEqual({
      key: "before",
      kind: "reminder",
      at: "2023-01-20 14:30",
      adjustments: ["quiet_hours"],
    });
  });

  it("leaveQuietHours", () => {
    const q = DEFAULT_QUIET_HOURS;
    expect(shanghai(leaveQuietHours(q, sh("2023-03-01 21:00"), SHANGHAI))).toBe("2023-03-02 08:30");
    expect(shanghai(leaveQuietHours(q, sh("2023-03-01 23:59"), SHANGHAI))).toBe("2023-03-02 08:30");
    expect(shanghai(leaveQuietHours(q, sh("2023-03-02 00:00"), SHANGHAI))).toBe("2023-03-02 08:30");
    expect(shanghai(leaveQuietHours(q, sh("2023-03-02 07:59"), SHANGHAI))).toBe("2023-03-02 08:30");
    expect(shanghai(leaveQuietHours(q, sh("2023-03-02 08:00"), SHANGHAI))).toBe("2023-03-02 08:00");
    expect(shanghai(leaveQuietHours(q, sh("2023-03-02 20:59"), SHANGHAI))).toBe("2023-03-02 20:59");
    expect(isInQuietHours(q, sh("2023-03-02 20:59"), SHANGHAI)).toBe(false);
    expect(isInQuietHours(q, sh("2023-03-02 21:00"), SHANGHAI)).toBe(true);
    const lunch = quietHoursSchema.parse({ start: "12:00", end: "14:00", moveTo: "09:00" });
    expect(shanghai(leaveQuietHours(lunch, sh("2023-03-02 12:30"), SHANGHAI))).toBe("2023-03-03 09:00");
  });
});

describe("collisions", () => {
  it("two reminders at one instant: the later in the ladder is dropped", () => {
    // Due at 11:00: "due-day" (09:00) and "before" (2 hours before) coincide.
    const keys = plan("2023-01-X2", { rule: { kind: "lastWorkingDay", time: "11:00" } }).map((s) => `${s.key} ${s.at}`);
    expect(keys).toEqual([
      "early 2023-01-18 09:00",
      "due-day 2023-01-20 09:00",
      "chase 2023-01-20 12:00",
      "escalation 2023-01-28 09:00",
    ]);
  });

  it("steps of different kinds at one instant are both kept, in ladder order", () => {
    const ladder: ReminderLadder = [
      { key: "escalation", kind: "escalation", offset: { workingDays: 1, at: "09:00" } },
      { key: "chase", kind: "chase", offset: { workingDays: 1, at: "09:00" } },
      { key: "early", kind: "reminder", offset: { workingDays: -2, at: "09:00" } },
    ];
    expect(plan("2023-01-X3", { ladder }).map((s) => s.key)).toEqual(["early", "escalation", "chase"]);
  });
});

describe("digest", () => {
  it("defaults to the escalation instant: 09:00 on the next working day", () => {
    const dueAt = dueInstant(parsePeriodId("2023-09-X3"), defaultDueRules.dekad, calendar);
    expect(shanghai(digestAt({ dueAt, calendar }))).toBe("2023-10-07 09:00");
    const escalation = planLadder({ period: parsePeriodId("2023-09-X3"), dueAt, calendar }).at(-1);
    expect(escalation?.at).toEqual(digestAt({ dueAt, calendar, timezone: SHANGHAI }));
  });

  it("takes another offset, moved like a ladder step", () => {
    const dueAt = sh("2023-01-20 17:00");
    expect(shanghai(digestAt({ dueAt, calendar, offset: { hours: 1 } }))).toBe("2023-01-20 18:00");
    expect(shanghai(digestAt({ dueAt, calendar, offset: { hours: 5 } }))).toBe("2023-01-28 08:30");
  });
});

describe("schemas", () => {
  it("ladder: distinct keys, known kinds, one offset form", () => {
    const bad: unknown[] = [
      [
        { key: "a", kind: "reminder", offset: { hours: 1 } },
        { key: "a", kind: "chase", offset: { hours: 2 } },
      ],
      [{ key: "a", kind: "nudge", offset: { hours: 1 } }],
      [{ key: "A b", kind: "reminder", offset: { hours: 1 } }],
      [{ key: "a", kind: "reminder", offset: { hours: 1, workingDays: 1, at: "09:00" } }],
      [{ key: "a", kind: "reminder", offset: { workingDays: 1 } }],
      [{ key: "a", kind: "reminder", offset: { workingDays: 0.5, at: "09:00" } }],
      [{ key: "a", kind: "reminder", offset: { hours: 1000 } }],
    ];
    for (const ladder of bad)
      expect(reminderLadderSchema.safeParse(ladder).success, JSON.stringify(ladder)).toBe(false);
    expect(reminderLadderSchema.parse([])).toEqual([]);
    expect(reminderLadderSchema.parse([{ key: "half", kind: "chase", offset: { hours: 0.5 } }])).toHaveLength(1);
  });

  it("quiet hours: start differs from end, moveTo outside the window", () => {
    expect(quietHoursSchema.safeParse({ start: "21:00", end: "21:00", moveTo: "08:30" }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ start: "21:00", end: "08:00", moveTo: "07:00" }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ start: "21:00", end: "08:00", moveTo: "22:00" }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ start: "21:00", end: "08:00" }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ start: "22:00", end: "07:00", moveTo: "07:00" }).success).toBe(true);
  });
});
