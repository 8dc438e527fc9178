// Records delivered outbox rows in batches ("group commit"): the sends that finish in the same
// turn go together in one UPDATE, and while it is being written the next ones go in a second
// (at most two in flight; more wait and join the next batch). At a thousand messages a
// second, an UPDATE committed per message (a WAL flush each) was what bound the dispatcher
// (bench/, item 1); at a message now and then, a mark is written at once, as before.
//
// The caller waits for its mark before it goes on (the next row to the recipient, onSent), so the
// sends not yet recorded are at most the sends in flight: a crash repeats at most those
// (docs/design.md, Reliability invariants).
//
// A mark that cannot be written (the database is down) is not dropped: it is written again, every
// `retryMs` at most, until it goes in, and meanwhile `failing()` says so, and the dispatcher sends
// nothing more (issue 17, item 3). The row stays claimed by this worker all along, so the late mark
// still records it unless another process took the row over after its lease. Only `abandon()`
// (stop, with the database still down) gives up: those marks reject and the rows come back when
// their lease ends (sent again: at most the sends that were in flight).
import type { OutboxStore, SentMark } from "../store/outbox-store.js";
import type { Sleep } from "./sleep.js";

export interface SentMarks {
  /** Resolves once the mark is committed: true if recorded, false if this worker no longer held the row. */
  record(id: string, sent: SentMark): Promise<boolean>;
  /** Resolves when every mark handed in so far is written, or abandoned. */
  drain(): Promise<void>;
  /** Whether a write failed and has not gone in since. */
  failing(): boolean;
  /** Stops writing again what fails: the marks still waiting reject. */
  abandon(): void;
}

interface Waiting {
  mark: SentMark & { id: string };
  resolve: (recorded: boolean) => void;
  reject: (error: unknown) => void;
}

/** Lets the sends that finish in the same turn of the event loop join the first mark. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSentMarks(options: {
  store: Pick<OutboxStore, "markSentMany">;
  workerId: string;
  /** Real waiting between writes of a failed batch. */
  sleep: Sleep;
  /** Rows per statement, at most. Default 500. */
  maxRows?: number;
  /**
   * Statements in flight, at most. Default 2: the marks that arrive while one is being written
   * start the next at once instead of waiting for it, since every send waits for its mark before
   * its worker goes on (the batches hold different rows, so their order does not matter).
   */
  maxWriters?: number;
  /** Wait before writing a failed batch again; doubles up to 2 s. Default 100 ms. */
  retryMs?: number;
  /** A write failed (the first of an outage, and each one after). */
  onFailure?: (error: unknown) => void;
  /** A write went in. */
  onSuccess?: () => void;
}): SentMarks {
  const { store, workerId, sleep } = options;
  const maxRows = Math.max(1, options.maxRows ?? 500);
  const maxWriters = Math.max(1, options.maxWriters ?? 2);
  const retryMs = options.retryMs ?? 100;
  let waiting: Waiting[] = [];
  const writers = new Set<Promise<void>>();
  let failingWriters = 0;
  const abandoned = new AbortController();

  function startWriter(): void {
    const writer: Promise<void> = writeAll().finally(() => writers.delete(writer));
    writers.add(writer);
  }

  /** Writes `batch` until it goes in (true), or the marks are abandoned (false, rejected). */
  async function write(batch: Waiting[]): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        const recorded = await store.markSentMany(
          workerId,
          batch.map((w) => w.mark),
        );
        if (failures > 0) failingWriters--;
        options.onSuccess?.();
        for (const w of batch) w.resolve(recorded.has(w.mark.id));
        return;
      } catch (error) {
        if (failures === 0) failingWriters++;
        options.onFailure?.(error);
        if (abandoned.signal.aborted) {
          failingWriters--;
          for (const w of batch) w.reject(error);
          return;
        }
        await sleep(Math.min(2_000, retryMs * 2 ** failures), abandoned.signal);
      }
    }
  }

  async function writeAll(): Promise<void> {
    await nextTurn();
    for (;;) {
      // Stops in the same turn as the last look, so a mark handed in after it starts a new write.
      if (waiting.length === 0) return;
      const batch = waiting.slice(0, maxRows);
      waiting = waiting.slice(batch.length);
      await write(batch);
    }
  }

  return {
    record(id, sent) {
      const done = new Promise<boolean>((resolve, reject) => waiting.push({ mark: { ...sent, id }, resolve, reject }));
      if (writers.size < maxWriters) startWriter();
      return done;
    },
    async drain() {
      while (writers.size > 0) await Promise.all(writers);
    },
    failing: () => failingWriters > 0,
    abandon: () => abandoned.abort(),
  };
}
