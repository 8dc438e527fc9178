import type { CycleSettingRow, ReportableTask, ReportingScope } from "../core/reports/ports.js";
import { driverQuery, type PrismaClient } from "./client.js";

/** Unit sets whose scope is kept; past it, the longest unused is forgotten. */
const KEPT_SCOPES = 5_000;
/** Senders whose unit set is remembered (for {@link ReportingScopes.knownFor}). */
const KNOWN_SENDERS = 20_000;

/** A reporting scope as one statement returns it: shaped as the core's, one JSON value. */
export interface ScopeJson {
  tasks: ReportableTask[];
  settings: Record<string, CycleSettingRow[]>;
}

/**
 * The SQL of a reporting scope as one JSON value ({@link ScopeJson}), from a relation `links` of
 * lead links (`unitId`, and the active task's `id`, `key`, `title`, `groupId`, `startDate`,
 * `endDate`, `cycles`, `sortOrder`): each link with its task's group, its unit and the targets
 * this unit answers for (in order), and the cycle settings of those groups. One JSON value: one
 * parse, where rows of columns cost the pg driver's parsers twice the CPU.
 */
export const SCOPE_JSON = `json_build_object(
  'tasks', COALESCE((
    SELECT json_agg(json_build_object(
      'taskId', l.id, 'taskKey', l.key, 'title', l.title,
      'group', json_build_object('id', g.id, 'key', g.key, 'name', g.name, 'timezone', g.timezone),
      'unit', json_build_object('id', u.id, 'key', u.key, 'name', u.name),
      'startDate', to_char(l."startDate", 'YYYY-MM-DD'), 'endDate', to_char(l."endDate", 'YYYY-MM-DD'),
      'cycles', l.cycles,
      'targets', COALESCE((
        SELECT json_agg(json_build_object(
          'id', x.id, 'key', x.key, 'metric', x.metric, 'unitOfMeasure', x."unitOfMeasure",
          'baseline', x.baseline::float8, 'targetValue', x."targetValue"::float8, 'direction', x.direction,
          'kind', x.kind, 'minValue', x."minValue"::float8, 'maxValue', x."maxValue"::float8,
          'leadUnitId', x."leadUnitId") ORDER BY x."sortOrder", x.key)
        FROM "Target" x
        WHERE x."taskId" = l.id AND (x."leadUnitId" IS NULL OR x."leadUnitId" = l."unitId")
      ), '[]'::json)
    ) ORDER BY g."sortOrder", l."sortOrder", l.key, u.key)
    FROM links l JOIN "WorkGroup" g ON g.id = l."groupId" JOIN "Unit" u ON u.id = l."unitId"
  ), '[]'::json),
  'settings', COALESCE((
    SELECT json_object_agg(g.id, COALESCE((
      SELECT json_agg(json_build_object('cycle', c.cycle, 'enabled', c.enabled, 'dueRule', c."dueRule",
             'ladder', c.ladder, 'quietHours', c."quietHours") ORDER BY c.cycle)
      FROM "CycleSetting" c WHERE c."groupId" = g.id), '[]'::json))
    FROM "WorkGroup" g WHERE g.id IN (SELECT "groupId" FROM links)
  ), '{}'::json))`;

/** The columns of a lead link that {@link SCOPE_JSON} reads from `links` (aliases `tu`, `t`). */
export const LINK_COLUMNS = `tu."unitId", t.id, t.key, t.title, t."groupId", t."startDate", t."endDate", t.cycles, t."sortOrder"`;

/**
 * One statement: the database's plan revision (src/store/plan-revision.ts), and, only when it is
 * not the revision the caller kept a scope under ($2), the scope of these units ($1). Revision and
 * scope come from one snapshot, so a scope is never kept under a revision it does not match.
 */
const SCOPE_SQL = `
  WITH rev AS (SELECT (SELECT revision::text FROM "PlanRevision" WHERE id = 1) AS revision),
  links AS MATERIALIZED (
    SELECT ${LINK_COLUMNS}
    FROM "TaskUnit" tu JOIN "Task" t ON t.id = tu."taskId"
    WHERE tu."unitId" = ANY($1::uuid[]) AND tu.role = 'lead'::"TaskUnitRole" AND t.active
      AND (SELECT revision FROM rev) IS DISTINCT FROM $2::text
  )
  SELECT rev.revision, CASE WHEN rev.revision IS DISTINCT FROM $2::text THEN ${SCOPE_JSON} END AS scope
  FROM rev`;

/**
 * The reporting scopes of this process (ReportStore.reportingScope): what a set of units reports
 * on, kept under the plan revision it was read at. Everything in a scope is written only by plan
 * inputs, and every write of those changes the revision (migration plan_revision): a scope kept
 * under the revision an event arrived at is what the database holds for that event. What is kept
 * is frozen, since every event of these units shares it. Shared by the report store, which reads
 * scopes, and the identity store, which reads a sender's scope with their arrival when it is not
 * kept (one round trip fewer for a report).
 */
export interface ReportingScopes {
  /**
   * The scope of these units. Given the revision the event arrived at, a scope kept under it is
   * served without a statement; otherwise one statement checks the revision and reads the scope
   * only when the kept one is not of it.
   */
  read(unitIds: readonly string[], asOf?: { planRevision: string | null }): Promise<ReportingScope>;
  /** The revision this sender's scope (their units when last seen) is kept under, if it is. */
  knownFor(sender: string): string | null;
  /** Keeps the scope of a sender's units read with their arrival at `revision`. */
  keep(sender: string, unitIds: readonly string[], revision: string, scope: ScopeJson): void;
  /** Remembers a sender's units (an arrival that read no scope: it was kept). */
  seen(sender: string, unitIds: readonly string[]): void;
}

export function createReportingScopes(prisma: PrismaClient): ReportingScopes {
  const kept = new Map<string, { revision: string; scope: ReportingScope }>();
  /** Each sender's unit set (its key in `kept`) when last seen. */
  const senders = new Map<string, string>();

  function remember(key: string, entry: { revision: string; scope: ReportingScope }): void {
    // Most recently used last: the first key is the one to forget.
    kept.delete(key);
    if (kept.size >= KEPT_SCOPES) kept.delete(kept.keys().next().value!);
    kept.set(key, entry);
  }

  function seen(sender: string, key: string): void {
    senders.delete(sender);
    if (senders.size >= KNOWN_SENDERS) senders.delete(senders.keys().next().value!);
    senders.set(sender, key);
  }

  return {
    async read(unitIds, asOf) {
      if (unitIds.length === 0) return { tasks: [], cycleSettings: new Map() };
      const key = keyOf(unitIds);
      const known = kept.get(key);
      if (known && asOf?.planRevision != null && asOf.planRevision === known.revision) {
        remember(key, known);
        return known.scope;
      }
      // Told of another revision than the kept one: read the scope whatever the revision now is.
      const check = asOf?.planRevision != null ? null : (known?.revision ?? null);
      const rows = await driverQuery<{ revision: string | null; scope: ScopeJson | null }>(
        prisma,
        SCOPE_SQL,
        [unitIds, check],
        "zb_reporting_scope",
      );
      const revision = rows[0]?.revision ?? null;
      if (known && revision !== null && revision === check) {
        remember(key, known);
        return known.scope;
      }
      const scope = toScope(rows[0]?.scope ?? null);
      if (revision !== null) remember(key, { revision, scope });
      else kept.delete(key);
      return scope;
    },

    knownFor(sender) {
      const key = senders.get(sender);
      return key === undefined ? null : (kept.get(key)?.revision ?? null);
    },

    keep(sender, unitIds, revision, scope) {
      const key = keyOf(unitIds);
      seen(sender, key);
      if (unitIds.length > 0) remember(key, { revision, scope: toScope(scope) });
    },

    seen(sender, unitIds) {
      seen(sender, keyOf(unitIds));
    },
  };
}

function keyOf(unitIds: readonly string[]): string {
  return [...unitIds].sort().join(",");
}

function toScope(json: ScopeJson | null): ReportingScope {
  const cycleSettings = new Map<string, CycleSettingRow[]>();
  for (const [groupId, settings] of Object.entries(json?.settings ?? {})) {
    cycleSettings.set(groupId, deepFreeze(settings));
  }
  return { tasks: deepFreeze(json?.tasks ?? []), cycleSettings };
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
