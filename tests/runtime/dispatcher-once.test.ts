import { describe, expect, it } from "vitest";
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

/** The keys delivered to each address, in the order the platform saw them. */
function orderPerAddress(sends: readonly RecordedSend[]): Map<string, string[]> {
  const order = new Map<string, string[]>();
  for (const s of sends.filter((x) => x.delivered))
    order.set(s.to.chatId, [...(order.get(s.to.chatId) ?? []), keyOf(s)]);
  return order;
}

describe("two dispatchers on one database", () => {
  it("deliver 2,000 due rows exactly once each, every recipient's in due order", { timeout: 120_000 }, async () => {
    // 400 Slack channels with five rows each, interleaved in due time.
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      key: `row-${String(i).padStart(4, "0")}`,
      address: `C${String(i % 400).padStart(3, "0")}`,
      dueAt: at(i - 2_000),
      platform: "slack" as const,
    }));
    await insertRows(db.prisma, groupId, rows);

    const vt = createVirtualTime(T0);
    const log: RecordedSend[] = [];
    const options = { platform: "slack" as const, log, batchSize: 50, concurrency: 8 };
    const a = createWorker(vt, db.prisma, { ...options, workerId: "A" });
    const b = createWorker(vt, second, { ...options, workerId: "B" });
    await runUntil(vt, [a.dispatcher, b.dispatcher], settled(a.store, 2_000));

    const counts = deliveryCounts(log);
    expect(counts.size).toBe(2_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(log).toHaveLength(2_000);
    // Both took part.
    expect(log.filter((s) => s.by === "A").length).toBeGreaterThan(100);
    expect(log.filter((s) => s.by === "B").length).toBeGreaterThan(100);
    for (const [address, keys] of orderPerAddress(log)) {
      expect(keys, address).toEqual([...keys].sort());
    }
    const stored = await db.prisma.outboxMessage.groupBy({ by: ["state", "attempts"], _count: { _all: true } });
    expect(stored).toEqual([{ state: "sent", attempts: 1, _count: { _all: 2_000 } }]);
  });
});

describe("a dispatcher that dies in the middle", () => {
  it("loses nothing: another takes its rows over when the lease ends; duplicates are at most its sends in flight", async () => {
    await insertRows(
      db.prisma,
      groupId,
      Array.from({ length: 200 }, (_, i) => ({
        key: `k${String(i).padStart(3, "0")}`,
        address: `C${1_000 + i}`,
        dueAt: at(-i),
        platform: "slack" as const,
      })),
    );
    const leaseMs = 120_000;

    // Worker A claims 100 rows; its four concurrent sends reach the platform, and then it is gone:
    // no answer ever comes back, nothing more runs, its simulated time never moves again.
    const vtA = createVirtualTime(T0);
    const a = createWorker(vtA, second, { platform: "slack", workerId: "A", batchSize: 100, concurrency: 4, leaseMs });
    a.adapter.failNext(1_000, { kind: "stall" });
    void a.dispatcher.runOnce();
    await waitUntil(() => a.adapter.sends.length >= 4, 60_000, "worker A's four sends in flight");
    expect(a.adapter.sends).toHaveLength(4);
    const inFlight = a.adapter.sends.length;

    // Worker B starts 10 s later: it delivers the 100 rows nobody holds, and not A's.
    const vtB = createVirtualTime(at(10));
    const b = createWorker(vtB, db.prisma, { platform: "slack", workerId: "B", batchSize: 50, leaseMs });
    await runUntil(vtB, [b.dispatcher], settled(b.store, 100));
    expect(await db.prisma.outboxMessage.count({ where: { state: "sending", claimedBy: "A" } })).toBe(100);
    expect(b.adapter.delivered()).toHaveLength(100);

    // After A's lease ends, B (restarted) takes A's rows over.
    await vtB.advance(leaseMs);
    const b2 = createWorker(vtB, db.prisma, { platform: "slack", workerId: "B", batchSize: 50, leaseMs });
    await runUntil(vtB, [b2.dispatcher], settled(b2.store, 200));

    const delivered = [...a.adapter.delivered(), ...b.adapter.delivered(), ...b2.adapter.delivered()];
    const counts = deliveryCounts(delivered);
    expect(counts.size).toBe(200);
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    expect(duplicates).toBe(4);
    expect(await db.prisma.outboxMessage.count({ where: { state: "sent" } })).toBe(200);
  });

  it("starts no send once its own heartbeat is stale (others may have taken its rows over), and gives its rows back", async () => {
    await insertRows(
      db.prisma,
      groupId,
      Array.from({ length: 20 }, (_, i) => ({
        key: `stale-${i}`,
        address: `C${2_000 + i}`,
        dueAt: at(-i),
        platform: "slack" as const,
      })),
    );
    const vt = createVirtualTime(T0);
    let holds = false;
    const w = createWorker(vt, db.prisma, { platform: "slack", workerId: "STALE", stillHolds: () => holds });
    await vt.run(w.dispatcher.runOnce());
    expect(w.adapter.sends).toHaveLength(0);
    expect(
      await db.prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: "stale-" }, state: "pending" } }),
    ).toBe(20);

    holds = true;
    await runUntil(
      vt,
      [w.dispatcher],
      async () =>
        (await db.prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: "stale-" }, state: "sent" } })) === 20,
    );
    expect(w.adapter.delivered()).toHaveLength(20);
  });
});
