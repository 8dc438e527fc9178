// The CLI beside a running bot on the embedded database (real processes): `start` owns the data
// directory and serves it on a loopback socket; `status` and `summary` connect through it instead of
// being refused, and only a second `start` is refused.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
let dir: string;
let env: NodeJS.ProcessEnv;
let bot: ChildProcess;
let botExit: Promise<number | null>;

/** Runs `zhuanban ...` from the source (tsx) as its own process; resolves with its exit code and output. */
function zhuanban(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts", ...args], {
    cwd: root,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-beside-"));
  env = {
    ...process.env,
    DATABASE_URL: "",
    ZHUANBAN_DATA_DIR: path.join(dir, "data"),
    ZHUANBAN_SEED_DIR: path.join(root, "seeds", "starter"),
    LOG_LEVEL: "silent",
    PORT: "",
    SLACK_BOT_TOKEN: "",
    TELEGRAM_BOT_TOKEN: "",
  };
  const started = zhuanban(["start"]);
  bot = started.child;
  botExit = started.done.then((r) => r.code);
  // The console adapter reads stdin, which stays open; ready when it says it is running.
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    bot.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("专班机器人已启动")) resolve();
    });
    void started.done.then((r) => reject(new Error(`start exited with ${r.code}: ${r.stderr}`)));
  });
}, 240_000);

afterAll(async () => {
  if (bot.exitCode === null) {
    bot.kill("SIGTERM");
    await botExit;
  }
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe("the CLI beside a running bot on the embedded database", () => {
  it("status and summary run while start runs, through its socket", async () => {
    const status = await zhuanban(["status", "--group", "my-group", "--json"]).done;
    expect(status.stderr).toBe("");
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ group: { key: "my-group" } });

    const out = path.join(dir, "digests");
    const summary = await zhuanban([
      "summary",
      "--group",
      "my-group",
      "--period",
      "2026-M01",
      "--format",
      "md",
      "--out",
      out,
    ]).done;
    expect(summary.stderr).toBe("");
    expect(summary.code).toBe(0);
    expect((await readdir(out)).some((f) => f.endsWith(".md"))).toBe(true);
  }, 120_000);

  it("a second start is refused with one line, and the first keeps running", async () => {
    const second = await zhuanban(["start"]).done;
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toMatch(
      /^zhuanban start: the embedded database in .* is in use by process \d+ \(a running zhuanban start\)/,
    );
    expect(second.stderr.trim().split("\n")).toHaveLength(1);
    expect(bot.exitCode).toBeNull();
  }, 120_000);

  it("start stops on SIGTERM and gives the data directory back", async () => {
    bot.kill("SIGTERM");
    expect(await botExit).toBe(0);
    expect(existsSync(path.join(dir, "data", "zhuanban.lock"))).toBe(false);
    // Now a command opens the files itself.
    const status = await zhuanban(["status", "--group", "my-group"]).done;
    expect(status.code).toBe(0);
  }, 120_000);
});
