import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/runtime/metrics.js";
import { createOutboxStore } from "../../src/store/outbox-store.js";
import { createGroup, createWorker, insertRows, runUntil, settled } from "../fakes/dispatch-harness.js";
import { createVirtualTime } from "../fakes/virtual-time.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

const T0 = new Date("2023-01-20T01:00:00.000Z");

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("dispatch metrics", () => {
  it("count sends by platform and outcome, and read the outbox by state at each scrape", async () => {
    const groupId = await createGroup(db.prisma);
    await insertRows(db.prisma, groupId, [
      { key: "a", address: "1", dueAt: T0 },
      { key: "b", address: "2", dueAt: T0 },
      { key: "c", address: "3", dueAt: T0 },
      { key: "later", address: "4", dueAt: new Date(T0.getTime() + 3_600_000) },
    ]);
    const metrics = createMetrics({ outboxCounts: createOutboxStore(db.prisma).countsByState });
    const vt = createVirtualTime(T0);
    const { adapter, store, dispatcher } = createWorker(vt, db.prisma, { metrics });
    adapter.failNext(1, { kind: "transient" }, { chatId: "3" });
    await runUntil(vt, [dispatcher], settled(store, 3));
    metrics.recordReportSubmission({ platform: "slack", late: true });
    metrics.observeTickLag(0.25);

    const { contentType, body } = await metrics.render();
    expect(contentType).toContain("text/plain");
    expect(body).toContain('zhuanban_sends_total{platform="telegram",outcome="sent"} 3');
    expect(body).toContain('zhuanban_sends_total{platform="telegram",outcome="transient"} 1');
    expect(body).toContain('zhuanban_outbox_rows{state="sent"} 3');
    expect(body).toContain('zhuanban_outbox_rows{state="pending"} 1');
    expect(body).toContain('zhuanban_outbox_rows{state="failed"} 0');
    expect(body).toContain('zhuanban_report_submissions_total{platform="slack",late="true"} 1');
    expect(body).toContain("zhuanban_tick_lag_seconds 0.25");
    expect(metrics.tickLagSeconds()).toBe(0.25);
  });

  it("still answers a scrape when the outbox cannot be read", async () => {
    const errors: unknown[] = [];
    const metrics = createMetrics({
      outboxCounts: () => Promise.reject(new Error("database down")),
      onCollectError: (error) => errors.push(error),
      processMetrics: true,
    });
    const { body } = await metrics.render();
    expect(body).toContain("zhuanban_sends_total");
    expect(body).toContain("zhuanban_process_cpu_seconds_total");
    expect(errors).toHaveLength(1);
  });
});
