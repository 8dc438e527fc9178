import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPlatformCircuit } from "../../src/runtime/platform-circuit.js";
import type { ClaimedRow } from "../../src/store/outbox-store.js";
import { createGroup, createWorker, insertRows, keyOf, runUntil, settled } from "../fakes/dispatch-harness.js";
import type { RecordedSend } from "../fakes/recording-adapter.js";
import { createVirtualTime } from "../fakes/virtual-time.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

const T0 = new Date("2023-01-20T01:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);
const MINUTE = 60_000;

let db: TestDatabase;
let groupId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  groupId = await createGroup(db.prisma);
});
afterAll(() => db.drop());
beforeEach(async () => {
  await db.prisma.outboxMessage.deleteMany();
  await db.prisma.chatIdentity.deleteMany();
});

const sendsTo = (sends: readonly RecordedSend[], chatId: string) => sends.filter((s) => s.to.chatId === chatId);
const deliveredKeys = (sends: readonly RecordedSend[]) => sends.filter((s) => s.delivered).map(keyOf);

describe("a message that fails with 500 while the platform otherwise works", () => {
  // Fifteen simulated minutes of claims: slow on a loaded machine.
  it(
    "backs off exponentially with jitter, then marks the row failed and tries again on the next cycle",
    { timeout: 120_000 },
    async () => {
      await insertRows(db.prisma, groupId, [{ key: "solo", address: "1100", dueAt: T0 }]);
      const vt = createVirtualTime(T0);
      // The platform's circuit stays closed here (tests/runtime/dispatcher-outages.test.ts has it open).
      const circuit = createPlatformCircuit({ clock: vt.clock, sleep: vt.sleep, threshold: 100 });
      const { adapter, dispatcher } = createWorker(vt, db.prisma, { random: () => 0.999_999, circuit });
      adapter.failNext(5, { kind: "transient" });
      await runUntil(vt, [dispatcher], async () => adapter.sends.some((s) => s.delivered), { limitMs: 30 * MINUTE });
      const times = adapter.sends.map((s) => (s.at.getTime() - T0.getTime()) / 1_000);
      // Jitter at its top: 1, 2, 4, 8 s between tries, then the 15-minute cycle. A row is taken up
      // again by the first claim after its backoff (claims come once a second when nothing else is
      // due), and no sooner than 1,001 ms after the chat's last answer (Telegram's 1/s per chat).
      expect(times.slice(0, 5)).toEqual([0, 1.001, 4, 8, 16]);
      expect(times[5]).toBeCloseTo(16 + 15 * 60, 6);
      expect(adapter.sends.map((s) => s.delivered)).toEqual([false, false, false, false, false, true]);
    },
  );
});

describe("429 with retry-after", () => {
  it("sends nothing more to that chat before it expires; other chats go on", async () => {
    await insertRows(db.prisma, groupId, [
      ...[0, 1, 2].map((j) => ({ key: `slow-${j}`, address: "2001", dueAt: at(j) })),
      ...[0, 1, 2].map((j) => ({ key: `fast-${j}`, address: "2002", dueAt: at(j) })),
    ]);
    const vt = createVirtualTime(at(5));
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma);
    adapter.failNext(1, { kind: "rate_limited", retryAfterMs: 30_000 }, { chatId: "2001" });
    await runUntil(vt, [dispatcher], settled(store, 6));

    const slow = sendsTo(adapter.sends, "2001");
    expect(slow[0]).toMatchObject({ delivered: false, fault: "rate_limited" });
    const limitedAt = slow[0]!.at.getTime();
    for (const later of slow.slice(1)) expect(later.at.getTime()).toBeGreaterThanOrEqual(limitedAt + 30_000);
    expect(deliveredKeys(slow)).toEqual(["slow-0", "slow-1", "slow-2"]);
    // The other chat goes on at its own pace (a second after each answer, and the clock's grain), from the start.
    const fast = sendsTo(adapter.sends, "2002").map((s) => s.at.getTime() - at(5).getTime());
    expect(fast[0]).toBeLessThan(100);
    expect(fast.map((t) => t - fast[0]!)).toEqual([0, 1_001, 2_002]);
  });
});

describe("an unreachable recipient", () => {
  it("is marked unreachable once, reported once, and not retried", async () => {
    await db.prisma.chatIdentity.create({
      data: { platform: "telegram", platformUserId: "3001", directChatId: "3001" },
    });
    await insertRows(db.prisma, groupId, [
      ...[0, 1, 2].map((j) => ({ key: `gone-${j}`, address: "3001", dueAt: at(j) })),
      { key: "here", address: "3002", dueAt: at(0) },
    ]);
    const vt = createVirtualTime(at(10));
    const onUnreachable = vi.fn<(row: ClaimedRow) => void>();
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma, { onUnreachable });
    adapter.failUntil(at(86_400), { kind: "unreachable" }, { chatId: "3001" });
    await runUntil(vt, [dispatcher], settled(store));
    expect(sendsTo(adapter.sends, "3001")).toHaveLength(1);
    // Ten minutes on: nothing retried. A new message to them is tried when due, and is no news.
    await insertRows(db.prisma, groupId, [{ key: "gone-later", address: "3001", dueAt: at(300) }]);
    const restarted = createWorker(vt, db.prisma, { onUnreachable, log: adapter.sends });
    restarted.adapter.failUntil(at(86_400), { kind: "unreachable" }, { chatId: "3001" });
    await runUntil(vt, [restarted.dispatcher], async () => vt.now() >= at(600).getTime());

    expect(sendsTo(adapter.sends, "3001").map(keyOf)).toEqual(["gone-0", "gone-later"]);
    expect(onUnreachable).toHaveBeenCalledTimes(1);
    expect(onUnreachable.mock.calls[0]![0]).toMatchObject({ dedupeKey: "gone-0", address: "3001" });
    expect(await store.countsByState()).toMatchObject({ sent: 1, unreachable: 4, pending: 0, failed: 0 });
    const identity = await db.prisma.chatIdentity.findFirstOrThrow();
    expect(identity.unreachableAt?.getTime()).toBeGreaterThanOrEqual(at(10).getTime());
    const undelivered = await store.failedForGroup(groupId);
    expect(undelivered.map((r) => [r.dedupeKey, r.state])).toEqual([
      ["gone-0", "unreachable"],
      ["gone-1", "unreachable"],
      ["gone-2", "unreachable"],
      ["gone-later", "unreachable"],
    ]);
  });
});

describe("a message the platform rejects", () => {
  it("is failed for good and shown to the office, and does not hold back the recipient's later messages", async () => {
    await insertRows(db.prisma, groupId, [
      { key: "bad", address: "4001", dueAt: at(0) },
      { key: "good", address: "4001", dueAt: at(1) },
    ]);
    const vt = createVirtualTime(at(5));
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma);
    adapter.failNext(1, { kind: "rejected" });
    await runUntil(vt, [dispatcher], settled(store));
    await vt.advance(3_600_000);
    await runUntil(vt, [createWorker(vt, db.prisma, { log: adapter.sends }).dispatcher], async () => true);

    expect(adapter.sends.map((s) => [keyOf(s), s.delivered])).toEqual([
      ["bad", false],
      ["good", true],
    ]);
    expect(await store.failedForGroup(groupId)).toMatchObject([
      {
        dedupeKey: "bad",
        state: "failed",
        retryAt: null,
        lastError: "rejected: 400 Bad Request: message is malformed",
      },
    ]);
  });
});

describe("graceful stop", () => {
  it("finishes the send in flight, then gives back every row it had not tried", async () => {
    await insertRows(
      db.prisma,
      groupId,
      Array.from({ length: 10 }, (_, j) => ({ key: `q-${j}`, address: "5001", dueAt: at(j) })),
    );
    const vt = createVirtualTime(at(10));
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma);
    // One message a second to one chat: three go out in the first 2.5 s.
    await runUntil(vt, [dispatcher], async () => vt.now() >= at(12.5).getTime(), { pollMs: 500 });

    expect(deliveredKeys(adapter.sends)).toEqual(["q-0", "q-1", "q-2"]);
    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { dueAt: "asc" } });
    expect(rows.map((r) => [r.state, r.attempts, r.claimedBy])).toEqual([
      ...[0, 1, 2].map(() => ["sent", 1, null]),
      ...[3, 4, 5, 6, 7, 8, 9].map(() => ["pending", 0, null]),
    ]);
    expect(await store.countsByState()).toMatchObject({ sending: 0 });
  });
});
