import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/core/chat/outbound.js";
import type { OutboxRow } from "../../src/core/scheduler/ports.js";
import { createOutboxWriter, createSchedulerStore } from "../../src/store/outbox-writer.js";
import { buildBasics } from "../support/builders.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const message = (text: string): Outbound => ({ blocks: [{ type: "text", text }], summary: text }) as Outbound;

describe("outbox writer", () => {
  it("writes each row with its own values when rows share some (one payload for a task's recipients) and differ in others", async () => {
    const a = await buildBasics(db.prisma, "-wa");
    const b = await buildBasics(db.prisma, "-wb");
    const channel = await db.prisma.groupChannel.create({
      data: { groupId: b.group.id, platform: "slack", chatId: "C-w", boundAt: new Date("2023-01-01T00:00:00Z") },
    });
    const shared = message("请于今日报送");
    const due = new Date("2023-01-20T01:00:00.000Z");
    const later = new Date("2023-01-20T09:30:00.000Z");
    const reminder = (contactId: string, address: string): OutboxRow => ({
      dedupeKey: `${a.period.id}|${a.task.id}|${a.unit.id}|${address}|due-day`,
      kind: "reminder",
      stage: "due-day",
      groupId: a.group.id,
      periodId: a.period.id,
      taskId: a.task.id,
      unitId: a.unit.id,
      recipientContactId: contactId,
      recipientChannelId: null,
      platform: "telegram",
      address,
      payload: shared,
      dueAt: due,
      nextAttemptAt: due,
    });
    const digest: OutboxRow = {
      dedupeKey: `${b.period.id}|group|-|${channel.id}|digest`,
      kind: "digest",
      stage: "digest",
      groupId: b.group.id,
      periodId: b.period.id,
      taskId: null,
      unitId: null,
      recipientContactId: null,
      recipientChannelId: channel.id,
      platform: "slack",
      address: "C-w",
      payload: message("旬简报"),
      dueAt: later,
      nextAttemptAt: new Date("2023-01-20T09:31:00.000Z"),
    };
    const rows = [reminder(a.contact.id, "tg-a"), digest, reminder(b.contact.id, "tg-b")];
    expect(await createOutboxWriter(db.prisma).enqueue(rows)).toBe(3);

    const stored = await db.prisma.outboxMessage.findMany({ orderBy: { address: "asc" } });
    const pick = (r: OutboxRow) => ({ ...r, payload: JSON.parse(JSON.stringify(r.payload)) as unknown });
    expect(
      stored.map((s) => ({
        dedupeKey: s.dedupeKey,
        kind: s.kind,
        stage: s.stage,
        groupId: s.groupId,
        periodId: s.periodId,
        taskId: s.taskId,
        unitId: s.unitId,
        recipientContactId: s.recipientContactId,
        recipientChannelId: s.recipientChannelId,
        platform: s.platform,
        address: s.address,
        payload: s.payload,
        dueAt: s.dueAt,
        nextAttemptAt: s.nextAttemptAt,
      })),
    ).toEqual([digest, rows[0]!, rows[2]!].map(pick));
    expect(new Set(stored.map((s) => s.id)).size).toBe(3);
    expect(stored.every((s) => s.state === "pending" && s.attempts === 0)).toBe(true);
  });

  it("leaves a row whose key is already there as it is, and counts only the new ones", async () => {
    const a = await buildBasics(db.prisma, "-wc");
    const row = (address: string, text: string): OutboxRow => ({
      dedupeKey: `${a.period.id}|${a.task.id}|${a.unit.id}|${address}|chase`,
      kind: "chase",
      stage: "chase",
      groupId: a.group.id,
      periodId: a.period.id,
      taskId: a.task.id,
      unitId: a.unit.id,
      recipientContactId: a.contact.id,
      recipientChannelId: null,
      platform: "telegram",
      address,
      payload: message(text),
      dueAt: new Date("2023-01-21T01:00:00.000Z"),
      nextAttemptAt: new Date("2023-01-21T01:00:00.000Z"),
    });
    const writer = createOutboxWriter(db.prisma);
    expect(await writer.enqueue([row("tg-c1", "first")])).toBe(1);
    expect(await writer.enqueue([row("tg-c1", "second"), row("tg-c2", "second")])).toBe(1);
    const stored = await db.prisma.outboxMessage.findMany({ where: { stage: "chase" }, orderBy: { address: "asc" } });
    expect(stored.map((s) => [s.address, (s.payload as { summary: string }).summary])).toEqual([
      ["tg-c1", "first"],
      ["tg-c2", "second"],
    ]);
  });

  it("finds each unit's recipients: primary contacts first, then deputies by key; per platform the latest bound identity that can be reached", async () => {
    const unit = await db.prisma.unit.create({ data: { key: "u-rcpt", name: "收件单位" } });
    const other = await db.prisma.unit.create({ data: { key: "u-rcpt2", name: "另一单位" } });
    const contact = (key: string, role: "primary" | "deputy", active = true, locale: string | null = null) =>
      db.prisma.contact.create({
        data: { key, name: key, active, locale, unitRoles: { create: { unitId: unit.id, role } } },
      });
    const deputyB = await contact("r-b-deputy", "deputy", true, "en");
    const deputyA = await contact("r-a-deputy", "deputy");
    const primary = await contact("r-z-primary", "primary");
    const gone = await contact("r-c-inactive", "primary", false);
    await db.prisma.contactUnitRole.create({ data: { contactId: deputyA.id, unitId: other.id, role: "primary" } });
    const identity = (
      contactId: string,
      platform: "telegram" | "slack",
      user: string,
      chat: string | null,
      boundAt: string | null,
      unreachable = false,
    ) =>
      db.prisma.chatIdentity.create({
        data: {
          contactId,
          platform,
          platformUserId: user,
          directChatId: chat,
          boundAt: boundAt ? new Date(boundAt) : null,
          ...(unreachable ? { unreachableAt: new Date("2023-01-02T00:00:00Z") } : {}),
        },
      });
    await identity(primary.id, "telegram", "tg-old", "chat-old", "2023-01-01T00:00:00Z");
    await identity(primary.id, "telegram", "tg-new", "chat-new", "2023-01-05T00:00:00Z");
    await identity(primary.id, "telegram", "tg-blocked", "chat-blocked", "2023-01-09T00:00:00Z", true);
    await identity(primary.id, "slack", "U-primary", null, "2023-01-03T00:00:00Z");
    await identity(deputyA.id, "telegram", "tg-nochat", null, "2023-01-06T00:00:00Z");
    await identity(deputyA.id, "slack", "U-deputy-a", "D-a", "2023-01-04T00:00:00Z");
    await identity(deputyB.id, "telegram", "tg-b", "chat-b", null);
    await identity(gone.id, "telegram", "tg-gone", "chat-gone", "2023-01-01T00:00:00Z");

    const recipients = await createSchedulerStore(db.prisma).unitRecipients([unit.id, other.id]);
    expect(recipients.get(unit.id)).toEqual([
      { contactId: primary.id, locale: null, platform: "telegram", address: "chat-new" },
      { contactId: primary.id, locale: null, platform: "slack", address: "U-primary" },
      { contactId: deputyA.id, locale: null, platform: "slack", address: "D-a" },
      { contactId: deputyB.id, locale: "en", platform: "telegram", address: "chat-b" },
    ]);
    // Telegram needs a direct chat; the same contact is the other unit's primary.
    expect(recipients.get(other.id)).toEqual([
      { contactId: deputyA.id, locale: null, platform: "slack", address: "D-a" },
    ]);
  });
});
