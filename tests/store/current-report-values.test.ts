import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LatestValuesQuery } from "../../src/core/status/ports.js";
import type { PrismaClient } from "../../src/store/client.js";
import { latestCurrentValues, latestValues, latestValuesBySearch } from "../../src/store/latest-values.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// CurrentReportValue (the values of current report versions, kept by the database's triggers) must
// always be what a full recomputation from Report and ReportValue gives, whatever series of reports,
// corrections (with values added, changed or dropped) and deletions wrote them; and each target's
// latest value read from it must be the one the search over the stored reports finds, as of any
// period and any instant.

let db: TestDatabase;
let prisma: PrismaClient;
const ids = {
  group: "",
  contact: "",
  units: [] as string[],
  /** Per task: its lead units (indexes into units) and its targets (key, id, own lead unit or null). */
  tasks: [] as { id: string; leads: number[]; targets: { key: string; id: string; lead: string | null }[] }[],
  /** Periods in start order; two of them start at the same instant (a 旬 and its month). */
  periods: [] as { id: string; startsAt: Date }[],
};
const START = Date.parse("2023-01-01T00:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  const group = await prisma.workGroup.create({ data: { key: "crv", name: "当前值专班" } });
  ids.group = group.id;
  for (let u = 0; u < 3; u++) {
    ids.units.push((await prisma.unit.create({ data: { key: `crv-u${u}`, name: `单位${u}` } })).id);
  }
  ids.contact = (await prisma.contact.create({ data: { key: "crv-c", name: "报送人" } })).id;
  const layout = [
    { leads: [0], targets: [null, 0] },
    { leads: [0, 1], targets: [null, 1] },
    { leads: [2], targets: [null] },
  ];
  for (const [k, spec] of layout.entries()) {
    const task = await prisma.task.create({
      data: {
        groupId: group.id,
        key: `CRV-${k}`,
        title: `任务${k}`,
        listKind: "task",
        units: { create: spec.leads.map((u) => ({ unitId: ids.units[u]!, role: "lead" as const })) },
      },
    });
    const targets = [];
    for (const [t, lead] of spec.targets.entries()) {
      const leadUnitId = lead === null ? null : ids.units[lead]!;
      const target = await prisma.target.create({
        data: { taskId: task.id, key: `t${t}`, metric: `指标${t}`, unitOfMeasure: "个", targetValue: 100, leadUnitId },
      });
      targets.push({ key: target.key, id: target.id, lead: leadUnitId });
    }
    ids.tasks.push({ id: task.id, leads: spec.leads, targets });
  }
  const dekad = (n: number) => new Date(START + n * 10 * 86_400_000);
  const periods = [
    { cycle: "dekad" as const, periodKey: "2023-01-X1", startsAt: dekad(0) },
    { cycle: "dekad" as const, periodKey: "2023-01-X2", startsAt: dekad(1) },
    { cycle: "dekad" as const, periodKey: "2023-01-X3", startsAt: dekad(2) },
    { cycle: "dekad" as const, periodKey: "2023-02-X1", startsAt: dekad(3) },
    { cycle: "month" as const, periodKey: "2023-M02", startsAt: dekad(3) },
  ];
  for (const p of periods) {
    const row = await prisma.period.create({
      data: { groupId: group.id, ...p, endsAt: dekad(5), dueAt: dekad(4) },
    });
    ids.periods.push({ id: row.id, startsAt: row.startsAt });
  }
});
afterAll(async () => {
  await db.drop();
});

type Step =
  | { kind: "save"; task: number; lead: number; period: number; after: number; values: (number | null)[] }
  | { kind: "delete"; task: number; lead: number; period: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("save" as const),
      task: fc.nat(2),
      lead: fc.nat(1),
      period: fc.nat(4),
      // Minutes after the previous step: equal submission instants happen (ties are broken by id).
      after: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      values: fc.array(fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }), { minLength: 2, maxLength: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("delete" as const), task: fc.nat(2), lead: fc.nat(1), period: fc.nat(4) }),
  },
);

/** Runs the steps, reports through the store as the bot saves them; returns the instant of each save. */
async function run(steps: readonly Step[]): Promise<Date[]> {
  await prisma.report.deleteMany({ where: { task: { groupId: ids.group } } });
  const reports = createReportStore(prisma);
  const instants: Date[] = [];
  let clock = START;
  for (const s of steps) {
    const task = ids.tasks[s.task]!;
    const unitId = ids.units[task.leads[s.lead % task.leads.length]!]!;
    const periodId = ids.periods[s.period]!.id;
    if (s.kind === "delete") {
      // As a task's or a period's deletion does: every version goes, by cascade or directly.
      await prisma.report.deleteMany({ where: { taskId: task.id, unitId, periodId } });
      continue;
    }
    clock += s.after * 60_000;
    const submittedAt = new Date(clock);
    instants.push(submittedAt);
    // A unit gives values only for the targets it answers for (the task's own or its own ones).
    const mine = task.targets.filter((t) => t.lead === null || t.lead === unitId);
    const values = mine.flatMap((t, i) => {
      const value = s.values[i];
      return value === null || value === undefined ? [] : [{ targetKey: t.key, value }];
    });
    await reports.saveReport({
      taskId: task.id,
      unitId,
      periodId,
      draft: { values, status: "on_track", progress: "进展", problems: "", nextSteps: "", coordinationNeeded: "" },
      targetIds: Object.fromEntries(task.targets.map((t) => [t.key, t.id])),
      submittedByContactId: ids.contact,
      submittedAt,
      isLate: false,
      source: { platform: "telegram", chatId: "1" },
    });
  }
  return instants;
}

type Row = {
  reportId: string;
  targetId: string;
  taskId: string;
  unitId: string;
  startsAt: string;
  at: string;
  value: string;
};

async function tableRows(): Promise<Row[]> {
  return prisma.$queryRaw<Row[]>`
    SELECT "reportId"::text AS "reportId", "targetId"::text AS "targetId", "taskId"::text AS "taskId",
           "unitId"::text AS "unitId", "periodId"::text AS "periodId", "periodStartsAt"::text AS "startsAt", "submittedAt"::text AS at, value::text AS value
    FROM "CurrentReportValue" ORDER BY 1, 2`;
}

async function recomputed(): Promise<Row[]> {
  return prisma.$queryRaw<Row[]>`
    SELECT r.id::text AS "reportId", v."targetId"::text AS "targetId", r."taskId"::text AS "taskId",
           r."unitId"::text AS "unitId", r."periodId"::text AS "periodId", p."startsAt"::text AS "startsAt", r."submittedAt"::text AS at, v.value::text AS value
    FROM "Report" r JOIN "ReportValue" v ON v."reportId" = r.id JOIN "Period" p ON p.id = r."periodId"
    WHERE r."isCurrent" ORDER BY 1, 2`;
}

function query(periodStartsBy: Date, until: Date): LatestValuesQuery {
  return {
    groupId: ids.group,
    periodStartsBy,
    until,
    targets: ids.tasks.flatMap((task) => task.targets.map((t) => ({ id: t.id, taskId: task.id, leadUnitId: t.lead }))),
  };
}

describe("CurrentReportValue", () => {
  it("equals a full recomputation after any series of reports, corrections and deletions", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        await run(steps);
        expect(await tableRows()).toEqual(await recomputed());
      }),
      { numRuns: 25 },
    );
  }, 600_000);

  it("gives each target the latest value the search over the stored reports finds, as of any period and instant", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.nat(5),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (steps, periodIndex, when) => {
          const instants = await run(steps);
          // Period starts: each period's, and one before them all.
          const startsBy = ids.periods[periodIndex]?.startsAt ?? new Date(START - 1);
          const now = new Date(Math.max(START, ...instants.map((d) => d.getTime())));
          const search = await latestValuesBySearch(prisma, query(startsBy, now));
          expect(await latestCurrentValues(prisma, query(startsBy, now))).toEqual(search);
          expect(await latestValues(prisma, query(startsBy, now))).toEqual(search);
          // As of an earlier instant (`status --at`): versions stored later do not count.
          const at = new Date(START + Math.floor(when * (now.getTime() - START)));
          expect(await latestValues(prisma, query(startsBy, at))).toEqual(
            await latestValuesBySearch(prisma, query(startsBy, at)),
          );
        },
      ),
      { numRuns: 25 },
    );
  }, 600_000);

  it("gives reportsAsOf each report's newest version by any instant, with its first time, count and values", async () => {
    // The reports as of an instant, recomputed plainly from every stored version and its values.
    const recomputedAsOf = async (until: Date) => {
      const versions = await prisma.report.findMany({
        where: { task: { groupId: ids.group }, submittedAt: { lte: until } },
        include: { values: true, period: true },
      });
      const byDuty = new Map<string, typeof versions>();
      for (const v of versions) {
        const key = `${v.taskId}|${v.unitId}|${v.periodId}`;
        byDuty.set(key, [...(byDuty.get(key) ?? []), v]);
      }
      return [...byDuty.values()].map((all) => {
        const newest = all.reduce((a, b) => (b.version > a.version ? b : a));
        return {
          taskId: newest.taskId,
          unitId: newest.unitId,
          periodId: newest.periodId,
          periodKey: newest.period.periodKey,
          periodStartsAt: newest.period.startsAt,
          version: newest.version,
          status: newest.status,
          submittedAt: newest.submittedAt,
          firstSubmittedAt: new Date(Math.min(...all.map((v) => v.submittedAt.getTime()))),
          versions: all.length,
          progress: newest.progress,
          problems: newest.problems,
          nextSteps: newest.nextSteps,
          coordinationNeeded: newest.coordinationNeeded,
          values: newest.values
            .map((v) => ({ targetId: v.targetId, value: Number(v.value) }))
            .sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0)),
        };
      });
    };
    const byDuty = <T extends { taskId: string; unitId: string; periodId: string }>(rows: T[]) =>
      [...rows].sort((a, b) =>
        `${a.taskId}|${a.unitId}|${a.periodId}`.localeCompare(`${b.taskId}|${b.unitId}|${b.periodId}`),
      );
    const store = createStatusStore(prisma);
    const periodIds = ids.periods.map((p) => p.id);
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        // Submission instants with milliseconds, which must come back exact.
        fc.integer({ min: 0, max: 999 }),
        async (steps, when, ms) => {
          const instants = await run(steps);
          await prisma.$executeRaw`UPDATE "Report" SET "submittedAt" = "submittedAt" + make_interval(secs => ${ms / 1000})`;
          const now = new Date(Math.max(START, ...instants.map((d) => d.getTime())) + ms);
          const at = new Date(START + Math.floor(when * (now.getTime() - START)));
          for (const until of [now, at]) {
            expect(byDuty(await store.reportsAsOf(periodIds, until))).toEqual(byDuty(await recomputedAsOf(until)));
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 600_000);

  it("is filled for the reports already stored when rebuilt, as the migration does", async () => {
    await run([
      { kind: "save", task: 1, lead: 0, period: 0, after: 0, values: [5, null] },
      { kind: "save", task: 1, lead: 1, period: 1, after: 60, values: [7, 9] },
      { kind: "save", task: 1, lead: 1, period: 1, after: 60, values: [8, null] },
    ]);
    await prisma.$executeRaw`DELETE FROM "CurrentReportValue"`;
    expect(await tableRows()).toEqual([]);
    await prisma.$executeRaw`SELECT "rebuild_current_report_values"()`;
    const rows = await tableRows();
    expect(rows).toEqual(await recomputed());
    expect(rows.map((r) => r.value).sort()).toEqual(["5.0000", "8.0000"]);
  });
});
