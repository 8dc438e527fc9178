// The StatusStore keeps each group's tasks between calls while the plan revision stays the same;
// the revision is set by triggers, so a task or target changed by another process (here a second
// Prisma client) is what the next /status shows.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
let other: PrismaClient;
let groupId = "";

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  other = createPrismaClient(db.url, 2);
  groupId = (await db.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } })).id;
});
afterAll(async () => {
  await other.$disconnect();
  await db.drop();
});

describe("createStatusStore().groupTasks", () => {
  it("serves the same tasks again while no plan input changed; other writes do not count", async () => {
    const store = createStatusStore(db.prisma);
    const first = await store.groupTasks(groupId);
    expect(first.length).toBeGreaterThan(0);
    await other.auditLog.create({ data: { at: new Date(), actor: "cli", action: "test", entity: "none" } });
    expect(await store.groupTasks(groupId)).toBe(first);
  });

  it("keeps them frozen: a caller cannot change them for the next", async () => {
    const store = createStatusStore(db.prisma);
    const tasks = await store.groupTasks(groupId);
    expect(() => (tasks as unknown as unknown[]).pop()).toThrow(TypeError);
    expect(() => {
      (tasks[0] as { title: string }).title = "changed";
    }).toThrow(TypeError);
    expect(() => tasks[0]!.leadUnits.push({ id: "x", key: "x", name: "x" })).toThrow(TypeError);
    const target = tasks.flatMap((task) => task.targets)[0]!;
    expect(() => {
      (target as { targetValue: number }).targetValue = 0;
    }).toThrow(TypeError);
    expect((await store.groupTasks(groupId))[0]!.title).not.toBe("changed");
  });

  it("shows a task retitled and a target changed by another client at the next call", async () => {
    const store = createStatusStore(db.prisma);
    const before = await store.groupTasks(groupId);
    const task = before.find((t) => t.targets.length > 0)!;
    await other.task.update({ where: { id: task.taskId }, data: { title: "改过的任务名" } });
    const after = await store.groupTasks(groupId);
    expect(after).not.toBe(before);
    expect(after.find((t) => t.taskId === task.taskId)!.title).toBe("改过的任务名");

    const target = task.targets[0]!;
    await other.$executeRaw`UPDATE "Target" SET "targetValue" = 12345 WHERE id = ${target.id}::uuid`;
    const again = await store.groupTasks(groupId);
    const changed = again.find((t) => t.taskId === task.taskId)!.targets.find((g) => g.id === target.id)!;
    expect(changed.targetValue).toBe(12345);
    expect(await store.groupTasks(groupId)).toBe(again);
  });

  it("drops a task deactivated by another client", async () => {
    const store = createStatusStore(db.prisma);
    const before = await store.groupTasks(groupId);
    const gone = before[before.length - 1]!;
    await other.task.update({ where: { id: gone.taskId }, data: { active: false } });
    const after = await store.groupTasks(groupId);
    expect(after.map((t) => t.taskId)).not.toContain(gone.taskId);
    expect(after).toHaveLength(before.length - 1);
  });
});

describe("createStatusStore().reportsAsOf", () => {
  it("reads only the given tasks' reports when asked for some (a contact's or a unit's view)", async () => {
    const store = createStatusStore(db.prisma);
    const period = await db.prisma.period.create({
      data: {
        groupId,
        cycle: "dekad",
        periodKey: "2023-01-X2",
        startsAt: new Date("2023-01-10T16:00:00Z"),
        endsAt: new Date("2023-01-20T16:00:00Z"),
        dueAt: new Date("2023-01-20T09:00:00Z"),
      },
    });
    const tasks = await db.prisma.task.findMany({
      where: { key: { in: ["MS-01", "MS-03"] } },
      include: { units: { where: { role: "lead" }, take: 1 } },
      orderBy: { key: "asc" },
    });
    const at = new Date("2023-01-16T02:00:00Z");
    for (const task of tasks)
      await db.prisma.report.create({
        data: {
          taskId: task.id,
          unitId: task.units[0]!.unitId,
          periodId: period.id,
          version: 1,
          status: "on_track",
          submittedAt: at,
        },
      });
    const all = await store.reportsAsOf([period.id], at);
    expect(new Set(all.map((r) => r.taskId))).toEqual(new Set(tasks.map((t) => t.id)));
    const one = await store.reportsAsOf([period.id], at, [tasks[1]!.id]);
    expect(one.map((r) => r.taskId)).toEqual([tasks[1]!.id]);
    expect(await store.reportsAsOf([period.id], at, [])).toEqual([]);
  });
});
