// Shared set-up of the scheduler tests: the real stores on a test database, and a seeded plan with
// contacts bound on several platforms.

import type { SchedulerDeps, SchedulerLog } from "../../src/core/scheduler/tick.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import type { PrismaClient } from "../../src/store/client.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { createOutboxWriter, createSchedulerStore } from "../../src/store/outbox-writer.js";
import { createPlanStore } from "../../src/store/plan-store.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { basicBot, event, manualClock } from "../support/bot-harness.js";

/** A Shanghai wall-clock time as an instant: `sh("2023-01-18 09:00")`. */
export const sh = (text: string) => new Date(`${text.replace(" ", "T")}:00+08:00`);

/** A log that keeps its lines. */
export function memoryLog() {
  const lines: { level: string; fields: object; message: string }[] = [];
  const log: SchedulerLog = {
    info: (fields, message) => lines.push({ level: "info", fields, message }),
    warn: (fields, message) => lines.push({ level: "warn", fields, message }),
    error: (fields, message) => lines.push({ level: "error", fields, message }),
  };
  return { log, lines };
}

export function schedulerDeps(prisma: PrismaClient, overrides: Partial<SchedulerDeps> = {}): SchedulerDeps {
  return {
    plan: createPlanStore(prisma),
    calendar: createWorkCalendar(),
    scheduler: createSchedulerStore(prisma),
    outbox: createOutboxWriter(prisma),
    status: createStatusStore(prisma),
    reports: createReportStore(prisma),
    digests: createDigestStore(prisma),
    locale: "zh-CN",
    ...overrides,
  };
}

async function contactId(prisma: PrismaClient, key: string): Promise<string> {
  return (await prisma.contact.findUniqueOrThrow({ where: { key }, select: { id: true } })).id;
}

/** Binds a Telegram user through an invite code and /bind in a direct chat (`dm-<user>`). */
export async function bindTelegram(prisma: PrismaClient, userId: string, who: { unit?: string; contact?: string }) {
  const basic = basicBot(prisma, manualClock("2023-01-16T02:00:00Z"));
  const code = await basic.invite(who.unit, who.contact);
  await basic.bot.handle(event(userId, { kind: "command", command: "bind", args: code }));
}

/**
 * Bound identities on the seeded plan (minsheng):
 * - 省人社厅 (hrss: MS-03, MS-11) and 省政务局 (gov-service: MS-02) on Telegram, bound with /bind;
 * - 省教育厅 (edu: MS-01, MS-12) on the console (`dm:c-edu`);
 * - 省卫健委 (health: MS-04, MS-13) on Slack by user id only, contact locale `en`;
 * - 省妇联 (women) on Telegram with no direct chat: nothing can reach it;
 * - the convenor and the office on Telegram; the deputy nowhere;
 * - two group chats: a Telegram group bound with /bind by the office, and the console's `group:minsheng`.
 */
export async function bindContacts(prisma: PrismaClient) {
  await bindTelegram(prisma, "hrss", { unit: "hrss" });
  await bindTelegram(prisma, "gov", { unit: "gov-service" });
  await bindTelegram(prisma, "convenor", { contact: "c-ms-convenor" });
  await bindTelegram(prisma, "office", { contact: "c-ms-office" });
  const at = new Date("2023-01-16T02:00:00Z");
  await prisma.chatIdentity.create({
    data: { platform: "console", platformUserId: "c-edu", contactId: await contactId(prisma, "c-edu"), boundAt: at },
  });
  const health = await contactId(prisma, "c-health");
  await prisma.contact.update({ where: { id: health }, data: { locale: "en" } });
  await prisma.chatIdentity.create({
    data: { platform: "slack", platformUserId: "U0HEALTH", platformTeamId: "T1", contactId: health, boundAt: at },
  });
  await prisma.chatIdentity.create({
    data: { platform: "telegram", platformUserId: "women", contactId: await contactId(prisma, "c-women"), boundAt: at },
  });
  const basic = basicBot(prisma, manualClock("2023-01-16T02:00:00Z"));
  await basic.bot.handle(
    event("office", { kind: "command", command: "bind", args: "minsheng" }, { chat: "grp-minsheng", group: true }),
  );
  const group = await prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
  await prisma.groupChannel.create({
    data: { groupId: group.id, platform: "console", chatId: "group:minsheng", boundAt: at },
  });
}

/** Outbox rows with their task, unit and recipient keys, for assertions. */
export async function outboxRows(
  prisma: PrismaClient,
  where: { kind?: "reminder" | "chase" | "escalation" | "digest"; stage?: string } = {},
) {
  const rows = await prisma.outboxMessage.findMany({
    where,
    include: {
      task: { select: { key: true } },
      unit: { select: { key: true } },
      period: { select: { periodKey: true } },
      recipientContact: { select: { key: true } },
      recipientChannel: { select: { chatId: true } },
    },
    orderBy: [{ dueAt: "asc" }, { dedupeKey: "asc" }],
  });
  return rows;
}

/** The task keys a reminder lists, from its templates' headers (`报送 MS-03 …`), joined with `+`. */
export function tasksOf(payload: unknown): string {
  const keys = [...JSON.stringify(payload).matchAll(/报送 ([A-Z]+-\d+) /g)].map((m) => m[1]);
  return keys.length > 0 ? keys.join("+") : "-";
}

/** `kind stage period task(s) unit -> platform:address` per row, sorted; a unit's tasks as `MS-01+MS-12`. */
export function describeRows(rows: Awaited<ReturnType<typeof outboxRows>>): string[] {
  return rows
    .map((r) =>
      [
        r.kind,
        r.stage,
        r.period?.periodKey ?? "-",
        r.task?.key ?? tasksOf(r.payload),
        r.unit?.key ?? "-",
        "->",
        `${r.platform}:${r.address}`,
      ].join(" "),
    )
    .sort();
}
