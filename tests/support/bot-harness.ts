import { createOutboxWriter, createSchedulerStore } from "../../src/store/outbox-writer.js";
import { createPlanStore } from "../../src/store/plan-store.js";
import { createConversationStore } from "../../src/store/conversation-store.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { createZhuanbanBot } from "../../src/core/bot/zhuanban-bot.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createReportStore, type KeptAnswerOptions } from "../../src/store/report-store.js";
import { createReportingScopes } from "../../src/store/reporting-scope.js";
import { randomBytes } from "node:crypto";
import { createBot } from "../../src/core/bot/bot.js";
import type { InboundEvent } from "../../src/core/chat/inbound.js";
import { issueInvites } from "../../src/core/invites.js";
import type { Clock } from "../../src/domain/time/clock.js";
import type { PrismaClient } from "../../src/store/client.js";
import { createIdentityStore } from "../../src/store/identity-store.js";
import { createInviteStore } from "../../src/store/invite-store.js";

/** A clock the test moves by hand. */
export function manualClock(start: string) {
  let now = new Date(start);
  const clock: Clock & { set(iso: string): void; advance(ms: number): void } = {
    now: () => new Date(now.getTime()),
    set: (iso) => {
      now = new Date(iso);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
  return clock;
}

/** Collects what the bot logs, so tests can assert on failures. */
export function recordingLog() {
  const lines: { level: string; fields: object; message: string }[] = [];
  return {
    lines,
    info: (fields: object, message: string) => lines.push({ level: "info", fields, message }),
    error: (fields: object, message: string) => lines.push({ level: "error", fields, message }),
  };
}

let eventCounter = 0;

/** A Telegram-like direct or group message event from one user. */
export function event(
  userId: string,
  body: { kind: "command"; command: string; args?: string } | { kind: "text"; text: string; replyToMessageId?: string },
  where: { chat?: string; group?: boolean; eventId?: string } = {},
): InboundEvent {
  eventCounter += 1;
  const base = {
    platform: "telegram" as const,
    userId,
    chatId: where.chat ?? `dm-${userId}`,
    chatKind: where.group ? ("group" as const) : ("direct" as const),
    eventId: where.eventId ?? `e${eventCounter}-${Math.random()}`,
  };
  return body.kind === "command"
    ? { ...base, kind: "command", command: body.command, args: body.args ?? "" }
    : { ...base, ...body };
}

export function replyText(reply: { messages: { blocks: { type: string; text?: string }[] }[] }): string {
  return reply.messages
    .flatMap((m) => m.blocks.map((b) => ("text" in b ? b.text : "")))
    .filter(Boolean)
    .join("\n");
}

export function basicBot(prisma: PrismaClient, clock: Clock) {
  const log = recordingLog();
  const bot = createBot({ identities: createIdentityStore(prisma), clock, locale: "zh-CN", log });
  const invite = async (unit: string | undefined, contact?: string) =>
    (await issueInvites({ unit, contact, validDays: 7 }, { store: createInviteStore(prisma), clock, randomBytes }))[0]!
      .code;
  return { bot, log, invite };
}

/** The full bot (reporting included) on a real database. */
export function fullBot(prisma: PrismaClient, clock: Clock, options: { keptAnswers?: KeptAnswerOptions } = {}) {
  const log = recordingLog();
  // As src/runtime/wiring.ts: the identity store reads a sender's reporting scope for the report store.
  const scopes = createReportingScopes(prisma);
  const bot = createZhuanbanBot({
    identities: createIdentityStore(prisma, scopes),
    reports: createReportStore(prisma, { scopes, ...options }),
    conversations: createConversationStore(prisma),
    status: createStatusStore(prisma),
    digests: createDigestStore(prisma),
    chase: {
      plan: createPlanStore(prisma),
      scheduler: createSchedulerStore(prisma),
      outbox: createOutboxWriter(prisma),
    },
    calendar: createWorkCalendar(),
    clock,
    locale: "zh-CN",
    log,
  });
  return { bot, log };
}

/**
 * Binds Telegram-like users through real invite codes and /bind: `{ hrss: { unit: "hrss" },
 * boss: { contact: "c-ms-convenor" } }` makes user "hrss" the 省人社厅 contact, "boss" the convenor.
 */
export async function bindUsers(
  prisma: PrismaClient,
  clock: Clock,
  users: Record<string, { unit?: string; contact?: string }>,
): Promise<void> {
  const basic = basicBot(prisma, clock);
  for (const [user, who] of Object.entries(users)) {
    const code = await basic.invite(who.unit, who.contact);
    await basic.bot.handle(event(user, { kind: "command", command: "bind", args: code }));
  }
}
