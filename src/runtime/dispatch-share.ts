// Divides the platforms' overall rate budgets among the processes that dispatch (issue 17, item 6):
// each process beats every `beatMs` in the database and takes 1/n of each budget, n being the
// processes seen in the last `liveMs`. Together they stay within the platform's limit:
// - a process that starts waits `startDelayMs` (more than a beat) before it sends, so the others
//   have seen it and halved their budgets by then;
// - a process that dies is counted until `liveMs` has passed, so the others grow their share only
//   after it is surely gone; one that stops gracefully leaves at once.
// A process whose beats stopped going in (a stall, its database connections gone) is taken over by
// the others `deadAfterMs` later (src/runtime/background.ts): it stops starting sends well before
// that (beatWithin), so that a takeover repeats at most the sends it had in flight.
// Per-chat budgets are kept across processes by the outbox itself (a recipient's next message is
// not claimed within a second of the last one's answer: src/store/outbox-store.ts).
import type { DispatchProcessStore } from "../store/dispatch-process-store.js";
import type { Logger } from "./logger.js";
import type { Sleep } from "./sleep.js";

export interface DispatchShare {
  /** Registers this process and waits until the others have seen it. */
  start(): Promise<void>;
  /** This process's share now, in (0, 1]. */
  current(): number;
  /**
   * Whether this process beat recently enough (within `withinMs`, counted from the start of its
   * last beat that went in) that no other process can have taken its rows over yet.
   */
  beatWithin(withinMs: number): boolean;
  stop(): Promise<void>;
}

export function createDispatchShare(options: {
  store: DispatchProcessStore;
  id: string;
  sleep: Sleep;
  log: Logger;
  /** Called with the new share whenever it changes. */
  onChange: (share: number) => void;
  /** Real time, epoch ms (default Date.now). */
  now?: () => number;
  beatMs?: number;
  liveMs?: number;
  startDelayMs?: number;
}): DispatchShare {
  const { store, id, sleep, log } = options;
  const beatMs = options.beatMs ?? 1_000;
  const liveMs = options.liveMs ?? 5_000;
  const startDelayMs = options.startDelayMs ?? 2 * beatMs + 500;
  const stopping = new AbortController();
  let share = 1;
  let loop: Promise<void> | undefined;
  const now = options.now ?? Date.now;
  let lastBeat = -Infinity;

  async function beat(): Promise<void> {
    try {
      // Taken before the beat: the row's time is the database's at the statement, not earlier.
      const startedAt = now();
      const live = await store.beat(id, liveMs);
      lastBeat = startedAt;
      const next = 1 / live;
      if (next !== share) {
        log.info({ processes: live, share: next }, "dispatching processes changed; rate budgets divided anew");
        share = next;
        options.onChange(share);
      }
    } catch (error) {
      // Without the database nothing is sent anyway (the dispatcher's store gate); the share stays.
      log.warn({ err: error }, "dispatch heartbeat failed");
    }
  }

  return {
    async start() {
      await beat();
      loop = (async () => {
        while (!stopping.signal.aborted) {
          await sleep(beatMs, stopping.signal);
          if (!stopping.signal.aborted) await beat();
        }
      })();
      await sleep(startDelayMs, stopping.signal);
      await beat();
    },
    current: () => share,
    beatWithin: (withinMs) => now() - lastBeat < withinMs,
    async stop() {
      stopping.abort();
      await loop;
      await store
        .leave(id)
        .catch((error: unknown) => log.warn({ err: error }, "leaving the dispatch processes failed"));
    },
  };
}
