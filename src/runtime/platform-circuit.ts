// A circuit breaker per platform (issue 17, item 4). When a platform is down (5xx, network errors,
// timeouts in a row), sending row after row into it only spends every row's tries: the rows end
// up parked for the retry cycle and hold back their recipients' later rows. Instead the platform
// as a whole is backed off: after `threshold` transient failures in a row the circuit opens, no
// send goes out, and once the pause is over a single send probes it. The probe's success closes
// the circuit and everything flows again; its failure opens it for a longer pause, up to `maxPauseMs`,
// so the platform's recovery is noticed within that many seconds. All of it on the transport's
// (real) clock.
import type { Platform } from "../core/chat/inbound.js";
import type { Clock } from "../domain/time/clock.js";
import type { Sleep } from "./sleep.js";

export interface CircuitOptions {
  clock: Clock;
  sleep: Sleep;
  /** Transient failures in a row that open the circuit. Default 3. */
  threshold?: number;
  /** The first pause; doubled after each failed probe. Default 1 s. */
  pauseMs?: number;
  /** The longest pause, so recovery is noticed within it. Default 5 s. */
  maxPauseMs?: number;
}

/** What a send may do, as the circuit sees it. */
export type Pass =
  /** Send; the circuit is closed. */
  | { kind: "send" }
  /** Send as the probe of an open circuit: report its outcome, the others wait for it. */
  | { kind: "probe" }
  /** Not in time (the caller's `notAfter`), or aborted: the caller gives the row back. */
  | null;

export interface PlatformState {
  ok: boolean;
  /** When the current outage began (epoch ms), if it is down. */
  downSince?: number;
  /** The failure that opened the circuit. */
  lastError?: string;
}

export interface PlatformCircuit {
  /** Waits until a send to `platform` may start; null when that would be after `notAfter`, or on abort. */
  pass(platform: Platform, options?: { notAfter?: number; signal?: AbortSignal }): Promise<Pass>;
  /** The platform answered (a message went out, or was refused for its own sake). */
  succeeded(platform: Platform, pass: Pass): void;
  /** A transient failure (5xx, network, timeout): the platform's, not the message's. */
  failed(platform: Platform, pass: Pass, error: string): void;
  /** The pass was not used (the send did not go out): a probe's turn goes to the next sender. */
  cancel(platform: Platform, pass: Pass): void;
  /** When the next probe may go, epoch ms (now when closed). */
  nextProbeAt(platform: Platform): number;
  /** For /healthz. */
  state(platform: Platform): PlatformState;
}

interface Breaker {
  failures: number;
  /** Failed probes since the circuit opened. */
  trips: number;
  openUntil: number;
  open: boolean;
  probing: boolean;
  downSince: number | undefined;
  lastError: string | undefined;
  /** Sends waiting for the probe's outcome. */
  waiters: Set<() => void>;
}

export function createPlatformCircuit(options: CircuitOptions): PlatformCircuit {
  const { clock, sleep } = options;
  const threshold = Math.max(1, options.threshold ?? 3);
  const pauseMs = options.pauseMs ?? 1_000;
  const maxPauseMs = Math.max(pauseMs, options.maxPauseMs ?? 5_000);
  const breakers = new Map<Platform, Breaker>();
  const now = () => clock.now().getTime();

  function breaker(platform: Platform): Breaker {
    let b = breakers.get(platform);
    if (!b) {
      b = {
        failures: 0,
        trips: 0,
        openUntil: 0,
        open: false,
        probing: false,
        downSince: undefined,
        lastError: undefined,
        waiters: new Set(),
      };
      breakers.set(platform, b);
    }
    return b;
  }

  const wakeAll = (b: Breaker) => {
    for (const wake of [...b.waiters]) wake();
  };

  function openFor(b: Breaker, error: string): void {
    const at = now();
    b.open = true;
    b.downSince ??= at;
    b.lastError = error;
    b.openUntil = at + Math.min(maxPauseMs, pauseMs * 2 ** b.trips);
    b.trips++;
    wakeAll(b);
  }

  return {
    async pass(platform, { notAfter, signal } = {}) {
      const b = breaker(platform);
      for (;;) {
        if (signal?.aborted) return null;
        if (!b.open) return { kind: "send" };
        const t = now();
        if (!b.probing && t >= b.openUntil) {
          b.probing = true;
          return { kind: "probe" };
        }
        // Open, and either pausing or a probe is out: wait for the pause's end or the probe's outcome.
        const until = b.probing ? t + maxPauseMs : b.openUntil;
        if (notAfter !== undefined && until > notAfter) return null;
        const woken = new AbortController();
        const wake = () => woken.abort();
        b.waiters.add(wake);
        const stop = () => woken.abort();
        signal?.addEventListener("abort", stop, { once: true });
        try {
          await sleep(Math.max(1, until - t), woken.signal);
        } finally {
          b.waiters.delete(wake);
          signal?.removeEventListener("abort", stop);
        }
      }
    },

    succeeded(platform, pass) {
      const b = breaker(platform);
      b.failures = 0;
      if (pass?.kind === "probe") b.probing = false;
      if (b.open) {
        b.open = false;
        b.trips = 0;
        b.downSince = undefined;
        b.lastError = undefined;
        wakeAll(b);
      }
    },

    failed(platform, pass, error) {
      const b = breaker(platform);
      if (pass?.kind === "probe") {
        b.probing = false;
        openFor(b, error);
        return;
      }
      b.failures++;
      if (!b.open && b.failures >= threshold) openFor(b, error);
    },

    cancel(platform, pass) {
      const b = breaker(platform);
      if (pass?.kind !== "probe") return;
      b.probing = false;
      wakeAll(b);
    },

    nextProbeAt(platform) {
      const b = breaker(platform);
      return b.open ? Math.max(b.openUntil, now()) : now();
    },

    state(platform) {
      const b = breaker(platform);
      if (!b.open) return { ok: true };
      return {
        ok: false,
        ...(b.downSince !== undefined ? { downSince: b.downSince } : {}),
        ...(b.lastError ? { lastError: b.lastError } : {}),
      };
    },
  };
}
