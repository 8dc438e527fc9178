import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Platform } from "../../src/core/chat/inbound.js";
import { fixedClock } from "../../src/domain/time/clock.js";
import {
  CLOCK_GRAIN_MS,
  createRateLimiter,
  defaultIsGroupChat,
  type RateLimiter,
} from "../../src/runtime/rate-limiter.js";
import { systemSleep } from "../../src/runtime/sleep.js";
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

/**
 * Acquires a permit for each chat at once (as concurrent senders would), records when each came,
 * and answers it `answerMs(i)` later (default at once: the platform answers instantly).
 */
async function acquireAll(
  vt: VirtualTime,
  limiter: RateLimiter,
  chats: string[],
  platform: Platform = "telegram",
  answerMs: (i: number) => number = () => 0,
) {
  const times: number[] = [];
  await vt.run(
    Promise.all(
      chats.map(async (chat, i) => {
        const permit = await limiter.acquire(platform, chat);
        if (!permit) throw new Error("no permit");
        times.push(vt.now());
        await vt.sleep(answerMs(i));
        permit.done();
      }),
    ),
  );
  return times;
}

describe("the rate limiter", () => {
  it("spaces 100 messages to one Telegram chat a second after each answer: 99.1 simulated seconds", async () => {
    const vt = createVirtualTime(T0);
    const limiter = createRateLimiter({ clock: vt.clock, sleep: vt.sleep });
    const times = await acquireAll(
      vt,
      limiter,
      Array.from({ length: 100 }, () => "12345"),
    );
    // 1,000 ms and the clock's grain (1 ms) after the previous answer, which came at once.
    expect(Math.max(...times) - Math.min(...times)).toBe(99 * (1_000 + CLOCK_GRAIN_MS));
    expect(busiestWindow(times, 1_000)).toBe(1);
  });

  it("keeps Telegram at 30 messages a second overall, spread out, and a process's share below that", async () => {
    const vt = createVirtualTime(T0);
    const chats = Array.from({ length: 300 }, (_, i) => String(10_000 + i));
    const full = await acquireAll(vt, createRateLimiter({ clock: vt.clock, sleep: vt.sleep }), chats);
    expect(busiestWindow(full, 1_000)).toBe(30);
    expect(Math.max(...full) - T0.getTime()).toBeLessThan(10_100);
    // No burst: never two starts within the spacing's 33 ms.
    expect(busiestWindow(full, 33)).toBe(1);

    const half = await acquireAll(vt, createRateLimiter({ clock: vt.clock, sleep: vt.sleep, share: 0.5 }), chats);
    expect(busiestWindow(half, 1_000)).toBe(15);
  });

  it("started spent (a process replacing a killed one): nothing overall in its first second, then the usual 30 a second", async () => {
    const vt = createVirtualTime(T0);
    const chats = Array.from({ length: 60 }, (_, i) => String(20_000 + i));
    const limiter = createRateLimiter({ clock: vt.clock, sleep: vt.sleep, startSpent: true });
    const times = await acquireAll(vt, limiter, chats);
    // The killed process may have sent 30 in the second before T0: none of ours come within it.
    expect(Math.min(...times) - T0.getTime()).toBeGreaterThanOrEqual(1_000);
    expect(busiestWindow([...Array.from({ length: 30 }, () => T0.getTime() - 1), ...times], 1_000)).toBe(30);
  });

  it("never lets the platform count more than its limits, however late the answers and arrivals come", async () => {
    // Each message reaches the platform somewhere between its start and its answer, which comes
    // 0-400 ms after the start: arrivals bunch up closer than the starts were (what made Telegram
    // answer 429 to messages that left 1,000 ms apart). The platform counts arrivals.
    const vt = createVirtualTime(T0);
    const limiter = createRateLimiter({ clock: vt.clock, sleep: vt.sleep });
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const arrivals: { chat: string; at: number }[] = [];
    const chats = Array.from({ length: 400 }, (_, i) => String(30_000 + (i % 40)));
    await vt.run(
      Promise.all(
        chats.map(async (chat) => {
          const permit = await limiter.acquire("telegram", chat);
          if (!permit) throw new Error("no permit");
          const answer = Math.floor(random() * 400);
          const arrival = Math.floor(random() * (answer + 1));
          await vt.sleep(arrival);
          arrivals.push({ chat, at: vt.now() });
          await vt.sleep(answer - arrival);
          permit.done();
        }),
      ),
    );
    expect(arrivals).toHaveLength(400);
    expect(
      busiestWindow(
        arrivals.map((a) => a.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(30);
    for (let c = 0; c < 40; c++) {
      const times = arrivals.filter((a) => a.chat === String(30_000 + c)).map((a) => a.at);
      expect(busiestWindow(times, 1_000), `chat ${c}`).toBe(1);
    }
  });

  it("lets other chats go on while one chat waits for its next second", async () => {
    const vt = createVirtualTime(T0);
    const limiter = createRateLimiter({ clock: vt.clock, sleep: vt.sleep });
    (await limiter.acquire("telegram", "busy"))!.done();
    const times: Record<string, number> = {};
    await vt.run(
      Promise.all(
        ["busy", "a", "b", "c"].map(async (chat) => {
          (await limiter.acquire("telegram", chat))!.done();
          times[chat] = vt.now() - T0.getTime();
        }),
      ),
    );
    // The busy chat's wait takes no overall slot from the others: they need only the spacing of
    // 33⅓ ms (on a clock of whole milliseconds).
    expect(times).toEqual({ busy: 1_001, a: 33, b: 66, c: 100 });
  });

  it("serves senders waiting for the overall budget in the order they came, with one timer at a time", async () => {
    const vt = createVirtualTime(T0);
    let sleeps = 0;
    const sleep: typeof vt.sleep = (ms, signal) => {
      sleeps++;
      return vt.sleep(ms, signal);
    };
    const limiter = createRateLimiter({ clock: vt.clock, sleep });
    const order: number[] = [];
    await vt.run(
      Promise.all(
        Array.from({ length: 90 }, async (_, i) => {
          (await limiter.acquire("telegram", String(40_000 + i)))!.done();
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 90 }, (_, i) => i));
    // Each message waits once, for its slot (sleeping senders woken together for one slot, and
    // all but one going back to sleep, made their timers late).
    expect(sleeps).toBeLessThanOrEqual(90);
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
    const slack = await acquireAll(vt, limiter, ["C1", "C1", "C2", "C2"], "slack");
    expect(slack.map((t) => t - start).sort((a, b) => a - b)).toEqual([0, 0, 1_001, 1_001]);
    const console = await acquireAll(vt, limiter, ["dm:a", "dm:a", "dm:a"], "console");
    expect(console.map((t) => t - vt.now())).toEqual([0, 0, 0]);
    // The outbox may say a chat is a group where the id does not: 20 a minute, 3 s apart.
    const marked = vt.now();
    const asGroup: number[] = [];
    await vt.run(
      Promise.all(
        [0, 1].map(async () => {
          (await limiter.acquire("telegram", "777", { kind: "group" }))!.done();
          asGroup.push(vt.now() - marked);
        }),
      ),
    );
    expect(asGroup).toEqual([0, 3_000]);
  });

  it("honours a pause from a 429 and refuses permits beyond a deadline without taking them", async () => {
    const vt = createVirtualTime(T0);
    const limiter = createRateLimiter({ clock: vt.clock, sleep: vt.sleep });
    limiter.pause("console", "dm:x", at(30));
    expect(await limiter.acquire("console", "dm:x", { notAfter: at(10).getTime() })).toBeNull();
    const other = await limiter.acquire("console", "dm:y");
    expect(other?.waitedMs).toBe(0);
    const paused = await vt.run(limiter.acquire("console", "dm:x"));
    expect(paused?.waitedMs).toBe(30_000);
    // A chat whose answer has not come yet cannot be sent to within the deadline either.
    const pending = await limiter.acquire("telegram", "42");
    expect(await limiter.acquire("telegram", "42", { notAfter: vt.now() + 999 })).toBeNull();
    pending!.done();
  });

  it("counts a wait served in real time when the clock does not move (a simulated clock moved by hand)", async () => {
    const limiter = createRateLimiter({
      clock: fixedClock(T0),
      sleep: systemSleep,
      limits: { slack: { perChat: { messages: 1, perMs: 40 } } },
    });
    const started = performance.now();
    (await limiter.acquire("slack", "C1"))!.done();
    const second = await limiter.acquire("slack", "C1");
    expect(second).not.toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
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
