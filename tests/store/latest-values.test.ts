import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatusStore } from "../../src/store/status-store.js";
import type { PrismaClient } from "../../src/store/client.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// The value /status and the digests show for each target: the latest reported for it, newest
// period first, by the target's lead unit, as of a period and an instant.

let db: TestDatabase;
let prisma: PrismaClient;
const ids = {
  group: "",
  /** dekads of 2023 by key, e.g. "01-X1". */
  periods: new Map<string, string>(),
  task: "",
  /** target of both lead units. */
  shared: "",
  /** target answered by unit B only. */
  ofB: "",
  /** target nobody reported. */
  silent: "",
  unitA: "",
  unitB: "",
};

const DEKADS = ["01-X1", "01-X2", "01-X3", "02-X1", "02-X2", "02-X3", "03-X1", "03-X2", "03-X3", "04-X1"];

/** Start of a 2023 dekad in Shanghai (UTC+8), as the store keeps it. */
function dekadStart(key: string): Date {
  const [month, part] = key.split("-") as [string, string];
  const day = { X1: 1, X2: 11, X3: 21 }[part as "X1" | "X2" | "X3"];
  return new Date(Date.UTC(2023, Number(month) - 1, day) - 8 * 3_600_000);
}

let version = 0;
async function report(
  unitId: string,
  dekad: string,
  submittedAt: string,
  values: Record<string, number>,
  current = true,
): Promise<void> {
  await prisma.report.create({
    data: {
      taskId: ids.task,
      unitId,
      periodId: ids.periods.get(dekad)!,
      version: ++version,
      isCurrent: current,
      status: "on_track",
      submittedAt: new Date(submittedAt),
      values: { create: Object.entries(values).map(([targetId, value]) => ({ targetId, value })) },
    },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  const group = await prisma.workGroup.create({ data: { key: "lv", name: "最新值专班" } });
  const unitA = await prisma.unit.create({ data: { key: "lv-a", name: "甲单位" } });
  const unitB = await prisma.unit.create({ data: { key: "lv-b", name: "乙单位" } });
  const task = await prisma.task.create({
    data: {
      groupId: group.id,
      key: "LV-01",
      title: "最新值任务",
      listKind: "task",
      units: {
        create: [
          { unitId: unitA.id, role: "lead" },
          { unitId: unitB.id, role: "lead" },
        ],
      },
    },
  });
  const target = (key: string, leadUnitId: string | null) =>
    prisma.target.create({
      data: { taskId: task.id, key, metric: key, unitOfMeasure: "个", targetValue: 100, leadUnitId },
    });
  Object.assign(ids, {
    group: group.id,
    task: task.id,
    unitA: unitA.id,
    unitB: unitB.id,
    shared: (await target("shared", null)).id,
    ofB: (await target("ofB", unitB.id)).id,
    silent: (await target("silent", null)).id,
  });
  for (const key of DEKADS) {
    const start = dekadStart(key);
    const period = await prisma.period.create({
      data: {
        groupId: group.id,
        cycle: "dekad",
        periodKey: `2023-${key}`,
        startsAt: start,
        endsAt: new Date(start.getTime() + 10 * 86_400_000),
        dueAt: new Date(start.getTime() + 9 * 86_400_000),
      },
    });
    ids.periods.set(key, period.id);
  }
  // A monthly period starting with 2023-04-X1, where nobody reports.
  await prisma.period.create({
    data: {
      groupId: group.id,
      cycle: "month",
      periodKey: "2023-M04",
      startsAt: dekadStart("04-X1"),
      endsAt: new Date("2023-04-30T16:00:00Z"),
      dueAt: new Date("2023-04-28T09:00:00Z"),
    },
  });

  // ofB: unit B reported it in January only (more than six period starts before April); unit A's
  // later values for it do not count, the target being B's.
  await report(unitB.id, "01-X1", "2023-01-09T08:00:00Z", { [ids.ofB]: 5 });
  await report(unitA.id, "03-X1", "2023-03-09T08:00:00Z", { [ids.ofB]: 99, [ids.shared]: 30 });
  // shared: 02-X2 submitted late, after 03-X1's report; the newer period still wins.
  await report(unitB.id, "02-X2", "2023-03-15T08:00:00Z", { [ids.shared]: 20 });
  // In 03-X2 both units report it: the later submission wins.
  await report(unitA.id, "03-X2", "2023-03-19T08:00:00Z", { [ids.shared]: 41 });
  await report(unitB.id, "03-X2", "2023-03-19T09:00:00Z", { [ids.shared]: 42 });
  // A superseded version is not a value once its correction (without a value for it) is stored.
  await report(unitA.id, "03-X3", "2023-03-29T08:00:00Z", { [ids.shared]: 77 }, false);
  await report(unitA.id, "03-X3", "2023-03-29T09:00:00Z", {});
  // 04-X1 reported after the instant asked about in most cases below.
  await report(unitA.id, "04-X1", "2023-04-09T08:00:00Z", { [ids.shared]: 50 });
});
afterAll(async () => {
  await db.drop();
});

async function latest(periodStartsBy: Date, until: string) {
  const store = createStatusStore(prisma);
  const values = await store.latestValues({
    groupId: ids.group,
    periodStartsBy,
    until: new Date(until),
    targets: [
      { id: ids.shared, taskId: ids.task, leadUnitId: null },
      { id: ids.ofB, taskId: ids.task, leadUnitId: ids.unitB },
      { id: ids.silent, taskId: ids.task, leadUnitId: null },
    ],
  });
  return Object.fromEntries(
    [
      ["shared", ids.shared],
      ["ofB", ids.ofB],
      ["silent", ids.silent],
    ].map(([name, id]) => [name, values.get(id!) ?? null]),
  );
}

describe("latest value per target", () => {
  it("takes the newest period's value, then the latest submission, from the target's own lead unit", async () => {
    // As of 2023-04-X1, on 4 April: 03-X3 only has a superseded version, 04-X1 is not in yet.
    expect(await latest(dekadStart("04-X1"), "2023-04-04T02:00:00Z")).toEqual({ shared: 42, ofB: 5, silent: null });
  });

  // Issue 13: `status --at T` must see the version that stood at T, not a correction stored later.
  it("takes the version that stood at the instant, before a later correction", async () => {
    expect(await latest(dekadStart("04-X1"), "2023-03-29T08:30:00Z")).toEqual({ shared: 77, ofB: 5, silent: null });
  });

  it("counts a report once it is submitted", async () => {
    expect(await latest(dekadStart("04-X1"), "2023-04-10T02:00:00Z")).toEqual({ shared: 50, ofB: 5, silent: null });
  });

  it("ignores periods that start after the period asked about", async () => {
    // The 03-X1 digest, built in April: 03-X2 and later do not count; 02-X2's late value is older.
    expect(await latest(dekadStart("03-X1"), "2023-04-10T02:00:00Z")).toEqual({ shared: 30, ofB: 5, silent: null });
    // The 02-X3 digest: 02-X2's value, submitted in March, counts by then.
    expect(await latest(dekadStart("02-X3"), "2023-04-10T02:00:00Z")).toEqual({ shared: 20, ofB: 5, silent: null });
  });

  it("answers nothing before the first value", async () => {
    expect(await latest(dekadStart("01-X2"), "2023-01-05T02:00:00Z")).toEqual({
      shared: null,
      ofB: null,
      silent: null,
    });
  });
});
