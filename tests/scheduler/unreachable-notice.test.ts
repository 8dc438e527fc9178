import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeUnreachable } from "../../src/core/scheduler/unreachable-notice.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { renderPlainText } from "../../src/render/plain-text.js";
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
    const contact = await db.prisma.contact.findUniqueOrThrow({ where: { key: "c-hrss" } });
    const row = {
      groupId: group.id,
      platform: "telegram" as const,
      address: "4242",
      taskId: null,
      unitId: null,
      recipientContactId: contact.id,
    };
    expect(await noticeUnreachable(row, deps)).toBe(2);
    expect(await noticeUnreachable(row, deps)).toBe(0);
    const notices = await db.prisma.outboxMessage.findMany({ where: { kind: "notice" } });
    expect(notices.map((n) => n.address).sort()).toEqual(["dm-9001", "dm-9002"]);
    // The office reads who it is, of which unit, and what to do; not the platform's English or the chat id.
    const text = renderPlainText(notices[0]!.payload as unknown as Outbound);
    expect(text).toContain(`省人力资源社会保障厅的联络人${contact.name}已无法在 Telegram 上接收机器人的消息`);
    expect(text).toContain("请办公室电话联系");
    expect(text).not.toMatch(/Forbidden|4242|telegram/);
  });
});
