// The source of "now" (docs/design.md: every rule runs on an injected clock). This module is the only
// place in the time rules that reads the system time.

/** The source of "now". Every time rule takes one, so tests can pick their instants. */
export interface Clock {
  now(): Date;
}

/** A clock stopped at one instant (tests, CLI `--at`). */
export function fixedClock(instant: Date): Clock {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("fixedClock: invalid instant");
  return { now: () => new Date(ms) };
}

/** The real clock: the one place that reads the system time. */
export const systemClock: Clock = { now: () => new Date() };

/** Input of {@link simulatedClock}. */
export interface SimulatedClockOptions {
  /** The simulated instant at the moment the clock is created (ZHUANBAN_CLOCK_START). */
  start: Date;
  /** How many simulated milliseconds pass per real millisecond (ZHUANBAN_CLOCK_SPEED), > 0. */
  speed: number;
  /** Real time in epoch milliseconds (`Date.now` in production, a counter in tests). */
  realNow: () => number;
}

/**
 * A clock that starts at `start` and runs `speed` times faster than real time, for demos and
 * end-to-end tests (ZHUANBAN_CLOCK_START, ZHUANBAN_CLOCK_SPEED). Real time is injected.
 */
export function simulatedClock(options: SimulatedClockOptions): Clock {
  const start = options.start.getTime();
  if (Number.isNaN(start)) throw new RangeError("simulatedClock: invalid start instant");
  if (!Number.isFinite(options.speed) || options.speed <= 0) {
    throw new RangeError(`simulatedClock: speed must be a positive number, got ${options.speed}`);
  }
  const realStart = options.realNow();
  return {
    now: () => new Date(start + (options.realNow() - realStart) * options.speed),
  };
}
