// `zhuanban start` on a data directory that holds a database already begins the database in its
// own thread before the app loads (src/cli/run/start.ts). Whatever happens next, the process must
// end when it should and give the directory back: the thread would otherwise keep it alive.
// Runs the build, as `npm start` and `npx zhuanban` do.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE } from "../../src/store/data-dir-lock.js";
import { ensureBuilt } from "../support/bot-process.js";

const READY = "专班机器人已启动";
const CREATED = "已新建内置数据库";
let dir: string;
let dataDir: string;

interface Started {
  /** Resolves with the output once the ready line is printed, or rejects with the exit. */
  ready: Promise<string>;
  /** Milliseconds from spawn to the ready line, once it is printed. */
  readyAfterMs(): number;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): void;
}

function start(extraEnv: Record<string, string> = {}): Started {
  const spawnedAt = performance.now();
  let readyAt = NaN;
  const child = spawn(process.execPath, [path.resolve("bin/zhuanban.js"), "start"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: "warn",
      ZHUANBAN_DATA_DIR: dataDir,
      ...extraEnv,
    },
    // stdin stays open: the console would stop at the end of its input.
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (stdout.includes(READY) && Number.isNaN(readyAt)) {
        readyAt = performance.now();
        resolve(stdout);
      }
    });
    void exited.then((r) => reject(new Error(`start exited (${r.code}) before ready: ${r.stderr}`)));
  });
  // A start expected to fail is awaited through `exited`; its `ready` is then never asked for.
  ready.catch(() => undefined);
  return { ready, exited, readyAfterMs: () => readyAt - spawnedAt, stop: () => child.kill("SIGTERM") };
}

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-start-existing-"));
  dataDir = path.join(dir, "data");
  // The first start creates the database (from the build's template).
  const first = start();
  expect(await first.ready).toContain(CREATED);
  first.stop();
  expect((await first.exited).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a later start of the embedded database", () => {
  it("gets to ready on the data it has, and a SIGTERM ends it with the directory given back", async () => {
    const later = start();
    const printed = await later.ready;
    expect(printed).not.toContain(CREATED);
    // "用时 N 秒" counts the database's start, begun before the app loaded: it is the wall time but
    // for node's own start and the command's first modules (it said 0.3 s of 1.1 s when it did not).
    const said = Number(/用时 ([\d.]+) 秒/.exec(printed)?.[1]) * 1000;
    expect(said).toBeGreaterThan(later.readyAfterMs() - 400);
    later.stop();
    expect((await later.exited).code).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it("with a bad variable, says which in one line and ends, leaving the directory free", async () => {
    const refused = await start({ TZ_DEFAULT: "Mars/Olympus_Mons" }).exited;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("TZ_DEFAULT is not an IANA timezone");
    expect(refused.stderr).not.toContain("Mars/Olympus_Mons"); // a value is never echoed
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // The database the refused start had begun was closed properly: the next start opens it.
    const next = start();
    await next.ready;
    next.stop();
    expect((await next.exited).code).toBe(0);
  }, 120_000);
});
