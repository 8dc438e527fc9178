import { afterEach, describe, expect, it } from "vitest";
import { startOpsServer, type HealthReport, type OpsServer } from "../../src/runtime/http-server.js";

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(health: HealthReport, errors: unknown[] = []) {
  server = await startOpsServer({
    port: 0,
    host: "127.0.0.1",
    health: async () => health,
    metrics: async () => ({ contentType: "text/plain; version=0.0.4", body: "zhuanban_up 1\n" }),
    onError: (error) => errors.push(error),
  });
  return `http://127.0.0.1:${server.port}`;
}

describe("the operations port", () => {
  it("answers /healthz with 200 when every check passes, and 503 naming the failing one otherwise", async () => {
    const base = await start({ ok: true, checks: { database: { ok: true } } });
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, checks: { database: { ok: true } } });
    await server!.close();

    const down = await start({ ok: false, checks: { database: { ok: false, detail: "connect ECONNREFUSED" } } });
    const res = await fetch(`${down}/healthz`);
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).toContain("ECONNREFUSED");
  });

  it("serves Prometheus text on /metrics, 404 elsewhere, and routes mounted by adapters", async () => {
    const base = await start({ ok: true, checks: {} });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    expect(await metrics.text()).toContain("zhuanban_up 1");
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    server!.mount("/slack/events", (_req, res) => {
      res.writeHead(200);
      res.end("mounted");
    });
    expect(await (await fetch(`${base}/slack/events`)).text()).toBe("mounted");
  });

  it("answers 500 and reports the error when a handler throws", async () => {
    const errors: unknown[] = [];
    const base = await start({ ok: true, checks: {} }, errors);
    server!.mount("/boom", () => {
      throw new Error("boom");
    });
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect(errors).toHaveLength(1);
  });
});
