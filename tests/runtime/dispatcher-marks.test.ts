// Sent rows are recorded in batches (src/runtime/sent-marks.ts). What must still hold: a stop
// writes the marks it is waiting for before it gives anything back, and a crash with a batch of
// marks not yet written repeats at most those sends, and loses none.
import { describe, expect, it } from "vitest";
import type { DispatchStore } from "../../src/runtime/dispatcher.js";
import { createSentMarks } from "../../src/runtime/sent-marks.js";
import { systemSleep } from "../../src/runtime/sleep.js";
import { createOutboxStore, type OutboxStore } from "../../src/store/outbox-store.js";
import type { PrismaClient } from "../../src/store/client.js";
import {
  createWorker,
  useTwoProcessOutbox,
  deliveryCounts,
  insertRows,
  keyOf,
  runUntil,
  settled,
} from "../fakes/dispatch-harness.js";
import type { RecordedSend } from "../fakes/recording-adapter.js";
import { createVirtualTime } from "../fakes/virtual-time.js";
import type { TestDatabase } from "../support/test-database.js";
import { waitUntil } from "../support/wait-until.js";

const T0 = new Date("2023-01-20T01:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);

let db: TestDatabase;
let second: PrismaClient;
let groupId: string;

// Two processes: two connection pools on one database.
useTwoProcessOutbox((world) => ({ db, second, groupId } = world));

/** Console rows (no rate limits), one recipient each, due one after another before T0. */
const rows = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    key: `r${String(i).padStart(3, "0")}`,
    address: `dm:u${i}`,
    platform: "console" as const,
    dueAt: at(i / 1_000 - 60),
  }));

/** The store with its sent marks held at a gate until `open()`, and every batch of them recorded. */
function gatedMarks(open: Promise<void>) {
  const batches: string[][] = [];
  const wrap = (store: OutboxStore): DispatchStore => ({
    ...store,
    async markSentMany(workerId, sent) {
      batches.push(sent.map((s) => s.id));
      await open;
      return store.markSentMany(workerId, sent);
    },
  });
  return { batches, wrap };
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Waits (for real, up to a minute on a loaded machine) for what the test needs to have happened. */
const until = (condition: () => boolean, what: string) => waitUntil(condition, 60_000, what);

describe("sent rows recorded in batches", () => {
  it("writes the sends that finish together with one statement", async () => {
    await insertRows(db.prisma, groupId, rows(200));
    const vt = createVirtualTime(T0);
    const { batches, wrap } = gatedMarks(Promise.resolve());
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma, {
      platform: "console",
      batchSize: 100,
      concurrency: 20,
      wrapStore: wrap,
    });
    await runUntil(vt, [dispatcher], settled(store, 200));

    expect(deliveryCounts(adapter.sends).size).toBe(200);
    expect(batches.flat()).toHaveLength(200);
    // Twenty recipients at a time: their marks share statements (one a row cost a commit each).
    expect(batches.length).toBeLessThanOrEqual(200 / 10);
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThanOrEqual(10);
    expect(await store.countsByState()).toMatchObject({ sent: 200, sending: 0, pending: 0 });
  });

  it("a stop waits for the marks being written, gives back only what was not sent, and nothing goes out twice", async () => {
    await insertRows(db.prisma, groupId, rows(50));
    const vt = createVirtualTime(T0);
    let open!: () => void;
    const { batches, wrap } = gatedMarks(new Promise<void>((resolve) => (open = resolve)));
    const log: RecordedSend[] = [];
    const first = createWorker(vt, db.prisma, {
      platform: "console",
      batchSize: 50,
      concurrency: 10,
      log,
      wrapStore: wrap,
    });
    void first.dispatcher.runOnce();
    // Ten recipients at a time: ten sends went out, and their marks wait at the gate in one batch.
    await until(() => batches.length === 1 && log.length === 10, "ten sends and a batch of marks");
    await turns(20);
    expect(log).toHaveLength(10);
    expect(batches[0]).toHaveLength(10);

    let stopped = false;
    const stopping = first.dispatcher.stop().then(() => (stopped = true));
    await turns(50);
    // Not a row given back while their marks are not written: they would be sent again.
    expect(stopped).toBe(false);
    expect(await db.prisma.outboxMessage.count({ where: { state: "pending" } })).toBe(0);
    open();
    await stopping;

    const stored = await db.prisma.outboxMessage.findMany({ select: { dedupeKey: true, state: true, attempts: true } });
    const sentKeys = new Set(log.map(keyOf));
    expect(stored.filter((r) => r.state === "sent").map((r) => r.dedupeKey)).toEqual(
      expect.arrayContaining([...sentKeys]),
    );
    expect(stored.filter((r) => r.state === "sent")).toHaveLength(10);
    expect(stored.filter((r) => r.state === "pending" && r.attempts === 0)).toHaveLength(40);

    // Started again: the other forty, and not one of the ten again.
    const again = createWorker(vt, db.prisma, { platform: "console", log });
    await runUntil(vt, [again.dispatcher], settled(again.store, 50));
    const counts = deliveryCounts(log);
    expect(counts.size).toBe(50);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("a crash with a batch of marks unwritten repeats at most those sends, and loses none", async () => {
    await insertRows(db.prisma, groupId, rows(60));
    const leaseMs = 120_000;
    // Worker A sends to eight recipients at once, then dies while their marks are being written:
    // the statement never commits, nothing more runs, its simulated time never moves again.
    const vtA = createVirtualTime(T0);
    const { batches, wrap } = gatedMarks(new Promise<void>(() => undefined));
    const a = createWorker(vtA, second, {
      platform: "console",
      workerId: "A",
      batchSize: 60,
      concurrency: 8,
      leaseMs,
      wrapStore: wrap,
    });
    void a.dispatcher.runOnce();
    await until(() => batches.length === 1 && a.adapter.sends.length === 8, "eight sends and their marks");
    await turns(20);
    expect(a.adapter.sends).toHaveLength(8);
    const unrecorded = a.adapter.sends.map(keyOf);

    // B finds every row held by A until A's lease ends, then takes them all over.
    const vtB = createVirtualTime(at(10));
    const b = createWorker(vtB, db.prisma, { platform: "console", workerId: "B", leaseMs });
    await runUntil(vtB, [b.dispatcher], async () => vtB.now() >= at(20).getTime());
    expect(b.adapter.sends).toHaveLength(0);
    await vtB.advance(leaseMs);
    const b2 = createWorker(vtB, db.prisma, { platform: "console", workerId: "B", leaseMs });
    await runUntil(vtB, [b2.dispatcher], settled(b2.store, 60));

    const counts = deliveryCounts([...a.adapter.sends, ...b2.adapter.sends]);
    expect(counts.size).toBe(60);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([key]) => key);
    expect(repeated.sort()).toEqual([...unrecorded].sort());
    expect(await db.prisma.outboxMessage.count({ where: { state: "sent" } })).toBe(60);
  });

  it("a send that finishes while a mark is being written is recorded in a second statement, not after the first", async () => {
    await insertRows(db.prisma, groupId, rows(2));
    const store = createOutboxStore(db.prisma);
    const claimed = await store.claimDue({
      now: T0,
      limit: 2,
      workerId: "w-pipe",
      leaseMs: 60_000,
      platforms: ["console"],
    });
    let open!: () => void;
    const gate = gatedMarks(new Promise<void>((resolve) => (open = resolve)));
    const marks = createSentMarks({ store: gate.wrap(store), workerId: "w-pipe", sleep: systemSleep });
    const [first, second] = claimed.map((r) => r.id) as [string, string];
    const firstDone = marks.record(first, { platformMessageId: "m1", sentAt: T0 });
    await until(() => gate.batches.length === 1, "the first mark is being written");
    const secondDone = marks.record(second, { platformMessageId: "m2", sentAt: T0 });
    // The first statement is still held at the gate: the second mark does not wait for it.
    await until(() => gate.batches.length === 2, "the second mark is being written");
    expect(gate.batches).toEqual([[first], [second]]);
    open();
    expect(await Promise.all([firstDone, secondDone])).toEqual([true, true]);
    await marks.drain();
    expect(await store.countsByState()).toMatchObject({ sent: 2, sending: 0 });
  });
});
