// 2. Report intake: 2,000 reports through the Telegram adapter in webhook mode against a fake Bot
// API: parse + validate + store + confirm. Throughput, p50/p99 (target p99 < 100 ms), and the
// database round trips per report (target <= 4), counted, next to one bare INSERT.
//
// Each report is a Telegram update POSTed to the adapter's webhook server with the secret token,
// from 2,000 different units' contacts, each on a task its unit has not reported yet this 旬. The
// webhook answers after the core has stored the report and the adapter has sent the confirmation
// (sendMessage to the fake), so the time from POST to answer is parse + validate + store + confirm.
//
// Telegram delivers webhook updates over at most `max_connections` connections at once (default
// 40, at most 100), so a burst of 2,000 reports reaches the bot 40 at a time; that is the main
// measurement. The same burst with all 2,000 requests open at once, and one report at a time
// (for the database cost per report), are measured too.

import { fork } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { exampleTemplate } from "../../src/domain/report/example.js";
import { createTelegramAdapter } from "../../adapters/telegram/index.js";
import pg from "pg";
import { BENCH_NOW } from "../generate.js";
import { BenchTelegramApi } from "../fakes/telegram-api.js";
import { benchCore, resetVolatile, type BenchContext, type BenchItem } from "../lib/context.js";
import { installQueryCounter } from "../lib/pg-counter.js";
import type { Figure } from "../lib/results.js";
import { mean, percentile, round } from "../lib/stats.js";

const TOKEN = "8000001:BENCH-intake";
const SECRET = "bench-intake-secret";
/** Telegram's default `max_connections` for webhooks. */
const TELEGRAM_CONNECTIONS = 40;
/** Reports per second offered in the steady-rate pass (2h). */
const OFFERED_RATE = 100;
/** In the scale-out pass, every this-many-th update is delivered to both processes at once. */
const REDELIVER_EVERY = 20;

interface Sender {
  telegramId: string;
  name: string;
  text: string;
}

async function senders(ctx: BenchContext, count: number): Promise<Sender[]> {
  const client = new pg.Client({ connectionString: ctx.url });
  await client.connect();
  try {
    const rows = await client.query<{ unitId: string; taskId: string; key: string; tg: string; name: string }>(
      // One (task, lead unit) not reported this 旬 per unit first, then second ones, and so on: as
      // many different units (and contacts) as the data set has.
      `SELECT x."unitId", x."taskId", x.key, x.tg, x.name FROM (
         SELECT tu."unitId", t.id AS "taskId", t.key, ci."platformUserId" AS tg, c.name,
                row_number() OVER (PARTITION BY tu."unitId" ORDER BY t."sortOrder", t.key) AS n
         FROM "TaskUnit" tu
         JOIN "Task" t ON t.id = tu."taskId" AND t.active
         JOIN "Period" p ON p."groupId" = t."groupId" AND p."periodKey" = $1
         JOIN "ContactUnitRole" cur ON cur."unitId" = tu."unitId" AND cur.role = 'primary'
         JOIN "Contact" c ON c.id = cur."contactId"
         JOIN "ChatIdentity" ci ON ci."contactId" = c.id AND ci.platform = 'telegram'
         WHERE tu.role = 'lead'
           AND NOT EXISTS (SELECT 1 FROM "Report" r WHERE r."taskId" = t.id AND r."unitId" = tu."unitId" AND r."periodId" = p.id)
       ) x
       ORDER BY x.n, x."unitId"
       LIMIT $2`,
      [ctx.data.currentDekad, count],
    );
    const targets = await client.query<{
      taskId: string;
      leadUnitId: string | null;
      key: string;
      metric: string;
      unitOfMeasure: string;
      targetValue: string;
      direction: "increase" | "decrease";
    }>(
      `SELECT "taskId", "leadUnitId", key, metric, "unitOfMeasure", "targetValue", direction::text
       FROM "Target" WHERE "taskId" = ANY($1::uuid[]) ORDER BY "sortOrder", key`,
      [rows.rows.map((r) => r.taskId)],
    );
    return rows.rows.map((r) => ({
      telegramId: r.tg,
      name: r.name,
      text: exampleTemplate({
        taskKey: r.key,
        periodId: ctx.data.currentDekad,
        targets: targets.rows
          .filter((t) => t.taskId === r.taskId && (t.leadUnitId === null || t.leadUnitId === r.unitId))
          .map((t) => ({ ...t, targetValue: Number(t.targetValue) })),
        texts: {
          progress: "本旬完成既定工作量，进度正常。",
          problems: "无",
          nextSteps: "继续推进。",
          coordination: "无",
        },
      }),
    }));
  } finally {
    await client.end();
  }
}

interface Phase {
  latencies: number[];
  ms: number;
  failed: number;
  failures: ReadonlyMap<string, number>;
}

/** " (ECONNRESET 20, HTTP 500 2)" or nothing. */
function failureList(phase: Phase): string {
  if (phase.failures.size === 0) return "";
  return ` (${[...phase.failures].map(([reason, n]) => `${reason} ${n}`).join(", ")})`;
}

/** A POST of one sender's update to the webhook: resolves with its latency (ms) once answered 200. */
function poster(webhook: URL, agent: Agent) {
  return (sender: Sender, updateId: number) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({
        update_id: updateId,
        message: {
          message_id: updateId,
          from: { id: Number(sender.telegramId), is_bot: false, first_name: sender.name },
          chat: { id: Number(sender.telegramId), type: "private", first_name: sender.name },
          date: Math.floor(BENCH_NOW.getTime() / 1000),
          text: sender.text,
        },
      });
      const start = performance.now();
      const req = request(
        webhook,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            "x-telegram-bot-api-secret-token": SECRET,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

/** Counts a failed POST by its reason. */
function failedWith(failures: Map<string, number>, error: unknown): void {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  failures.set(reason, (failures.get(reason) ?? 0) + 1);
}

/** POSTs one update per sender to the webhook, at most `concurrency` at a time. */
async function deliver(
  webhook: URL,
  list: readonly Sender[],
  concurrency: number,
  firstUpdateId: number,
): Promise<Phase> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = poster(webhook, agent);
  const latencies: number[] = [];
  let failed = 0;
  /** Why requests failed, counted by reason: a figure without its cause helps nobody. */
  const failures = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < list.length; i = next++) {
      try {
        latencies.push(await post(list[i]!, firstUpdateId + i));
      } catch (error) {
        failed++;
        failedWith(failures, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  const ms = performance.now() - started;
  agent.destroy();
  return { latencies, ms, failed, failures };
}

/**
 * POSTs one update per sender at a steady offered rate (open loop: the i-th goes out at i / rate
 * seconds whether or not the earlier ones have been answered, as users send regardless of the
 * bot), over as many connections as that takes (Telegram's cap of 100 at most).
 */
async function deliverAtRate(
  webhook: URL,
  list: readonly Sender[],
  perSecond: number,
  firstUpdateId: number,
): Promise<Phase> {
  const agent = new Agent({ keepAlive: true, maxSockets: 100 });
  const post = poster(webhook, agent);
  const latencies: number[] = [];
  let failed = 0;
  const failures = new Map<string, number>();
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < list.length; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sends.push(
      post(list[i]!, firstUpdateId + i).then(
        (ms) => void latencies.push(ms),
        (error: unknown) => {
          failed++;
          failedWith(failures, error);
        },
      ),
    );
  }
  await Promise.all(sends);
  const ms = performance.now() - started;
  agent.destroy();
  return { latencies, ms, failed, failures };
}

/** A bot process of the scale-out pass (./intake-process.ts): its webhook, and stop() with its CPU ms. */
async function botProcess(url: string, apiRoot: string): Promise<{ webhook: URL; stop(): Promise<number> }> {
  const child = fork(fileURLToPath(new URL("./intake-process.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  type Message =
    { type: "ready"; webhook: string } | { type: "stopped"; cpuMs: number } | { type: "error"; message: string };
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      child.once("message", (m: Message) => (m.type === "error" ? reject(new Error(m.message)) : resolve(m)));
      child.once("exit", () => reject(new Error("a bot process of the scale-out pass exited early")));
    });
  const ready = next();
  child.send({ type: "start", url, apiRoot, token: TOKEN, secret: SECRET });
  const m = await ready;
  if (m.type !== "ready") throw new Error("a bot process of the scale-out pass did not start");
  return {
    webhook: new URL(m.webhook),
    async stop() {
      const stopped = next();
      child.send({ type: "stop" });
      const s = await stopped;
      return s.type === "stopped" ? s.cpuMs : 0;
    },
  };
}

/**
 * The scale-out pass: each update POSTed to one of the processes' webhooks in turn (as a load
 * balancer in front of them would), `concurrency` at a time; every `redeliverEvery`-th update is
 * also POSTed to the other process at the same moment, as Telegram redelivers an update it got no
 * answer for, so both processes race to store the same report.
 */
async function deliverSplit(
  webhooks: readonly URL[],
  list: readonly Sender[],
  concurrency: number,
  firstUpdateId: number,
  redeliverEvery: number,
): Promise<Phase> {
  const agents = webhooks.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }));
  const posts = webhooks.map((webhook, i) => poster(webhook, agents[i]!));
  const latencies: number[] = [];
  let failed = 0;
  const failures = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < list.length; i = next++) {
      const first = posts[i % posts.length]!;
      const again = i % redeliverEvery === 0 ? posts[(i + 1) % posts.length]! : null;
      const [answer, redelivered] = await Promise.allSettled([
        first(list[i]!, firstUpdateId + i),
        again ? again(list[i]!, firstUpdateId + i) : Promise.resolve(0),
      ]);
      for (const result of [answer, redelivered]) {
        if (result.status === "rejected") {
          failed++;
          failedWith(failures, result.reason);
        }
      }
      if (answer.status === "fulfilled") latencies.push(answer.value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  const ms = performance.now() - started;
  for (const agent of agents) agent.destroy();
  return { latencies, ms, failed, failures };
}

/** Reports stored since the bench instant that are more than one version of the same (task, unit, period). */
async function duplicatesSince(ctx: BenchContext): Promise<number> {
  const rows = await ctx.prisma.$queryRaw<{ n: number }[]>`
    SELECT coalesce(sum(c - 1), 0)::int AS n FROM (
      SELECT count(*) AS c FROM "Report" WHERE "submittedAt" >= ${BENCH_NOW}::timestamptz
      GROUP BY "taskId", "unitId", "periodId"
    ) x`;
  return rows[0]?.n ?? 0;
}

async function storedSince(ctx: BenchContext): Promise<number> {
  return ctx.prisma.report.count({ where: { submittedAt: { gte: BENCH_NOW } } });
}

export const intake: BenchItem = {
  item: 2,
  title: "report intake through the Telegram webhook",
  async run(ctx: BenchContext): Promise<Figure[]> {
    const count = ctx.options.quick ? 100 : 2000;
    const list = await senders(ctx, count);
    if (list.length < count) throw new Error(`only ${list.length} units have an unreported task this 旬`);
    const counter = installQueryCounter();

    const api = new BenchTelegramApi(TOKEN);
    await api.start();
    const core = benchCore(ctx);
    const adapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: api.url,
      webhook: { url: "https://bench.invalid/telegram/webhook", secret: SECRET },
      log: ctx.log,
      locale: "zh-CN",
      // Our own cost: the client-side throttle (Telegram's 30 messages/s) is measured separately.
      rateLimit: null,
    });
    await adapter.start(core);
    const webhook = new URL(adapter.webhookServerUrl!);

    try {
      // Warm-up: the first reports pay for module and query-plan caches; not counted.
      const warm = list.slice(0, 20);
      await deliver(webhook, warm, 5, 1);
      await resetVolatile(ctx.url);

      ctx.progress(
        `  ${count} reports, ${TELEGRAM_CONNECTIONS} connections at a time (Telegram's default max_connections)`,
      );
      counter.reset();
      const sent0 = api.sent;
      const cpu0 = process.cpuUsage();
      const main = await deliver(webhook, list, TELEGRAM_CONNECTIONS, 1_000_000);
      const cpu = process.cpuUsage(cpu0);
      const cpuMsPerReport = (cpu.user + cpu.system) / 1000 / count;
      const roundTrips = counter.count / count;
      const statements = [...counter.byStatement()]
        .sort((a, b) => b[1] - a[1])
        .map(([sql, n]) => `${round(n / count, 2)}× ${sql.slice(0, 90)}`);
      const stored = await storedSince(ctx);
      const replies = api.sent - sent0;
      await resetVolatile(ctx.url);

      ctx.progress(`  the same ${count} reports all at once`);
      const burst = await deliver(webhook, list, count, 2_000_000);
      const burstStored = await storedSince(ctx);
      await resetVolatile(ctx.url);

      const rateCount = ctx.options.quick ? 50 : 1000;
      ctx.progress(`  ${rateCount} reports offered at ${OFFERED_RATE}/s`);
      const offered = await deliverAtRate(webhook, list.slice(0, rateCount), OFFERED_RATE, 4_000_000);
      await resetVolatile(ctx.url);

      // Scale-out: two bot processes behind the webhook on the same database, this process only
      // sending. The same reports, 40 at a time in all, 1 in 20 delivered to both at once.
      ctx.progress(`  ${count} reports through 2 bot processes behind the webhook, 1 in ${REDELIVER_EVERY} to both`);
      const bots = await Promise.all([botProcess(ctx.url, api.url), botProcess(ctx.url, api.url)]);
      let split: Phase;
      let botCpuMs: number[];
      try {
        split = await deliverSplit(
          bots.map((b) => b.webhook),
          list,
          TELEGRAM_CONNECTIONS,
          5_000_000,
          REDELIVER_EVERY,
        );
      } finally {
        botCpuMs = await Promise.all(bots.map((b) => b.stop()));
      }
      const splitStored = await storedSince(ctx);
      const duplicates = await duplicatesSince(ctx);
      await resetVolatile(ctx.url);

      const sequentialCount = ctx.options.quick ? 20 : 200;
      ctx.progress(`  ${sequentialCount} reports one at a time, and ${sequentialCount} bare INSERTs`);
      counter.reset();
      const sequential = await deliver(webhook, list.slice(0, sequentialCount), 1, 3_000_000);
      const dbMsPerReport = counter.totalMs / sequentialCount;
      const sequentialTrips = counter.count / sequentialCount;
      await resetVolatile(ctx.url);
      const bare = await bareInserts(ctx.url, sequentialCount);

      ctx.note(
        `2: ${count} Telegram updates with a filled-in report template (exampleTemplate) from ${count} units' contacts, ` +
          `each on a task not yet reported this 旬, POSTed to the adapter's webhook server (secret token checked); ` +
          `latency = POST to HTTP answer, which comes after the report is stored and the confirmation sent to the fake ` +
          `Bot API. ${TELEGRAM_CONNECTIONS} at a time: ${main.failed} failed, ${stored} stored, ${replies} messages sent back. ` +
          `All at once: ${burst.failed} failed, ${burstStored} stored. Round trips counted on pg.Client#query in this ` +
          `process (Prisma's driver adapter ends there); per report: ${statements.join(" | ")}`,
      );
      const mainRate = (count - main.failed) / (main.ms / 1000);
      return [
        {
          id: "2a",
          item: 2,
          name: `intake p99, ${count} reports, ${TELEGRAM_CONNECTIONS} at a time`,
          value: round(percentile(main.latencies, 99)),
          unit: "ms",
          target: 100,
          bound: "max",
          note: `p50 ${round(percentile(main.latencies, 50))} ms; ${round(mainRate, 0)} reports/s; ${main.failed} failed${failureList(main)}`,
        },
        {
          id: "2h",
          item: 2,
          name: `intake p99, offered at ${OFFERED_RATE} reports/s`,
          value: round(percentile(offered.latencies, 99)),
          unit: "ms",
          target: 100,
          bound: "max",
          note: `p50 ${round(percentile(offered.latencies, 50))} ms; ${offered.latencies.length} reports in ${round(offered.ms / 1000, 1)} s; ${offered.failed} failed${failureList(offered)}`,
        },
        {
          id: "2i",
          item: 2,
          name: `CPU per report in this process, ${TELEGRAM_CONNECTIONS} at a time`,
          value: round(cpuMsPerReport, 2),
          unit: "ms",
          target: 2,
          bound: "max",
          note:
            `user + system CPU of the bench process over the pass / reports; it also runs the ${TELEGRAM_CONNECTIONS} ` +
            `senders' HTTP clients and the fake Bot API, so the app's own share is less`,
        },
        {
          id: "2j",
          item: 2,
          name: `intake p99, 2 processes behind the webhook, ${TELEGRAM_CONNECTIONS} at a time`,
          value: round(percentile(split.latencies, 99)),
          unit: "ms",
          target: null,
          note:
            `p50 ${round(percentile(split.latencies, 50))} ms; ${round((count - split.failed) / (split.ms / 1000), 0)} reports/s; ` +
            `${split.failed} failed${failureList(split)}; ${splitStored} stored of ${count}; CPU per report in the bot ` +
            `processes ${round((botCpuMs[0]! + botCpuMs[1]!) / count, 2)} ms (${botCpuMs.map((ms) => round(ms, 0)).join(" + ")} ms; ` +
            `new processes: their first reports pay for module and query-plan caches)`,
        },
        {
          id: "2k",
          item: 2,
          name: `  duplicates, 2 processes, 1 update in ${REDELIVER_EVERY} to both`,
          value: duplicates,
          unit: "",
          target: 0,
          bound: "max",
        },
        {
          id: "2b",
          item: 2,
          name: `  throughput, ${TELEGRAM_CONNECTIONS} at a time`,
          value: round(mainRate, 0),
          unit: "reports/s",
          target: null,
        },
        {
          id: "2c",
          item: 2,
          name: `  p50, ${TELEGRAM_CONNECTIONS} at a time`,
          value: round(percentile(main.latencies, 50)),
          unit: "ms",
          target: null,
        },
        {
          id: "2d",
          item: 2,
          name: `intake p99, all ${count} at once`,
          value: round(percentile(burst.latencies, 99)),
          unit: "ms",
          target: null,
          note: `p50 ${round(percentile(burst.latencies, 50))} ms; ${round((count - burst.failed) / (burst.ms / 1000), 0)} reports/s; ${burst.failed} failed${failureList(burst)}; ${burstStored} stored`,
        },
        {
          id: "2e",
          item: 2,
          name: "intake p50, one report at a time",
          value: round(percentile(sequential.latencies, 50)),
          unit: "ms",
          target: null,
        },
        {
          id: "2f",
          item: 2,
          name: "database round trips per report",
          value: round(roundTrips, 1),
          unit: "",
          target: 4,
          bound: "max",
          note: `one at a time: ${round(sequentialTrips, 1)}`,
        },
        {
          id: "2g",
          item: 2,
          name: "database time per report, in bare INSERTs",
          value: round(dbMsPerReport / bare, 1),
          unit: "",
          target: 4,
          bound: "max",
          note: `${round(dbMsPerReport, 2)} ms of queries per report (one at a time) / ${round(bare, 3)} ms per bare INSERT (pg, same server, same run)`,
        },
      ];
    } finally {
      await adapter.stop();
      await api.stop();
    }
  },
};

/** Mean ms of one single-row INSERT (autocommit) through pg, one at a time: one round trip each. */
async function bareInserts(url: string, n: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < n + 10; i++) {
      const start = performance.now();
      await client.query(
        `INSERT INTO "ProcessedEvent" (platform, "eventId", "receivedAt") VALUES ('telegram', $1, now())`,
        [`bench-bare-${i}`],
      );
      if (i >= 10) times.push(performance.now() - start);
    }
    await client.query(`DELETE FROM "ProcessedEvent" WHERE "eventId" LIKE 'bench-bare-%'`);
    return mean(times);
  } finally {
    await client.end();
  }
}
