// Acknowledgements first (issue 19), the same for every platform. Slack wants a slash command or a
// modal submission acknowledged within 3 s. Acknowledging costs about a millisecond of the event
// loop; the core's work for the same event (query compilation, database round trips, rendering)
// costs ten or more, on the same loop and, with PostgreSQL beside it, on the same cores. When 200
// requests arrive at once and the core's work for the first ones is let in, every later request
// waits behind it: the acks of such a burst took 1 s and more (bench item 3). So one admission per
// process decides when work may use the loop:
//
// - a request that a platform waits on is announced on arrival (`arrived`) and released once it is
//   answered, or handed to the core (a request whose answer waits for the core: Telegram's webhook,
//   Slack's Events API);
// - while any request waits, the gate is shut: work passes it (`pass`) only once every waiting
//   request is released and a whole turn of the event loop has gone by without a new one
//   (connections accepted in one poll phase are read in the next, so a burst still coming in is
//   seen before the gate opens again);
// - the database statements of all work pass the gate (the app wires it into the store, see
//   src/store/client.ts), so work already running stops at its next statement; so do answers and
//   Slack's modals (`pass` before sending);
// - the core's work for inbound events runs through `run`: at most `concurrency` pieces at once, in
//   order, each starting through the gate;
// - so that requests arriving without end cannot starve the work, nor a burst acknowledged slowly on
//   a starved machine hold it for seconds, one waiter goes through the shut gate every `trickleMs`.

export interface InboundAdmission {
  /**
   * A request that a platform waits on has arrived. Call what it returns once it is answered, or
   * handed to the core; calling it again does nothing.
   */
  arrived(): () => void;
  /** Resolves at once while no request waits; otherwise when the gate opens again (or a trickle turn comes). */
  pass(): Promise<void>;
  /**
   * Runs the core's work for an inbound event (see the top of this file). `urgent`: an answer to the
   * platform waits for this work (a Slack modal whose field errors only the core can find): it
   * starts at once, beside the others (its statements still pass the gate). A request whose answer
   * waits for the core must be released (handed to the core) before its work runs, or the work
   * would wait for it.
   */
  run<T>(work: () => Promise<T>, options?: { urgent?: boolean }): Promise<T>;
  /** Requests waiting for their acknowledgement now. */
  readonly awaiting: number;
  /** Whether work may go on now. */
  readonly open: boolean;
}

export interface InboundAdmissionOptions {
  /**
   * Pieces of core work at once, the rest waiting in order (default 16: more than the database
   * pool's 10 connections, so that the limit does not idle PostgreSQL; work already running stops
   * at its next statement anyway while a request waits).
   */
  concurrency?: number;
  /** While the gate is shut, one waiter goes through every this many ms (default 50). */
  trickleMs?: number;
  /** One turn of the event loop (default setImmediate: after the poll phase that reads new requests). */
  nextTurn?: () => Promise<void>;
  /** Runs `tick` every `ms` until the returned stop is called (default setInterval, not keeping the process up). */
  every?: (ms: number, tick: () => void) => () => void;
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

const interval = (ms: number, tick: () => void) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export function createInboundAdmission(options: InboundAdmissionOptions = {}): InboundAdmission {
  const concurrency = options.concurrency ?? 16;
  const trickleMs = options.trickleMs ?? 50;
  const nextTurn = options.nextTurn ?? immediate;
  const every = options.every ?? interval;

  let awaiting = 0;
  /** Arrivals so far: the gate opens only after a turn without any. */
  let arrivals = 0;
  let open = true;
  let reopening = false;
  const waiters: (() => void)[] = [];
  let stopTrickle: (() => void) | undefined;

  let running = 0;
  const queue: (() => void)[] = [];

  function trickle(): void {
    if (stopTrickle || open || waiters.length === 0) return;
    stopTrickle = every(trickleMs, () => {
      waiters.shift()?.();
      if (open || waiters.length === 0) {
        stopTrickle?.();
        stopTrickle = undefined;
      }
    });
  }

  /** The last waiting request is released: open once a whole turn has passed with none arriving. */
  async function reopen(): Promise<void> {
    if (reopening) return;
    reopening = true;
    try {
      for (;;) {
        const seen = arrivals;
        await nextTurn();
        await nextTurn();
        // Still waiting: the release of the last one calls again.
        if (awaiting > 0) return;
        if (arrivals === seen) break;
      }
    } finally {
      reopening = false;
    }
    open = true;
    stopTrickle?.();
    stopTrickle = undefined;
    for (const resolve of waiters.splice(0)) resolve();
  }

  function pass(): Promise<void> {
    if (open) return Promise.resolve();
    return new Promise<void>((resolve) => {
      waiters.push(resolve);
      trickle();
    });
  }

  /** The slot goes straight to the next in line, so that a newcomer cannot take it in between. */
  function leave(): void {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  }

  return {
    arrived() {
      awaiting += 1;
      arrivals += 1;
      open = false;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        awaiting -= 1;
        if (awaiting === 0) void reopen();
      };
    },

    pass,

    async run(work, { urgent = false } = {}) {
      if (urgent) return work();
      if (running < concurrency) running += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        await pass();
        return await work();
      } finally {
        leave();
      }
    },

    get awaiting() {
      return awaiting;
    },
    get open() {
      return open;
    },
  };
}
