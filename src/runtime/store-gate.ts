// Holds the dispatcher's sends while the database cannot be written (issue 17, item 3). A send
// whose mark cannot be recorded will be sent again by whoever takes the row over: going on sending
// through a database outage duplicated one message per recipient. So the first failed write (a
// mark, a retry, a claim) closes the gate, sends wait at it, and the next write that goes in
// opens it again (the marks still failing keep it closed). Duplicates stay at most the sends
// that were in flight when the database went away.
import type { Sleep } from "./sleep.js";

export interface StoreGate {
  /** A write failed. */
  failed(error: unknown): void;
  /** A write went in; `stillFailing` when other writes are still being retried. */
  succeeded(stillFailing?: boolean): void;
  isOpen(): boolean;
  /** When the outage began (epoch ms of the transport's clock), if the gate is closed. */
  downSince(): number | undefined;
  /** Waits while closed; false when it stayed closed past `notAfter` (epoch ms) or `signal` aborted. */
  wait(options: { now: () => number; notAfter?: number; signal?: AbortSignal }): Promise<boolean>;
}

export function createStoreGate(sleep: Sleep, now: () => number): StoreGate {
  let closedAt: number | undefined;
  const waiters = new Set<() => void>();
  return {
    failed() {
      closedAt ??= now();
    },
    succeeded(stillFailing = false) {
      if (stillFailing || closedAt === undefined) return;
      closedAt = undefined;
      for (const wake of [...waiters]) wake();
    },
    isOpen: () => closedAt === undefined,
    downSince: () => closedAt,
    async wait({ now: at, notAfter, signal }) {
      while (closedAt !== undefined) {
        if (signal?.aborted) return false;
        const t = at();
        if (notAfter !== undefined && t >= notAfter) return false;
        const woken = new AbortController();
        const wake = () => woken.abort();
        waiters.add(wake);
        signal?.addEventListener("abort", wake, { once: true });
        try {
          // Woken when it opens; otherwise looks again now and then (for notAfter and the signal).
          await sleep(Math.max(1, Math.min(1_000, (notAfter ?? t + 1_000) - t)), woken.signal);
        } finally {
          waiters.delete(wake);
          signal?.removeEventListener("abort", wake);
        }
      }
      return !signal?.aborted;
    },
  };
}
