import pino from "pino";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Platform } from "../../src/core/chat/inbound.js";
import {
  createDispatcher,
  type DispatchStore,
  type Dispatcher,
  type DispatcherOptions,
} from "../../src/runtime/dispatcher.js";
import { createRateLimiter, type RateLimiter } from "../../src/runtime/rate-limiter.js";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { createOutboxStore, type OutboxState, type OutboxStore } from "../../src/store/outbox-store.js";
import {
  createRecordingAdapter,
  type EnforcedLimits,
  type RecordedSend,
  type RecordingAdapter,
} from "./recording-adapter.js";
import type { VirtualTime } from "./virtual-time.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

export const silentLog = pino({ level: "silent" });

/** One outbox row to insert; the message's summary (and only text) is its key. */
export interface RowSpec {
  key: string;
  address: string;
  dueAt: Date;
  platform?: Platform;
  /** Marks it as a group-channel message (the rate limiter's group budget). */
  channelId?: string;
}

export async function createGroup(prisma: PrismaClient, key = "outbox"): Promise<string> {
  const group = await prisma.workGroup.create({ data: { key, name: `测试专班 ${key}` } });
  return group.id;
}

/** Writes rows the way the scheduler does: pending, next attempt at the due time. */
export async function insertRows(prisma: PrismaClient, groupId: string, specs: readonly RowSpec[]): Promise<void> {
  for (let i = 0; i < specs.length; i += 1_000) {
    await prisma.outboxMessage.createMany({
      data: specs.slice(i, i + 1_000).map((s) => ({
        dedupeKey: s.key,
        kind: "reminder" as const,
        stage: "test",
        groupId,
        platform: s.platform ?? "telegram",
        address: s.address,
        recipientChannelId: s.channelId ?? null,
        payload: { blocks: [{ type: "text", text: s.key }], summary: s.key },
        dueAt: s.dueAt,
        nextAttemptAt: s.dueAt,
      })),
    });
  }
}

/** The key of the row a recorded send carried. */
export const keyOf = (send: RecordedSend): string => send.message.summary;

/** How many times each key was delivered. */
export function deliveryCounts(sends: readonly RecordedSend[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sends) if (s.delivered) counts.set(keyOf(s), (counts.get(keyOf(s)) ?? 0) + 1);
  return counts;
}

export interface Worker {
  store: OutboxStore;
  adapter: RecordingAdapter;
  limiter: RateLimiter;
  dispatcher: Dispatcher;
}

/** A dispatcher on simulated time with a recording platform; its store counts as work in progress. */
export function createWorker(
  vt: VirtualTime,
  prisma: PrismaClient,
  options: Partial<Omit<DispatcherOptions, "store" | "adapters" | "sleep" | "log">> & {
    platform?: Platform;
    log?: RecordedSend[];
    share?: number;
    /** The platform's limits, enforced (shared by the workers that act as one bot). */
    limits?: EnforcedLimits;
    /** Puts something between the dispatcher and the real store (to hold or count its writes). */
    wrapStore?: (store: OutboxStore) => DispatchStore;
  } = {},
): Worker {
  const { platform = "telegram", log, share, wrapStore, limits, ...rest } = options;
  const workerId = rest.workerId ?? "worker-1";
  const store = vt.track(createOutboxStore(prisma));
  const adapter = createRecordingAdapter({ platform, clock: vt.clock, log, name: workerId, sleep: vt.sleep, limits });
  const limiter = rest.limiter ?? createRateLimiter({ clock: vt.clock, sleep: vt.sleep, share });
  const dispatcher = createDispatcher({
    store: wrapStore ? vt.track(wrapStore(store)) : store,
    adapters: { [platform]: adapter },
    clock: vt.clock,
    sleep: vt.sleep,
    log: silentLog,
    random: () => 0.5,
    ...rest,
    workerId,
    limiter,
  });
  return { store, adapter, limiter, dispatcher };
}

/**
 * Runs the dispatchers' loops on simulated time until `done` says so (at most `limitMs` of it,
 * default an hour), then stops them. A stopped dispatcher does not start again.
 */
export async function runUntil(
  vt: VirtualTime,
  dispatchers: readonly Dispatcher[],
  done: () => Promise<boolean>,
  options: { pollMs?: number; limitMs?: number } = {},
): Promise<void> {
  const check = vt.track({ done });
  for (const d of dispatchers) d.start();
  try {
    await vt.run(
      (async () => {
        while (!(await check.done())) await vt.sleep(options.pollMs ?? 1_000);
      })(),
      options.limitMs ?? 3_600_000,
    );
  } finally {
    await vt.run(Promise.all(dispatchers.map((d) => d.stop())));
  }
}

/** True when no row is waiting, being sent, or failed but coming back. */
export function settled(store: OutboxStore, expectSent?: number): () => Promise<boolean> {
  return async () => {
    const counts: Record<OutboxState, number> = await store.countsByState();
    if (expectSent !== undefined) return counts.sent >= expectSent;
    return counts.pending === 0 && counts.sending === 0;
  };
}

export interface TwoProcessOutbox {
  db: TestDatabase;
  /** A second connection pool on the same database: another zhuanban process. */
  second: PrismaClient;
  groupId: string;
}

/**
 * Registers the set-up of a test file where two processes dispatch from one outbox: a database
 * with one group, a second pool, an empty outbox before each test. `ready` receives them.
 */
export function useTwoProcessOutbox(ready: (world: TwoProcessOutbox) => void): void {
  let world: TwoProcessOutbox | undefined;
  beforeAll(async () => {
    const db = await createTestDatabase();
    world = { db, second: createPrismaClient(db.url, 5), groupId: await createGroup(db.prisma) };
    ready(world);
  });
  afterAll(async () => {
    await world?.second.$disconnect();
    await world?.db.drop();
  });
  beforeEach(async () => {
    await world?.db.prisma.outboxMessage.deleteMany();
  });
}
