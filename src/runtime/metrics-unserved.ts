import type { Metrics } from "./metrics.js";

/**
 * The metrics of a process with no HTTP port (the console alone): nobody can scrape them, so
 * Prometheus's client (prom-client and its process collectors) is not loaded for them (bench item
 * 7f). Only the tick lag is kept, as /healthz would read it.
 */
export function createUnservedMetrics(): Metrics {
  let lastLag: number | null = null;
  return {
    recordSend: () => undefined,
    recordReportSubmission: () => undefined,
    observeTickLag(seconds) {
      lastLag = seconds;
    },
    tickLagSeconds: () => lastLag,
    render: () => Promise.resolve({ contentType: "text/plain; version=0.0.4; charset=utf-8", body: "" }),
  };
}
