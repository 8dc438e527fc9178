// Runs the scheduler's tick on a timer. The instants come from the injected clock (the system
// clock, or the simulated one of docs/design.md); the timer only says when to look again. Ticks never
// overlap: the next one is armed after the previous one has finished.

import type { Clock } from "../domain/time/clock.js";

/** When to call back: `setTimeout` in production, a hand-driven fake in tests. */
export interface LoopTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The real timer. */
export const realTimer: LoopTimer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerLoopOptions<R> {
  /** One tick at this instant (e.g. `now => runSchedulerTick(now, deps)`). */
  tick: (now: Date) => Promise<R>;
  clock: Clock;
  /** Real milliseconds between the end of one tick and the start of the next. */
  intervalMs: number;
  /** Default {@link realTimer}. */
  timer?: LoopTimer;
  log: { error(fields: object, message: string): void };
}

/** The outcome of one tick: its result, or the error it threw (already logged). */
export type TickOutcome<R> = { ok: true; now: Date; result: R } | { ok: false; now: Date; error: unknown };

export interface SchedulerLoop<R> {
  /** Runs a tick now, then one every `intervalMs` until {@link stop}; resolves after the first tick. */
  start(): Promise<TickOutcome<R>>;
  /** Stops arming the timer and waits for a tick in flight to finish. */
  stop(): Promise<void>;
  /** One tick at the clock's current instant, after any tick in flight. A failed tick is logged, not thrown. */
  runOnce(): Promise<TickOutcome<R>>;
  /**
   * How far the clock is ahead of the instant the last completed tick planned up to (before the
   * first one completes: of the instant the loop started; 0 before it starts).
   */
  lagMs(): number;
}

export function createSchedulerLoop<R>(options: SchedulerLoopOptions<R>): SchedulerLoop<R> {
  const timer = options.timer ?? realTimer;
  let running = false;
  let handle: unknown = null;
  let startedAt: Date | null = null;
  let lastCompleted: Date | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  async function tickNow(): Promise<TickOutcome<R>> {
    const now = options.clock.now();
    try {
      const result = await options.tick(now);
      lastCompleted = now;
      return { ok: true, now, result };
    } catch (error) {
      options.log.error({ err: error, now: now.toISOString() }, "scheduler tick failed");
      return { ok: false, now, error };
    }
  }

  function runOnce(): Promise<TickOutcome<R>> {
    const next = chain.then(tickNow);
    chain = next;
    return next;
  }

  function arm(): void {
    if (!running || handle !== null) return;
    handle = timer.set(() => {
      handle = null;
      if (!running) return;
      void runOnce().finally(arm);
    }, options.intervalMs);
  }

  return {
    start() {
      if (running) return runOnce();
      running = true;
      startedAt = options.clock.now();
      const first = runOnce();
      void first.finally(arm);
      return first;
    },

    async stop() {
      running = false;
      if (handle !== null) timer.clear(handle);
      handle = null;
      await chain;
    },

    runOnce,

    lagMs() {
      const since = lastCompleted ?? startedAt;
      return since === null ? 0 : Math.max(0, options.clock.now().getTime() - since.getTime());
    },
  };
}
