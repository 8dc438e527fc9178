// Answers to users (issue 17, item 7), the same for every platform: each chat has its own queue,
// so a chat that waits out a 429 holds up no other chat; an answer that cannot go out within a few
// seconds is handed to the outbox, which sends it once (its dedupe key), after a restart too.
import type { Address, DeliveryError } from "./inbound.js";
import type { Outbound } from "./outbound.js";

/** One answer: a message to the chat the user wrote in. */
export interface Answer {
  to: Address;
  message: Outbound;
  /**
   * Unique per answer and the same when the event is delivered again (the event's key and the
   * message's place in the reply): the outbox row's dedupe key.
   */
  key: string;
  /** Sends it now; default the platform's send(to, message). Slack passes its response_url here. */
  deliver?: () => Promise<unknown>;
  /**
   * False when the outbox cannot send it in the same form (a Slack answer only its user sees,
   * through a response_url): it is then given up after the hand-off window, and logged.
   */
  durable?: boolean;
  /**
   * Already an outbox row under `key`, held by this process (a report's confirmation, written with
   * the report: Outbound.keptKey): once sent it is marked sent there, and whatever cannot be sent
   * now is handed on to the outbox rather than given up.
   */
  kept?: boolean;
}

/**
 * Message `i` of a reply as the queue takes it, under `key`; one the core already kept in the
 * outbox (Outbound.keptKey) goes under that key instead, so that its row is the one marked sent.
 */
export function answerOf(to: Address, message: Outbound, key: string): Answer {
  const { keptKey, ...rest } = message;
  return keptKey ? { to, message: rest, key: keptKey, kept: true } : { to, message, key };
}

export type AnswerOutcome = "sent" | "handed-off" | "dropped";

/** What the outbox keeps of an answer handed to it. */
export interface HandedOffAnswer {
  key: string;
  to: Address;
  message: Outbound;
  /** Real (transport) time before which the outbox must not send it (a 429's retry_after). */
  notBefore: Date;
}

/** The outbox, as the queue sees it (src/store/answer-outbox-store.ts). */
export interface AnswerOutbox {
  /** Keeps the answer to be sent from `notBefore`; a kept answer's row is let go to wait for then. */
  handOff(answer: HandedOffAnswer): Promise<void>;
  /** A kept answer went out: its row must not be sent again. */
  sent(key: string): Promise<void>;
}

/** Leave to send now (the process's rate limiter, shared with the outbox's sends); null: not by `notAfter`. */
export type AnswerPace = (
  to: Address,
  options: { notAfter: number; signal: AbortSignal },
) => Promise<{ done(): void } | null>;

/** Logs name the chat and the answer's key, never its text. */
export interface AnswerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface AnswerQueueOptions {
  /** The platform's send (the adapter's). */
  send(to: Address, message: Outbound): Promise<unknown>;
  /** Turns the platform's errors into what the queue acts on. */
  toDeliveryError(error: unknown): DeliveryError;
  log: AnswerLog;
  /** Default: none (a kept-nowhere answer is given up after the window, and logged). */
  outbox?: AnswerOutbox;
  /** Default: no pacing of our own. */
  pace?: AnswerPace;
  /**
   * Waited for before each send: the adapters pass their admission's afterAcks, so that answers
   * to earlier events do not hold up the acknowledgements of requests arriving now
   * (src/core/chat/inbound-admission.ts). Default: none.
   */
  hold?: () => Promise<void>;
  /** A 429 from the platform: the chat waits until then (the limiter learns it too). */
  pause?: (to: Address, until: Date) => void;
  /** Real time, epoch ms (default Date.now). */
  now?: () => number;
  /** Waits `ms` or until `signal` aborts (default a timer). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * An answer not sent this long after it was queued goes to the outbox. Default 5 s: a user
   * waits about that long for a reply before wondering, and Telegram's retry_after for a busy
   * chat is often longer.
   */
  handOffAfterMs?: number;
  /** Wait after a network error or 5xx, doubling (default 500 ms). */
  retryMs?: number;
}

/** What the app gives every adapter's queue: the pacing it shares with the outbox, and the outbox. */
export type AnswerTransport = Pick<AnswerQueueOptions, "outbox" | "pace" | "pause" | "handOffAfterMs">;

export interface AnswerQueue {
  /**
   * Whether answers can wait in the outbox (the queue has one): only then may the core keep a
   * report's confirmation there (InboundSource.answerTo), which this queue marks sent.
   */
  readonly keeps: boolean;
  /** Queues an answer behind the chat's earlier ones; resolves when sent, handed off or dropped. */
  answer(answer: Answer): Promise<AnswerOutcome>;
  /** Resolves once every answer queued so far is sent, handed off or dropped. */
  settled(): Promise<void>;
  /** Hands everything still queued or retrying to the outbox at once, and waits for that (graceful stop). */
  stop(): Promise<void>;
}

/** A timed-out send may have arrived: the outbox sends it again only after this (about a lease). */
const OUTCOME_UNKNOWN_WAIT_MS = 2 * 60_000;

const timerSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

interface ChatLine {
  tail: Promise<unknown>;
  queued: number;
  /** An answer of this chat went to the outbox: the ones queued behind it follow it there, in order. */
  handingOff: boolean;
}

export function createAnswerQueue(options: AnswerQueueOptions): AnswerQueue {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? timerSleep;
  const handOffAfterMs = options.handOffAfterMs ?? 5_000;
  const retryMs = options.retryMs ?? 500;
  const { log } = options;
  const stopping = new AbortController();
  const lines = new Map<string, ChatLine>();
  const running = new Set<Promise<unknown>>();

  const ids = (answer: Answer) => ({ platform: answer.to.platform, chatId: answer.to.chatId, key: answer.key });

  async function handOff(answer: Answer, line: ChatLine, notBefore: number, why: string): Promise<AnswerOutcome> {
    if (answer.durable === false || !options.outbox) {
      log.error({ ...ids(answer), why }, "answer not delivered (it cannot wait in the outbox)");
      return "dropped";
    }
    line.handingOff = true;
    try {
      await options.outbox.handOff({
        key: answer.key,
        to: answer.to,
        message: answer.message,
        notBefore: new Date(Math.max(notBefore, now())),
      });
      log.warn({ ...ids(answer), why }, "answer handed to the outbox");
      return "handed-off";
    } catch (error) {
      // The error's name only: a database error may quote the message, which is the user's business.
      log.error(
        { ...ids(answer), why, err: error instanceof Error ? error.name : typeof error },
        "answer lost: the outbox could not take it",
      );
      return "dropped";
    }
  }

  /**
   * Not waited for: the chat's next answer need not wait on the database. A mark that fails
   * leaves the row to the outbox, which sends it again (logged: the user may get it twice).
   */
  function markSent(answer: Answer): void {
    options.outbox?.sent(answer.key).catch((error: unknown) => {
      log.error(
        { ...ids(answer), err: error instanceof Error ? error.name : typeof error },
        "answer sent but not marked: the outbox may send it again",
      );
    });
  }

  async function deliver(answer: Answer, line: ChatLine, deadline: number): Promise<AnswerOutcome> {
    if (line.handingOff) return handOff(answer, line, now(), "an earlier answer to the chat is in the outbox");
    const send = answer.deliver ?? (() => options.send(answer.to, answer.message));
    for (let attempt = 1; ; attempt++) {
      if (stopping.signal.aborted) return handOff(answer, line, now(), "stopping");
      await options.hold?.();
      const permit = options.pace
        ? await options.pace(answer.to, { notAfter: deadline, signal: stopping.signal })
        : { done: () => undefined };
      if (!permit) return handOff(answer, line, now(), stopping.signal.aborted ? "stopping" : "no send slot in time");
      let failure: DeliveryError;
      try {
        await send();
        permit.done();
        if (attempt > 1) log.info({ ...ids(answer), attempt }, "answer sent after a retry");
        if (answer.kept) markSent(answer);
        return "sent";
      } catch (error) {
        permit.done();
        failure = options.toDeliveryError(error);
      }
      const at = now();
      const fields = { ...ids(answer), attempt, kind: failure.kind, err: failure.message.slice(0, 200) };
      if (failure.kind === "rejected" || failure.kind === "unreachable") {
        log.warn(fields, "answer refused by the platform");
        // A kept answer goes on to the outbox, which records the refusal where the office sees it.
        if (answer.kept) return handOff(answer, line, at, failure.kind);
        return "dropped";
      }
      if (failure.outcomeUnknown) return handOff(answer, line, at + OUTCOME_UNKNOWN_WAIT_MS, "timed out");
      const retryAt =
        failure.kind === "rate_limited" ? at + (failure.retryAfterMs ?? 1_000) : at + retryMs * 2 ** (attempt - 1);
      if (failure.kind === "rate_limited") options.pause?.(answer.to, new Date(retryAt));
      if (retryAt > deadline) return handOff(answer, line, retryAt, failure.kind);
      log.info({ ...fields, retryInMs: retryAt - at }, "answer not sent yet; retrying");
      await sleep(retryAt - at, stopping.signal);
    }
  }

  return {
    keeps: options.outbox !== undefined,
    answer(answer) {
      const chatKey = `${answer.to.platform}|${answer.to.chatId}`;
      let line = lines.get(chatKey);
      if (!line) lines.set(chatKey, (line = { tail: Promise.resolve(), queued: 0, handingOff: false }));
      const mine = line;
      mine.queued += 1;
      const deadline = now() + handOffAfterMs;
      const work = mine.tail
        .then(() => deliver(answer, mine, deadline))
        .finally(() => {
          mine.queued -= 1;
          // The chat's line ends with its last answer; the next answer starts a fresh one.
          if (mine.queued === 0 && lines.get(chatKey) === mine) lines.delete(chatKey);
        });
      mine.tail = work.catch(() => undefined);
      running.add(work);
      void work.finally(() => running.delete(work)).catch(() => undefined);
      return work;
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async stop() {
      stopping.abort();
      await this.settled();
    },
  };
}
