// The PlanStore keeps the plan inputs between calls while the database's plan revision stays the
// same; the revision is set by triggers, so a write by any client or tool, even plain SQL, counts.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { createPlanStore } from "../../src/store/plan-store.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
let other: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  other = createPrismaClient(db.url, 2);
});
afterAll(async () => {
  await other.$disconnect();
  await db.drop();
});

describe("createPlanStore().groupsWithSettings", () => {
  it("serves the same inputs again while no plan input changed; other writes do not count", async () => {
    const store = createPlanStore(db.prisma);
    const first = await store.groupsWithSettings();
    await other.auditLog.create({ data: { at: new Date(), actor: "cli", action: "test", entity: "none" } });
    expect(await store.groupsWithSettings()).toBe(first);
    // A load of some groups is read from them too.
    const minsheng = first.find((input) => input.group.key === "minsheng")!;
    const [some] = await store.groupsWithSettings([minsheng.group.id]);
    expect(some).toBe(minsheng);
  });

  it("keeps them frozen: a caller cannot change them for the next", async () => {
    const store = createPlanStore(db.prisma);
    const [input] = await store.groupsWithSettings();
    expect(() => input!.tasks.pop()).toThrow(TypeError);
    expect(() => {
      input!.tasks[0]!.title = "changed";
    }).toThrow(TypeError);
  });

  it("loads again after another client renamed a unit with plain SQL", async () => {
    const store = createPlanStore(db.prisma);
    const before = await store.groupsWithSettings();
    await other.$executeRaw`UPDATE "Unit" SET name = '省人社厅（新）' WHERE key = 'hrss'`;
    const after = await store.groupsWithSettings();
    expect(after).not.toBe(before);
    const leads = after.flatMap((input) => input.tasks.flatMap((task) => task.leadUnits));
    expect(leads.filter((unit) => unit.key === "hrss").map((unit) => unit.name)).toContain("省人社厅（新）");
    expect(await store.groupsWithSettings()).toBe(after);
  });

  it("loads again after a task unit changed inside a transaction, once it is committed", async () => {
    const store = createPlanStore(db.prisma);
    const before = await store.groupsWithSettings();
    const task = await other.task.findFirstOrThrow({ where: { key: "MS-03" } });
    const unit = await other.unit.findUniqueOrThrow({ where: { key: "edu" } });
    await other.$transaction(async (tx) => {
      await tx.taskUnit.create({ data: { taskId: task.id, unitId: unit.id, role: "lead" } });
      // Not committed yet: the store still serves what it had.
      expect(await store.groupsWithSettings()).toBe(before);
    });
    const after = await store.groupsWithSettings();
    const ms03 = after.flatMap((input) => input.tasks).find((t) => t.key === "MS-03")!;
    expect(ms03.leadUnits.map((u) => u.key)).toContain("edu");
  });
});
