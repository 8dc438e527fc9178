// A real `node bin/zhuanban.js start` process (the command the README tells operators to run) on
// the Telegram webhook, and a test playing Telegram: it POSTs updates to the webhook and delivers
// again, as Telegram does, every update that got no 2xx answer.

import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { waitUntil } from "./wait-until.js";

export { waitUntil };

export const WEBHOOK_SECRET = "intake_Process-secret";

export interface BotProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly webhookUrl: string;
  /** Every line the process wrote to stderr (its JSON log). */
  readonly log: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The newest modification time of the TypeScript files under `dir`. */
async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/**
 * `bin/zhuanban.js` runs the compiled dist/ (npm install builds it): built again when a source file
 * is newer, so that the process under test runs the code under test.
 */
export async function ensureBuilt(): Promise<void> {
  const built = await stat(path.resolve("dist/src/cli/main.js")).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const newest = Math.max(await newestSource(path.resolve("src")), await newestSource(path.resolve("adapters")));
  if (built > newest) return;
  await promisify(execFile)(process.execPath, [path.resolve("scripts/build.mjs")], { maxBuffer: 16 * 1024 * 1024 });
}

/** Starts the bot and resolves once /healthz says ready. */
export async function startBotProcess(options: {
  databaseUrl: string;
  telegramApiRoot: string;
  telegramToken: string;
  clockStart: string;
  /** Called as soon as /healthz first answers 200 (before anything else is tried). */
  onReady?: (bot: BotProcess) => Promise<void>;
  /** Also writes the process's log to this file (kept for a look after a failure). */
  logFile?: string;
}): Promise<BotProcess> {
  const port = await freePort();
  const webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
  const child = spawn(process.execPath, [path.resolve("bin/zhuanban.js"), "start"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: options.databaseUrl,
      TELEGRAM_BOT_TOKEN: options.telegramToken,
      TELEGRAM_API_ROOT: options.telegramApiRoot,
      TELEGRAM_WEBHOOK_URL: webhookUrl,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PORT: String(port),
      ZHUANBAN_CLOCK_START: options.clockStart,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const log: string[] = [];
  if (options.logFile) child.stderr?.pipe(createWriteStream(options.logFile));
  let partial = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    log.push(...lines.filter(Boolean));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const bot: BotProcess = { child, port, webhookUrl, log, exited };
  let dead = false;
  void exited.then(() => (dead = true));
  await waitUntil(
    async () => {
      if (dead) throw new Error(`the bot exited before it was ready:\n${log.join("\n")}`);
      const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      return status === 200;
    },
    90_000,
    "the bot process to be ready",
  );
  await options.onReady?.(bot);
  return bot;
}

/** A private-chat text message from a Telegram user, as an update. */
export function textUpdate(updateId: number, userId: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: userId, first_name: "测试" },
      chat: { id: userId, type: "private" },
      date: 1_674_000_000,
      text,
    },
  };
}

/** One webhook delivery: the HTTP status, or 0 when the connection failed or was reset. */
export async function deliver(url: string, update: unknown, secret = WEBHOOK_SECRET): Promise<number> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
