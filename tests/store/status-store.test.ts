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
