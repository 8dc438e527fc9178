import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeUnreachable } from "../../src/core/scheduler/unreachable-notice.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createOutboxWriter, createSchedulerStore } from "../../src/store/outbox-writer.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { bindTelegram } from "./harness.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindTelegram(db.prisma, "9001", { contact: "c-ms-office" });
  await bindTelegram(db.prisma, "9002", { contact: "c-ms-convenor" });
});
afterAll(async () => {
  await db.drop();
});

describe("an unreachable recipient", () => {
  it("is reported to the group's office and convenor once, however often it is found", async () => {
    const group = await db.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
    const deps = {
      scheduler: createSchedulerStore(db.prisma),
      outbox: createOutboxWriter(db.prisma),
      locale: "zh-CN" as const,
      now: new Date("2023-01-18T01:05:00Z"),
    };
    const row = { groupId: group.id, platform: "telegram" as const, address: "4242", taskId: null, unitId: null };
    expect(await noticeUnreachable(row, "Forbidden: bot was blocked by the user", deps)).toBe(2);
    expect(await noticeUnreachable(row, "Forbidden: bot was blocked by the user", deps)).toBe(0);
    const notices = await db.prisma.outboxMessage.findMany({ where: { kind: "notice" } });
    expect(notices.map((n) => n.address).sort()).toEqual(["dm-9001", "dm-9002"]);
    expect(JSON.stringify(notices[0]!.payload)).toContain("已无法接收消息（Forbidden: bot was blocked by the user）");
  });
});
