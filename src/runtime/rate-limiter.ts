import type { Platform } from "../core/chat/inbound.js";
import type { Clock } from "../domain/time/clock.js";
import type { Sleep } from "./sleep.js";

export type ChatKind = "direct" | "group";

/** At most `messages` per `perMs`. */
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
 * The platforms' published limits: Telegram 30 messages/s overall, 1/s per chat and 20/min per
 * group; Slack about 1/s per channel (chat.postMessage); the console has none. No margin is needed
 * on them: the limiter counts a message until its answer came back plus the window (see below).
 */
export const PLATFORM_LIMITS: Readonly<Record<Platform, PlatformLimits>> = {
  telegram: {
    overall: { messages: 30, perMs: 1_000 },
    perChat: { messages: 1, perMs: 1_000 },
    perGroupChat: { messages: 20, perMs: 60_000 },
  },
  slack: { perChat: { messages: 1, perMs: 1_000 } },
  console: {},
};

/**
 * A message counts against its windows until this long after its answer, on top of `perMs`: the
 * clock reads whole milliseconds, so two readings 1,000 apart may be 999.x ms apart in fact.
 */
export const CLOCK_GRAIN_MS = 1;

/** Telegram group and channel chat ids are negative; the rest are treated as direct chats. */
export function defaultIsGroupChat(platform: Platform, chatId: string): boolean {
  return platform === "telegram" && chatId.startsWith("-");
}

export interface AcquireOptions {
  /** Overrides the `isGroupChat` guess (the outbox knows a group channel when it sees one). */
  kind?: ChatKind;
  /** Epoch ms: if the message could not start by then, give up at once and answer null. */
  notAfter?: number;
  /** Stops the wait (answer null). */
  signal?: AbortSignal;
}

/** Leave to send one message now. */
export interface Permit {
  /** How long the caller waited for it, ms. */
  waitedMs: number;
  /**
   * The platform answered (or the send was given up): call exactly once, right then. Until it is
   * called the message counts as in flight in every budget it took.
   */
  done(): void;
}

/**
 * Proactive per-process budgets, kept so that the platform never counts more than its limit
 * whatever the network and the event loop do to the timing:
 * - A message counts against each of its windows (overall, chat, group) from the moment it is
 *   started until `perMs` after its answer came back. The platform took the message before it
 *   answered, so when fewer than `messages` are counted at the start of the next one, no window of
 *   `perMs` at the platform can hold more than `messages` (the old slot-based limiter spaced
 *   starts only, and arrivals bunched up to 15 ms closer than they left: 429s).
 * - On top of that, starts are spread evenly (perMs / messages apart) rather than in bursts; the
 *   spacing follows a schedule, so a late timer does not push every later message back.
 * - A waiter is only ever waiting for its own buckets: a message to a chat that is not free yet
 *   takes no overall slot while it waits, so other chats go on meanwhile.
 */
export interface RateLimiter {
  /** Waits until a message to this chat may start. The permit, or null when not to send (too late, or aborted). */
  acquire(platform: Platform, chatId: string, options?: AcquireOptions): Promise<Permit | null>;
  /** The platform answered 429: nothing more to this chat before `until`. */
  pause(platform: Platform, chatId: string, until: Date): void;
  /** This process's share of the overall budgets changed (processes came or went): see `share`. */
  setShare(share: number): void;
}

export interface RateLimiterOptions {
  clock: Clock;
  sleep: Sleep;
  /** Per-platform overrides of {@link PLATFORM_LIMITS} (a platform given here replaces its defaults). */
  limits?: Partial<Record<Platform, PlatformLimits>>;
  /**
   * This process's share of each platform's overall budget, in (0, 1]: with several processes
   * on one bot token, their shares must sum to at most 1 (docs/design.md, Scaling out). Per-chat
   * budgets are not divided: a recipient's messages go out in order, from one process at a time.
   */
  share?: number;
  isGroupChat?: (platform: Platform, chatId: string) => boolean;
  /**
   * The overall budgets start as if a full window had been sent the moment the limiter was made
   * (default false; the app sets it). A process started right after another was killed on the same bot token
   * cannot know what that one sent in its last second, which the platform still counts.
   */
  startSpent?: boolean;
}

/** One budget: a sliding window counted from answers, an even spacing of starts, and a 429 pause. */
class Bucket {
  spacing: number;
  /** Earliest start allowed by the spacing schedule. */
  private next = -Infinity;
  private inFlight = 0;
  /** When the answers of the messages still inside the window came, ascending. */
  private readonly answers: number[] = [];
  pausedUntil = 0;

  constructor(
    private messages: number,
    private readonly perMs: number,
    /** Counts a full window as answered at this instant (see startSpent). */
    spentAt?: number,
  ) {
    this.spacing = messages > 0 ? perMs / messages : 0;
    if (spentAt !== undefined && perMs > 0) for (let i = 0; i < messages; i++) this.answers.push(spentAt);
  }

  /** A new budget; takes effect at once (the messages already in the window count against it). */
  resize(messages: number): void {
    this.messages = messages;
    this.spacing = messages > 0 ? this.perMs / messages : 0;
  }

  /**
   * The earliest instant a message could start as far as this bucket knows now. When the window
   * is full of messages still in flight it is a lower bound (their answers are still to come, and
   * each counts `perMs` after it): waiting until then and asking again is always safe.
   */
  earliest(now: number): number {
    const answers = this.answers;
    while (answers.length > 0 && answers[0]! + this.perMs + CLOCK_GRAIN_MS <= now) answers.shift();
    // The schedule keeps fractions (1,000 / 30 ms), to within what a double holds at epoch
    // milliseconds; the clock reads whole milliseconds.
    let at = Math.max(now, Math.floor(this.next + 1e-3), this.pausedUntil);
    if (this.perMs > 0) {
      const excess = this.inFlight + answers.length - this.messages + 1;
      if (excess > answers.length) at = Math.max(at, now + this.perMs);
      else if (excess > 0) at = Math.max(at, answers[excess - 1]! + this.perMs + CLOCK_GRAIN_MS);
    }
    return at;
  }

  take(now: number): void {
    this.inFlight++;
    // A start up to half a step late keeps the schedule (the next one catches that up); after a
    // longer stall, or idle time, the schedule starts again from now.
    this.next = (now - this.next <= this.spacing / 2 ? this.next : now) + this.spacing;
  }

  answered(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.perMs === 0) return;
    let i = this.answers.length;
    while (i > 0 && this.answers[i - 1]! > now) i--;
    this.answers.splice(i, 0, now);
  }

  idle(now: number): boolean {
    return this.inFlight === 0 && this.earliest(now) <= now && this.answers.length === 0;
  }
}

const PRUNE_ABOVE = 10_000;
const UNLIMITED: Rate = { messages: 1, perMs: 0 };

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const checkShare = (share: number) => {
    if (!(share > 0 && share <= 1)) throw new RangeError(`rate limiter share must be in (0, 1], got ${share}`);
    return share;
  };
  let share = checkShare(options.share ?? 1);
  const { clock, sleep } = options;
  const isGroupChat = options.isGroupChat ?? defaultIsGroupChat;
  const limitsOf = (platform: Platform): PlatformLimits => options.limits?.[platform] ?? PLATFORM_LIMITS[platform];
  const buckets = new Map<string, Bucket>();
  const createdAt = clock.now().getTime();
  const startSpent = options.startSpent ?? false;

  const scaled = (rate: Rate, scale: number) =>
    rate.perMs > 0 ? Math.max(1, Math.floor(rate.messages * scale)) : rate.messages;

  function bucket(key: string, rate: Rate, scale = 1, shared = false): Bucket {
    let found = buckets.get(key);
    if (!found) {
      const now = clock.now().getTime();
      if (buckets.size > PRUNE_ABOVE) prune(now);
      // Only while the start's window lasts: a bucket made later starts empty.
      const spentAt = shared && startSpent && now - createdAt < rate.perMs ? createdAt : undefined;
      found = new Bucket(scaled(rate, scale), rate.perMs, spentAt);
      buckets.set(key, found);
    }
    return found;
  }

  function prune(now: number) {
    for (const [key, b] of buckets) if (b.idle(now)) buckets.delete(key);
  }

  /** The chat's own budgets (chat, group) and the platform's shared one, if it has one. */
  function bucketsFor(platform: Platform, chatId: string, kind: ChatKind | undefined) {
    const limits = limitsOf(platform);
    // Always present, even without a per-chat limit, so that a 429 pause holds on every platform.
    const own = [bucket(`${platform}|chat|${chatId}`, limits.perChat ?? UNLIMITED)];
    const group = (kind ?? (isGroupChat(platform, chatId) ? "group" : "direct")) === "group";
    if (group && limits.perGroupChat) own.push(bucket(`${platform}|group|${chatId}`, limits.perGroupChat));
    const shared = limits.overall ? bucket(`${platform}|*`, limits.overall, share, true) : undefined;
    return { own, shared };
  }

  const earliest = (buckets: readonly Bucket[], now: number) =>
    buckets.reduce((at, b) => Math.max(at, b.earliest(now)), now);

  // Waiters for a platform's shared budget line up, and only the first of them watches the clock
  // for it: with 60 senders each timing the same slot, every slot woke all of them, and the
  // timers' lateness cost a few percent of Telegram's 30/s (bench/, item 1c).
  const lines = new Map<Bucket, { busy: boolean; waiting: (() => void)[] }>();

  /** Waits for the first place in the shared budget's line; the function gives it to the next. */
  async function turn(shared: Bucket, signal: AbortSignal | undefined): Promise<(() => void) | null> {
    if (signal?.aborted) return null;
    let line = lines.get(shared);
    if (!line) lines.set(shared, (line = { busy: false, waiting: [] }));
    const mine = line;
    if (mine.busy) {
      const handed = await new Promise<boolean>((resolve) => {
        const go = () => {
          signal?.removeEventListener("abort", leave);
          resolve(true);
        };
        const leave = () => {
          const i = mine.waiting.indexOf(go);
          if (i < 0) return; // handed the turn already
          mine.waiting.splice(i, 1);
          resolve(false);
        };
        mine.waiting.push(go);
        signal?.addEventListener("abort", leave, { once: true });
      });
      if (!handed) return null;
    }
    mine.busy = true;
    let passed = false;
    return () => {
      if (passed) return;
      passed = true;
      const next = mine.waiting.shift();
      if (next) next();
      else mine.busy = false;
    };
  }

  function permit(buckets: readonly Bucket[], now: number, started: number): Permit {
    for (const b of buckets) b.take(now);
    let answered = false;
    return {
      waitedMs: now - started,
      done() {
        if (answered) return;
        answered = true;
        const end = clock.now().getTime();
        for (const b of buckets) b.answered(end);
      },
    };
  }

  return {
    async acquire(platform, chatId, acquireOptions = {}) {
      const { notAfter, signal } = acquireOptions;
      const started = clock.now().getTime();
      /** Sleeps until `at`; true when the clock did not see the wait pass (see below). */
      const waitUntil = async (at: number, now: number) => {
        await sleep(at - now, signal);
        // The clock may be the app's simulated one (demos, end-to-end tests: moved by hand, or
        // not at all), which did not see the wait pass: then the wait served in real time counts.
        return clock.now().getTime() - now < (at - now) / 2;
      };
      for (;;) {
        if (signal?.aborted) return null;
        // Looked up on every round: a bucket pruned while this waiter slept is created again.
        const { own, shared } = bucketsFor(platform, chatId, acquireOptions.kind);
        // First the chat's own budgets, taking no place in the shared line meanwhile.
        let now = clock.now().getTime();
        let at = earliest(own, now);
        let served = false;
        if (at > now) {
          if (notAfter !== undefined && at > notAfter) return null;
          served = await waitUntil(at, now);
          if (!served) continue;
        }
        if (!shared) return permit(own, clock.now().getTime(), started);

        // Then the shared budget, first come first served.
        const pass = await turn(shared, signal);
        if (!pass) return null;
        try {
          for (;;) {
            if (signal?.aborted) return null;
            now = clock.now().getTime();
            // The chat was paused (a 429) meanwhile: back to waiting for it, out of the line.
            if (!served && earliest(own, now) > now) break;
            at = earliest([shared], now);
            if (at <= now) return permit([shared, ...own], now, started);
            if (notAfter !== undefined && at > notAfter) return null;
            if (await waitUntil(at, now)) return permit([shared, ...own], clock.now().getTime(), started);
          }
        } finally {
          pass();
        }
      }
    },

    setShare(next) {
      share = checkShare(next);
      for (const platform of Object.keys(PLATFORM_LIMITS) as Platform[]) {
        const overall = limitsOf(platform).overall;
        const shared = buckets.get(`${platform}|*`);
        if (overall && shared) shared.resize(scaled(overall, share));
      }
    },

    pause(platform, chatId, until) {
      const b = bucket(`${platform}|chat|${chatId}`, limitsOf(platform).perChat ?? UNLIMITED);
      b.pausedUntil = Math.max(b.pausedUntil, until.getTime());
    },
  };
}
