import type { Clock } from "../../src/domain/time/clock.js";
import type { Sleep } from "../../src/runtime/sleep.js";

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Simulated time for code that takes a clock and a sleep. Nothing waits for real: `run` jumps the
 * clock to the next timer whenever the code under test has nothing else to do. Database calls
 * are real I/O, so objects passed through `track` count as work in progress and time stands
 * still until they answer (the database is instant in simulated time).
 */
export interface VirtualTime {
  readonly clock: Clock;
  readonly sleep: Sleep;
  now(): number;
  /** Moves the clock forward by `ms`, waking the sleepers due on the way, in order. */
  advance(ms: number): Promise<void>;
  /** Drives simulated time until `promise` settles; fails if that would take more than `limitMs` of it. */
  run<T>(promise: Promise<T>, limitMs?: number): Promise<T>;
  /** The same object whose async methods hold simulated time still while they run. */
  track<T extends object>(target: T): T;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createVirtualTime(start: Date): VirtualTime {
  let now = start.getTime();
  let seq = 0;
  let busy = 0;
  const timers: Timer[] = [];

  const nextTimer = (): Timer | undefined => {
    let best: Timer | undefined;
    for (const t of timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  };
  const fire = (timer: Timer) => {
    timers.splice(timers.indexOf(timer), 1);
    now = Math.max(now, timer.at);
    timer.resolve();
  };
  /** True when several event-loop turns passed with no tracked call in progress. */
  const quiet = async () => {
    for (let i = 0; i < 3; i++) {
      await turn();
      if (busy > 0) return false;
    }
    return true;
  };

  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const timer: Timer = {
        at: now + ms,
        seq: seq++,
        resolve: () => {
          signal?.removeEventListener("abort", cancel);
          resolve();
        },
      };
      const cancel = () => {
        const i = timers.indexOf(timer);
        if (i >= 0) timers.splice(i, 1);
        resolve();
      };
      timers.push(timer);
      signal?.addEventListener("abort", cancel, { once: true });
    });

  return {
    clock: { now: () => new Date(now) },
    sleep,
    now: () => now,

    async advance(ms) {
      const target = now + ms;
      for (;;) {
        while (!(await quiet()));
        const next = nextTimer();
        if (!next || next.at > target) break;
        fire(next);
      }
      now = Math.max(now, target);
      await quiet();
    },

    async run(promise, limitMs = 24 * 3_600_000) {
      const deadline = now + limitMs;
      let settled = false;
      promise.then(
        () => (settled = true),
        () => (settled = true),
      );
      while (!settled) {
        if (!(await quiet()) || settled) continue;
        const next = nextTimer();
        if (!next) continue; // waiting on something untracked; keep turning
        if (next.at > deadline) throw new Error(`virtual time: still not done after ${limitMs} ms of simulated time`);
        fire(next);
      }
      return promise;
    },

    track(target) {
      return new Proxy(target, {
        get(object, property, receiver) {
          const value: unknown = Reflect.get(object, property, receiver);
          if (typeof value !== "function") return value;
          return (...args: unknown[]) => {
            const result: unknown = value.apply(object, args);
            const thenable = typeof (result as PromiseLike<unknown> | null)?.then === "function";
            if (!thenable) return result;
            busy++;
            return Promise.resolve(result).finally(() => busy--);
          };
        },
      });
    },
  };
}
