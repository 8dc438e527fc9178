import {
  DeliveryError,
  type Address,
  type ChatAdapter,
  type Platform,
  type SentMessage,
} from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import type { Clock } from "../../src/domain/time/clock.js";
import type { Sleep } from "../../src/runtime/sleep.js";

/** How the fake platform answers a send it has been told to fail. */
export type Fault =
  | { kind: "transient"; status?: number }
  | { kind: "rate_limited"; retryAfterMs: number }
  | { kind: "unreachable" }
  | { kind: "rejected" }
  /** The platform takes the message but the answer never comes (the sender dies or times out). */
  | { kind: "stall" }
  /** The platform takes the message and answers `ms` later (on the sleep given to the adapter). */
  | { kind: "slow"; ms: number };

/** One call to send, as the platform saw it, at the (fake) clock's time. */
export interface RecordedSend {
  at: Date;
  to: Address;
  message: Outbound;
  /** Whether the platform took the message (it did for `stall` too: that is what makes a duplicate). */
  delivered: boolean;
  fault?: Fault["kind"];
  platformMessageId?: string;
  /** Which adapter (process) made the call, when several share one log. */
  by?: string;
}

interface Rule {
  fault: Fault;
  chatId?: string;
  /** Sends left to fail; undefined = until `until`. */
  remaining?: number;
  until?: number;
}

export interface RecordingAdapter extends ChatAdapter {
  /** Every call, failed ones included, in call order. */
  readonly sends: RecordedSend[];
  /** The calls the platform took. */
  delivered(): RecordedSend[];
  /** The next `count` sends (to `chatId` only, when given) fail with `fault`. */
  failNext(count: number, fault: Fault, options?: { chatId?: string }): void;
  /** Every send (to `chatId` only, when given) fails with `fault` until the clock reaches `until`. */
  failUntil(until: Date, fault: Fault, options?: { chatId?: string }): void;
  /** Forgets all faults. */
  heal(): void;
}

const faultError = (fault: Exclude<Fault, { kind: "stall" | "slow" }>): DeliveryError => {
  switch (fault.kind) {
    case "transient":
      return new DeliveryError("transient", `${fault.status ?? 500} Internal Server Error`);
    case "rate_limited":
      return new DeliveryError("rate_limited", "429 Too Many Requests", fault.retryAfterMs);
    case "unreachable":
      return new DeliveryError("unreachable", "403 Forbidden: bot was blocked by the user");
    case "rejected":
      return new DeliveryError("rejected", "400 Bad Request: message is malformed");
  }
};

/**
 * Telegram's limits as the platform enforces them, shared by the adapters that act as one bot:
 * more than 30 messages in any second, or a second message to a chat within a second, is refused
 * with 429 (retry after 1 s).
 */
export interface EnforcedLimits {
  /** A 429 for this send, or undefined when it is within the limits (it is then counted). */
  admit(chatId: string, at: number): Fault | undefined;
  /** How many sends were refused. */
  refused(): number;
}

export function telegramLimits(): EnforcedLimits {
  const overall: number[] = [];
  const lastByChat = new Map<string, number>();
  let refused = 0;
  return {
    admit(chatId, at) {
      while (overall.length > 0 && overall[0]! <= at - 1_000) overall.shift();
      const last = lastByChat.get(chatId);
      if (overall.length >= 30 || (last !== undefined && at - last < 1_000)) {
        refused++;
        return { kind: "rate_limited", retryAfterMs: 1_000 };
      }
      overall.push(at);
      lastByChat.set(chatId, at);
      return undefined;
    },
    refused: () => refused,
  };
}

/**
 * An in-process fake platform: records every send with the fake clock's time, answers at once
 * (latency 0), and fails on command. Several adapters may share one `log` to act as one platform
 * reached from several processes.
 */
export function createRecordingAdapter(options: {
  platform: Platform;
  clock: Clock;
  log?: RecordedSend[];
  /** Recorded as `by` on each send. */
  name?: string;
  /** For `slow` answers. */
  sleep?: Sleep;
  /** The platform's limits, enforced with 429s. */
  limits?: EnforcedLimits;
}): RecordingAdapter {
  const sends = options.log ?? [];
  let rules: Rule[] = [];
  let nextId = 1;

  function faultFor(to: Address): Fault | undefined {
    const now = options.clock.now().getTime();
    rules = rules.filter(
      (r) => (r.remaining === undefined || r.remaining > 0) && (r.until === undefined || now < r.until),
    );
    const rule = rules.find((r) => r.chatId === undefined || r.chatId === to.chatId);
    if (!rule) return undefined;
    if (rule.remaining !== undefined) rule.remaining--;
    return rule.fault;
  }

  return {
    platform: options.platform,
    sends,
    async start() {},
    async stop() {},
    delivered: () => sends.filter((s) => s.delivered),
    failNext(count, fault, { chatId } = {}) {
      rules.push({ fault, chatId, remaining: count });
    },
    failUntil(until, fault, { chatId } = {}) {
      rules.push({ fault, chatId, until: until.getTime() });
    },
    heal() {
      rules = [];
    },
    send(to: Address, message: Outbound): Promise<SentMessage> {
      const at = options.clock.now();
      const by = options.name;
      const fault = faultFor(to) ?? options.limits?.admit(to.chatId, at.getTime());
      if (fault?.kind === "stall") {
        sends.push({ at, to, message, delivered: true, fault: "stall", by });
        return new Promise<SentMessage>(() => undefined);
      }
      if (fault?.kind === "slow") {
        const platformMessageId = `${options.platform}-${nextId++}`;
        sends.push({ at, to, message, delivered: true, fault: "slow", platformMessageId, by });
        const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
        return sleep(fault.ms).then(() => ({ platformMessageId, chatId: to.chatId }));
      }
      if (fault) {
        sends.push({ at, to, message, delivered: false, fault: fault.kind, by });
        return Promise.reject(faultError(fault));
      }
      const platformMessageId = `${options.platform}-${nextId++}`;
      sends.push({ at, to, message, delivered: true, platformMessageId, by });
      return Promise.resolve({ platformMessageId, chatId: to.chatId });
    },
  };
}
