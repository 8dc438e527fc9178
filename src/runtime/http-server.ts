import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Pending connections the kernel may queue before we accept them (see listen below). */
const LISTEN_BACKLOG = 4096;

/** How long close() lets the requests in flight finish before it cuts their connections. */
const DRAIN_MS = 20_000;

/** What /healthz reports: each check with its state; the whole is healthy when every check is. */
export interface HealthReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail?: string | number }>;
}

/** A route the platform adapters mount on the same port (Slack events, Telegram webhook). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface OpsServer {
  readonly port: number;
  /** Mounts a handler at an exact path (adapters use this for their webhooks). */
  mount(path: string, handler: RouteHandler): void;
  /** Handles every path no exact route claims (the web console, under `/`). */
  mountFallback(handler: RouteHandler): void;
  /**
   * Stops accepting connections, lets the requests in flight finish (at most `drainMs`, default
   * 20 s), then closes every connection: a webhook being handled at SIGTERM gets its answer.
   */
  close(drainMs?: number): Promise<{ cut: number }>;
}

/**
 * The process's one HTTP port: /healthz (JSON, 200 or 503) and /metrics (Prometheus text) for
 * operations, plus whatever the adapters mount. Nothing here reads the database directly: the
 * app passes in how to check health and how to render metrics.
 */
export async function startOpsServer(options: {
  port: number;
  host?: string;
  health: () => Promise<HealthReport>;
  metrics: () => Promise<{ contentType: string; body: string }>;
  onError: (error: unknown, path: string) => void;
  /**
   * The adapters' routes, in place before the port opens: /healthz must not say ready while a
   * webhook route still answers 404.
   */
  routes?: ReadonlyMap<string, RouteHandler>;
}): Promise<OpsServer> {
  const routes = new Map<string, RouteHandler>(options.routes ?? []);
  let fallback: RouteHandler | null = null;
  routes.set("/healthz", async (_req, res) => {
    const report = await options.health();
    res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(report));
  });
  routes.set("/metrics", async (_req, res) => {
    const { contentType, body } = await options.metrics();
    res.writeHead(200, { "content-type": contentType });
    res.end(body);
  });
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server: Server = createServer((req, res) => {
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const handler = routes.get(path) ?? fallback;
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("not found\n");
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        options.onError(error, path);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("internal error\n");
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Node's default backlog (511) resets connections in a burst (bench item 2: 2,000 webhook
    // requests at once lost a few to ECONNRESET); the kernel caps it at net.core.somaxconn anyway.
    server.listen({ port: options.port, host: options.host ?? "0.0.0.0", backlog: LISTEN_BACKLOG }, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    mount: (path, handler) => void routes.set(path, handler),
    mountFallback: (handler) => {
      fallback = handler;
    },
    async close(drainMs = DRAIN_MS) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections go now; busy ones when their request is answered.
      server.closeIdleConnections();
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs))),
        ]);
        clearTimeout(timer);
      }
      const cut = inFlight;
      server.closeAllConnections();
      await closed;
      return { cut };
    },
  };
}
