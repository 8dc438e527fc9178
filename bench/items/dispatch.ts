// 1. Dispatch: reminders per second through the whole pipeline (plan, outbox write, claim,
// render, adapter send) to a fake platform that answers at once: target >= 1,000/s for 10,000
// reminders. Then with the fake enforcing Telegram's limits and the app's production throttles:
// achieved rate >= 95% of Telegram's 30 messages/s, and no 429.
//
// The pipeline is the app's own: the scheduler's tick (src/core/scheduler/tick.ts) for the minute
// of a 旬's due-day reminders, writing outbox rows; the dispatcher (src/runtime/dispatcher.ts)
// claiming them from PostgreSQL, rendering with the Telegram adapter and sending to the fake Bot
// API. The tick plans the whole data set; the reminders it enqueues are cut to the first tasks (in
// the plan's order) that make up the count, through a PlanStore that passes only those tasks on.

import { hostname } from "node:os";
import pg from "pg";
import { createTelegramAdapter } from "../../adapters/telegram/index.js";
import type { PlanStore } from "../../src/core/plan/ports.js";
import { schedulerTick } from "../../src/core/scheduler/tick.js";
import { systemClock } from "../../src/domain/time/clock.js";
import { createDispatcher } from "../../src/runtime/dispatcher.js";
import { createMetrics } from "../../src/runtime/metrics.js";
import { createRateLimiter } from "../../src/runtime/rate-limiter.js";
import { systemSleep } from "../../src/runtime/sleep.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { createOutboxStore } from "../../src/store/outbox-store.js";
import { createOutboxWriter, createSchedulerStore } from "../../src/store/outbox-writer.js";
import { createPlanStore } from "../../src/store/plan-store.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { BenchTelegramApi, TELEGRAM_LIMITS } from "../fakes/telegram-api.js";
import { resetVolatile, type BenchContext, type BenchItem } from "../lib/context.js";
import type { Figure } from "../lib/results.js";
import { round } from "../lib/stats.js";
import { BUSY_MINUTE } from "./planning.js";

const TOKEN = "8000002:BENCH-dispatch";

/** The first tasks, in plan order, whose unreported lead units' recipients add up to `count` rows. */
async function tasksFor(ctx: BenchContext, count: number): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: ctx.url });
  await client.connect();
  try {
    const rows = await client.query<{ id: string; n: string }>(
      `SELECT t.id, count(*) AS n
       FROM "Task" t
       JOIN "WorkGroup" g ON g.id = t."groupId"
       JOIN "TaskUnit" tu ON tu."taskId" = t.id AND tu.role = 'lead'
       JOIN "Period" p ON p."groupId" = t."groupId" AND p."periodKey" = $1
       JOIN "ContactUnitRole" cur ON cur."unitId" = tu."unitId"
       JOIN "Contact" c ON c.id = cur."contactId" AND c.active
       JOIN "ChatIdentity" ci ON ci."contactId" = c.id AND ci."directChatId" IS NOT NULL AND ci."unreachableAt" IS NULL
       WHERE t.active AND NOT EXISTS (
         SELECT 1 FROM "Report" r WHERE r."taskId" = t.id AND r."unitId" = tu."unitId" AND r."periodId" = p.id AND r."isCurrent")
       GROUP BY t.id, g."sortOrder", g.key, t."sortOrder", t.key
       ORDER BY g."sortOrder", g.key, t."sortOrder", t.key`,
      [ctx.data.currentDekad],
    );
    const chosen = new Set<string>();
    let total = 0;
    for (const row of rows.rows) {
      if (total >= count) break;
      chosen.add(row.id);
      total += Number(row.n);
    }
    return chosen;
  } finally {
    await client.end();
  }
}

export interface Run {
  rows: number;
  planMs: number;
  /** Of planMs: writing the outbox rows (OutboxWriter.enqueue). */
  writeMs: number;
  /** Mean time from the dispatcher's send to the adapter's answer (the rate limiter counts from the answer). */
  sendMs: number;
  /** The dispatcher's statements: claims and batched marks, how many and their time in all. */
  db: { claims: number; claimMs: number; marks: number; markMs: number; marked: number };
  totalMs: number;
  /** At the fake: first to last accepted message. */
  platformMs: number;
  sent: number;
  rejected: number;
  rejectedBy: Record<string, number>;
  perChatGaps: number[];
}

export async function pipeline(ctx: BenchContext, count: number, limited: boolean, concurrency?: number): Promise<Run> {
  await resetVolatile(ctx.url);
  const tasks = await tasksFor(ctx, count);
  const realPlan = createPlanStore(ctx.prisma);
  const plan: PlanStore = {
    ...realPlan,
    async groupsWithSettings(ids) {
      const inputs = await realPlan.groupsWithSettings(ids);
      return inputs.map((input) => ({ ...input, tasks: input.tasks.filter((t) => tasks.has(t.taskId)) }));
    },
  };
  const api = new BenchTelegramApi(TOKEN, limited ? TELEGRAM_LIMITS : null);
  await api.start();
  const adapter = createTelegramAdapter({
    token: TOKEN,
    apiRoot: api.url,
    log: ctx.log,
    locale: "zh-CN",
    // Production default (30 messages/s, 1/s per chat) when limited; none for the overhead run.
    ...(limited ? {} : { rateLimit: null }),
  });
  const metrics = createMetrics();
  const digests = createDigestStore(ctx.prisma);
  let sendTotalMs = 0;
  let sends = 0;
  const timedAdapter: Pick<typeof adapter, "send"> = {
    async send(to, message) {
      const started = performance.now();
      try {
        return await adapter.send(to, message);
      } finally {
        sendTotalMs += performance.now() - started;
        sends++;
      }
    },
  };
  // Timed: what the dispatcher waits for in the database (claims, and the batched marks of sent rows).
  const outbox = createOutboxStore(ctx.prisma);
  const db = { claims: 0, claimMs: 0, marks: 0, markMs: 0, marked: 0 };
  const store: typeof outbox = {
    ...outbox,
    async claimDue(options) {
      const started = performance.now();
      try {
        return await outbox.claimDue(options);
      } finally {
        db.claims++;
        db.claimMs += performance.now() - started;
      }
    },
    async markSentMany(workerId, sent) {
      const started = performance.now();
      try {
        return await outbox.markSentMany(workerId, sent);
      } finally {
        db.marks++;
        db.marked += sent.length;
        db.markMs += performance.now() - started;
      }
    },
  };
  const dispatcher = createDispatcher({
    store,
    adapters: { telegram: timedAdapter },
    clock: systemClock,
    sleep: systemSleep,
    // The app's limiter (src/runtime/background.ts) with Telegram's published limits, or none.
    limiter: createRateLimiter({
      clock: systemClock,
      sleep: systemSleep,
      ...(limited ? {} : { limits: { telegram: {} } }),
    }),
    log: ctx.log,
    workerId: `${hostname()}:${process.pid}:bench`,
    metrics,
    ...(concurrency ? { concurrency } : {}),
    intervalMs: 1_000,
    resolveAddress: async (row) => {
      const base = { platform: row.platform, chatId: row.address };
      if (row.kind !== "digest" || !row.recipientChannelId || !row.periodId) return base;
      const root = await digests.threadRoot(row.recipientChannelId, row.periodId);
      return root ? { ...base, threadId: root } : base;
    },
  });
  const writer = createOutboxWriter(ctx.prisma);
  let writeMs = 0;
  const timedWriter: typeof writer = {
    ...writer,
    async enqueue(rows) {
      const started = performance.now();
      try {
        return await writer.enqueue(rows);
      } finally {
        writeMs += performance.now() - started;
      }
    },
  };
  const deps = {
    plan,
    calendar: ctx.calendar,
    scheduler: createSchedulerStore(ctx.prisma),
    outbox: timedWriter,
    status: createStatusStore(ctx.prisma),
    reports: createReportStore(ctx.prisma),
    digests,
    locale: "zh-CN" as const,
    log: ctx.log,
  };
  const window = {
    from: BUSY_MINUTE,
    to: new Date(BUSY_MINUTE.getTime() + 60_000),
    now: new Date(BUSY_MINUTE.getTime() + 1_000),
  };
  try {
    const started = performance.now();
    const tick = await schedulerTick(window, deps);
    const planMs = performance.now() - started;
    if (tick.failed > 0) throw new Error(`${tick.failed} plan items failed`);
    dispatcher.start();
    const deadline = Date.now() + (limited ? 30 * 60_000 : 10 * 60_000);
    while (api.sent < tick.enqueued) {
      if (Date.now() > deadline) throw new Error(`only ${api.sent} of ${tick.enqueued} sent before the deadline`);
      await systemSleep(5);
    }
    const totalMs = performance.now() - started;
    return {
      rows: tick.enqueued,
      planMs,
      writeMs,
      sendMs: sends > 0 ? sendTotalMs / sends : 0,
      db,
      totalMs,
      platformMs: (api.lastSentAt ?? 0) - (api.firstSentAt ?? 0),
      sent: api.sent,
      rejected: api.rejected,
      rejectedBy: { ...api.rejectedBy },
      perChatGaps: [...api.perChatGaps],
    };
  } finally {
    await dispatcher.stop();
    await adapter.stop();
    await api.stop();
  }
}

export const dispatch: BenchItem = {
  item: 1,
  title: "dispatch: plan, outbox, claim, render, send",
  async run(ctx: BenchContext): Promise<Figure[]> {
    const count = ctx.options.quick ? 500 : 10_000;
    ctx.progress(`  ${count} reminders to a fake Bot API that answers at once, no throttles`);
    const fast = await pipeline(ctx, count, false);
    const limitedCount = ctx.options.quick ? 90 : 1_500;
    ctx.progress(
      `  ${limitedCount} reminders with the fake enforcing Telegram's limits and the app's throttles (about ${Math.ceil(limitedCount / 30)} s)`,
    );
    const slow = await pipeline(ctx, limitedCount, true);
    const limit = TELEGRAM_LIMITS.overall.messages / (TELEGRAM_LIMITS.overall.perMs / 1000);
    const achieved = (slow.sent - 1) / (slow.platformMs / 1000);
    // The dispatcher serves 64 recipients at a time (its default), each at most one message a
    // second; the same run with 8 at a time (the default before issue 8) shows how much that matters.
    ctx.progress(`  the same ${limitedCount} with the dispatcher serving 8 recipients at a time instead of 64`);
    const narrow = await pipeline(ctx, limitedCount, true, 8);
    const narrowRate = (narrow.sent - 1) / (narrow.platformMs / 1000);
    const gaps = [...slow.perChatGaps, ...narrow.perChatGaps].sort((a, b) => a - b);
    ctx.note(
      `1: the scheduler tick for ${BUSY_MINUTE.toISOString()} (due-day reminders of ${ctx.data.currentDekad}) plans the whole data set ` +
        `and enqueues ${fast.rows} rows (${round(fast.planMs, 0)} ms, plan and outbox write), then the dispatcher ` +
        `(batch 500, 64 recipients at a time, the app's defaults) claims, renders and sends them through the Telegram adapter, ` +
        `and records the sent rows in batched UPDATEs; ` +
        `rate = rows / time from the start of the tick to the last message accepted by the fake. Limited run: ${slow.rows} rows, ` +
        `fake refuses with 429 whatever breaks 30 messages in any 1,000 ms, 1 per chat per 1,000 ms, 20 per group per minute; ` +
        `achieved rate = messages / time from the first to the last message at the fake; tick and claim time included in 1b.`,
    );
    return [
      {
        id: "1a",
        item: 1,
        name: `dispatch ${fast.rows} reminders, instant platform`,
        value: round(fast.rows / (fast.totalMs / 1000), 0),
        unit: "msg/s",
        target: 1000,
        bound: "min",
        note:
          `${round(fast.totalMs / 1000, 2)} s in all, of which ${round(fast.planMs / 1000, 2)} s tick ` +
          `(its outbox write ${round(fast.writeMs / 1000, 2)} s)`,
      },
      {
        id: "1b",
        item: 1,
        name: `  the same, without the tick (claim + render + send)`,
        value: round(fast.rows / ((fast.totalMs - fast.planMs) / 1000), 0),
        unit: "msg/s",
        target: null,
        note:
          `${fast.db.claims} claims (${round(fast.db.claimMs / Math.max(1, fast.db.claims), 0)} ms each), ` +
          `${fast.db.marks} mark statements for ${fast.db.marked} rows (${round(fast.db.markMs / Math.max(1, fast.db.marks), 1)} ms each); ` +
          `a send took ${round(fast.sendMs, 1)} ms on average (64 at once, the fake Bot API in the same process)`,
      },
      {
        id: "1c",
        item: 1,
        name: `Telegram limits enforced: achieved rate / 30 msg/s`,
        value: round((achieved / limit) * 100, 1),
        unit: "%",
        target: 95,
        bound: "min",
        note:
          `${round(achieved, 2)} msg/s over ${slow.sent} messages; whole run incl. tick ${round(slow.rows / (slow.totalMs / 1000), 2)} msg/s; ` +
          `a send took ${round(slow.sendMs, 1)} ms from start to answer on average (the limiter counts a message ` +
          `until 1 s after its answer, so at most 30 / (1 + that) messages a second)`,
      },
      {
        id: "1d",
        item: 1,
        name: `Telegram limits enforced: 429 answers`,
        value: slow.rejected,
        unit: "",
        target: 0,
        bound: "max",
        note:
          `broken limit: ${Object.entries(slow.rejectedBy)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}` +
          (gaps.length > 0
            ? `; per-chat refusals came ${round(gaps[0]!, 1)} to ${round(gaps[gaps.length - 1]!, 1)} ms after the chat's previous message`
            : ""),
      },
      {
        id: "1e",
        item: 1,
        name: `  with 8 recipients at a time: achieved / 30 msg/s`,
        value: round((narrowRate / limit) * 100, 1),
        unit: "%",
        target: null,
        note: `${round(narrowRate, 2)} msg/s; ${narrow.rejected} answers 429 (${Object.entries(narrow.rejectedBy)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}); dispatcher option concurrency: 8, the default before issue 8 (now 64)`,
      },
    ];
  },
};
