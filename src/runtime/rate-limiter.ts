import type { Platform } from "../core/chat/inbound.js";
import type { Clock } from "../domain/time/clock.js";
import type { Sleep } from "./sleep.js";

export type ChatKind = "direct" | "group";

/** At most `messages` per `perMs`, spread evenly: one message every perMs / messages. */
export interface Rate {
  messages: number;
  perMs: number;
}

export interface PlatformLimits {
  /** Everything the bot sends on the platform. */
  overall?: Rate;
  /** Messages to one chat. */
  perChat?: Rate;
  /** Messages to one group chat, on top of perChat. */
  perGroupChat?: Rate;
}

/**
 * The platforms' published limits: Telegram 30 messages/s overall, 1/s per chat (with a small
 * margin) and 20/min per group; Slack about 1/s per channel (chat.postMessage); the console has none.
 */
export const PLATFORM_LIMITS: Readonly<Record<Platform, PlatformLimits>> = {
  telegram: {
    overall: { messages: 30, perMs: 1_000 },
    // 1/s per chat with a 5% margin: messages leave 1 s apart, but the network can bring two closer
    // than that by the time Telegram counts them (the benchmark saw 429s 994-1,000 ms apart).
    perChat: { messages: 1, perMs: 1_050 },
    perGroupChat: { messages: 20, perMs: 60_000 },
  },
  slack: { perChat: { messages: 1, perMs: 1_000 } },
  console: {},
};

/** Telegram group and channel chat ids are negative; the rest are treated as direct chats. */
export function defaultIsGroupChat(platform: Platform, chatId: string): boolean {
  return platform === "telegram" && chatId.startsWith("-");
}

export interface ReserveOptions {
  /** Overrides the `isGroupChat` guess (the outbox knows a group channel when it sees one). */
  kind?: ChatKind;
  /** Epoch ms: if the slot would come later than this, reserve nothing and answer null. */
  notAfter?: number;
}

/**
 * Proactive per-process budgets. Each bucket keeps the instant of its next free slot; a message
 * takes the first instant free in every bucket it belongs to (overall, chat, group), so the
 * spacing holds even with many callers at once. There is no burst: N messages take
 * (N - 1) x interval, and no window of `perMs` ever holds more than `messages`.
 */
export interface RateLimiter {
  /** Reserves the next slot for a message to this chat; the wait in ms until it (0 = now), or null. */
  reserve(platform: Platform, chatId: string, options?: ReserveOptions): number | null;
  /** Reserves and waits for the slot. The ms waited, or null when not to send (too late, or aborted). */
  acquire(
    platform: Platform,
    chatId: string,
    options?: ReserveOptions & { signal?: AbortSignal },
  ): Promise<number | null>;
  /** The platform answered 429: nothing more to this chat before `until`. */
  pause(platform: Platform, chatId: string, until: Date): void;
}

export interface RateLimiterOptions {
  clock: Clock;
  sleep: Sleep;
  /** Per-platform overrides of {@link PLATFORM_LIMITS} (a platform given here replaces its defaults). */
  limits?: Partial<Record<Platform, PlatformLimits>>;
  /**
   * This process's share of each platform's overall budget, in (0, 1]: with several processes
   * on one bot token, their shares must sum to at most 1 (DESIGN.md, Scaling out). Per-chat
   * budgets are not divided: a recipient's messages go out in order, from one process at a time.
   */
  share?: number;
  isGroupChat?: (platform: Platform, chatId: string) => boolean;
}

const PRUNE_ABOVE = 10_000;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const share = options.share ?? 1;
  if (!(share > 0 && share <= 1)) throw new RangeError(`rate limiter share must be in (0, 1], got ${share}`);
  const isGroupChat = options.isGroupChat ?? defaultIsGroupChat;
  const limitsOf = (platform: Platform): PlatformLimits => options.limits?.[platform] ?? PLATFORM_LIMITS[platform];
  const interval = (rate: Rate, scale = 1) => Math.ceil(rate.perMs / (rate.messages * scale));
  /** Bucket key -> epoch ms of its next free slot. */
  const nextFree = new Map<string, number>();

  function bucketsFor(platform: Platform, chatId: string, kind: ChatKind | undefined): [string, number][] {
    const limits = limitsOf(platform);
    const buckets: [string, number][] = [];
    if (limits.overall) buckets.push([`${platform}|*`, interval(limits.overall, share)]);
    // Always present, even without a per-chat limit, so that a 429 pause holds on every platform.
    buckets.push([`${platform}|chat|${chatId}`, limits.perChat ? interval(limits.perChat) : 0]);
    const group = (kind ?? (isGroupChat(platform, chatId) ? "group" : "direct")) === "group";
    if (group && limits.perGroupChat) buckets.push([`${platform}|group|${chatId}`, interval(limits.perGroupChat)]);
    return buckets;
  }

  function prune(now: number) {
    if (nextFree.size <= PRUNE_ABOVE) return;
    for (const [key, at] of nextFree) if (at <= now) nextFree.delete(key);
  }

  const reserve: RateLimiter["reserve"] = (platform, chatId, reserveOptions = {}) => {
    const now = options.clock.now().getTime();
    const buckets = bucketsFor(platform, chatId, reserveOptions.kind);
    let slot = now;
    for (const [key] of buckets) slot = Math.max(slot, nextFree.get(key) ?? now);
    if (reserveOptions.notAfter !== undefined && slot > reserveOptions.notAfter) return null;
    prune(now);
    for (const [key, every] of buckets) nextFree.set(key, slot + every);
    return slot - now;
  };

  return {
    reserve,
    async acquire(platform, chatId, acquireOptions = {}) {
      const wait = reserve(platform, chatId, acquireOptions);
      if (wait === null) return null;
      if (wait > 0) await options.sleep(wait, acquireOptions.signal);
      return acquireOptions.signal?.aborted ? null : wait;
    },
    pause(platform, chatId, until) {
      const key = `${platform}|chat|${chatId}`;
      nextFree.set(key, Math.max(nextFree.get(key) ?? 0, until.getTime()));
    },
  };
}
