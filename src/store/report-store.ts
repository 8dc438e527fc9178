import { randomUUID } from "node:crypto";
import type { NewReport, PeriodRow, ReportStore, StoredReport } from "../core/reports/ports.js";
import type { Platform } from "../core/chat/inbound.js";
import { DuplicateEventError } from "../core/ports.js";
import { VERSION_SLOT } from "../core/reports/ports.js";
import { driverQuery, Prisma, type PrismaClient } from "./client.js";
import { createReportingScopes, type ReportingScopes } from "./reporting-scope.js";

const PLATFORMS: readonly string[] = ["slack", "telegram", "console"];

/** Periods remembered per store: a stored period never changes, and is looked up for every report. */
const PERIOD_CACHE_SIZE = 2_000;

/** Tries of a report's write when concurrent versions of it take the same version number. */
const MAX_VERSION_TRIES = 20;

/**
 * One statement, so one round trip and one atomic write: the inbound event's mark, the next
 * version number, the previous current version retired, the new one and its values; and, when the
 * report comes with one, its confirmation as an outbox row (keptParameters). Through the pg driver
 * (driverQuery): it runs for every report, and Prisma's query compiler cost more CPU than the
 * statement. Parameters: $1 platform, $2 event id, $3 submitted at, $4 task, $5 unit, $6 period,
 * $7 the new id, $8 status, $9-$12 the texts, $13 contact, $14 late, $15-$17 source chat, message
 * and text, $18 target ids, $19 values; with a confirmation, $20-$31 (keptParameters).
 */
function saveReportSql(withConfirmation: boolean): string {
  const kept = `, kept AS (
    -- The confirmation takes the version the statement gives the report ($27 marks where it goes).
    INSERT INTO "OutboxMessage" (id, "dedupeKey", kind, stage, platform, address, "threadId", payload, "dueAt",
      attempts, state, "nextAttemptAt", "claimedBy", "claimedUntil")
    SELECT $20::uuid, $21::text, 'answer'::"OutboxKind", 'answer', $22::"Platform", $23::text, $24::text,
      (CASE WHEN created.version = 1 THEN $25::text ELSE replace($26::text, $27::text, created.version::text) END)::jsonb,
      $3::timestamptz, 1, $28::"OutboxState", $29::timestamptz, $30::text, $31::timestamptz
    FROM created
    ON CONFLICT ("dedupeKey") DO NOTHING
  )`;
  return `
  WITH mark AS (
    INSERT INTO "ProcessedEvent" (platform, "eventId", "receivedAt")
    SELECT $1::"Platform", $2::text, $3::timestamptz
    WHERE $2::text IS NOT NULL
    RETURNING 1
  ), last AS (
    SELECT COALESCE(max(version), 0) AS version FROM "Report"
    WHERE "taskId" = $4::uuid AND "unitId" = $5::uuid AND "periodId" = $6::uuid
  ), retired AS (
    UPDATE "Report" SET "isCurrent" = false
    WHERE "taskId" = $4::uuid AND "unitId" = $5::uuid AND "periodId" = $6::uuid AND "isCurrent"
    RETURNING id
  ), created AS (
    INSERT INTO "Report" (id, "taskId", "unitId", "periodId", version, "isCurrent", status, progress,
      problems, "nextSteps", "coordinationNeeded", "submittedByContactId", "submittedAt", "isLate",
      "sourcePlatform", "sourceChatId", "sourceMessageId", "sourceText")
    -- Reading "retired" here makes the old version retire before the new one goes in.
    SELECT $7::uuid, $4::uuid, $5::uuid, $6::uuid, last.version + 1, true, $8::"ReportStatus", $9::text,
      $10::text, $11::text, $12::text, $13::uuid, $3::timestamptz, $14::boolean, $1::"Platform", $15::text,
      $16::text, $17::text
    FROM last, (SELECT count(*) FROM retired) AS old, (SELECT count(*) FROM mark) AS marked
    RETURNING id, version
  ), stored_values AS (
    INSERT INTO "ReportValue" ("reportId", "targetId", value)
    SELECT created.id, v.target, v.value
    FROM created, unnest($18::uuid[], $19::numeric[]) AS v(target, value)
  )${withConfirmation ? kept : ""}
  SELECT id::text AS id, version FROM created`;
}

const SAVE_REPORT_SQL = saveReportSql(false);
const SAVE_REPORT_KEPT_SQL = saveReportSql(true);

/** How a report's kept confirmation (NewReport.confirmation) is held while this process sends it. */
export interface KeptAnswerOptions {
  /**
   * The process holding it (its dispatch id, src/runtime/background.ts): if that process stops
   * beating, another takes the row over within seconds. Unset: the row waits `leaseMs` instead.
   */
  owner?: string;
  /** Real time (the transport's clock): leases run on it, whatever the plan's clock does. */
  now: () => Date;
  /** How long the outbox leaves it to this process (default 2 minutes, more than a send's timeout). */
  leaseMs?: number;
}

const KEPT_ANSWER_LEASE_MS = 2 * 60_000;

/**
 * `scopes`: the reporting scopes to read through, shared with the identity store of the same
 * process (src/runtime/wiring.ts); by default its own. `keptAnswers`: how kept confirmations are
 * held (default a lease).
 */
export function createReportStore(
  prisma: PrismaClient,
  options: { scopes?: ReportingScopes; keptAnswers?: KeptAnswerOptions } = {},
): ReportStore {
  const scopes = options.scopes ?? createReportingScopes(prisma);
  const keptAnswers = options.keptAnswers;
  const keptAnswerLeaseMs = keptAnswers?.leaseMs ?? KEPT_ANSWER_LEASE_MS;
  const transportNow = keptAnswers?.now ?? (() => new Date());
  const periods = new Map<string, PeriodRow>();

  /**
   * The confirmation's outbox row, written in the report's statement: held by this process while
   * its answer queue sends it (src/core/chat/answer-queue.ts), so that a crash after the report is
   * stored cannot lose it. Its text takes the version the statement gives the report. Parameters
   * $20-$31 of the statement, or null when the report comes without one.
   */
  function keptParameters(report: NewReport): unknown[] | null {
    const kept = report.confirmation;
    if (!kept || !PLATFORMS.includes(kept.to.platform)) return null;
    const now = transportNow();
    const until = new Date(now.getTime() + keptAnswerLeaseMs);
    const held = keptAnswers?.owner ? ["sending", now, keptAnswers.owner, until] : ["pending", until, null, null];
    return [
      randomUUID(),
      `answer|${kept.key}`,
      kept.to.platform,
      kept.to.chatId,
      kept.to.threadId ?? null,
      JSON.stringify(kept.first),
      JSON.stringify(kept.correction),
      VERSION_SLOT,
      ...held,
    ];
  }

  return {
    reportableTasks: async (unitIds) => (await scopes.read(unitIds)).tasks,
    reportingScope: (unitIds, asOf) => scopes.read(unitIds, asOf),

    async cycleSettings(groupId) {
      const rows = await prisma.cycleSetting.findMany({ where: { groupId } });
      return rows.map((r) => ({
        cycle: r.cycle,
        enabled: r.enabled,
        dueRule: r.dueRule,
        ladder: r.ladder,
        quietHours: r.quietHours,
      }));
    },

    async ensurePeriod(input) {
      // A stored period is never updated, and deleted only with its group, so once seen it is
      // remembered: no round trip for it on later reports. Bounded, oldest forgotten first.
      const cacheKey = `${input.groupId}/${input.periodKey}`;
      const cached = periods.get(cacheKey);
      if (cached) return cached;
      const where = { groupId_periodKey: { groupId: input.groupId, periodKey: input.periodKey } };
      const select = { id: true, periodKey: true, dueAt: true } as const;
      // Nearly always there already: one lookup. The first time a period is needed, an insert that
      // does nothing when a concurrent first report inserted it meanwhile (ON CONFLICT DO NOTHING:
      // Prisma's upsert is a read then a write, and the loser of that race hit the unique key).
      let row = await prisma.period.findUnique({ where, select });
      if (!row) {
        await prisma.period.createMany({ data: [input], skipDuplicates: true });
        row = await prisma.period.findUniqueOrThrow({ where, select });
      }
      if (periods.size >= PERIOD_CACHE_SIZE) periods.delete(periods.keys().next().value!);
      periods.set(cacheKey, row);
      return row;
    },

    async saveReport(report) {
      // One statement, so one round trip and one atomic write: the next version number, the
      // previous current version retired, the new one and its values. Two submissions racing for
      // the same (task, unit, period) must end as versions n and n+1, never as two "current" rows:
      // the loser of the race hits a unique index (version, or the partial one on the current
      // row) and tries again with the next number.
      const platform = PLATFORMS.includes(report.source.platform) ? report.source.platform : null;
      const targetIds = report.draft.values.map((v) => requireTarget(report.targetIds, v.targetKey));
      const values = report.draft.values.map((v) => v.value.toFixed(4));
      const { taskId, unitId, periodId } = report;
      // The inbound event is marked processed in the same statement: a crash before it commits
      // leaves neither, so the platform's redelivery stores the report; a second delivery racing
      // the first waits on the mark's key and fails when the first commits.
      const eventId = platform && report.source.eventId ? report.source.eventId : null;
      const kept = keptParameters(report);
      for (let attempt = 0; ; attempt++) {
        try {
          const rows = await driverQuery<{ id: string; version: number }>(
            prisma,
            kept ? SAVE_REPORT_KEPT_SQL : SAVE_REPORT_SQL,
            [
              platform,
              eventId,
              report.submittedAt,
              taskId,
              unitId,
              periodId,
              randomUUID(),
              report.draft.status,
              report.draft.progress,
              report.draft.problems,
              report.draft.nextSteps,
              report.draft.coordinationNeeded,
              report.submittedByContactId,
              report.isLate,
              report.source.chatId,
              report.source.messageId ?? null,
              report.source.text ?? null,
              targetIds,
              values,
              ...(kept ?? []),
            ],
            kept ? "zb_save_report_kept" : "zb_save_report",
          );
          const created = rows[0];
          if (!created) throw new Error("saveReport: the report was not stored");
          return created;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          if (eventId && platform && (await isProcessed(prisma, platform, eventId))) {
            throw new DuplicateEventError(eventId);
          }
          // Another version of this report won the race for the number: take the next one. Under
          // heavy contention this can take several tries, with a short random pause between.
          if (attempt >= MAX_VERSION_TRIES) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
        }
      }
    },

    async reminderOrigin(platform, chatId, platformMessageId) {
      if (!PLATFORMS.includes(platform)) return null;
      const row = await prisma.outboxMessage.findFirst({
        where: {
          platform: platform as Platform,
          address: chatId,
          platformMessageId,
          kind: { in: ["reminder", "chase"] },
          unitId: { not: null },
        },
        select: { taskId: true, unitId: true, period: { select: { periodKey: true } } },
      });
      if (!row?.unitId || !row.period) return null;
      // A reminder listing several tasks has no task: the report's header names it.
      return { ...(row.taskId && { taskId: row.taskId }), unitId: row.unitId, periodKey: row.period.periodKey };
    },

    async currentReport(taskId, unitId, periodId) {
      const row = await prisma.report.findFirst({
        where: { taskId, unitId, periodId, isCurrent: true },
        include: { values: true, submittedBy: { select: { name: true } } },
      });
      if (!row) return null;
      const report: StoredReport = {
        id: row.id,
        version: row.version,
        status: row.status,
        isLate: row.isLate,
        submittedAt: row.submittedAt,
        submittedBy: row.submittedBy?.name ?? null,
        values: row.values.map((v) => ({ targetId: v.targetId, value: v.value.toNumber() })),
        progress: row.progress,
        problems: row.problems,
        nextSteps: row.nextSteps,
        coordinationNeeded: row.coordinationNeeded,
      };
      return report;
    },
  };
}

/**
 * A unique index refused the write: P2002 from Prisma's own queries, P2010 with the driver's kind
 * from Prisma's raw SQL, PostgreSQL's 23505 from the pg driver (driverQuery).
 */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) {
    return (error as { code?: unknown } | null)?.code === "23505";
  }
  if (error.code === "P2002") return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
  return error.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
}

async function isProcessed(prisma: PrismaClient, platform: string, eventId: string): Promise<boolean> {
  const rows = await driverQuery<{ found: boolean }>(
    prisma,
    `SELECT EXISTS (SELECT 1 FROM "ProcessedEvent" WHERE platform = $1::"Platform" AND "eventId" = $2::text) AS found`,
    [platform, eventId],
  );
  return rows[0]?.found === true;
}

function requireTarget(ids: Record<string, string>, key: string): string {
  const id = ids[key];
  // The draft was validated against these very targets; a miss is a bug, not user input.
  if (!id) throw new Error(`report value for unknown target ${key}`);
  return id;
}
