// The chaos test (issue 17): real `zhuanban start` processes take reports on the Telegram webhook
// and dispatch reminders to the fake Telegram Bot API, which enforces Telegram's limits, through
// one SIGKILL, one platform outage and one database outage (a PostgreSQL cluster of the test's own,
// stopped and started). The test plays Telegram: an update not answered 200 is delivered again.
// It counts: every report sent is stored, each once after redelivery, and a confirmation means a
// stored report; reminders lost 0; duplicates only among the sends in flight at the kill; no
// reminder refused with 429; /healthz shows the platform down while it is down.
// Run by `npm run chaos` (and .ci/run), not by `npm test`.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { FakeBotApi } from "../fakes/telegram/fake-bot-api.js";
import { deliver, ensureBuilt, textUpdate, WEBHOOK_SECRET } from "../support/bot-process.js";
import { startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres.js";

const CHATS = 100;
const PER_CHAT = 4;
const ROWS = CHATS * PER_CHAT;
/** The dispatcher's concurrency (src/runtime/dispatcher.ts): the most sends a process has in flight. */
const MAX_IN_FLIGHT = 64;
const SECRET = WEBHOOK_SECRET;
/** The plan's clock starts here (the seeded 2023 plan); the reminders are due just before. */
const CLOCK_START = "2023-01-18T09:00:00+08:00";
/** A contact of the seeded plan (c-hrss) on Telegram, who reports. */
const USER = 7001;
let prisma: PrismaClient;
let nextUpdate = 10_000;

let database: PrivatePostgres;
let api: FakeBotApi;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-chaos-"));
  database = await startPrivatePostgres();
  prisma = createPrismaClient(database.url, 2);
  await seedFromDir(prisma);
  const contact = await prisma.contact.findUniqueOrThrow({ where: { key: "c-hrss" } });
  await prisma.chatIdentity.create({
    data: {
      platform: "telegram",
      platformUserId: String(USER),
      directChatId: String(USER),
      contactId: contact.id,
      boundAt: new Date(),
    },
  });
  api = new FakeBotApi({ enforceLimits: true });
  await api.start();
}, 600_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await api?.stop();
  await prisma?.$disconnect();
  await database?.destroy();
  // ZHUANBAN_CHAOS_KEEP=1 keeps the processes' logs (the folder is printed) for a look after a failure.
  if (process.env.ZHUANBAN_CHAOS_KEEP) process.stderr.write(`chaos logs kept in ${dir}\n`);
  else await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `zhuanban start` as a deployment runs it, on Telegram (webhook mode), logging to a file. */
async function startBot(name: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["bin/zhuanban.js", "start"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      ZHUANBAN_CLOCK_START: CLOCK_START,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(path.join(dir, `${name}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  children.push(child);
  await waitFor(async () => (await health(port))?.status === 200, 90_000, `${name} to answer /healthz`);
  return { child, port };
}

async function health(port: number): Promise<{ status: number; body: HealthBody } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: response.status, body: (await response.json()) as HealthBody };
  } catch {
    return undefined;
  }
}

interface HealthBody {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail?: string | number }>;
}

/** Polls until `ready` holds, for at most `ms` of real time. */
async function waitFor(ready: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

/** The keys of the reminders Telegram took, in order (a key is a reminder's whole text). */
const deliveredKeys = () =>
  api
    .callsOf("sendMessage")
    .filter((c) => c.status === 200 && String(c.params.text).startsWith("reminder-"))
    .map((c) => String(c.params.text));

/** `count` reports from USER on MS-03, each its own update (message id = update id). */
function reports(count: number, label: string) {
  return Array.from({ length: count }, (_, i) =>
    textUpdate(
      nextUpdate++,
      USER,
      `报送 MS-03 2023-01-X2\n城镇新增就业：${i + 1}万人\n状态：正常推进\n进展：${label} ${i + 1}`,
    ),
  );
}

type Update = ReturnType<typeof reports>[number];

/** Reports sent to the bot, and the last HTTP answer each got (0: none). */
const sentReports: Update[] = [];
const answers = new Map<number, number>();

/** Telegram's side: posts the updates, concurrently; each answer is kept. */
function post(port: number, updates: Update[]): Promise<unknown> {
  sentReports.push(...updates);
  const url = `http://127.0.0.1:${port}/telegram/webhook`;
  return Promise.all(updates.map(async (u) => answers.set(u.update_id, await deliver(url, u))));
}

/** Telegram's side: delivers again every update not answered 200, until all are. */
async function redeliverUntilTaken(port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/telegram/webhook`;
  await waitFor(
    async () => {
      const open = sentReports.filter((u) => answers.get(u.update_id) !== 200);
      if (open.length === 0) return true;
      await Promise.all(open.map(async (u) => answers.set(u.update_id, await deliver(url, u))));
      return false;
    },
    120_000,
    "every report to be taken",
  );
}

/** Stored report versions per update id. */
async function storedReports(): Promise<Map<string, number>> {
  const rows = await prisma.report.findMany({
    where: { sourceMessageId: { in: sentReports.map((u) => String(u.update_id)) } },
    select: { sourceMessageId: true },
  });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.sourceMessageId!, (counts.get(row.sourceMessageId!) ?? 0) + 1);
  return counts;
}

const confirmations = () => api.textsTo(USER).filter((text) => text.includes("已保存")).length;

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Reminders due now, as the scheduler writes them: four to each of 100 chats. */
async function enqueueReminders(): Promise<void> {
  const [group] = await query<{ id: string }>(
    `INSERT INTO "WorkGroup" (id, key, name, "updatedAt") VALUES (gen_random_uuid(), 'chaos', '混沌测试专班', now()) RETURNING id`,
  );
  const due = new Date(new Date(CLOCK_START).getTime() - 60_000);
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const chat = 8000 + (i % CHATS);
    const key = `reminder-${chat}-${Math.floor(i / CHATS)}`;
    return { key, chat: String(chat), due: new Date(due.getTime() + Math.floor(i / CHATS) * 1_000) };
  });
  await query(
    `INSERT INTO "OutboxMessage" (id, "dedupeKey", kind, stage, "groupId", platform, address, payload, "dueAt", "nextAttemptAt")
     SELECT gen_random_uuid(), k, 'reminder', 'chaos', $1, 'telegram', a,
            jsonb_build_object('blocks', jsonb_build_array(jsonb_build_object('type', 'text', 'text', k)), 'summary', k), d, d
     FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS x(k, a, d)`,
    [group!.id, rows.map((r) => r.key), rows.map((r) => r.chat), rows.map((r) => r.due.toISOString())],
  );
}

describe("dispatch through a SIGKILL, a Telegram outage and a database outage", () => {
  it(
    "loses no report and no reminder, repeats only what was in flight at the kill, and stays within Telegram's limits",
    { timeout: 600_000 },
    async () => {
      const first = await startBot("first");
      await enqueueReminders();

      // 1. SIGKILL mid-dispatch, with 40 reports coming in.
      const posting = post(first.port, reports(40, "kill"));
      await waitFor(() => deliveredKeys().length >= 40, 60_000, "the first process to send 40");
      await waitFor(() => confirmations() >= 3, 60_000, "the first confirmations");
      first.child.kill("SIGKILL");
      await exited(first.child);
      const atKill = new Set(deliveredKeys());
      const recorded = new Set(
        (await query<{ k: string }>(`SELECT "dedupeKey" AS k FROM "OutboxMessage" WHERE state = 'sent'`)).map(
          (r) => r.k,
        ),
      );
      const inFlightAtKill = [...atKill].filter((key) => !recorded.has(key));
      expect(inFlightAtKill.length).toBeLessThanOrEqual(MAX_IN_FLIGHT);

      await posting;
      const second = await startBot("second");
      // Telegram delivers again what the killed process did not answer 200.
      await redeliverUntilTaken(second.port);

      // 2. Telegram down: the process backs off and says so on /healthz; it resumes once Telegram is back.
      await waitFor(() => deliveredKeys().length >= atKill.size + 60, 60_000, "the second process to send 60");
      api.setDown(true);
      // Reports while Telegram is down: stored all the same (the answers wait for Telegram).
      await post(second.port, reports(5, "platform"));
      await waitFor(
        async () => (await health(second.port))?.body.checks["platform:telegram"]?.ok === false,
        60_000,
        "/healthz to show Telegram down",
      );
      const down = await health(second.port);
      expect(down?.status).toBe(503);
      // Probed while down: a few more refused sends, then the probes.
      const refusedAtOpen = api.callsOf("sendMessage").filter((c) => c.status === 502).length;
      await waitFor(
        () => api.callsOf("sendMessage").filter((c) => c.status === 502).length >= refusedAtOpen + 2,
        60_000,
        "two probes while Telegram is down",
      );
      api.setDown(false);
      const recoveredAt = Date.now();
      const beforeRecovery = deliveredKeys().length;
      await waitFor(() => deliveredKeys().length > beforeRecovery, 30_000, "sending to resume after the recovery");
      // Resumed within seconds (the longest pause between probes is 5 s), not the 15-minute cycle.
      expect(Date.now() - recoveredAt).toBeLessThan(15_000);
      await waitFor(
        async () => (await health(second.port))?.body.checks["platform:telegram"]?.ok === true,
        30_000,
        "/healthz to show Telegram up",
      );

      // 3. The database down mid-dispatch: sending stops, and goes on once it is back.
      await waitFor(() => deliveredKeys().length >= beforeRecovery + 40, 60_000, "40 more sends");
      if (deliveredKeys().length < ROWS - 20) {
        await database.stop();
        // Reports while the database is down: not answered 200, so Telegram delivers them again.
        await post(second.port, reports(5, "database"));
        await waitFor(
          async () => (await health(second.port))?.body.checks.database?.ok === false,
          60_000,
          "/healthz to show the database down",
        );
        await database.start();
        await redeliverUntilTaken(second.port);
      }

      await waitFor(
        async () =>
          Number(
            (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboxMessage" WHERE state = 'sent'`))[0]!.n,
          ) === ROWS,
        180_000,
        "every reminder to be recorded as sent",
      );
      second.child.kill("SIGTERM");
      await exited(second.child);

      const counts = new Map<string, number>();
      for (const key of deliveredKeys()) counts.set(key, (counts.get(key) ?? 0) + 1);
      const lost = ROWS - counts.size;
      const duplicated = [...counts].filter(([, n]) => n > 1).map(([key]) => key);
      // The figures, for the README's "Delivery" section.
      const stored = await storedReports();
      const figures = {
        reportsSent: sentReports.length,
        reportsStored: stored.size,
        reportsStoredTwice: [...stored.values()].filter((n) => n > 1).length,
        reportsConfirmed: confirmations(),
        rows: ROWS,
        lost,
        duplicated: duplicated.length,
        inFlightAtKill: inFlightAtKill.length,
        refused429: api.refusedForLimits,
        refused502: api.callsOf("sendMessage").filter((c) => c.status === 502).length,
      };
      process.stdout.write(`chaos figures: ${JSON.stringify(figures)}\n`);
      // Reports: every one sent is stored once, after redelivery; a confirmation means it was stored.
      expect(stored.size).toBe(sentReports.length);
      expect([...stored.values()].every((n) => n === 1)).toBe(true);
      expect(confirmations()).toBeLessThanOrEqual(stored.size);
      // Reminders: none lost, repeats only among those in flight at the kill, none refused with 429.
      expect(lost).toBe(0);
      expect(duplicated.every((key) => inFlightAtKill.includes(key))).toBe(true);
      expect([...counts.values()].every((n) => n <= 2)).toBe(true);
      expect(
        api.callsOf("sendMessage").filter((c) => c.status === 429 && String(c.params.text).startsWith("reminder-")),
      ).toEqual([]);
      expect(
        await query(
          `SELECT state FROM "OutboxMessage" WHERE "groupId" IN (SELECT id FROM "WorkGroup" WHERE key = 'chaos') AND state <> 'sent'`,
        ),
      ).toEqual([]);
    },
  );
});
