import { randomUUID } from "node:crypto";
import type {
  CycleSettingRow,
  NewReport,
  PeriodRow,
  ReportableTask,
  ReportingScope,
  ReportStore,
  StoredReport,
} from "../core/reports/ports.js";
import type { Platform } from "../core/chat/inbound.js";
import { DuplicateEventError } from "../core/ports.js";
import { VERSION_SLOT } from "../core/reports/ports.js";
import { Prisma, type PrismaClient } from "./client.js";

const PLATFORMS: readonly string[] = ["slack", "telegram", "console"];

/** Periods remembered per store: a stored period never changes, and is looked up for every report. */
const PERIOD_CACHE_SIZE = 2_000;

/** Tries of a report's write when concurrent versions of it take the same version number. */
const MAX_VERSION_TRIES = 20;

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

export function createReportStore(prisma: PrismaClient, keptAnswers?: KeptAnswerOptions): ReportStore {
  const keptAnswerLeaseMs = keptAnswers?.leaseMs ?? KEPT_ANSWER_LEASE_MS;
  const transportNow = keptAnswers?.now ?? (() => new Date());

  const periods = new Map<string, PeriodRow>();

  async function scope(unitIds: readonly string[], withSettings: boolean): Promise<ReportingScope> {
    if (unitIds.length === 0) return { tasks: [], cycleSettings: new Map() };
    // One query (it runs for every report a contact sends): each lead link of these units to an
    // active task, with the task's group and the targets this unit answers for, in order; for
    // reporting, also the group's cycle settings, which decide the period and its due instant.
    const settings = withSettings
      ? Prisma.sql`(SELECT json_agg(json_build_object('cycle', s.cycle, 'enabled', s.enabled, 'dueRule', s."dueRule",
                     'ladder', s.ladder, 'quietHours', s."quietHours") ORDER BY s.cycle)
                     FROM "CycleSetting" s WHERE s."groupId" = g.id)`
      : Prisma.sql`NULL::json`;
    const rows = await prisma.$queryRaw<
      {
        taskId: string;
        taskKey: string;
        title: string;
        groupId: string;
        groupKey: string;
        groupName: string;
        timezone: string;
        unitId: string;
        unitKey: string;
        unitName: string;
        startDate: string | null;
        endDate: string | null;
        cycles: ReportableTask["cycles"];
        targets: ReportableTask["targets"];
        settings: CycleSettingRow[] | null;
      }[]
    >(Prisma.sql`
      SELECT t.id AS "taskId", t.key AS "taskKey", t.title, g.id AS "groupId", g.key AS "groupKey",
             g.name AS "groupName", g.timezone, u.id AS "unitId", u.key AS "unitKey", u.name AS "unitName",
             to_char(t."startDate", 'YYYY-MM-DD') AS "startDate", to_char(t."endDate", 'YYYY-MM-DD') AS "endDate",
             t.cycles::text[] AS cycles,
             COALESCE((
               SELECT json_agg(json_build_object(
                 'id', x.id, 'key', x.key, 'metric', x.metric, 'unitOfMeasure', x."unitOfMeasure",
                 'baseline', x.baseline::float8, 'targetValue', x."targetValue"::float8, 'direction', x.direction,
                 'kind', x.kind, 'minValue', x."minValue"::float8, 'maxValue', x."maxValue"::float8,
                 'leadUnitId', x."leadUnitId") ORDER BY x."sortOrder", x.key)
               FROM "Target" x
               WHERE x."taskId" = t.id AND (x."leadUnitId" IS NULL OR x."leadUnitId" = tu."unitId")
             ), '[]'::json) AS targets,
             ${settings} AS settings
      FROM "TaskUnit" tu
      JOIN "Task" t ON t.id = tu."taskId"
      JOIN "WorkGroup" g ON g.id = t."groupId"
      JOIN "Unit" u ON u.id = tu."unitId"
      WHERE tu."unitId" = ANY(${[...unitIds]}::uuid[]) AND tu.role = 'lead'::"TaskUnitRole" AND t.active
      ORDER BY g."sortOrder" ASC, t."sortOrder" ASC, t.key ASC, u.key ASC`);
    const cycleSettings = new Map<string, CycleSettingRow[]>();
    const tasks = rows.map((r): ReportableTask => {
      if (withSettings && !cycleSettings.has(r.groupId)) cycleSettings.set(r.groupId, r.settings ?? []);
      return {
        taskId: r.taskId,
        taskKey: r.taskKey,
        title: r.title,
        group: { id: r.groupId, key: r.groupKey, name: r.groupName, timezone: r.timezone },
        unit: { id: r.unitId, key: r.unitKey, name: r.unitName },
        startDate: r.startDate,
        endDate: r.endDate,
        cycles: r.cycles,
        targets: r.targets,
      };
    });
    return { tasks, cycleSettings };
  }

  const store: ReportStore = {
    reportableTasks: async (unitIds) => (await scope(unitIds, false)).tasks,
    reportingScope: (unitIds) => scope(unitIds, true),

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
      const kept = keptConfirmation(report);
      for (let attempt = 0; ; attempt++) {
        try {
          const rows = await prisma.$queryRaw<{ id: string; version: number }[]>(Prisma.sql`
            WITH mark AS (
              INSERT INTO "ProcessedEvent" (platform, "eventId", "receivedAt")
              SELECT ${platform}::"Platform", ${eventId}::text, ${report.submittedAt}::timestamptz
              WHERE ${eventId}::text IS NOT NULL
              RETURNING 1
            ), last AS (
              SELECT COALESCE(max(version), 0) AS version FROM "Report"
              WHERE "taskId" = ${taskId}::uuid AND "unitId" = ${unitId}::uuid AND "periodId" = ${periodId}::uuid
            ), retired AS (
              UPDATE "Report" SET "isCurrent" = false
              WHERE "taskId" = ${taskId}::uuid AND "unitId" = ${unitId}::uuid AND "periodId" = ${periodId}::uuid
                AND "isCurrent"
              RETURNING id
            ), created AS (
              INSERT INTO "Report" (id, "taskId", "unitId", "periodId", version, "isCurrent", status, progress,
                problems, "nextSteps", "coordinationNeeded", "submittedByContactId", "submittedAt", "isLate",
                "sourcePlatform", "sourceChatId", "sourceMessageId", "sourceText")
              -- Reading "retired" here makes the old version retire before the new one goes in.
              SELECT ${randomUUID()}::uuid, ${taskId}::uuid, ${unitId}::uuid, ${periodId}::uuid, last.version + 1, true,
                ${report.draft.status}::"ReportStatus", ${report.draft.progress}, ${report.draft.problems},
                ${report.draft.nextSteps}, ${report.draft.coordinationNeeded}, ${report.submittedByContactId}::uuid,
                ${report.submittedAt}::timestamptz, ${report.isLate}, ${platform}::"Platform", ${report.source.chatId},
                ${report.source.messageId ?? null}, ${report.source.text ?? null}
              FROM last, (SELECT count(*) FROM retired) AS old, (SELECT count(*) FROM mark) AS marked
              RETURNING id, version
            ), stored_values AS (
              INSERT INTO "ReportValue" ("reportId", "targetId", value)
              SELECT created.id, v.target, v.value
              FROM created, unnest(${targetIds}::uuid[], ${values}::numeric[]) AS v(target, value)
            )${kept}
            SELECT id, version FROM created`);
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

  /**
   * The confirmation's outbox row, written in the report's statement: held by this process while
   * its answer queue sends it (src/core/chat/answer-queue.ts), so that a crash after the report is
   * stored cannot lose it. Its text takes the version the statement gives the report.
   */
  function keptConfirmation(report: NewReport): Prisma.Sql {
    const kept = report.confirmation;
    if (!kept || !PLATFORMS.includes(kept.to.platform)) return Prisma.empty;
    const now = transportNow();
    const until = new Date(now.getTime() + keptAnswerLeaseMs);
    const held = keptAnswers?.owner
      ? Prisma.sql`'sending'::"OutboxState", ${now}::timestamptz, ${keptAnswers.owner}::text, ${until}::timestamptz`
      : Prisma.sql`'pending'::"OutboxState", ${until}::timestamptz, NULL, NULL`;
    return Prisma.sql`, kept AS (
              INSERT INTO "OutboxMessage" (id, "dedupeKey", kind, stage, platform, address, "threadId", payload, "dueAt",
                attempts, state, "nextAttemptAt", "claimedBy", "claimedUntil")
              SELECT ${randomUUID()}::uuid, ${`answer|${kept.key}`}, 'answer'::"OutboxKind", 'answer',
                ${kept.to.platform}::"Platform", ${kept.to.chatId}, ${kept.to.threadId ?? null}::text,
                (CASE WHEN created.version = 1 THEN ${JSON.stringify(kept.first)}::text
                      ELSE replace(${JSON.stringify(kept.correction)}::text, ${VERSION_SLOT}::text, created.version::text)
                 END)::jsonb,
                ${report.submittedAt}::timestamptz, 1, ${held}
              FROM created
              ON CONFLICT ("dedupeKey") DO NOTHING
            )`;
  }

  return store;
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
  return error.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
}

async function isProcessed(prisma: PrismaClient, platform: string, eventId: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ found: boolean }[]>(Prisma.sql`
    SELECT EXISTS (
      SELECT 1 FROM "ProcessedEvent" WHERE platform = ${platform}::"Platform" AND "eventId" = ${eventId}
    ) AS found`);
  return rows[0]?.found === true;
}

function requireTarget(ids: Record<string, string>, key: string): string {
  const id = ids[key];
  // The draft was validated against these very targets; a miss is a bug, not user input.
  if (!id) throw new Error(`report value for unknown target ${key}`);
  return id;
}
