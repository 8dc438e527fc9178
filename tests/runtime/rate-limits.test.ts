import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRateLimiter, defaultIsGroupChat } from "../../src/runtime/rate-limiter.js";
import { createGroup, createWorker, insertRows, runUntil, settled } from "../fakes/dispatch-harness.js";
import { createVirtualTime, type VirtualTime } from "../fakes/virtual-time.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

const T0 = new Date("2023-01-20T01:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);

/** Largest number of instants inside any window of `windowMs` (half-open). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Acquires a slot for each chat at once (as concurrent senders would) and records when each came. */
async function acquireAll(
  vt: VirtualTime,
  limiter: ReturnType<typeof createRateLimiter>,
  chats: string[],
  platform = "telegram" as const,
) {
  const times: number[] = [];
  await vt.run(
    Promise.all(
      chats.map(async (chat) => {
        await limiter.acquire(platform, chat);
        times.push(vt.now());
      }),
    ),
  );
  return times;
}

describe("the rate limiter", () => {
  it("spaces 100 messages to one Telegram chat a second apart, with its margin: 104 simulated seconds", async () => {
    const vt = createVirtualTime(T0);
    const limiter = createRateLimiter({ clock: vt.clock, sleep: vt.sleep });
    const times = await acquireAll(
      vt,
      limiter,
      Array.from({ length: 100 }, () => "12345"),
    );
    expect(Math.max(...times) - Math.min(...times)).toBe(99 * 1_050);
    expect(busiestWindow(times, 1_000)).toBe(1);
  });

  it("keeps Telegram at 30 messages a second overall, and a process's share below that", async () => {
    const vt = createVirtualTime(T0);
    const chats = Array.from({ length: 300 }, (_, i) => String(10_000 + i));
    const full = await acquireAll(vt, createRateLimiter({ clock: vt.clock, sleep: vt.sleep }), chats);
    expect(busiestWindow(full, 1_000)).toBe(30);
    expect(Math.max(...full) - T0.getTime()).toBeLessThan(10_500);

    const half = await acquireAll(vt, createRateLimiter({ clock: vt.clock, sleep: vt.sleep, share: 0.5 }), chats);
    expect(busiestWindow(half, 1_000)).toBe(15);
  });

  it("keeps a Telegram group to 20 a minute, Slack to one a second per channel, and the console free", async () => {
    const vt = createVirtualTime(T0);
    const limiter = createRateLimiter({ clock: vt.clock, sleep: vt.sleep });
    expect(defaultIsGroupChat("telegram", "-1001234")).toBe(true);
    const group = await acquireAll(
      vt,
      limiter,
      Array.from({ length: 21 }, () => "-1001234"),
    );
    expect(busiestWindow(group, 60_000)).toBe(20);

    const start = vt.now();
    const slack = await acquireAll(vt, limiter, ["C1", "C1", "C2", "C2"], "slack" as never);
    expect(slack.map((t) => t - start).sort((a, b) => a - b)).toEqual([0, 0, 1_000, 1_000]);
    expect(limiter.reserve("console", "dm:a")).toBe(0);
    expect(limiter.reserve("console", "dm:a")).toBe(0);
    // The outbox may say a chat is a group where the id does not.
    expect(limiter.reserve("telegram", "777", { kind: "group" })).toBe(0);
    expect(limiter.reserve("telegram", "777", { kind: "group" })).toBe(3_000);
  });

  it("honours a pause from a 429 and refuses slots beyond a deadline without reserving them", async () => {
    const vt = createVirtualTime(T0);
    const limiter = createRateLimiter({ clock: vt.clock, sleep: vt.sleep });
    limiter.pause("console", "dm:x", at(30));
    expect(limiter.reserve("console", "dm:x", { notAfter: at(10).getTime() })).toBeNull();
    expect(limiter.reserve("console", "dm:x")).toBe(30_000);
    expect(limiter.reserve("console", "dm:y")).toBe(0);
  });
});

describe("the dispatcher under the rate limits", () => {
  let db: TestDatabase;
  let groupId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    groupId = await createGroup(db.prisma);
  });
  afterAll(() => db.drop());
  beforeEach(() => db.prisma.outboxMessage.deleteMany());

  it("takes at least 99 simulated seconds for 100 messages to one Telegram chat, leases never overrun", async () => {
    await insertRows(
      db.prisma,
      groupId,
      Array.from({ length: 100 }, (_, i) => ({
        key: `m${String(i).padStart(3, "0")}`,
        address: "555",
        dueAt: at(i / 100),
      })),
    );
    const vt = createVirtualTime(at(1));
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma, { leaseMs: 60_000, sendTimeoutMs: 10_000 });
    await runUntil(vt, [dispatcher], settled(store, 100));

    const times = adapter.sends.map((s) => s.at.getTime());
    expect(adapter.sends).toHaveLength(100);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(99_000);
    expect(busiestWindow(times, 1_000)).toBe(1);
    expect(adapter.sends.map((s) => s.message.summary)).toEqual(
      [...adapter.sends.map((s) => s.message.summary)].sort(),
    );
    // A claim holds a minute: the batch is given back in parts rather than sent after its lease.
    const rows = await db.prisma.outboxMessage.findMany({ select: { attempts: true, sentAt: true } });
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });

  it("sends no more than 30 a second to Telegram overall", async () => {
    await insertRows(
      db.prisma,
      groupId,
      Array.from({ length: 300 }, (_, i) => ({ key: `o${i}`, address: String(20_000 + i), dueAt: T0 })),
    );
    const vt = createVirtualTime(T0);
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma, { concurrency: 16 });
    await runUntil(vt, [dispatcher], settled(store, 300));
    expect(adapter.sends).toHaveLength(300);
    expect(
      busiestWindow(
        adapter.sends.map((s) => s.at.getTime()),
        1_000,
      ),
    ).toBe(30);
  });
});
