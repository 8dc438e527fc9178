import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";

/**
 * Counts HTTP requests received and not yet answered (Slack waits for their acknowledgement), and
 * tells when there are none.
 */
export function createAckCounter() {
  let pending = 0;
  let drained: (() => void)[] = [];
  return {
    begin(): void {
      pending += 1;
    },
    end(): void {
      pending = Math.max(0, pending - 1);
      if (pending > 0) return;
      const resolvers = drained;
      drained = [];
      for (const resolve of resolvers) resolve();
    },
    get pending(): number {
      return pending;
    },
    /** Resolves once no request waits for its acknowledgement; undefined when none does now. */
    idle(): Promise<void> | undefined {
      if (pending === 0) return undefined;
      return new Promise<void>((resolve) => drained.push(resolve));
    },
  };
}

export type AckCounter = ReturnType<typeof createAckCounter>;

export interface WorkLimitOptions {
  /**
   * Requests waiting for their acknowledgement. New work waits until there are none (running work
   * goes on): acknowledging is cheap and has Slack's 3 seconds on it, the core's work has not.
   */
  acks?: AckCounter;
  /** The longest new work waits for the acknowledgements, so that a steady stream cannot starve it (ms). */
  maxDeferMs?: number;
}

/**
 * At most `limit` pieces of work at once; the rest wait their turn, in order. The Slack adapter
 * runs the core through it so that a burst of requests cannot fill the event loop with database
 * work: new requests keep being read and acknowledged within Slack's 3 seconds while earlier ones
 * are answered. Each piece starts on a later turn of the event loop, after the I/O already waiting
 * (new requests) has been read, and not while requests are waiting for their acknowledgement.
 */
export function createWorkLimit(limit: number, options: WorkLimitOptions = {}) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const maxDeferMs = options.maxDeferMs ?? 1_000;

  async function afterAcks(): Promise<void> {
    await nextTurn();
    const idle = options.acks?.idle();
    if (!idle) return;
    const timeout = new AbortController();
    await Promise.race([idle, sleep(maxDeferMs, undefined, { signal: timeout.signal }).catch(() => undefined)]);
    timeout.abort();
  }

  /** `urgent`: an acknowledgement waits for this work, so it must not wait for acknowledgements. */
  return async function run<T>(work: () => Promise<T>, urgent = false): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      if (!urgent) await afterAcks();
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
