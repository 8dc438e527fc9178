import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { Platform } from "../core/chat/inbound.js";
import { OUTBOX_STATES, type OutboxState } from "../store/outbox-store.js";

/** What became of one send attempt (the DeliveryError kind, or sent). */
export type SendOutcome = "sent" | "rate_limited" | "transient" | "unreachable" | "rejected";

/**
 * The process's Prometheus metrics, on a registry of its own (never prom-client's global one, so
 * tests and several apps in one process do not collide). Served on /metrics by the ops server.
 */
export interface Metrics {
  /** zhuanban_sends_total{platform,outcome}: one per send attempt. */
  recordSend(platform: Platform, outcome: SendOutcome): void;
  /** zhuanban_report_submissions_total{platform,late}: one per stored report. */
  recordReportSubmission(labels: { platform: Platform; late: boolean }): void;
  /** zhuanban_tick_lag_seconds: how late the scheduler's last tick ran behind its planned instant. */
  observeTickLag(seconds: number): void;
  /** The last observed tick lag (for /healthz), or null before the first tick. */
  tickLagSeconds(): number | null;
  /** The Prometheus text exposition, for the /metrics route. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** zhuanban_outbox_rows{state} is read from here at each scrape. */
  outboxCounts?: () => Promise<Record<OutboxState, number>>;
  /** Also export Node's process metrics (CPU, memory, event loop lag). */
  processMetrics?: boolean;
  /** Called when reading the outbox counts fails; the scrape still answers, with the last values. */
  onCollectError?: (error: unknown) => void;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "zhuanban_" });

  const sends = new Counter({
    name: "zhuanban_sends_total",
    help: "Outbox send attempts by platform and outcome.",
    labelNames: ["platform", "outcome"] as const,
    registers: [registry],
  });
  const submissions = new Counter({
    name: "zhuanban_report_submissions_total",
    help: "Reports stored, by platform and whether they were late.",
    labelNames: ["platform", "late"] as const,
    registers: [registry],
  });
  const tickLag = new Gauge({
    name: "zhuanban_tick_lag_seconds",
    help: "How far the scheduler's last tick ran behind the instant it was planned for.",
    registers: [registry],
  });
  const outboxCounts = options.outboxCounts;
  new Gauge({
    name: "zhuanban_outbox_rows",
    help: "Outbox rows by state.",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      if (!outboxCounts) return;
      try {
        const counts = await outboxCounts();
        for (const state of OUTBOX_STATES) this.set({ state }, counts[state]);
      } catch (error) {
        options.onCollectError?.(error);
      }
    },
  });

  let lastLag: number | null = null;
  return {
    recordSend: (platform, outcome) => sends.inc({ platform, outcome }),
    recordReportSubmission: ({ platform, late }) => submissions.inc({ platform, late: String(late) }),
    observeTickLag(seconds) {
      lastLag = seconds;
      tickLag.set(seconds);
    },
    tickLagSeconds: () => lastLag,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
