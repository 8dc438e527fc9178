// Platform outages, slow platforms and the simulated clock (issue 17, items 4, 5 and 11), on
// simulated time with the recording platform. The database outage is in dispatcher-db-outage.test.ts
// (a real PostgreSQL stopped and started).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { simulatedClock } from "../../src/domain/time/clock.js";
import { createRateLimiter } from "../../src/runtime/rate-limiter.js";
import {
  createGroup,
  createWorker,
  deliveryCounts,
  insertRows,
  keyOf,
  runUntil,
  settled,
} from "../fakes/dispatch-harness.js";
import { createVirtualTime } from "../fakes/virtual-time.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

const T0 = new Date("2023-01-20T01:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);

let db: TestDatabase;
let groupId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  groupId = await createGroup(db.prisma);
});
afterAll(() => db.drop());
beforeEach(async () => {
  await db.prisma.outboxMessage.deleteMany();
});

describe("the platform down for a minute", () => {
  it(
    "is backed off as a whole, shown as down, and everything goes out within seconds of its recovery",
    { timeout: 60_000 },
    async () => {
      const chats = Array.from({ length: 20 }, (_, i) => String(1000 + i));
      await insertRows(
        db.prisma,
        groupId,
        chats.flatMap((chat) =>
          Array.from({ length: 5 }, (_, j) => ({ key: `${chat}-${j}`, address: chat, dueAt: at(j * 10) })),
        ),
      );
      const vt = createVirtualTime(T0);
      const { adapter, store, dispatcher } = createWorker(vt, db.prisma);
      const recovery = at(60);
      adapter.failUntil(recovery, { kind: "transient", status: 502 });

      await runUntil(vt, [dispatcher], async () => vt.now() >= at(30).getTime());
      // Halfway through: the platform is reported down, and no row used up its tries.
      expect(dispatcher.platformHealth().telegram).toMatchObject({ ok: false, downSince: expect.any(Number) });
      const counts = await store.countsByState();
      expect(counts.failed).toBe(0);
      const tries = await db.prisma.outboxMessage.aggregate({ _max: { attempts: true } });
      expect(tries._max.attempts).toBeLessThanOrEqual(2);
      // The platform was probed, not flooded: a few sends when it failed, then one every 5 s at most.
      const duringOutage = adapter.sends.filter((s) => s.at < at(30)).length;
      expect(duringOutage).toBeLessThan(3 + 30);

      const rest = createWorker(vt, db.prisma, { log: adapter.sends });
      rest.adapter.failUntil(recovery, { kind: "transient", status: 502 });
      await runUntil(vt, [rest.dispatcher], settled(store, 100), { limitMs: 3_600_000 });
      const delivered = adapter.sends.filter((s) => s.delivered);
      expect(delivered).toHaveLength(100);
      expect(delivered.every((s) => s.at >= recovery)).toBe(true);
      // Each chat's five rows, a second apart, all out within 12 s of the recovery (a probe after at
      // most 5 s, a claim, then one a second per chat): nothing parked for the 15-minute cycle.
      const last = Math.max(...delivered.map((s) => s.at.getTime()));
      expect(last - recovery.getTime()).toBeLessThan(12_000);
      for (const chat of chats) {
        expect(delivered.filter((s) => s.to.chatId === chat).map(keyOf)).toEqual(
          [0, 1, 2, 3, 4].map((j) => `${chat}-${j}`),
        );
      }
      expect(rest.dispatcher.platformHealth().telegram).toEqual({ ok: true });
      expect(await store.failedForGroup(groupId)).toEqual([]);
    },
  );
});

describe("a platform slower than the send timeout", () => {
  it("is not sent to twice: a send that has not answered yet counts as in flight", async () => {
    const chats = Array.from({ length: 10 }, (_, i) => String(2000 + i));
    await insertRows(
      db.prisma,
      groupId,
      chats.flatMap((chat) => [0, 1].map((j) => ({ key: `${chat}-${j}`, address: chat, dueAt: at(j) }))),
    );
    const vt = createVirtualTime(at(5));
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma, { sendTimeoutMs: 30_000, leaseMs: 120_000 });
    // The first send to each chat answers after 45 s: past the timeout, well within the lease.
    for (const chat of chats) adapter.failNext(1, { kind: "slow", ms: 45_000 }, { chatId: chat });
    await runUntil(vt, [dispatcher], settled(store, 20));

    const counts = deliveryCounts(adapter.sends);
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await store.countsByState()).toMatchObject({ sent: 20, pending: 0, sending: 0 });
  });

  it("tries a send that never answers again only a lease later, once", async () => {
    await insertRows(db.prisma, groupId, [{ key: "lost-answer", address: "2100", dueAt: at(0) }]);
    const vt = createVirtualTime(at(5));
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma, { sendTimeoutMs: 30_000, leaseMs: 120_000 });
    adapter.failNext(1, { kind: "stall" });
    await runUntil(vt, [dispatcher], settled(store, 1), { limitMs: 30 * 60_000 });

    expect(adapter.sends.map((s) => s.fault ?? "ok")).toEqual(["stall", "ok"]);
    const [first, second] = adapter.sends.map((s) => s.at.getTime());
    // Waited for until shortly before the lease ended (115 s), then not again for a lease (120 s).
    expect(second! - first!).toBeGreaterThanOrEqual(115_000 + 120_000);
  });
});

describe("the simulated clock at 600 times real speed", () => {
  it("sends each reminder once: leases and waits run on the transport's time", async () => {
    const chats = Array.from({ length: 10 }, (_, i) => String(3000 + i));
    await insertRows(
      db.prisma,
      groupId,
      chats.flatMap((chat) => [0, 1, 2].map((j) => ({ key: `${chat}-${j}`, address: chat, dueAt: at(j * 60) }))),
    );
    const vt = createVirtualTime(at(0));
    // The plan's clock is ZHUANBAN_CLOCK_SPEED=600 over the transport's (here simulated) real time.
    const plan = simulatedClock({ start: at(0), speed: 600, realNow: vt.now });
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma, {
      clock: plan,
      transportClock: vt.clock,
      limiter: createRateLimiter({ clock: vt.clock, sleep: vt.sleep }),
    });
    // Every send takes half a second to answer: 5 minutes of the plan's time.
    for (const chat of chats) adapter.failNext(3, { kind: "slow", ms: 500 }, { chatId: chat });
    await runUntil(vt, [dispatcher], settled(store, 30), { limitMs: 10 * 60_000 });

    const counts = deliveryCounts(adapter.sends);
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Rows were due by the plan's clock: the third of each chat (due at 120 s of plan time) went
    // out a fifth of a second of real time after the start, not two minutes.
    const lastSend = Math.max(...adapter.sends.map((s) => s.at.getTime()));
    expect(lastSend - at(0).getTime()).toBeLessThan(60_000);
  });
});
