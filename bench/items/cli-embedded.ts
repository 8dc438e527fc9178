// 7. What a user feels first: the installed command and the embedded database, as child processes
// running the build (dist/, `npm run build`), exactly as `npx zhuanban` and `npm start` do.
//
//   7a-7c  `zhuanban --help`, wall, against `node -e 0` measured in the same run (alternating runs)
//   7d     `zhuanban status --group minsheng` on the bench database (PostgreSQL; 4,000 tasks), wall
//   7e     first `zhuanban start` on an empty data directory (embedded PGlite), spawn to ready line
//   7f     a later start on the same directory, spawn to ready line

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchContext, BenchItem } from "../lib/context.js";
import type { Figure } from "../lib/results.js";
import { readyMsIn } from "../lib/ready-line.js";
import { percentile, round } from "../lib/stats.js";
import { BENCH_NOW } from "../generate.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = path.join(repoRoot, "bin", "zhuanban.js");

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; wall time from spawn to exit. */
async function runToEnd(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { ms: performance.now() - started, code, stdout, stderr };
}

/** `zhuanban start` on the embedded database in `dataDir`: spawn to the ready line, then SIGTERM. */
async function startToReady(dataDir: string, env: Record<string, string | undefined>): Promise<number> {
  const started = performance.now();
  // stdin stays open (a pipe): the console would stop at the end of its input.
  const child = spawn(process.execPath, [BIN, "start"], {
    cwd: repoRoot,
    env: { ...env, ZHUANBAN_DATA_DIR: dataDir },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready within 180 s:\n${output.slice(-2000)}`)), 180_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (readyMsIn(output) !== null) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`zhuanban start exited (${code}) before ready:\n${output.slice(-2000)}`));
      });
    });
  } finally {
    child.removeAllListeners("exit");
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

function ok(run: Run, what: string): Run {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}: ${run.stderr.slice(-1000)}`);
  return run;
}

export const cliEmbedded: BenchItem = {
  item: 7,
  title: "the zhuanban command and the embedded database (the build in dist/)",
  async run(ctx: BenchContext): Promise<Figure[]> {
    if (!existsSync(path.join(repoRoot, "dist", "src", "cli", "main.js"))) {
      throw new Error("dist/ is missing: run `npm run build` first (npm install does)");
    }
    const base = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn" };
    const runs = ctx.options.quick ? 2 : 7;

    // 7a-7c: alternating, so that both see the same machine; the first of each warms the file cache.
    const help: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const n = ok(await runToEnd(["-e", "0"], base), "node -e 0");
      const h = ok(await runToEnd([BIN, "--help"], base), "zhuanban --help");
      if (!h.stdout.includes("usage: zhuanban")) throw new Error(`zhuanban --help printed no usage: ${h.stdout}`);
      if (i === 0) continue;
      bare.push(n.ms);
      help.push(h.ms);
    }
    const helpMs = percentile(help, 50);
    const bareMs = percentile(bare, 50);
    ctx.progress(`  --help ${round(helpMs, 0)} ms, node -e 0 ${round(bareMs, 0)} ms (medians of ${runs})`);

    // 7d: the CLI's status of the largest group on the bench database, every task listed.
    const group = ctx.data.largestGroup.key;
    const statusRuns: number[] = [];
    let lines = 0;
    for (let i = 0; i < (ctx.options.quick ? 1 : 3); i++) {
      const run = ok(
        // At the bench instant: on today's clock the bench plan (2025) is over, and status says so.
        await runToEnd([BIN, "status", "--group", group, "--at", BENCH_NOW.toISOString()], {
          ...base,
          DATABASE_URL: ctx.url,
        }),
        "zhuanban status",
      );
      statusRuns.push(run.ms);
      lines = run.stdout.split("\n").length;
    }
    const statusMs = percentile(statusRuns, 50);
    ctx.progress(`  status --group ${group}: ${statusRuns.map((ms) => round(ms, 0)).join(", ")} ms (${lines} lines)`);

    // 7e, 7f: the embedded database in a new directory, then started again.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "zb-bench-embedded-"));
    let firstMs: number;
    const later: number[] = [];
    try {
      firstMs = await startToReady(dataDir, base);
      ctx.progress(`  first start on an empty data directory: ready after ${round(firstMs, 0)} ms`);
      for (let i = 0; i < (ctx.options.quick ? 1 : 3); i++) later.push(await startToReady(dataDir, base));
      ctx.progress(`  later starts: ${later.map((ms) => round(ms, 0)).join(", ")} ms`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    ctx.note(
      `7: child processes running dist/ (bin/zhuanban.js), as npx zhuanban and npm start do (npm itself adds its own ` +
        `start-up, about 0.2-0.4 s, to npm start). 7a/7c medians of ${runs} alternating runs after one warm-up each; ` +
        `7d on the bench database (DATABASE_URL), the plain-text status of ${group} with every task; 7e/7f the ` +
        `console on the embedded database (no platform token), wall from spawn to the ready line.`,
    );
    return [
      {
        id: "7a",
        item: 7,
        name: "zhuanban --help, wall",
        value: round(helpMs, 0),
        unit: "ms",
        target: 500,
        bound: "max",
        note: `runs: ${help.map((ms) => round(ms, 0)).join(", ")} ms`,
      },
      {
        id: "7b",
        item: 7,
        name: "zhuanban --help ÷ node -e 0, same run",
        value: round(helpMs / bareMs, 2),
        unit: "×",
        target: 4,
        bound: "max",
      },
      {
        id: "7c",
        item: 7,
        name: "node -e 0, wall",
        value: round(bareMs, 0),
        unit: "ms",
        target: null,
        note: `runs: ${bare.map((ms) => round(ms, 0)).join(", ")} ms`,
      },
      {
        id: "7d",
        item: 7,
        name: `zhuanban status --group ${group} (PostgreSQL)`,
        value: round(statusMs, 0),
        unit: "ms",
        target: 1500,
        bound: "max",
        note: `median of ${statusRuns.length}: ${statusRuns.map((ms) => round(ms, 0)).join(", ")} ms; ${lines} lines printed`,
      },
      {
        id: "7e",
        item: 7,
        name: "first start to ready, empty data dir (embedded)",
        value: round(firstMs, 0),
        unit: "ms",
        target: 10_000,
        bound: "max",
      },
      {
        id: "7f",
        item: 7,
        name: "later start to ready (embedded)",
        value: round(percentile(later, 50), 0),
        unit: "ms",
        target: 1500,
        bound: "max",
        note: `median of ${later.length}: ${later.map((ms) => round(ms, 0)).join(", ")} ms`,
      },
    ];
  },
};
