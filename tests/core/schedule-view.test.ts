import { describe, expect, it } from "vitest";
import type { PlanItem } from "../../src/core/plan/plan-at.js";
import { scheduleDays, SCHEDULE_DAYS } from "../../src/core/web/schedule-view.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";

const calendar = createWorkCalendar();
const dueAt = new Date("2023-01-20T09:00:00Z"); // 17:00 China time, 1月中旬's deadline
const item = (over: Partial<PlanItem>): PlanItem => ({
  kind: "reminder",
  stage: "due-day",
  group: "g",
  groupId: "g-id",
  cycle: "dekad",
  period: "2023-01-X2",
  dueAt,
  at: new Date("2023-01-20T01:00:00Z"),
  ...over,
});

describe("the 日程 calendar of the next 30 days", () => {
  const window = {
    from: new Date("2023-01-16T02:00:00Z"),
    to: new Date("2023-02-15T02:00:00Z"),
    timezone: "Asia/Shanghai",
    calendar,
  };

  it("lists 30 local days with what the work calendar says of each", () => {
    const days = scheduleDays([], window);
    expect(days).toHaveLength(SCHEDULE_DAYS);
    expect(days[0]!.date).toBe("2023-01-16");
    expect(days.find((d) => d.date === "2023-01-23")!.day.kind).toBe("holiday");
    expect(days.find((d) => d.date === "2023-01-28")!.day.kind).toBe("makeUpWorkday");
    expect(days.every((d) => d.entries.length === 0)).toBe(true);
  });

  it("groups a step's (task, unit) items into one entry with their count, and puts the deadline on its day", () => {
    const days = scheduleDays(
      [
        item({ task: "A", unit: "u1" }),
        item({ task: "B", unit: "u2" }),
        item({ kind: "chase", stage: "chase", at: new Date("2023-01-20T10:00:00Z"), task: "A", unit: "u1" }),
        item({ kind: "escalation", stage: "escalation", at: new Date("2023-01-28T01:00:00Z") }),
      ],
      window,
    );
    const friday = days.find((d) => d.date === "2023-01-20")!.entries;
    expect(friday.map((e) => [e.kind, e.duties])).toEqual([
      ["reminder", 2],
      ["deadline", 0],
      ["chase", 1],
    ]);
    expect(friday[1]!.at).toEqual(dueAt);
    expect(days.find((d) => d.date === "2023-01-28")!.entries.map((e) => e.kind)).toEqual(["escalation"]);
  });

  it("leaves out a deadline outside the window (its steps may still fall inside)", () => {
    const late = new Date("2023-02-20T09:00:00Z");
    const days = scheduleDays([item({ dueAt: late, at: new Date("2023-02-14T01:00:00Z") })], window);
    expect(days.flatMap((d) => d.entries).map((e) => e.kind)).toEqual(["reminder"]);
  });
});
