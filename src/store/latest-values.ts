import type { LatestValuesQuery } from "../core/status/ports.js";
import { driverQuery, Prisma, type PrismaClient } from "./client.js";

/** Period starts read one at a time before the targets left are looked up one by one. */
const STEPS = 6;

/**
 * Each target's latest reported value as of a period (StatusStore.latestValues): among the newest
 * report versions stored by `until` of the target's task (by its lead unit when it names one), in
 * periods starting by `periodStartsBy`, the one of the newest period start, then newest submission.
 *
 * When nothing of the group was stored after `until` (every /status and digest of now), the newest
 * versions by then are the current ones, and the answer is one index probe per target into
 * CurrentReportValue, the values of current versions kept by the database's triggers
 * (migration 20261202182000_current_report_values). Searching a year of reports for them took most
 * of /status of a large group (bench/, item 4). An instant in the past with later versions stored
 * (`status --at`) falls back to that search, {@link latestValuesBySearch}.
 */
export async function latestValues(prisma: PrismaClient, query: LatestValuesQuery): Promise<Map<string, number>> {
  if (query.targets.length === 0) return new Map();
  if (await storedAfter(prisma, query.groupId, query.until)) return latestValuesBySearch(prisma, query);
  return latestCurrentValues(prisma, query);
}

/** Whether any report version of the group was stored after `until` (the Report(submittedAt) index). */
async function storedAfter(prisma: PrismaClient, groupId: string, until: Date): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ found: boolean }[]>(Prisma.sql`
    SELECT EXISTS (
      SELECT 1 FROM "Report" r JOIN "Period" p ON p.id = r."periodId"
      WHERE r."submittedAt" > ${until}::timestamptz AND p."groupId" = ${groupId}::uuid
    ) AS found`);
  return rows[0]?.found === true;
}

/**
 * The same answer from the current versions alone (right when none was stored after `until`). Most
 * targets have their latest value in the group's newest period start or the one before: those are
 * read as two index-only ranges by period (CurrentReportValue_period_idx) and matched to the
 * targets by hash; the targets left (long or never reported) take one probe each of their own
 * index (CurrentReportValue_latest_idx), from the period start down. One statement, one snapshot.
 */
export async function latestCurrentValues(
  prisma: PrismaClient,
  query: LatestValuesQuery,
): Promise<Map<string, number>> {
  if (query.targets.length === 0) return new Map();
  // A large group's thousands of rows through the pg driver: Prisma's result mapping costs per value.
  const rows = await driverQuery<{ targetId: string; value: number }>(
    prisma,
    `WITH q AS MATERIALIZED (
       SELECT t.id::uuid AS id, t."taskId"::uuid AS "taskId", t."leadUnitId"::uuid AS "leadUnitId"
       FROM unnest(string_to_array($1::text, ','), string_to_array($2::text, ','),
         string_to_array($3::text, ',', '')) AS t(id, "taskId", "leadUnitId")
     ), recent AS MATERIALIZED (
       SELECT DISTINCT ON (q.id) q.id, c.value::float8 AS value
       FROM "CurrentReportValue" c
       JOIN q ON q.id = c."targetId" AND q."taskId" = c."taskId"
         AND (q."leadUnitId" IS NULL OR c."unitId" = q."leadUnitId")
       WHERE c."periodId" IN (
         SELECT p.id FROM "Period" p
         WHERE p."groupId" = $5::uuid AND p."startsAt" IN (
           SELECT DISTINCT "startsAt" FROM "Period"
           WHERE "groupId" = $5::uuid AND "startsAt" <= $4::timestamptz
           ORDER BY "startsAt" DESC LIMIT 2))
       ORDER BY q.id, c."periodStartsAt" DESC, c."submittedAt" DESC, c."reportId" DESC
     ), rest AS MATERIALIZED (
       -- NOT IN over a subquery is a hashed lookup (NOT EXISTS was planned as a nested loop).
       SELECT * FROM q WHERE q.id NOT IN (SELECT id FROM recent)
     )
     SELECT id::text AS "targetId", value FROM recent
     UNION ALL
     SELECT q.id::text AS "targetId", l.value
     FROM rest q
     CROSS JOIN LATERAL (
       SELECT c.value::float8 AS value
       FROM "CurrentReportValue" c
       WHERE c."targetId" = q.id AND c."taskId" = q."taskId"
         AND (q."leadUnitId" IS NULL OR c."unitId" = q."leadUnitId")
         AND c."periodStartsAt" <= $4::timestamptz
       ORDER BY c."periodStartsAt" DESC, c."submittedAt" DESC, c."reportId" DESC
       LIMIT 1
     ) l`,
    [...targetColumns(query.targets), query.periodStartsBy, query.groupId],
  );
  return new Map(rows.map((r) => [r.targetId, r.value]));
}

/**
 * The search for each target's latest value as of a period and an instant, over the stored reports.
 *
 * Reading a group's whole year of reports to keep the latest of each target cost seconds for a
 * large group (136,000 reports, bench/ item 4). The latest value is nearly always in the period
 * itself or the one before, so the group's periods are searched newest first, one start instant at
 * a time, for the targets still without a value (each step reads that period's reports by the
 * Report(periodId) index and their values by key). After a few steps the targets left (long or
 * never reported) are looked up one by one through their task's reports (Report(taskId) index).
 *
 * Steps split the periods only between different start instants, so "newest period first, then
 * newest submission" picks the same report as one search over all periods would.
 */
export async function latestValuesBySearch(
  prisma: PrismaClient,
  query: LatestValuesQuery,
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let left = query.targets;
  if (left.length === 0) return found;
  const periods = await prisma.$queryRaw<{ id: string; startsAt: Date }[]>(Prisma.sql`
    SELECT id::text AS id, "startsAt" FROM "Period"
    WHERE "groupId" = ${query.groupId}::uuid AND "startsAt" <= ${query.periodStartsBy}::timestamptz
    ORDER BY "startsAt" DESC`);
  const starts = [...new Set(periods.map((p) => p.startsAt.getTime()))];

  for (const start of starts.slice(0, STEPS)) {
    const ids = periods.filter((p) => p.startsAt.getTime() === start).map((p) => p.id);
    for (const { targetId, value } of await inPeriods(prisma, left, ids, query.until)) found.set(targetId, value);
    left = left.filter((t) => !found.has(t.id));
    if (left.length === 0) return found;
  }
  const older = starts[STEPS];
  if (older !== undefined) {
    for (const { targetId, value } of await oneByOne(prisma, left, new Date(older), query.until)) {
      found.set(targetId, value);
    }
  }
  return found;
}

type Targets = LatestValuesQuery["targets"];

/**
 * The targets as a relation `q(id, taskId, leadUnitId)`. Their ids go as three comma-separated
 * texts split by PostgreSQL, not as uuid arrays: Prisma's query compiler took about 34 ms over a
 * large group's three 4,609-element array parameters (bench/, item 4), a text is passed as it is.
 * Each element is cast to uuid row by row: casting the whole `text[]` to `uuid[]` is folded at
 * planning and cost 5-11 ms of planning for those three texts, the casts per row under 3 ms of
 * execution (OFFSET 0 keeps the subquery whole, so each cast runs once per target, not in every
 * comparison of the join). An empty field is a target without a lead unit of its own (NULL).
 */
function targetsRelation(targets: Targets): Prisma.Sql {
  const [ids, tasks, leads] = targetColumns(targets);
  return Prisma.sql`(SELECT t.id::uuid AS id, t."taskId"::uuid AS "taskId", t."leadUnitId"::uuid AS "leadUnitId"
    FROM unnest(string_to_array(${ids}::text, ','), string_to_array(${tasks}::text, ','),
      string_to_array(${leads}::text, ',', '')) AS t(id, "taskId", "leadUnitId") OFFSET 0) AS q`;
}

/** The targets' ids, tasks and lead units (empty: none) as three comma-separated texts. */
function targetColumns(targets: Targets): [string, string, string] {
  return [
    targets.map((t) => t.id).join(","),
    targets.map((t) => t.taskId).join(","),
    targets.map((t) => t.leadUnitId ?? "").join(","),
  ];
}

/**
 * `r` is the newest version of its report stored by `until`: the current one when it was stored by
 * then (the usual case, no lookup), or an older one that no version stored by then replaced. So a
 * correction stored after `until` does not hide the value that stood at `until` (`status --at`).
 */
function newestBy(until: Date): Prisma.Sql {
  return Prisma.sql`r."submittedAt" <= ${until}::timestamptz AND (r."isCurrent" OR NOT EXISTS (
      SELECT 1 FROM "Report" n
      WHERE n."taskId" = r."taskId" AND n."unitId" = r."unitId" AND n."periodId" = r."periodId"
        AND n.version > r.version AND n."submittedAt" <= ${until}::timestamptz))`;
}

/**
 * Per target, the value in the newest current report of these periods (of one start) by its task's
 * lead unit (the target's own one when it has one): the periods' reports, matched to the targets by
 * task, then their values by key.
 */
function inPeriods(prisma: PrismaClient, targets: Targets, periodIds: readonly string[], until: Date) {
  return prisma.$queryRaw<{ targetId: string; value: number }[]>(Prisma.sql`
    SELECT DISTINCT ON (q.id) q.id::text AS "targetId", v.value::float8 AS value
    FROM "Report" r
    JOIN ${targetsRelation(targets)}
      ON q."taskId" = r."taskId" AND (q."leadUnitId" IS NULL OR q."leadUnitId" = r."unitId")
    JOIN "ReportValue" v ON v."reportId" = r.id AND v."targetId" = q.id
    WHERE r."periodId" = ANY(${[...periodIds]}::uuid[]) AND ${newestBy(until)}
    ORDER BY q.id, r."submittedAt" DESC, r.id DESC`);
}

/**
 * The same over every period starting by `startsBy`, one target at a time: LATERAL ... LIMIT 1
 * keeps each a lookup through its task's reports, where a join over all of them would make
 * PostgreSQL scan every value in the table.
 */
function oneByOne(prisma: PrismaClient, targets: Targets, startsBy: Date, until: Date) {
  return prisma.$queryRaw<{ targetId: string; value: number }[]>(Prisma.sql`
    SELECT q.id::text AS "targetId", l.value
    FROM ${targetsRelation(targets)}
    CROSS JOIN LATERAL (
      SELECT v.value::float8 AS value
      FROM "Report" r
      JOIN "ReportValue" v ON v."reportId" = r.id AND v."targetId" = q.id
      JOIN "Period" p ON p.id = r."periodId"
      WHERE r."taskId" = q."taskId" AND (q."leadUnitId" IS NULL OR q."leadUnitId" = r."unitId")
        AND ${newestBy(until)} AND p."startsAt" <= ${startsBy}::timestamptz
      ORDER BY p."startsAt" DESC, r."submittedAt" DESC, r.id DESC
      LIMIT 1
    ) l`);
}
