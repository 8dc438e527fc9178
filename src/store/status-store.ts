import type { ReportAsOf } from "../core/evaluation/types.js";
import type { CurrentReport, GroupTask, StatusStore } from "../core/status/ports.js";
import { driverQuery, Prisma, type PrismaClient } from "./client.js";
import { freezeGroupTask, loadGroupTasks } from "./group-tasks.js";
import { latestValues } from "./latest-values.js";
import { planRevision } from "./plan-revision.js";

type ReportRow = Omit<CurrentReport, "values"> & { id: string };

/**
 * Current reports matching `filter` (SQL over `r`, the Report), with their values, in `order`.
 * Two flat queries rather than Prisma's nested include: /status and the digests read a year of a
 * group's reports (over 100,000 rows in a large province), and building the nested result cost
 * far more than the database's work (bench/, item 4).
 */
async function currentReports(prisma: PrismaClient, filter: Prisma.Sql, order: Prisma.Sql): Promise<CurrentReport[]> {
  const [rows, values] = await Promise.all([
    prisma.$queryRaw<ReportRow[]>(Prisma.sql`
      SELECT r.id, r."taskId", r."unitId", r."periodId", p."periodKey", p."startsAt" AS "periodStartsAt", r.version,
             r.status::text AS status, r."isLate", r."submittedAt", r.progress, r.problems, r."nextSteps",
             r."coordinationNeeded"
      FROM "Report" r
      JOIN "Period" p ON p.id = r."periodId"
      WHERE r."isCurrent" AND ${filter}
      ORDER BY ${order}`),
    prisma.$queryRaw<{ reportId: string; targetId: string; value: number }[]>(Prisma.sql`
      SELECT v."reportId", v."targetId", v.value::float8 AS value
      FROM "ReportValue" v
      JOIN "Report" r ON r.id = v."reportId"
      WHERE r."isCurrent" AND ${filter}
      ORDER BY v."reportId", v."targetId"`),
  ]);
  const valuesOf = new Map<string, CurrentReport["values"]>();
  for (const { reportId, targetId, value } of values) {
    const list = valuesOf.get(reportId);
    if (list) list.push({ targetId, value });
    else valuesOf.set(reportId, [{ targetId, value }]);
  }
  return rows.map(({ id, ...row }) => ({ ...row, values: valuesOf.get(id) ?? [] }));
}

/**
 * Per (task, unit, period): the newest version stored by `until`, its first version's time and the
 * number of versions by then (StatusStore.reportsAsOf). Versions stored later are left out entirely,
 * so `status --at T` sees what was there at T.
 *
 * One pass over the periods' versions (Report(periodId) index): a window gives each its report's
 * first time and count, DISTINCT ON keeps the newest. Aggregating first and joining back to Report
 * for the newest version's row cost an index lookup per report, most of /status of a large group
 * (bench/, item 4). A current version's values come from CurrentReportValue in the same statement
 * (one snapshot), one index-only range per period (looking each report's up in ReportValue was the
 * other half of that time), a row per value: the report's columns repeat on its values' rows (most
 * reports have one), where aggregating the values to JSON per report took half the statement's time
 * and parsing it back a good part of the client's. An older version's values (only as of an instant
 * before its correction) come from ReportValue.
 *
 * Thousands of rows of text: read through the pg driver (driverQuery), as Prisma's result mapping
 * costs per value; times as epoch milliseconds (a number to a Date costs a fraction of parsing
 * PostgreSQL's text); ids go as comma-separated texts split by PostgreSQL, as Prisma's query
 * compiler costs per array element.
 */
async function reportsAsOf(
  prisma: PrismaClient,
  periodIds: readonly string[],
  until: Date,
  taskIds?: readonly string[],
): Promise<ReportAsOf[]> {
  if (periodIds.length === 0 || taskIds?.length === 0) return [];
  const rows = await driverQuery<ReportAsOfRow>(
    prisma,
    `WITH chosen AS (
       SELECT DISTINCT ON ("taskId", "unitId", "periodId") id, "taskId", "unitId", "periodId", version, "isCurrent",
              status::text AS status, "submittedAt", progress, problems, "nextSteps", "coordinationNeeded",
              min("submittedAt") OVER w AS "firstSubmittedAt", (count(*) OVER w)::int AS versions
       FROM "Report"
       WHERE "periodId" = ANY(string_to_array($1::text, ',')::uuid[]) AND "submittedAt" <= $2::timestamptz
         AND ($3::text IS NULL OR "taskId" = ANY(string_to_array($3::text, ',')::uuid[]))
       WINDOW w AS (PARTITION BY "taskId", "unitId", "periodId")
       ORDER BY "taskId", "unitId", "periodId", version DESC
     ), current_values AS (
       SELECT c."reportId", c."targetId", c.value
       FROM "CurrentReportValue" c
       WHERE c."periodId" = ANY(string_to_array($1::text, ',')::uuid[])
     )
     SELECT r.id::text AS id, r."taskId"::text AS "taskId", r."unitId"::text AS "unitId",
            r."periodId"::text AS "periodId", p."periodKey", date_part('epoch', p."startsAt") * 1000 AS "periodStartsAt",
            r.version, r.status, date_part('epoch', r."submittedAt") * 1000 AS "submittedAt", r.progress, r.problems,
            r."nextSteps", r."coordinationNeeded", date_part('epoch', r."firstSubmittedAt") * 1000 AS "firstSubmittedAt",
            r.versions, r."isCurrent", cv."targetId"::text AS "targetId", cv.value::float8 AS value
     FROM chosen r
     JOIN "Period" p ON p.id = r."periodId"
     LEFT JOIN current_values cv ON cv."reportId" = r.id
     ORDER BY r."submittedAt" ASC, cv."targetId"`,
    [periodIds.join(","), until, taskIds ? taskIds.join(",") : null],
  );
  // A report's rows (one per value) come in its order: one ReportAsOf each, its values by target.
  const byId = new Map<string, ReportAsOf>();
  const older = new Map<string, ReportAsOf>();
  for (const row of rows) {
    let report = byId.get(row.id);
    if (!report) {
      report = {
        taskId: row.taskId,
        unitId: row.unitId,
        periodId: row.periodId,
        periodKey: row.periodKey,
        periodStartsAt: new Date(Math.round(row.periodStartsAt)),
        version: row.version,
        status: row.status,
        submittedAt: new Date(Math.round(row.submittedAt)),
        firstSubmittedAt: new Date(Math.round(row.firstSubmittedAt)),
        versions: row.versions,
        progress: row.progress,
        problems: row.problems,
        nextSteps: row.nextSteps,
        coordinationNeeded: row.coordinationNeeded,
        values: [],
      };
      byId.set(row.id, report);
      if (!row.isCurrent) older.set(row.id, report);
    }
    if (row.targetId !== null && row.value !== null) report.values.push({ targetId: row.targetId, value: row.value });
  }
  // A version no longer current (only as of an instant before its correction) never changes: its
  // values are read apart, by id, for those few.
  if (older.size > 0) {
    const values = await driverQuery<{ reportId: string; targetId: string; value: number }>(
      prisma,
      `SELECT v."reportId"::text AS "reportId", v."targetId"::text AS "targetId", v.value::float8 AS value
       FROM "ReportValue" v
       WHERE v."reportId" = ANY(string_to_array($1::text, ',')::uuid[])
       ORDER BY v."reportId", v."targetId"`,
      [[...older.keys()].join(",")],
    );
    for (const { reportId, targetId, value } of values) older.get(reportId)?.values.push({ targetId, value });
  }
  return [...byId.values()];
}

/** A row of {@link reportsAsOf}: a report version with one of its current values (or none). */
type ReportAsOfRow = Omit<ReportAsOf, "periodStartsAt" | "submittedAt" | "firstSubmittedAt" | "values"> & {
  id: string;
  periodStartsAt: number;
  submittedAt: number;
  firstSubmittedAt: number;
  isCurrent: boolean;
  targetId: string | null;
  value: number | null;
};

/**
 * The StatusStore over PostgreSQL. Each group's tasks, once read, are kept (frozen: every caller
 * gets the same objects) while the database's plan revision is unchanged (see plan-revision.ts):
 * reading the revision is one row, reading the largest group's 4,000 tasks with their units and
 * targets took about 75 ms of each /status and /status TASK (bench/, item 4).
 */
export function createStatusStore(prisma: PrismaClient): StatusStore {
  const groupSelect = { id: true, key: true, name: true, timezone: true } as const;
  let kept: { revision: string; tasks: Map<string, readonly GroupTask[]> } | null = null;
  return {
    findGroup: (keyOrName) =>
      prisma.workGroup.findFirst({
        where: { OR: [{ key: keyOrName }, { name: keyOrName }, { shortName: keyOrName }] },
        select: groupSelect,
      }),

    groupsByIds: (ids) =>
      prisma.workGroup.findMany({
        where: { id: { in: [...ids] } },
        select: groupSelect,
        orderBy: [{ sortOrder: "asc" }],
      }),

    async groupTasks(groupId) {
      const revision = await planRevision(prisma);
      const hit = kept?.revision === revision ? kept.tasks.get(groupId) : undefined;
      if (hit) return hit;
      const tasks = (await loadGroupTasks(prisma, [groupId])).get(groupId) ?? [];
      tasks.forEach(freezeGroupTask);
      const frozen = Object.freeze(tasks);
      if (revision === null) return frozen;
      // A new revision drops every group's kept tasks, not only this one's.
      if (kept?.revision !== revision) kept = { revision, tasks: new Map() };
      kept.tasks.set(groupId, frozen);
      return frozen;
    },

    async undelivered(groupId) {
      const rows = await prisma.outboxMessage.findMany({
        where: { groupId, state: { in: ["failed", "unreachable"] } },
        include: { recipientContact: { select: { name: true } }, recipientChannel: { select: { title: true } } },
        orderBy: { dueAt: "asc" },
        take: 50,
      });
      return rows.map((r) => ({
        kind: r.kind,
        state: r.state as "failed" | "unreachable",
        platform: r.platform,
        address: r.address,
        recipientName: r.recipientContact?.name ?? r.recipientChannel?.title ?? null,
        lastError: r.lastError,
        dueAt: r.dueAt,
      }));
    },

    async reportsInPeriods(periodIds) {
      if (periodIds.length === 0) return [];
      return currentReports(
        prisma,
        Prisma.sql`r."periodId" = ANY(${[...periodIds]}::uuid[])`,
        Prisma.sql`r."submittedAt" ASC`,
      );
    },

    reportsAsOf: (periodIds, until, taskIds) => reportsAsOf(prisma, periodIds, until, taskIds),

    async periodRows(groupId, periodKeys) {
      if (periodKeys.length === 0) return new Map();
      const rows = await prisma.period.findMany({
        where: { groupId, periodKey: { in: [...periodKeys] } },
        select: { id: true, periodKey: true, dueAt: true },
      });
      return new Map(rows.map((r) => [r.periodKey, { id: r.id, dueAt: r.dueAt }]));
    },

    async reportHistory(taskIds, until) {
      if (taskIds.length === 0) return [];
      return currentReports(
        prisma,
        Prisma.sql`r."taskId" = ANY(${[...taskIds]}::uuid[]) AND r."submittedAt" <= ${until}::timestamptz`,
        Prisma.sql`p."startsAt" DESC, r."submittedAt" DESC`,
      );
    },

    latestValues: (query) => latestValues(prisma, query),
  };
}
