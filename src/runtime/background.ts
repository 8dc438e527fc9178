import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { ChatAdapter, Platform } from "../core/chat/inbound.js";
import type { Locale } from "../core/i18n/catalog.js";
import { runSchedulerTick, tickLogFields } from "../core/scheduler/tick.js";
import { noticeUnreachable } from "../core/scheduler/unreachable-notice.js";
import type { WorkCalendar } from "../domain/time/calendar.js";
import { systemClock, type Clock } from "../domain/time/clock.js";
import type { PrismaClient } from "../store/client.js";
import { pingDatabase } from "../store/database.js";
import { createDigestStore } from "../store/digest-store.js";
import { createOutboxStore } from "../store/outbox-store.js";
import { createOutboxWriter, createSchedulerStore } from "../store/outbox-writer.js";
import { createPlanStore } from "../store/plan-store.js";
import { createReportStore } from "../store/report-store.js";
import { createStatusStore } from "../store/status-store.js";
import { createDispatchProcessStore } from "../store/dispatch-process-store.js";
import { createDispatchShare } from "./dispatch-share.js";
import { createDispatcher, type Dispatcher } from "./dispatcher.js";
import { startOpsServer, type HealthReport, type OpsServer, type RouteHandler } from "./http-server.js";
import { errorKind } from "./log-errors.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import { createUnservedMetrics } from "./metrics-unserved.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { createSchedulerLoop, type SchedulerLoop } from "./scheduler-loop.js";
import { systemSleep } from "./sleep.js";

/** The parts of zhuanban that act on their own: scheduler, dispatcher, and the operations port. */
export interface Background {
  readonly metrics: Metrics;
  readonly ops: OpsServer | null;
  scheduler: SchedulerLoop<unknown>;
  dispatcher: Dispatcher;
  /** Finishes in-flight work and gives back claims (SIGTERM). */
  stop(): Promise<void>;
}

/** A tick a minute of the deployment's clock, but no more than four a second of real time. */
/** A process whose heartbeat has not gone in for this long has its rows taken over by the others. */
const DEAD_AFTER_MS = 15_000;

/** A process's id among the dispatching processes (claims, heartbeats): host, pid and a random tail. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export function tickIntervalMs(clockSpeed: number): number {
  return Math.max(250, Math.round(60_000 / Math.max(1, clockSpeed)));
}

export async function startBackground(options: {
  prisma: PrismaClient;
  calendar: WorkCalendar;
  clock: Clock;
  clockSpeed: number;
  locale: Locale;
  log: Logger;
  adapters: readonly ChatAdapter[];
  /** Shared with the adapters' answers (src/runtime/answer-transport.ts); created here when absent. */
  limiter?: RateLimiter;
  /** null = no HTTP port (the console-only demo). */
  port: number | null;
  /** Shared with the bot core, which counts report submissions; created here when absent. */
  metrics?: Metrics;
  /** Connection state of each adapter, for /healthz. */
  adapterHealth?: () => Record<string, boolean>;
  /** The adapters' webhook routes, served from the moment the port opens. */
  routes?: ReadonlyMap<string, RouteHandler>;
  /** This process's dispatch id (newWorkerId); the adapters' kept answers are held under it too. */
  workerId?: string;
  /** Resolve only after the scheduler's first tick (default true); false: it runs behind the return. */
  awaitFirstTick?: boolean;
}): Promise<Background> {
  const { prisma, log, clock } = options;
  const outboxStore = createOutboxStore(prisma);
  const metrics = options.metrics ?? (await createAppMetrics(prisma, log, options.port !== null));

  const schedulerDeps = {
    plan: createPlanStore(prisma),
    calendar: options.calendar,
    scheduler: createSchedulerStore(prisma),
    outbox: createOutboxWriter(prisma),
    status: createStatusStore(prisma),
    reports: createReportStore(prisma),
    digests: createDigestStore(prisma),
    locale: options.locale,
    log,
  };
  const scheduler = createSchedulerLoop({
    clock,
    intervalMs: tickIntervalMs(options.clockSpeed),
    log,
    tick: async (now) => {
      const result = await runSchedulerTick(now, schedulerDeps);
      metrics.observeTickLag(Math.max(0, (clock.now().getTime() - now.getTime()) / 1000));
      if (result.enqueued > 0 || result.failed > 0) log.info(tickLogFields(result), "scheduler tick");
      return result;
    },
  });

  const workerId = options.workerId ?? newWorkerId();
  const limiter = options.limiter ?? createRateLimiter({ clock: systemClock, sleep: systemSleep });
  // Several processes on one database divide the platforms' overall budgets (issue 17, item 6).
  const share = createDispatchShare({
    store: createDispatchProcessStore(prisma),
    id: workerId,
    sleep: systemSleep,
    log,
    onChange: (next) => limiter.setShare(next),
  });
  const adapters: Partial<Record<Platform, ChatAdapter>> = {};
  for (const adapter of options.adapters) adapters[adapter.platform] = adapter;
  const dispatcher = createDispatcher({
    store: outboxStore,
    adapters,
    clock,
    // Leases, retry waits, backoff, rate limits and timeouts run on real time, whatever the
    // simulated clock of a demo does (issue 17, item 11): only the plan follows `clock`.
    transportClock: systemClock,
    sleep: systemSleep,
    limiter,
    log,
    workerId,
    // A process that stopped beating 15 s ago (SIGKILL, a lost host) gets its rows taken over then,
    // not when their 2-minute lease ends. Its sends in flight may go twice, as after any crash.
    deadAfterMs: DEAD_AFTER_MS,
    // ... and this one starts no send once its own beats have not gone in for 10 s, well before
    // another process could take its rows over: a stall or a lost database repeats at most the
    // sends it had in flight, not every row it had claimed.
    stillHolds: () => share.beatWithin(DEAD_AFTER_MS - 5_000),
    metrics,
    intervalMs: Math.min(1_000, tickIntervalMs(options.clockSpeed)),
    // A digest of a period already posted in a channel goes into that post's thread (Slack); the
    // first post of each period is remembered as the thread root.
    resolveAddress: async (row) => {
      const base = { platform: row.platform, chatId: row.address, ...(row.threadId ? { threadId: row.threadId } : {}) };
      if (row.kind !== "digest" || !row.recipientChannelId || !row.periodId) return base;
      const root = await schedulerDeps.digests.threadRoot(row.recipientChannelId, row.periodId);
      return root ? { ...base, threadId: root } : base;
    },
    onSent: async (row, sent) => {
      if (row.kind !== "digest" || !row.recipientChannelId || !row.periodId || !row.groupId) return;
      await schedulerDeps.digests.recordPost({
        groupId: row.groupId,
        periodId: row.periodId,
        channelId: row.recipientChannelId,
        platformMessageId: sent.platformMessageId,
        threadRootId: await schedulerDeps.digests.threadRoot(row.recipientChannelId, row.periodId),
        at: clock.now(),
      });
    },
    onUnreachable: async (row, error) => {
      // An answer to someone in no work group: there is no office to tell.
      const groupId = row.groupId;
      if (groupId === null) return;
      const added = await noticeUnreachable(
        { ...row, groupId },
        {
          scheduler: schedulerDeps.scheduler,
          outbox: schedulerDeps.outbox,
          locale: options.locale,
          now: clock.now(),
        },
      );
      // The platform's own words (English) stay here, for whoever reads the log.
      log.warn(
        { platform: row.platform, groupId: row.groupId, reason: error.message.slice(0, 200), notices: added },
        "recipient unreachable; office told",
      );
    },
  });

  let ops: OpsServer | null = null;
  if (options.port !== null) {
    ops = await startOpsServer({
      port: options.port,
      metrics: () => metrics.render(),
      onError: (error, path) => log.error({ err: errorKind(error), path }, "http handler failed"),
      ...(options.routes ? { routes: options.routes } : {}),
      health: async (): Promise<HealthReport> => {
        const checks: HealthReport["checks"] = {};
        try {
          await pingDatabase(prisma);
          checks.database = { ok: true };
        } catch (error) {
          checks.database = {
            ok: false,
            detail: error instanceof Error ? error.message.split("\n")[0] : String(error),
          };
        }
        for (const [name, ok] of Object.entries(options.adapterHealth?.() ?? {})) checks[`adapter:${name}`] = { ok };
        // A platform that does not answer (its circuit is open): the outbox waits for it.
        for (const [name, state] of Object.entries(dispatcher.platformHealth())) {
          checks[`platform:${name}`] = state.ok
            ? { ok: true }
            : { ok: false, detail: `down since ${new Date(state.downSince ?? 0).toISOString()}: ${state.lastError}` };
        }
        const lag = scheduler.lagMs() / 1000;
        // Three missed ticks mean the scheduler is stuck or the machine is overloaded.
        checks.scheduler = {
          ok: lag < (3 * tickIntervalMs(options.clockSpeed) * options.clockSpeed) / 1000 + 60,
          detail: lag,
        };
        return { ok: Object.values(checks).every((c) => c.ok), checks };
      },
    });
    log.info({ port: ops.port }, "operations port open: /healthz, /metrics");
  }

  // A tick never rejects (the loop logs a failed one).
  const firstTick = scheduler.start();
  if (options.awaitFirstTick ?? true) await firstTick;
  // The dispatcher sends once the other processes have seen this one and divided their budgets.
  const started = share.start().then(
    () => dispatcher.start(),
    (error: unknown) => log.error({ err: error }, "dispatcher could not start"),
  );
  return {
    metrics,
    ops,
    scheduler,
    dispatcher,
    async stop() {
      // The port stops taking requests and lets those in flight finish while the loops stop.
      await Promise.all([
        ops?.close().then(({ cut }) => {
          if (cut > 0) log.warn({ cut }, "shutdown: requests still in flight after the drain time were cut off");
        }),
        (async () => {
          await scheduler.stop();
          // A dispatcher stopped before its start does not start any more.
          await dispatcher.stop();
          await share.stop();
          await started;
        })(),
      ]);
    },
  };
}

/**
 * The process's metrics: Prometheus's registry, reading the outbox by state at each scrape, when
 * there is a port to serve them on (`served`); otherwise counters nobody reads, and prom-client is
 * not loaded.
 */
export async function createAppMetrics(prisma: PrismaClient, log: Logger, served: boolean): Promise<Metrics> {
  if (!served) return createUnservedMetrics();
  const { createMetrics } = await import("./metrics.js");
  const outboxStore = createOutboxStore(prisma);
  return createMetrics({
    outboxCounts: () => outboxStore.countsByState(),
    processMetrics: true,
    onCollectError: (error) => log.warn({ err: error }, "metrics: outbox counts unavailable"),
  });
}
