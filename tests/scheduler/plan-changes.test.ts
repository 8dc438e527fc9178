// The scheduler keeps its plan inputs (groups, cycle settings, tasks with lead units and targets)
// between ticks, and must still see every change another process makes to them at its next tick:
// here the changes come through a second database client, as from another zhuanban process, the
// CLI or an operator. Ladder of 2023年1月中旬 (2023-01-X2): early 18 January 09:00, due-day 20th
// 09:00, before 20th 15:00, chase 20th 18:00, escalation and digest 28th 09:00 (see tick.test.ts).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { catchUp, schedulerTick, type SchedulerDeps } from "../../src/core/scheduler/tick.js";
import { renderPlainText } from "../../src/render/plain-text.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { bindContacts, outboxRows, schedulerDeps, sh, tasksOf } from "./harness.js";

let db: TestDatabase;
/** Another process's connection to the same database. */
let other: PrismaClient;
/** One set of stores for every tick, as the running bot has (src/runtime/background.ts). */
let deps: SchedulerDeps;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindContacts(db.prisma);
  other = createPrismaClient(db.url, 2);
  deps = schedulerDeps(db.prisma);
});
afterAll(async () => {
  await other.$disconnect();
  await db.drop();
});

async function tickAt(local: string) {
  const now = sh(local);
  return schedulerTick(catchUp(new Date(now.getTime() - 60_000), now), deps);
}

/** `task unit -> address` of the rows of one stage, sorted. */
async function rowsOf(stage: string): Promise<string[]> {
  const rows = await outboxRows(db.prisma);
  return rows
    .filter((r) => r.stage === stage)
    .map((r) => `${r.task?.key ?? tasksOf(r.payload)} ${r.unit?.key ?? "-"} -> ${r.address}`)
    .sort();
}

const taskId = async (key: string) =>
  (await other.task.findFirstOrThrow({ where: { key, group: { key: "minsheng" } } })).id;
const unitId = async (key: string) => (await other.unit.findUniqueOrThrow({ where: { key } })).id;

describe("a tick after another process changed the plan inputs", () => {
  it("plans from the inputs as they were at the first tick", async () => {
    await tickAt("2023-01-18 09:00");
    expect(await rowsOf("early")).toContain("MS-03+MS-11 hrss -> dm-hrss");
  });

  it("sees a target renamed: the reminder's template has the new metric", async () => {
    const id = await taskId("MS-03");
    await other.target.update({
      where: { taskId_key: { taskId: id, key: "new-urban-jobs" } },
      data: { metric: "城镇新增就业人数" },
    });
    await tickAt("2023-01-20 09:00");
    const row = (await outboxRows(db.prisma)).find((r) => r.stage === "due-day" && r.unit?.key === "hrss")!;
    expect(renderPlainText(row.payload as unknown as Outbound)).toContain("城镇新增就业人数（万人）：");
  });

  it("sees a lead unit replaced: the next reminder goes to the new lead unit", async () => {
    const id = await taskId("MS-03");
    await other.$transaction([
      other.taskUnit.delete({ where: { taskId_unitId: { taskId: id, unitId: await unitId("hrss") } } }),
      other.taskUnit.create({ data: { taskId: id, unitId: await unitId("gov-service"), role: "lead" } }),
    ]);
    await tickAt("2023-01-20 15:00");
    const before = await rowsOf("before");
    expect(before).toContain("MS-02+MS-03 gov-service -> dm-gov");
    expect(before).toContain("MS-11 hrss -> dm-hrss");
  });

  it("sees a task ended: no chase for it", async () => {
    await other.task.update({ where: { id: await taskId("MS-11") }, data: { active: false } });
    await tickAt("2023-01-20 18:00");
    const chases = await rowsOf("chase");
    expect(chases).toContain("MS-02+MS-03 gov-service -> dm-gov");
    expect(chases.filter((r) => r.includes("MS-11"))).toEqual([]);
  });

  it("sees a cycle's settings changed: the escalation moves to the group's new ladder", async () => {
    const group = await other.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
    // By default the escalation waits for the next working day (28 January); the new ladder
    // escalates two hours after the deadline.
    await other.cycleSetting.update({
      where: { groupId_cycle: { groupId: group.id, cycle: "dekad" } },
      data: {
        ladder: [
          { key: "due-day", kind: "reminder", offset: { workingDays: 0, at: "09:00" } },
          { key: "escalation", kind: "escalation", offset: { hours: 2 } },
        ],
      },
    });
    const result = await tickAt("2023-01-20 19:00");
    expect(result.planned).toBeGreaterThan(0);
    expect(await rowsOf("escalation")).toEqual(["- - -> dm-convenor", "- - -> dm-office"]);
  });
});
