// Records delivered outbox rows in batches ("group commit"): the sends that finish in the same
// turn go together in one UPDATE, and while it is being written the next ones go in a second
// (at most two in flight; more wait and join the next batch). At a thousand messages a
// second, an UPDATE committed per message (a WAL flush each) was what bound the dispatcher
// (bench/, item 1); at a message now and then, a mark is written at once, as before.
//
// The caller waits for its mark before it goes on (the next row to the recipient, onSent), so the
// sends not yet recorded are at most the sends in flight: a crash repeats at most those
// (DESIGN.md, Reliability invariants). drain() writes whatever is still waiting (stop).
import type { OutboxStore, SentMark } from "../store/outbox-store.js";

export interface SentMarks {
  /** Resolves once the mark is committed: true if recorded, false if this worker no longer held the row. */
  record(id: string, sent: SentMark): Promise<boolean>;
  /** Resolves when every mark handed in so far is written (or failed). */
  drain(): Promise<void>;
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
  /** Rows per statement, at most. Default 500. */
  maxRows?: number;
  /**
   * Statements in flight, at most. Default 2: the marks that arrive while one is being written
   * start the next at once instead of waiting for it, since every send waits for its mark before
   * its worker goes on (the batches hold different rows, so their order does not matter).
   */
  maxWriters?: number;
}): SentMarks {
  const { store, workerId } = options;
  const maxRows = Math.max(1, options.maxRows ?? 500);
  const maxWriters = Math.max(1, options.maxWriters ?? 2);
  let waiting: Waiting[] = [];
  const writers = new Set<Promise<void>>();

  function startWriter(): void {
    const writer: Promise<void> = writeAll().finally(() => writers.delete(writer));
    writers.add(writer);
  }

  async function writeAll(): Promise<void> {
    await nextTurn();
    for (;;) {
      // Stops in the same turn as the last look, so a mark handed in after it starts a new write.
      if (waiting.length === 0) return;
      const batch = waiting.slice(0, maxRows);
      waiting = waiting.slice(batch.length);
      try {
        const recorded = await store.markSentMany(
          workerId,
          batch.map((w) => w.mark),
        );
        for (const w of batch) w.resolve(recorded.has(w.mark.id));
      } catch (error) {
        // The rows stay claimed; another worker takes them over when the lease ends (and sends them again).
        for (const w of batch) w.reject(error);
      }
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
  };
}
