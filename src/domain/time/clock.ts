/** The source of "now". Every time rule takes one, so tests can pick their instants. */
export interface Clock {
  now(): Date;
}

/** A clock stopped at one instant (tests, CLI `--at`). */
export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant.getTime()) };
}

/** The real clock: the one place that reads the system time. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and runs `speed` times faster than real time, for demos and
 * end-to-end tests (ZHUANBAN_CLOCK_START, ZHUANBAN_CLOCK_SPEED). Real time is injected.
 */
export function simulatedClock(options: { start: Date; speed: number; realNow: () => number }): Clock {
  const realStart = options.realNow();
  return {
    now: () => new Date(options.start.getTime() + (options.realNow() - realStart) * options.speed),
  };
}
