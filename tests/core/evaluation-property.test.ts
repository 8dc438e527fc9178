import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDigest } from "../../src/core/digest/build-digest.js";
import { evaluateGroup, evaluationToJson, rankUnits } from "../../src/core/evaluation/index.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { parsePeriodId } from "../../src/domain/time/periods.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// For random report histories (versions, corrections, late reports) and random instants: /status's
// evaluation and the 旬简报 agree on every count and light, and an evaluation as of T is the same
// whether the reports stored after T exist yet or not.
let db: TestDatabase;
const calendar = createWorkCalendar();
const PERIOD = parsePeriodId("2023-01-X2"); // 1月11日-20日, due 1月20日 17:00 (09:00Z)
const DUE = Date.parse("2023-01-20T09:00:00Z");
const ids = {
  group: "",
  period: "",
  units: [] as string[],
  tasks: [] as { id: string; target: string; lead: string }[],
};

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  const group = await p.workGroup.create({ data: { key: "prop", name: "性质专班" } });
  ids.group = group.id;
  for (let u = 0; u < 3; u++) {
    ids.units.push((await p.unit.create({ data: { key: `pu${u}`, name: `单位${u}` } })).id);
  }
  for (let k = 0; k < 4; k++) {
    const lead = ids.units[k % 3]!;
    const task = await p.task.create({
      data: {
        groupId: group.id,
        key: `P-0${k}`,
        title: `任务${k}`,
        listKind: "task",
        startDate: new Date("2023-01-01"),
        endDate: new Date("2023-12-31"),
        units: { create: { unitId: lead, role: "lead" } },
        targets: {
          create: {
            key: "v",
            metric: `指标${k}`,
            unitOfMeasure: "个",
            targetValue: 100,
            kind: k === 3 ? "level" : "cumulative",
          },
        },
      },
      include: { targets: true },
    });
    ids.tasks.push({ id: task.id, target: task.targets[0]!.id, lead });
  }
  ids.period = (
    await p.period.create({
      data: {
        groupId: group.id,
        cycle: "dekad",
        periodKey: "2023-01-X2",
        startsAt: new Date("2023-01-10T16:00:00Z"),
        endsAt: new Date("2023-01-20T16:00:00Z"),
        dueAt: new Date(DUE),
      },
    })
  ).id;
});
afterAll(async () => {
  await db.drop();
});

interface Version {
  task: number;
  minutes: number;
  value: number;
  status: "on_track" | "at_risk" | "behind" | "done";
}
// Instants from 1月11日 00:00 to 1月25日 (minutes after 2023-01-10T16:00Z).
const SPAN = 14 * 24 * 60;
const START = Date.parse("2023-01-10T16:00:00Z");
const version = fc.record({
  task: fc.integer({ min: 0, max: 3 }),
  minutes: fc.integer({ min: 0, max: SPAN }),
  value: fc.integer({ min: 0, max: 150 }),
  status: fc.constantFrom("on_track", "at_risk", "behind", "done"),
});

async function store(history: readonly Version[]) {
  const p = db.prisma;
  await p.report.deleteMany({ where: { periodId: ids.period } });
  const sorted = [...history].sort((a, b) => a.minutes - b.minutes);
  const versions = new Map<number, number>();
  for (const v of sorted) {
    const t = ids.tasks[v.task]!;
    const n = (versions.get(v.task) ?? 0) + 1;
    versions.set(v.task, n);
    const submittedAt = new Date(START + v.minutes * 60_000);
    await p.report.updateMany({ where: { taskId: t.id, periodId: ids.period }, data: { isCurrent: false } });
    await p.report.create({
      data: {
        taskId: t.id,
        unitId: t.lead,
        periodId: ids.period,
        version: n,
        status: v.status,
        progress: "进展",
        submittedAt,
        isLate: submittedAt.getTime() > DUE,
        values: { create: { targetId: t.target, value: v.value } },
      },
    });
  }
}

function deps() {
  return { status: createStatusStore(db.prisma), reports: createReportStore(db.prisma), calendar };
}

describe("one evaluation, whatever the history", () => {
  it("/status and the 旬简报 agree on every count and light; reports after T change nothing at T", async () => {
    const group = (await createStatusStore(db.prisma).findGroup("prop"))!;
    await fc.assert(
      fc.asyncProperty(
        fc.array(version, { maxLength: 8 }),
        fc.integer({ min: 0, max: SPAN }),
        async (history, atMinutes) => {
          const at = new Date(START + atMinutes * 60_000);
          // What the office saw at T: only the versions stored by then existed.
          await store(history.filter((v) => START + v.minutes * 60_000 <= at.getTime()));
          const then = evaluationToJson(await evaluateGroup(deps(), group, at, { period: PERIOD }));
          // Later: every version exists; asked as of T, the answer must be the same.
          await store(history);
          const status = await evaluateGroup(deps(), group, at, { period: PERIOD });
          expect(evaluationToJson(status)).toEqual(then);
          const digest = await buildDigest(deps(), group, PERIOD, at, "zh-CN");
          expect(digest.headline).toEqual({ tasks: status.tasks.length, ...status.counts, lights: status.lights });
          expect(digest.tasks.map((t) => [t.key, t.light])).toEqual(status.tasks.map((t) => [t.task.key, t.light]));
          expect(digest.tasks.flatMap((t) => t.targets.map((x) => x.light))).toEqual(
            status.tasks.flatMap((t) => t.targets.map((x) => x.light)),
          );
          // Timeliness is the first version's: on time iff it was stored by the deadline.
          for (const t of status.tasks) {
            const index = ids.tasks.findIndex((x) => x.id === t.task.taskId);
            const stored = history.filter((v) => v.task === index && START + v.minutes * 60_000 <= at.getTime());
            const first = Math.min(...stored.map((v) => START + v.minutes * 60_000));
            const expected =
              stored.length === 0 ? (at.getTime() > DUE ? "missing" : "pending") : first <= DUE ? "on_time" : "late";
            expect(t.units[0]?.timeliness).toBe(expected);
            expect(t.units[0]?.corrected).toBe(stored.length > 1);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 600_000);
});

describe("rankUnits", () => {
  const unit = (name: string) => ({ id: name, key: name, name });
  const counts = (onTime: number, late: number, missing: number, pending = 0) => ({
    expected: onTime + late + missing + pending,
    reported: onTime + late,
    onTime,
    late,
    missing,
    pending,
    corrected: 0,
  });
  // Issue 13: missing reports were ignored (`1 国网湖南省电力公司 0 0 18`) and ties got distinct ranks.
  it("counts missing reports and gives ties one rank (1, 2, 2, 4)", () => {
    const ranked = rankUnits([
      { unit: unit("电力"), counts: counts(0, 0, 18) },
      { unit: unit("残联"), counts: counts(9, 0, 0) },
      { unit: unit("民政"), counts: counts(3, 2, 1) },
      { unit: unit("人社"), counts: counts(3, 2, 1) },
      { unit: unit("教育"), counts: counts(0, 0, 0, 2) },
    ]);
    expect(ranked.map((r) => [r.rank, r.unit.name])).toEqual([
      [1, "残联"],
      [2, "民政"],
      [2, "人社"],
      [4, "电力"],
      [5, "教育"],
    ]);
    expect(ranked[3]?.score).toBe(0);
    expect(ranked[4]?.score).toBeNull();
  });
});
