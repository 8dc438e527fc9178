// planAt is pure: these tests build groups, settings and tasks in memory (no database).

import { describe, expect, it } from "vitest";
import { comparePlanItems, planAt, type PlanItem } from "../../src/core/plan/plan-at.js";
import { periodsInRange } from "../../src/core/plan/periods-in-range.js";
import type { GroupPlanInput } from "../../src/core/plan/ports.js";
import type { CycleSettingRow } from "../../src/core/reports/ports.js";
import type { GroupTask } from "../../src/core/status/ports.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import type { Cycle } from "../../src/domain/time/periods.js";
import { localDateTimeOf, zonedInstant } from "../../src/domain/time/zoned.js";

const calendar = createWorkCalendar();
const SHANGHAI = "Asia/Shanghai";
const HOUR = 3_600_000;

/** Shanghai wall-clock `YYYY-MM-DD HH:mm` as an instant, and back. */
const sh = (text: string) => zonedInstant(text.slice(0, 10), text.slice(11), SHANGHAI);
const local = (instant: Date, timezone = SHANGHAI) => {
  const l = localDateTimeOf(instant, timezone);
  return `${l.date} ${l.time}`;
};

function setting(cycle: Cycle, extra: Partial<CycleSettingRow> = {}): CycleSettingRow {
  return { cycle, enabled: true, dueRule: null, ladder: null, quietHours: null, ...extra };
}

function task(key: string, leads: string[], extra: Partial<GroupTask> = {}): GroupTask {
  return {
    taskId: `id-${key}`,
    key,
    title: `任务 ${key}`,
    startDate: null,
    endDate: "2023-12-31",
    cycles: [],
    leadUnits: leads.map((u) => ({ id: `id-${u}`, key: u, name: `单位 ${u}` })),
    targets: [],
    ...extra,
  };
}

function group(key: string, tasks: GroupTask[], settings = [setting("dekad"), setting("month"), setting("quarter")]) {
  const input: GroupPlanInput = {
    group: { id: `id-${key}`, key, name: `${key} 专班`, timezone: SHANGHAI },
    settings,
    tasks,
  };
  return input;
}

const minsheng = group("minsheng", [
  task("T-01", ["edu", "hrss"]),
  task("T-02", ["health"]),
  task("T-03", ["women"], { cycles: ["month"] }),
  task("T-04", []),
  task("T-05", ["finance"], { endDate: "2023-01-15" }),
]);

const plan = (groups: GroupPlanInput[], from: string, window = 1) =>
  planAt({ groups, calendar, from: sh(from), to: new Date(sh(from).getTime() + window * HOUR) });

const summary = (items: PlanItem[]) =>
  items.map((i) => [local(i.at), i.kind, i.stage, i.period, i.task ?? "-", i.unit ?? "-"].join(" "));

describe("planAt", () => {
  it("lists the early reminders of 2023-01-X2, two working days before the 01-20 17:00 deadline", () => {
    const items = plan([minsheng], "2023-01-18 09:00");
    expect(summary(items)).toEqual([
      "2023-01-18 09:00 reminder early 2023-01-X2 T-01 edu",
      "2023-01-18 09:00 reminder early 2023-01-X2 T-01 hrss",
      "2023-01-18 09:00 reminder early 2023-01-X2 T-02 health",
      "2023-01-18 09:00 reminder early 2023-01-X2 T-05 finance",
    ]);
    expect(items[0]).toEqual({
      kind: "reminder",
      stage: "early",
      group: "minsheng",
      groupId: "id-minsheng",
      cycle: "dekad",
      period: "2023-01-X2",
      task: "T-01",
      taskId: "id-T-01",
      unit: "edu",
      unitId: "id-edu",
      dueAt: sh("2023-01-20 17:00"),
      at: sh("2023-01-18 09:00"),
    });
  });

  it("places the rest of the ladder: due-day, 2 hours before, the chase an hour after", () => {
    expect(summary(plan([minsheng], "2023-01-20 09:00")).map((s) => s.slice(0, 36))).toEqual(
      Array(4).fill("2023-01-20 09:00 reminder due-day 20"),
    );
    expect(new Set(plan([minsheng], "2023-01-20 15:00").map((i) => `${local(i.at)} ${i.stage}`))).toEqual(
      new Set(["2023-01-20 15:00 before"]),
    );
    const chases = plan([minsheng], "2023-01-20 18:00");
    expect(chases).toHaveLength(4);
    expect(chases.every((i) => i.kind === "chase" && i.stage === "chase" && i.period === "2023-01-X2")).toBe(true);
  });

  it("escalates and posts the digest at 09:00 on the next working day: the 春节 make-up Saturday 01-28", () => {
    expect(plan([minsheng], "2023-01-21 00:00", 7 * 24).filter((i) => i.kind !== "reminder")).toEqual([]);
    expect(summary(plan([minsheng], "2023-01-28 09:00"))).toEqual([
      "2023-01-28 09:00 escalation escalation 2023-01-X2 - -",
      "2023-01-28 09:00 digest digest 2023-01-X2 - -",
    ]);
    expect(summary(plan([minsheng], "2023-01-30 09:00"))).toEqual([]);
  });

  it("reminds a task on its own cycle: T-03 reports monthly, T-05 not after its end date", () => {
    const january = plan([minsheng], "2023-01-21 00:00", 11 * 24);
    expect(summary(january.filter((i) => i.task === "T-03"))).toEqual([
      "2023-01-29 09:00 reminder early 2023-M01 T-03 women",
      "2023-01-31 09:00 reminder due-day 2023-M01 T-03 women",
      "2023-01-31 15:00 reminder before 2023-M01 T-03 women",
      "2023-01-31 18:00 chase chase 2023-M01 T-03 women",
    ]);
    expect(january.filter((i) => i.task === "T-05")).toEqual([]);
    expect(january.filter((i) => i.task === "T-01" && i.period === "2023-01-X3")).toHaveLength(8);
  });

  it("covers a year: each stage once per (period, task, unit), nothing for tasks without lead units", () => {
    const items = planAt({
      groups: [minsheng],
      calendar,
      from: sh("2023-01-01 00:00"),
      to: sh("2024-02-01 00:00"),
    });
    const keys = items.map((i) => [i.period, i.task ?? "", i.unit ?? "", i.stage].join("|"));
    expect(new Set(keys).size).toBe(keys.length);
    expect(items.some((i) => i.task === "T-04")).toBe(false);
    // T-01 has two lead units and reports on 36 dekads, three reminders and a chase each.
    const t01 = items.filter((i) => i.task === "T-01");
    expect(t01.filter((i) => i.kind === "reminder")).toHaveLength(36 * 2 * 3);
    expect(t01.filter((i) => i.kind === "chase")).toHaveLength(36 * 2);
    // Escalations for 旬 (T-01, T-02) and months (T-03); digests for every 旬, month and quarter.
    expect(items.filter((i) => i.kind === "escalation").map((i) => i.cycle)).toEqual(
      expect.arrayContaining(["dekad", "month"]),
    );
    expect(items.filter((i) => i.kind === "escalation" && i.cycle === "quarter")).toEqual([]);
    const digests = items.filter((i) => i.kind === "digest");
    expect(digests.filter((i) => i.cycle === "dekad").length).toBeGreaterThanOrEqual(36);
    expect(digests.filter((i) => i.cycle === "month").length).toBeGreaterThanOrEqual(12);
    expect(digests.filter((i) => i.period.endsWith("Q3")).map((i) => local(i.at))).toEqual(["2023-10-12 09:00"]);
    expect(digests.filter((i) => i.period === "2023-Q4").map((i) => local(i.at))).toEqual(["2024-01-09 09:00"]);
    expect([...items].sort(comparePlanItems)).toEqual(items);
  });

  it("gives the same items for one long window as for its hours one by one (春节 and 国庆 included)", () => {
    for (const start of ["2023-01-17 00:00", "2023-09-26 00:00"]) {
      const whole = plan([minsheng], start, 14 * 24);
      const hourly = Array.from({ length: 14 * 24 }, (_, h) =>
        planAt({
          groups: [minsheng],
          calendar,
          from: new Date(sh(start).getTime() + h * HOUR),
          to: new Date(sh(start).getTime() + (h + 1) * HOUR),
        }),
      ).flat();
      expect(hourly).toEqual(whole);
      expect(whole.length).toBeGreaterThan(20);
    }
  });

  it("sorts across groups by time, then group, task and unit", () => {
    const other = group("anquan", [task("A-01", ["safety"])]);
    const items = plan([minsheng, other], "2023-01-18 09:00");
    expect(items.map((i) => `${i.group} ${i.task} ${i.unit}`)).toEqual([
      "anquan A-01 safety",
      "minsheng T-01 edu",
      "minsheng T-01 hrss",
      "minsheng T-02 health",
      "minsheng T-05 finance",
    ]);
  });

  it("orders items of two cycles due at the same instant by task, not by cycle", () => {
    // 2023-01-31 is the due day of both 2023-01-X3 and 2023-M01: due-day reminders at 09:00 for both.
    const mixed = group("mixed", [
      task("A", ["edu"]),
      task("B", ["women"], { cycles: ["month"] }),
      task("C", ["health"]),
    ]);
    expect(summary(plan([mixed], "2023-01-31 09:00"))).toEqual([
      "2023-01-31 09:00 reminder due-day 2023-01-X3 A edu",
      "2023-01-31 09:00 reminder due-day 2023-M01 B women",
      "2023-01-31 09:00 reminder due-day 2023-01-X3 C health",
    ]);
  });

  it("gives the same items for frozen inputs, which it reuses between calls, as for fresh ones", () => {
    const freeze = <T>(value: T): T => {
      if (value !== null && typeof value === "object") {
        for (const inner of Object.values(value)) freeze(inner);
        Object.freeze(value);
      }
      return value;
    };
    const fresh = () =>
      group(
        "minsheng",
        minsheng.tasks.map((t) => ({ ...t, leadUnits: [...t.leadUnits] })),
      );
    const kept = freeze(fresh());
    for (const [from, hours] of [
      ["2023-01-18 09:00", 1],
      ["2023-01-20 00:00", 24],
      ["2023-01-28 09:00", 1],
      ["2023-01-18 09:00", 1],
    ] as const) {
      expect(plan([kept], from, hours)).toEqual(plan([fresh()], from, hours));
    }
  });

  it("follows the group's settings: a custom ladder, quiet hours, due rule and disabled cycles", () => {
    const custom = group(
      "custom",
      [task("C-01", ["edu"])],
      [
        setting("dekad", { enabled: false }),
        setting("month", {
          dueRule: { kind: "fixedDayOfMonth", day: 5, shift: "next", monthOffset: 1, time: "12:00" },
          ladder: [
            { key: "eve", kind: "reminder", offset: { hours: -14 } },
            { key: "late", kind: "chase", offset: { hours: 3 } },
          ],
          quietHours: { start: "22:00", end: "07:00", moveTo: "07:30" },
        }),
      ],
    );
    // 2023-M01 is due on 2023-02-06 (the 5th is a Sunday) at 12:00; "eve" is 22:00 the day before,
    // a quiet Sunday evening, so it moves to 07:30 on the due day itself.
    const items = planAt({ groups: [custom], calendar, from: sh("2023-02-01 00:00"), to: sh("2023-02-10 00:00") });
    expect(summary(items)).toEqual([
      "2023-02-06 07:30 reminder eve 2023-M01 C-01 edu",
      "2023-02-06 15:00 chase late 2023-M01 C-01 edu",
      "2023-02-07 09:00 digest digest 2023-M01 - -",
    ]);
    expect(items[0]?.dueAt).toEqual(sh("2023-02-06 12:00"));
  });

  it("reads the window and places steps in the group's own timezone", () => {
    const tokyo: GroupPlanInput = { ...minsheng, group: { ...minsheng.group, timezone: "Asia/Tokyo" } };
    const items = planAt({
      groups: [tokyo],
      calendar,
      from: new Date("2023-01-18T00:00:00Z"),
      to: new Date("2023-01-18T01:00:00Z"),
    });
    expect(items.map((i) => local(i.at, "Asia/Tokyo"))).toEqual(Array(4).fill("2023-01-18 09:00"));
    expect(items[0]?.dueAt).toEqual(new Date("2023-01-20T08:00:00Z"));
  });

  it("gives nothing for an empty window or a group without enabled cycles", () => {
    expect(plan([minsheng], "2023-01-18 09:00", 0)).toEqual([]);
    const off = group("off", [task("X", ["edu"])], [setting("dekad", { enabled: false })]);
    expect(plan([off], "2023-01-18 09:00")).toEqual([]);
    expect(() => planAt({ groups: [], calendar, from: new Date(NaN), to: new Date() })).toThrow(RangeError);
  });
});

describe("periodsInRange", () => {
  it("lists 旬, then months, then quarters of the enabled cycles with their due instants", () => {
    const periods = periodsInRange({
      timezone: SHANGHAI,
      settings: [setting("quarter"), setting("dekad"), setting("month", { enabled: false })],
      calendar,
      fromDate: "2023-09-25",
      toDate: "2023-10-05",
    });
    expect(periods.map((p) => [p.id, p.label, local(p.start), local(p.end), local(p.dueAt)])).toEqual([
      ["2023-09-X3", "2023年9月下旬", "2023-09-21 00:00", "2023-10-01 00:00", "2023-09-28 17:00"],
      ["2023-10-X1", "2023年10月上旬", "2023-10-01 00:00", "2023-10-11 00:00", "2023-10-10 17:00"],
      ["2023-Q3", "2023年第三季度", "2023-07-01 00:00", "2023-10-01 00:00", "2023-10-11 17:00"],
      ["2023-Q4", "2023年第四季度", "2023-10-01 00:00", "2024-01-01 00:00", "2024-01-08 17:00"],
    ]);
  });
});
