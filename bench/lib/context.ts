// What every measurement gets from the runner, and what it gives back.

import pg from "pg";
import pino from "pino";
import type { WorkCalendar } from "../../src/domain/time/calendar.js";
import { fixedClock, simulatedClock } from "../../src/domain/time/clock.js";
import type { Logger } from "../../src/runtime/logger.js";
import { createCore } from "../../src/runtime/wiring.js";
import type { PrismaClient } from "../../src/store/client.js";
import { BENCH_NOW, type DatasetInfo } from "../generate.js";
import type { Figure } from "./results.js";

export interface BenchOptions {
  /** Smaller counts everywhere: a dry run of the harness, not a measurement. */
  quick: boolean;
}

export interface BenchContext {
  /** The bench database. */
  url: string;
  /** The app's client, with the app's pool size (10). */
  prisma: PrismaClient;
  calendar: WorkCalendar;
  data: DatasetInfo;
  options: BenchOptions;
  /** The app's logger type, writing nothing: log lines would cost more than what is measured. */
  log: Logger;
  progress(line: string): void;
  /** Notes for the results file and the report (what limits a figure, what was measured how). */
  note(line: string): void;
}

export interface BenchItem {
  item: number;
  title: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

/**
 * Puts back what the measurements write (outbox rows, the scheduler's cursor, digests, reports and
 * events of the intake run), so that every run, and a reused database, starts from the generated data.
 */
export async function resetVolatile(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DELETE FROM "OutboxMessage"`);
    await client.query(`DELETE FROM "DigestPost"`);
    await client.query(`DELETE FROM "Digest"`);
    await client.query(`DELETE FROM "ProcessedEvent"`);
    await client.query(`DELETE FROM "ConversationState"`);
    await client.query(`DELETE FROM "AuditLog" WHERE action <> 'bench.dataset'`);
    // The generator's reports are all submitted before the bench instant; later ones came from a run.
    await client.query(`DELETE FROM "Report" WHERE "submittedAt" >= $1`, [BENCH_NOW]);
    await client.query(`UPDATE "ChatIdentity" SET "unreachableAt" = NULL WHERE "unreachableAt" IS NOT NULL`);
    await client.query(`UPDATE "GroupChannel" SET "unreachableAt" = NULL WHERE "unreachableAt" IS NOT NULL`);
    // Every run writes and deletes thousands of rows in these tables. Where autovacuum is off (as
    // on the development machines), the dead rows of earlier runs stay in the tables and their
    // indexes: on a reused database the outbox claims read hundreds of MB of them (a claim took
    // 0.4 s instead of 20 ms after a few runs). Each item starts from clean tables and fresh
    // statistics instead.
    await client.query(
      `VACUUM (ANALYZE) "OutboxMessage", "DigestPost", "Digest", "ProcessedEvent", "ConversationState", "Report", "ReportValue", "CurrentReportValue", "ChatIdentity", "GroupChannel"`,
    );
  } finally {
    await client.end();
  }
}

/**
 * The bot core on the bench database, at the bench instant: a clock running in real time from it
 * (intake, Slack: messages carry times), or standing still at it (status: every run sees one instant).
 */
export function benchCore(
  ctx: Pick<BenchContext, "prisma" | "calendar" | "log">,
  clock: "running" | "fixed" = "running",
): ReturnType<typeof createCore> {
  return createCore({
    prisma: ctx.prisma,
    calendar: ctx.calendar,
    clock:
      clock === "fixed"
        ? fixedClock(BENCH_NOW)
        : simulatedClock({ start: BENCH_NOW, speed: 1, realNow: () => Date.now() }),
    locale: "zh-CN",
    log: ctx.log,
  });
}
