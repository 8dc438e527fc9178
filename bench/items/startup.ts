// 5. Memory and start-up: `zhuanban start` as a child process against the bench database (700,000
// reports), Telegram in webhook mode against a fake Bot API. Time from spawn to the app's
// "zhuanban ready" line (its readyMs) (target < 3 s; no migrations pending, so none run), and the process's
// resident memory after start (target < 300 MB).
//
// "Ready" comes after the first scheduler tick, which plans over the whole data set. The clock
// is the simulated one (ZHUANBAN_CLOCK_START) at the bench instant, so the tick sees the data as
// it stands then; the scheduler's cursor is removed before each start, so each start plans the
// same first window.

import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_NOW } from "../generate.js";
import { BenchTelegramApi } from "../fakes/telegram-api.js";
import { resetVolatile, type BenchContext, type BenchItem } from "../lib/context.js";
import { readyMsIn } from "../lib/ready-line.js";
import type { Figure } from "../lib/results.js";
import { percentile, round } from "../lib/stats.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const TOKEN = "8000003:BENCH-start";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

interface Start {
  wallMs: number;
  appMs: number;
  rss: number;
  peak: number;
  healthy: boolean;
}

async function startOnce(ctx: BenchContext, api: BenchTelegramApi, settleMs: number): Promise<Start> {
  await resetVolatile(ctx.url);
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, "bin", "zhuanban.js"), "start"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: ctx.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
      TELEGRAM_WEBHOOK_SECRET: "bench-start-secret",
      PORT: String(port),
      LOG_LEVEL: "info", // for the "zhuanban ready" line and its readyMs
      ZHUANBAN_CLOCK_START: BENCH_NOW.toISOString(),
      ZHUANBAN_CLOCK_SPEED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const spawned = performance.now();
  let output = "";
  try {
    const appMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready within 120 s:\n${output.slice(-2000)}`)), 120_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        const readyMs = readyMsIn(output);
        if (readyMs !== null) {
          clearTimeout(timer);
          resolve(readyMs);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`zhuanban start exited (${code}) before ready:\n${output.slice(-2000)}`));
      });
    });
    const wallMs = performance.now() - spawned;
    // Settle: the dispatcher's first claims and the first scrape-free idle period; sample the peak of RSS.
    let rss = 0;
    const until = performance.now() + settleMs;
    while (performance.now() < until) {
      rss = Math.max(rss, (await memoryOf(child.pid!)).rss);
      await new Promise((r) => setTimeout(r, 200));
    }
    const { peak } = await memoryOf(child.pid!);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    return { wallMs, appMs, rss, peak, healthy: health?.ok ?? false };
  } finally {
    child.removeAllListeners("exit");
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

export const startup: BenchItem = {
  item: 5,
  title: "zhuanban start: time to ready, memory",
  async run(ctx: BenchContext): Promise<Figure[]> {
    const api = new BenchTelegramApi(TOKEN);
    await api.start();
    const runs = ctx.options.quick ? 1 : 3;
    const starts: Start[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        const start = await startOnce(ctx, api, ctx.options.quick ? 1_000 : 5_000);
        ctx.progress(
          `  start ${i + 1}/${runs}: ready after ${round(start.wallMs, 0)} ms (app says ${start.appMs} ms), ` +
            `RSS ${round(start.rss, 0)} MB, peak ${round(start.peak, 0)} MB, /healthz ${start.healthy ? "ok" : "not ok"}`,
        );
        starts.push(start);
      }
    } finally {
      await api.stop();
      await resetVolatile(ctx.url);
    }
    const wall = starts.map((s) => s.wallMs);
    const last = starts[starts.length - 1]!;
    ctx.note(
      `5: node bin/zhuanban.js start (the build in dist/) with DATABASE_URL on the bench database, Telegram webhook mode ` +
        `against a fake Bot API, simulated clock at ${BENCH_NOW.toISOString()}; no migration pending. Ready = the ` +
        `"zhuanban ready" line (its readyMs), after the database check, the adapters' start and the first scheduler tick. RSS = ` +
        `highest VmRSS sampled over 5 s after ready; peak = VmHWM. ${runs} starts; the first one may include a cold file cache.`,
    );
    return [
      {
        id: "5a",
        item: 5,
        name: "zhuanban start to ready (spawn to ready line)",
        value: round(percentile(wall, 50), 0),
        unit: "ms",
        target: 3000,
        bound: "max",
        note: `median of ${runs}: ${wall.map((w) => round(w, 0)).join(", ")} ms; the app's own count (after config, before ready): ${starts.map((s) => s.appMs).join(", ")} ms`,
      },
      {
        id: "5b",
        item: 5,
        name: "RSS after start, 700k reports in PostgreSQL",
        value: round(last.rss, 0),
        unit: "MB",
        target: 300,
        bound: "max",
        note: `peak (VmHWM) ${round(last.peak, 0)} MB`,
      },
    ];
  },
};
