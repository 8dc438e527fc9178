// The outbox dispatcher (docs/design.md, Reliability invariants; issue 5). Each process runs one; they
// coordinate only through the outbox rows in PostgreSQL. The rules, in one place:
// - Claim: due rows are leased to one worker at a time (src/store/outbox-store.ts, FOR UPDATE
//   SKIP LOCKED). A crash leaves rows leased; another process takes them over when the lease ends,
//   so at most the sends that were in flight go out twice, and nothing is lost.
// - Order: a recipient's rows go out one after another in due order; a row that is waiting for a
//   retry holds back the later rows to the same recipient (they never overtake it).
// - Flow: the loop claims the next batch as soon as the workers are short of recipients, not when
//   the last batch is over, so no worker waits for a claim's slowest recipient.
// - Rate: each send first takes a permit from the per-process rate limiter, and gives it back
//   when the platform answers; a permit that would come later than the lease allows is not
//   taken, and the row is given back for the next claim.
// - Record: sent rows are marked in batches (src/runtime/sent-marks.ts); a worker waits for its
//   row's mark before it goes on, so what is sent and not recorded is at most the sends in flight.
// - 429: the row and its recipient wait exactly the platform's retry-after, never less.
// - 5xx, network errors: retried with exponential backoff and jitter; after `maxAttempts` tries
//   the row is `failed` (the office sees it in /status) until the next cycle (`retryCycleMs`),
//   when it gets another round of tries.
// - A platform that is down: a circuit per platform (src/runtime/platform-circuit.ts) stops the
//   sends after a few transient failures in a row and probes with one send at a time until the
//   platform answers again; the tries of rows that fail while it is open do not count, so no row
//   is parked for the cycle because of a platform outage (issue 17, item 4).
// - Timeouts: a send that has not answered within `sendTimeoutMs` may still arrive, so it is not
//   retried like a failure: it stays in flight, its answer is waited for until shortly before the
//   lease ends, and only a send that never answers is tried again, a lease later (item 5).
// - Database down: a mark or claim that fails stops every send (src/runtime/store-gate.ts) until
//   a write goes in again; failed marks are written again meanwhile (item 3).
// - Clocks: due times follow the plan's clock (`clock`, simulated in demos); leases, retry waits,
//   backoff, rate limits and timeouts run on the transport's (`transportClock`, real) (item 11).
// - Rejected (the platform refuses the message itself): `failed` for good (nextAttemptAt NEVER),
//   and the recipient's later rows go on.
// - Unreachable (blocked the bot, left): the row and the recipient's other due rows are marked
//   `unreachable`, never retried, and `onUnreachable` runs once per recipient and outage.
// - Stop: no new claims, sends in flight finish and are recorded, then rows waiting for a rate
//   slot and everything still held are given back (pending, attempt not counted).
import { setMaxListeners } from "node:events";
import { z } from "zod";
import {
  DeliveryError,
  type Address,
  type ChatAdapter,
  type Platform,
  type SentMessage,
} from "../core/chat/inbound.js";
import type { Outbound } from "../core/chat/outbound.js";
import type { Clock } from "../domain/time/clock.js";
import { NEVER, type ClaimedRow, type OutboxStore } from "../store/outbox-store.js";
import type { Logger } from "./logger.js";
import type { Metrics, SendOutcome } from "./metrics.js";
import type { RateLimiter } from "./rate-limiter.js";
import { createPlatformCircuit, type Pass, type PlatformCircuit, type PlatformState } from "./platform-circuit.js";
import { createSentMarks } from "./sent-marks.js";
import type { Sleep } from "./sleep.js";
import { createStoreGate } from "./store-gate.js";

/** Exponential backoff between transient failures: base x factor^(n-1), at most cap, with jitter. */
export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, factor: 2, capMs: 5 * 60_000 };

/**
 * The wait before retry `n` (1 = after the first failure). "Equal jitter": half the exponential
 * step is fixed and half is random, so retries of many rows spread out but never come sooner
 * than half the step.
 */
export function backoffDelayMs(n: number, policy: BackoffPolicy, random: () => number): number {
  const step = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, n - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** The stored payload must at least look like the core's Outbound; adapters render the blocks. */
const outboundSchema = z.object({
  blocks: z.array(z.looseObject({ type: z.string() })),
  summary: z.string(),
  ephemeral: z.boolean().optional(),
});

/** What the dispatcher needs from the outbox (src/store/outbox-store.ts). */
export type DispatchStore = Pick<
  OutboxStore,
  "claimDue" | "markSentMany" | "markRetry" | "markFailed" | "markUnreachable" | "release" | "releaseClaims"
>;

export interface DispatcherOptions {
  store: DispatchStore;
  /** The adapters this process runs; rows for other platforms are left to processes that have them. */
  adapters: Partial<Record<Platform, Pick<ChatAdapter, "send">>>;
  /** The plan's clock: due times, sentAt. May be simulated (ZHUANBAN_CLOCK_SPEED). */
  clock: Clock;
  /**
   * The transport's clock: leases, retry-after, backoff, timeouts, the circuit. Real time in the
   * app, whatever the plan's clock does; `sleep` and the limiter's clock must follow it. Default `clock`.
   */
  transportClock?: Clock;
  sleep: Sleep;
  limiter: RateLimiter;
  /** The platforms' circuits; default one of this dispatcher's own on the transport's clock. */
  circuit?: PlatformCircuit;
  log: Logger;
  /** Unique per process (host, pid, a random part): claims and marks are made in its name. */
  workerId: string;
  /** Rows per claim. Default 500 (a claim costs about the same for 100 rows as for 500). */
  batchSize?: number;
  /** How long a claim holds; after that another process takes the rows over. Default 2 minutes. */
  leaseMs?: number;
  /**
   * A send that has not answered by then is counted as a platform failure (the circuit), but stays
   * in flight: its answer is still waited for until shortly before the lease ends. Default 30 s.
   */
  sendTimeoutMs?: number;
  /**
   * Recipients served at once (each recipient's rows go out one after another). Default 64: with
   * 1 message/s per chat, a worker whose recipient has several rows sends one a second, so it
   * takes more than 30 of them to fill Telegram's 30/s (the benchmark reached 59% of it with 8
   * and 94% with 32). A worker waiting for its chat's next slot costs nothing.
   */
  concurrency?: number;
  /** Tries per cycle before a row is marked failed. Default 5. */
  maxAttempts?: number;
  backoff?: Partial<BackoffPolicy>;
  /** In [0, 1), for the backoff jitter. Default Math.random. */
  random?: () => number;
  /** How long a failed row waits before its next round of tries. Default 15 minutes. */
  retryCycleMs?: number;
  /**
   * A recipient's next message is not claimed until this long after their last one was answered,
   * whichever process sent it (per-chat limits across processes). Default 1 s (Telegram's and
   * Slack's message a second per chat; this process's own limiter spaces what it holds).
   */
  recipientGapMs?: number;
  /** Take over rows of a process whose heartbeat stopped this long ago (see ClaimOptions.deadAfterMs). Default off. */
  deadAfterMs?: number;
  /** Pause between claims when there was nothing (or not a full batch) to do. Default 1 s. */
  intervalMs?: number;
  metrics?: Pick<Metrics, "recordSend">;
  /** Where a row goes; by default its platform and address. (Slack threads for digests, Slack DMs.) */
  resolveAddress?: (row: ClaimedRow) => Address | Promise<Address>;
  /** After a row was delivered and recorded (e.g. to remember a digest's thread). Errors are logged. */
  onSent?: (row: ClaimedRow, sent: SentMessage) => void | Promise<void>;
  /**
   * A recipient turned out to be unreachable (blocked the bot, left the workspace). Called once
   * per recipient and outage, by whichever process found out, after the rows were marked. The
   * app tells the office; it should write that notice to the outbox with a dedupe key such as
   * `unreachable|<platform>|<address>|<office recipient>` so that a repeat is harmless.
   */
  onUnreachable?: (row: ClaimedRow, error: DeliveryError) => void | Promise<void>;
  /**
   * False when another process may have taken this one's rows over (its heartbeat has not gone in
   * for long, see deadAfterMs): no send starts then, and the row is given back. Default always true.
   */
  stillHolds?: () => boolean;
}

export interface DispatchSummary {
  claimed: number;
  sent: number;
  /** Rescheduled after a 429 or a transient failure. */
  retried: number;
  /** Marked failed: out of tries for this cycle, or rejected for good. */
  failed: number;
  unreachable: number;
  /** Given back untried (rate budget beyond the lease, stopping, or after an earlier row failed). */
  released: number;
}

export interface Dispatcher {
  /** One claim and the sends it allows. Resolves when every claimed row is marked or given back. */
  runOnce(): Promise<DispatchSummary>;
  /** Claims and sends in a loop until stop(). */
  start(): void;
  /** Stops claiming, lets sends in flight finish, then gives back whatever this worker still holds. */
  stop(): Promise<void>;
  /** Each platform this process sends on: down (its circuit open) or not, for /healthz. */
  platformHealth(): Partial<Record<Platform, PlatformState>>;
  /** Whether the outbox can be written (false during a database outage), for /healthz. */
  storeHealthy(): boolean;
}

type RowOutcome = "next" | "stop" | "defer";

/** The reason a send's timeout is called off with (the send settled first). */
const SETTLED = Symbol("settled");

/** A late answer must be recorded this long before the lease ends, or another process may take the row. */
const LEASE_MARGIN_MS = 5_000;

/** On stop, how long marks that cannot be written are still tried (real time). */
const STOP_MARKS_WAIT_MS = 10_000;

const errorText = (error: DeliveryError) => `${error.kind}: ${error.message}`.slice(0, 500);

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  // Anything else (a network error, a bug in an adapter) is worth another try.
  return new DeliveryError("transient", error instanceof Error ? error.message : String(error));
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, clock, sleep, limiter, workerId } = options;
  const transport = options.transportClock ?? clock;
  const transportNow = () => transport.now().getTime();
  const batchSize = options.batchSize ?? 500;
  const leaseMs = options.leaseMs ?? 120_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  const concurrency = Math.max(1, options.concurrency ?? 64);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const backoff: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const retryCycleMs = options.retryCycleMs ?? 15 * 60_000;
  const intervalMs = options.intervalMs ?? 1_000;
  const recipientGapMs = options.recipientGapMs ?? 1_000;
  const log = options.log.child({ component: "dispatcher", workerId });
  const platforms = (Object.keys(options.adapters) as Platform[]).filter((p) => options.adapters[p]);
  if (sendTimeoutMs >= leaseMs) throw new RangeError("dispatcher: sendTimeoutMs must be shorter than leaseMs");

  const stopping = new AbortController();
  // Every recipient waiting for a rate-limit slot listens for the stop.
  setMaxListeners(concurrency + 10, stopping.signal);
  const circuit = options.circuit ?? createPlatformCircuit({ clock: transport, sleep });
  const gate = createStoreGate(sleep, transportNow);
  const marks = createSentMarks({
    store,
    workerId,
    sleep,
    onFailure: (error) => {
      if (gate.isOpen()) log.error({ err: error }, "recording sends failed; sending stops until the database is back");
      gate.failed(error);
    },
    onSuccess: () => storeOk(),
  });
  /**
   * Rows left claimed when the database failed under them (not sent): given back as soon as it takes
   * writes again, rather than waiting out their lease.
   */
  const stranded: ClaimedRow[] = [];
  async function releaseStranded(): Promise<void> {
    const rows = stranded.splice(0);
    if (rows.length === 0) return;
    try {
      await store.release(workerId, rows);
    } catch {
      stranded.push(...rows);
    }
  }
  /** A write went in: the gate opens unless marks are still being written again. */
  const storeOk = () => {
    const wasOpen = gate.isOpen();
    gate.succeeded(marks.failing());
    if (!wasOpen && gate.isOpen()) log.info("database writable again; sending resumes");
    if (gate.isOpen()) void releaseStranded();
  };
  const running = new Set<Promise<unknown>>();
  let loop: Promise<void> | undefined;

  // The rows this process holds and has not tried yet, per recipient, in due order. A recipient is
  // served by one worker at a time, which takes its rows one after another; rows of a recipient
  // claimed while a worker serves it join that worker's queue (they never go out beside it).
  const queues = new Map<string, Entry[]>();
  /** Recipients with rows waiting and no worker yet, first come first served. */
  const ready: string[] = [];
  let queued = 0;
  let workers = 0;
  const idle = new Set<() => void>();
  /** Wakes the claim loop: a worker took a recipient, finished, or the dispatcher is stopping. */
  let wake: (() => void) | undefined;
  const poke = () => {
    wake?.();
    wake = undefined;
  };
  stopping.signal.addEventListener("abort", poke, { once: true });

  /** Waits at most `ms` for the send: its answer, or "timeout" (the send goes on). */
  async function answerWithin(send: Promise<SentMessage>, ms: number): Promise<SentMessage | "timeout"> {
    const timer = new AbortController();
    const timeout = sleep(Math.max(0, ms), timer.signal).then(() => "timeout" as const);
    try {
      return await Promise.race([send, timeout]);
    } finally {
      // With a reason: abort() without one builds a DOMException and its stack, per send.
      timer.abort(SETTLED);
    }
  }

  /**
   * Sends, and waits for the answer. After `sendTimeoutMs` the platform counts as failing (its
   * circuit), but the send is still in flight: the message may arrive, so it is not sent again while
   * it may. Its answer is waited for until `margin` before the lease ends; a send that never answers
   * by then is tried again a lease later (by then the platform is done with the first try).
   */
  async function sendAndWait(
    row: ClaimedRow,
    send: Promise<SentMessage>,
    onSlow: () => void,
  ): Promise<SentMessage | "unanswered"> {
    send.catch(() => undefined); // a send given up on may still fail later
    const first = await answerWithin(send, sendTimeoutMs);
    if (first !== "timeout") return first;
    onSlow();
    const left = row.claimedUntil.getTime() - LEASE_MARGIN_MS - transportNow();
    log.warn(
      { outboxId: row.id, dedupeKey: row.dedupeKey, platform: row.platform, waitMoreMs: left },
      "no answer from the platform yet; the send counts as in flight",
    );
    const second = await answerWithin(send, left);
    return second === "timeout" ? "unanswered" : second;
  }

  async function deliver(row: ClaimedRow, tally: DispatchSummary): Promise<RowOutcome> {
    const adapter = options.adapters[row.platform];
    const payload = outboundSchema.safeParse(row.payload);
    if (!adapter || !payload.success) {
      const error = new DeliveryError("rejected", adapter ? "the stored payload is not a message" : "no adapter");
      log.error({ outboxId: row.id, dedupeKey: row.dedupeKey }, "outbox row cannot be sent; marked failed for good");
      await store.markFailed(row.id, workerId, { error: errorText(error), nextAttemptAt: NEVER });
      tally.failed++;
      return "next";
    }

    // The send must be over well before the lease runs out, or another process takes the row.
    const notAfter = row.claimedUntil.getTime() - sendTimeoutMs;
    // Nothing goes out while sends cannot be recorded, nor to a platform that is down.
    if (!(await gate.wait({ now: transportNow, notAfter, signal: stopping.signal }))) return "defer";
    const pass = await circuit.pass(row.platform, { notAfter, signal: stopping.signal });
    if (pass === null) return "defer";
    if (!gate.isOpen() || transportNow() > notAfter) {
      circuit.cancel(row.platform, pass);
      return "defer";
    }

    let sent: SentMessage | "unanswered";
    let to: Address | undefined;
    let slow = false;
    try {
      to = await (options.resolveAddress?.(row) ?? {
        platform: row.platform,
        chatId: row.address,
        ...(row.threadId ? { threadId: row.threadId } : {}),
      });
      const permit = await limiter.acquire(row.platform, to.chatId, {
        kind: row.recipientChannelId ? "group" : undefined,
        notAfter,
        signal: stopping.signal,
      });
      if (permit === null || !gate.isOpen() || !(options.stillHolds?.() ?? true)) {
        permit?.done();
        circuit.cancel(row.platform, pass);
        return "defer";
      }
      try {
        sent = await sendAndWait(row, adapter.send(to, payload.data as Outbound), () => {
          slow = true;
          circuit.failed(row.platform, pass, `no answer within ${sendTimeoutMs} ms`);
        });
      } finally {
        // The budgets count this message from its answer on (src/runtime/rate-limiter.ts).
        permit.done();
      }
    } catch (caught) {
      const error = asDeliveryError(caught);
      if (error.kind === "transient") {
        if (!slow) circuit.failed(row.platform, pass, errorText(error));
      } else circuit.succeeded(row.platform, pass);
      return failed(row, to, error, tally, pass);
    }
    if (sent === "unanswered") {
      return failed(row, to, new DeliveryError("transient", "no answer", undefined, true), tally, pass);
    }
    circuit.succeeded(row.platform, pass);

    options.metrics?.recordSend(row.platform, "sent");
    tally.sent++;
    // Waited for: the recipient's next row and onSent come after the record, so what a crash can
    // repeat stays the sends in flight. A mark that fails is written again until it goes in.
    const recorded = await marks.record(row.id, {
      platformMessageId: sent.platformMessageId,
      chatId: sent.chatId,
      sentAt: clock.now(),
      transmittedAt: transport.now(),
    });
    if (!recorded) {
      log.warn({ outboxId: row.id, dedupeKey: row.dedupeKey }, "sent after the claim was lost; it may be sent twice");
    }
    try {
      await options.onSent?.(row, sent);
    } catch (error) {
      log.error({ err: error, outboxId: row.id }, "onSent hook failed");
    }
    return "next";
  }

  async function failed(
    row: ClaimedRow,
    to: Address | undefined,
    error: DeliveryError,
    tally: DispatchSummary,
    pass: Pass,
  ): Promise<RowOutcome> {
    options.metrics?.recordSend(row.platform, error.kind as SendOutcome);
    const now = transport.now();
    const fields = { outboxId: row.id, dedupeKey: row.dedupeKey, platform: row.platform, attempts: row.attempts };
    switch (error.kind) {
      case "rate_limited": {
        // The platform's word is final: nothing to this chat, this row included, before it says.
        const waitMs = error.retryAfterMs ?? backoffDelayMs(1, backoff, random);
        const until = new Date(now.getTime() + waitMs);
        limiter.pause(row.platform, to?.chatId ?? row.address, until);
        await store.markRetry(row.id, workerId, { error: errorText(error), nextAttemptAt: until });
        log.warn({ ...fields, retryAfterMs: waitMs }, "rate limited by the platform");
        tally.retried++;
        return "stop";
      }
      case "unreachable": {
        const result = await store.markUnreachable(row.id, workerId, { error: errorText(error), at: clock.now() });
        tally.unreachable += result.marked ? 1 + result.alsoMarked : 0;
        log.warn(
          { ...fields, alsoMarked: result.alsoMarked, first: result.firstForRecipient },
          "recipient unreachable",
        );
        if (result.firstForRecipient) {
          try {
            await options.onUnreachable?.(row, error);
          } catch (hookError) {
            log.error({ err: hookError, outboxId: row.id }, "onUnreachable hook failed");
          }
        }
        return "stop";
      }
      case "rejected":
        // The platform refuses this message as it is: trying again would not help. Later rows go on.
        await store.markFailed(row.id, workerId, { error: errorText(error), nextAttemptAt: NEVER });
        log.error(fields, "message rejected by the platform; marked failed for good");
        tally.failed++;
        return "next";
      case "transient": {
        if (error.outcomeUnknown) {
          // It may have arrived: not again before the platform is surely done with it.
          const nextAttemptAt = new Date(now.getTime() + leaseMs);
          await store.markRetry(row.id, workerId, { error: errorText(error), nextAttemptAt });
          log.warn({ ...fields, nextAttemptAt }, "the platform never answered; the message may have arrived");
          tally.retried++;
          return "stop";
        }
        // The platform is down (its circuit was open, this was a probe): nothing wrong with this
        // message, so the try is not counted and it comes back with the next probe.
        if (pass?.kind === "probe") {
          const nextAttemptAt = new Date(circuit.nextProbeAt(row.platform));
          await store.markRetry(row.id, workerId, { error: errorText(error), nextAttemptAt, uncounted: true });
          log.info({ ...fields, nextAttemptAt }, "platform still down; will retry when it is back");
          tally.retried++;
          return "stop";
        }
        const round = ((row.attempts - 1) % maxAttempts) + 1;
        if (round < maxAttempts) {
          const nextAttemptAt = new Date(now.getTime() + backoffDelayMs(round, backoff, random));
          await store.markRetry(row.id, workerId, { error: errorText(error), nextAttemptAt });
          log.info({ ...fields, nextAttemptAt }, "send failed; will retry");
          tally.retried++;
        } else {
          const nextAttemptAt = new Date(now.getTime() + retryCycleMs);
          await store.markFailed(row.id, workerId, { error: errorText(error), nextAttemptAt });
          log.warn({ ...fields, nextAttemptAt }, "send failed after the last try; marked failed until the next cycle");
          tally.failed++;
        }
        return "stop";
      }
    }
  }

  /** Hands claimed rows to the workers; resolves when every one of them was tried or given back. */
  function enqueue(rows: readonly ClaimedRow[], tally: DispatchSummary): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    let left = rows.length;
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const batch: Batch = {
      tally,
      settled: (n) => {
        left -= n;
        if (left <= 0) settle();
      },
    };
    for (const row of rows) {
      const key = `${row.platform}\u0000${row.address}`;
      const list = queues.get(key);
      const entry = { row, batch };
      if (!list) {
        queues.set(key, [entry]);
        ready.push(key);
      } else {
        // Held already (by a worker, or waiting for one): in due order among its untried rows.
        const at = list.findIndex((e) => dueOrder(row, e.row) < 0);
        list.splice(at < 0 ? list.length : at, 0, entry);
      }
      queued++;
    }
    while (workers < concurrency && ready.length > 0) void work();
    return done;
  }

  async function work(): Promise<void> {
    workers++;
    try {
      for (let key = ready.shift(); key !== undefined && !stopping.signal.aborted; key = ready.shift()) {
        poke();
        await serve(key);
      }
    } finally {
      workers--;
      poke();
      if (workers === 0) for (const resolve of [...idle]) resolve();
    }
  }

  /** One recipient's rows, in due order; after a failure the rest wait (they must not overtake it). */
  async function serve(key: string): Promise<void> {
    const list = queues.get(key) ?? [];
    for (let entry = list.shift(); entry; entry = list.shift()) {
      queued--;
      poke();
      let outcome: RowOutcome;
      try {
        outcome = stopping.signal.aborted ? "defer" : await deliver(entry.row, entry.batch.tally);
      } catch (error) {
        // Most likely the database: the rows stay claimed and are taken over when the lease ends.
        // Nothing more goes out until the database takes writes again.
        gate.failed(error);
        log.error({ err: error, rows: list.length + 1 }, "dispatching to a recipient failed");
        stranded.push(entry.row, ...list.map((e) => e.row));
        entry.batch.settled(1);
        drop(key, list);
        return;
      }
      if (outcome === "next") {
        entry.batch.settled(1);
        continue;
      }
      const untried = outcome === "defer" ? [entry, ...list] : list.slice();
      if (outcome !== "defer") entry.batch.settled(1);
      drop(key, list);
      await giveBack(untried);
      return;
    }
    queues.delete(key);
  }

  /** The recipient leaves this worker's hands: later claims of their rows start a new queue. */
  function drop(key: string, list: Entry[]): void {
    queued -= list.length;
    queues.delete(key);
    list.length = 0;
  }

  /** Rows claimed and not tried go back to what they were (pending or failed), attempts not counted. */
  async function giveBack(entries: readonly Entry[]): Promise<void> {
    const byBatch = new Map<Batch, Entry[]>();
    for (const e of entries) byBatch.set(e.batch, [...(byBatch.get(e.batch) ?? []), e]);
    for (const [batch, mine] of byBatch) {
      try {
        batch.tally.released += await store.release(
          workerId,
          mine.map((e) => e.row),
        );
      } catch (error) {
        gate.failed(error);
        stranded.push(...mine.map((e) => e.row));
        log.error({ err: error, rows: mine.length }, "giving rows back failed; given back when the database is back");
      } finally {
        batch.settled(mine.length);
      }
    }
  }

  /** Everything still waiting for a worker (stop): given back in one go. */
  async function giveBackQueued(): Promise<void> {
    const entries = [...queues.values()].flat();
    queues.clear();
    ready.length = 0;
    queued = 0;
    await giveBack(entries);
  }

  const untilIdle = () =>
    workers === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            idle.delete(done);
            resolve();
          };
          idle.add(done);
        });

  const emptyTally = (): DispatchSummary => ({
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    unreachable: 0,
    released: 0,
  });

  async function claimAndDispatch(): Promise<{ tally: DispatchSummary; done: Promise<void> }> {
    const tally = emptyTally();
    if (stopping.signal.aborted || platforms.length === 0) return { tally, done: Promise.resolve() };
    let rows: ClaimedRow[];
    try {
      rows = await store.claimDue({
        now: clock.now(),
        transportNow: transport.now(),
        limit: batchSize,
        workerId,
        leaseMs,
        platforms,
        recipientGapMs,
        ...(options.deadAfterMs !== undefined ? { deadAfterMs: options.deadAfterMs } : {}),
      });
    } catch (error) {
      gate.failed(error);
      throw error;
    }
    storeOk();
    tally.claimed = rows.length;
    if (stopping.signal.aborted) {
      // Stopped while claiming: the workers are gone, the rows go back at once.
      tally.released += await store.release(workerId, rows);
      return { tally, done: Promise.resolve() };
    }
    const done = enqueue(rows, tally).then(() => log.debug(tally, "dispatch batch done"));
    return { tally, done };
  }

  async function runOnce(): Promise<DispatchSummary> {
    const { tally, done } = await claimAndDispatch();
    await done;
    return tally;
  }

  /**
   * Room for another claim: fewer recipients waiting than workers (one could soon be idle), and
   * not more than two batches untried (rows held long only wait, and their lease runs).
   */
  const room = () => ready.length < concurrency && queued < 2 * batchSize;

  const tracked = <T>(promise: Promise<T>): Promise<T> => {
    running.add(promise);
    void promise.finally(() => running.delete(promise)).catch(() => undefined);
    return promise;
  };

  return {
    runOnce: () => tracked(runOnce()),

    start() {
      if (loop || stopping.signal.aborted) return;
      log.info({ platforms, batchSize, leaseMs, concurrency }, "dispatcher started");
      // The next claim does not wait for the last one's rows to go out: it comes as soon as there
      // is room, so the workers never wait for a claim's slowest recipient (bench/, item 1).
      loop = (async () => {
        while (!stopping.signal.aborted) {
          if (!room()) {
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          let claimed = 0;
          try {
            const { tally, done } = await claimAndDispatch();
            claimed = tally.claimed;
            void tracked(done);
          } catch (error) {
            log.error({ err: error }, "dispatch claim failed");
          }
          if (stopping.signal.aborted) break;
          // Less than a full batch: nothing more is due now.
          if (claimed < batchSize) await sleep(intervalMs, stopping.signal);
        }
      })();
    },

    async stop() {
      stopping.abort();
      await loop;
      await untilIdle();
      await giveBackQueued();
      await Promise.allSettled([...running]);
      // Sends recorded before anything else is given back: a row whose mark were still waiting
      // would go back to pending below, and be sent again. With the database still down, marks
      // are given up after a while: those rows come back when their lease ends.
      const giveUp = setTimeout(() => marks.abandon(), STOP_MARKS_WAIT_MS);
      await marks.drain();
      clearTimeout(giveUp);
      const released = await store.releaseClaims(workerId).catch((error: unknown) => {
        log.error({ err: error }, "giving back claims failed; they come back when their lease ends");
        return 0;
      });
      log.info({ released }, "dispatcher stopped");
    },

    platformHealth() {
      const health: Partial<Record<Platform, PlatformState>> = {};
      for (const platform of platforms) health[platform] = circuit.state(platform);
      return health;
    },

    storeHealthy: () => gate.isOpen(),
  };
}

interface Batch {
  tally: DispatchSummary;
  /** `n` more of its rows were tried or given back. */
  settled(n: number): void;
}

interface Entry {
  row: ClaimedRow;
  batch: Batch;
}

/** Due order of the outbox (dueAt, createdAt, id), as the claim sorts. */
function dueOrder(a: ClaimedRow, b: ClaimedRow): number {
  return (
    a.dueAt.getTime() - b.dueAt.getTime() ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
