// The scheduler loop with a hand-driven timer and clock: no real waiting.

import { describe, expect, it } from "vitest";
import { simulatedClock } from "../../src/domain/time/clock.js";
import { createSchedulerLoop, type LoopTimer } from "../../src/runtime/scheduler-loop.js";
import { manualClock } from "../support/bot-harness.js";
import { memoryLog } from "./harness.js";

/** A timer whose callbacks the test fires. */
function handTimer() {
  const armed = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const timer: LoopTimer = {
    set: (callback, ms) => {
      next += 1;
      armed.set(next, { callback, ms });
      return next;
    },
    clear: (handle) => {
      armed.delete(handle as number);
    },
  };
  return {
    timer,
    armed,
    /** Fires the one armed callback. */
    fire() {
      const [entry] = [...armed.entries()];
      if (!entry) throw new Error("nothing armed");
      armed.delete(entry[0]);
      entry[1].callback();
    },
  };
}

/** A tick function that records its instants and lets the test wait for the n-th call to finish. */
function recordingTick(fail: (n: number) => boolean = () => false) {
  const instants: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const tick = async (now: Date) => {
    instants.push(now.toISOString());
    const n = instants.length;
    for (const w of waiters.filter((w) => w.n === n)) queueMicrotask(w.resolve);
    if (fail(n)) throw new Error(`tick ${n} failed`);
    return n;
  };
  const called = (n: number) =>
    new Promise<void>((resolve) => (instants.length >= n ? resolve() : waiters.push({ n, resolve })));
  return { tick, instants, called };
}

describe("createSchedulerLoop", () => {
  it("ticks at start, then after each interval, at the clock's instant", async () => {
    const clock = manualClock("2023-01-18T01:00:00Z");
    const hand = handTimer();
    const rec = recordingTick();
    const loop = createSchedulerLoop({
      tick: rec.tick,
      clock,
      intervalMs: 60_000,
      timer: hand.timer,
      log: memoryLog().log,
    });

    expect(loop.lagMs()).toBe(0);
    const first = await loop.start();
    expect(first).toEqual({ ok: true, now: new Date("2023-01-18T01:00:00Z"), result: 1 });
    expect([...hand.armed.values()].map((a) => a.ms)).toEqual([60_000]);

    clock.advance(90_000);
    expect(loop.lagMs()).toBe(90_000);
    hand.fire();
    await rec.called(2);
    await loop.stop();
    expect(rec.instants).toEqual(["2023-01-18T01:00:00.000Z", "2023-01-18T01:01:30.000Z"]);
    expect(loop.lagMs()).toBe(0);
    expect(hand.armed.size).toBe(0);
  });

  it("logs a failed tick, keeps going, and lets the lag grow until a tick succeeds", async () => {
    const clock = manualClock("2023-01-18T01:00:00Z");
    const hand = handTimer();
    const { log, lines } = memoryLog();
    const rec = recordingTick((n) => n === 2 || n === 3);
    const loop = createSchedulerLoop({ tick: rec.tick, clock, intervalMs: 1_000, timer: hand.timer, log });
    await loop.start();

    clock.advance(1_000);
    const failed = await loop.runOnce();
    expect(failed.ok).toBe(false);
    expect(lines).toEqual([expect.objectContaining({ level: "error", message: "scheduler tick failed" })]);
    clock.advance(1_000);
    await loop.runOnce();
    expect(loop.lagMs()).toBe(2_000);
    clock.advance(1_000);
    expect((await loop.runOnce()).ok).toBe(true);
    expect(loop.lagMs()).toBe(0);
    await loop.stop();
  });

  it("never overlaps ticks: a tick asked for while one runs starts after it", async () => {
    const clock = manualClock("2023-01-18T01:00:00Z");
    const events: string[] = [];
    let release: () => void = () => undefined;
    const loop = createSchedulerLoop({
      clock,
      intervalMs: 1_000,
      timer: handTimer().timer,
      log: memoryLog().log,
      tick: async (now) => {
        events.push(`start ${now.toISOString()}`);
        if (events.length === 1) await new Promise<void>((resolve) => (release = resolve));
        events.push("end");
      },
    });
    const first = loop.runOnce();
    const second = loop.runOnce();
    await Promise.resolve();
    clock.advance(5_000);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(["start 2023-01-18T01:00:00.000Z", "end", "start 2023-01-18T01:00:05.000Z", "end"]);
  });

  it("stops: no tick after stop(), and a tick in flight is waited for", async () => {
    const clock = manualClock("2023-01-18T01:00:00Z");
    const hand = handTimer();
    const rec = recordingTick();
    const loop = createSchedulerLoop({
      tick: rec.tick,
      clock,
      intervalMs: 60_000,
      timer: hand.timer,
      log: memoryLog().log,
    });
    await loop.start();
    await loop.stop();
    expect(hand.armed.size).toBe(0);
    expect(rec.instants).toHaveLength(1);
  });

  it("follows a simulated clock: each tick sees the simulated instant", async () => {
    let real = 0;
    const clock = simulatedClock({ start: new Date("2023-01-18T00:59:00Z"), speed: 60, realNow: () => real });
    const hand = handTimer();
    const rec = recordingTick();
    const loop = createSchedulerLoop({
      tick: rec.tick,
      clock,
      intervalMs: 1_000,
      timer: hand.timer,
      log: memoryLog().log,
    });
    await loop.start();
    real += 1_000; // one real second is a simulated minute
    hand.fire();
    await rec.called(2);
    await loop.stop();
    expect(rec.instants.at(-1)).toBe("2023-01-18T01:00:00.000Z");
  });
});
