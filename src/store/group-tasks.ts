import type { TaskTarget } from "../core/reports/ports.js";
import type { GroupTask } from "../core/status/ports.js";
import { driverSql, Prisma, type PrismaClient } from "./client.js";

/**
 * The active tasks of these groups as {@link GroupTask}s (lead units by key, targets in order),
 * per group id, in the groups' task order (sortOrder, key). What `toGroupTask` over
 * `groupTaskInclude` gives, read with three flat queries instead of Prisma's nested include: the
 * scheduler reads every task of every group at each tick, and /status a whole group, and with
 * 20,000 tasks building the nested result cost ten times the database's own work (bench/, item 6).
 * Through the pg driver: Prisma's raw result mapping, per value, was still most of the load.
 */
export async function loadGroupTasks(
  prisma: PrismaClient,
  groupIds: readonly string[],
): Promise<Map<string, GroupTask[]>> {
  const result = new Map<string, GroupTask[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const ids = [...groupIds];
  const [tasks, leads, targets] = await Promise.all([
    driverSql<{
      id: string;
      groupId: string;
      key: string;
      title: string;
      startDate: string | null;
      endDate: string | null;
      cycles: GroupTask["cycles"];
    }>(
      prisma,
      Prisma.sql`
      SELECT t.id, t."groupId", t.key, t.title, to_char(t."startDate", 'YYYY-MM-DD') AS "startDate",
             to_char(t."endDate", 'YYYY-MM-DD') AS "endDate", t.cycles::text[] AS cycles
      FROM "Task" t
      WHERE t."groupId" = ANY(${ids}::uuid[]) AND t.active
      ORDER BY t."sortOrder" ASC, t.key ASC`,
    ),
    driverSql<{ taskId: string; id: string; key: string; name: string }>(
      prisma,
      Prisma.sql`
      SELECT tu."taskId", u.id, u.key, u.name
      FROM "TaskUnit" tu
      JOIN "Task" t ON t.id = tu."taskId"
      JOIN "Unit" u ON u.id = tu."unitId"
      WHERE t."groupId" = ANY(${ids}::uuid[]) AND t.active AND tu.role = 'lead'::"TaskUnitRole"
      ORDER BY u.key ASC`,
    ),
    driverSql<TaskTarget & { taskId: string }>(
      prisma,
      Prisma.sql`
      SELECT g."taskId", g.id, g.key, g.metric, g."unitOfMeasure", g.baseline::float8 AS baseline,
             g."targetValue"::float8 AS "targetValue", g.direction::text AS direction, g.kind::text AS kind,
             g."minValue"::float8 AS "minValue", g."maxValue"::float8 AS "maxValue", g."leadUnitId"
      FROM "Target" g
      JOIN "Task" t ON t.id = g."taskId"
      WHERE t."groupId" = ANY(${ids}::uuid[]) AND t.active
      ORDER BY g."sortOrder" ASC, g.key ASC`,
    ),
  ]);
  const byTask = new Map<string, GroupTask>();
  for (const t of tasks) {
    const task: GroupTask = {
      taskId: t.id,
      key: t.key,
      title: t.title,
      startDate: t.startDate,
      endDate: t.endDate,
      cycles: t.cycles,
      leadUnits: [],
      targets: [],
    };
    byTask.set(t.id, task);
    result.get(t.groupId)?.push(task);
  }
  // Fields copied by name: a rest pattern (`{ taskId, ...unit }`) over 40,000 rows cost more than
  // the rest of the mapping (bench/, item 6).
  for (const row of leads) byTask.get(row.taskId)?.leadUnits.push({ id: row.id, key: row.key, name: row.name });
  for (const row of targets) {
    byTask.get(row.taskId)?.targets.push({
      id: row.id,
      key: row.key,
      metric: row.metric,
      unitOfMeasure: row.unitOfMeasure,
      baseline: row.baseline,
      targetValue: row.targetValue,
      direction: row.direction,
      kind: row.kind,
      minValue: row.minValue,
      maxValue: row.maxValue,
      leadUnitId: row.leadUnitId,
    });
  }
  return result;
}

/**
 * Freezes a task read by {@link loadGroupTasks} with its units and targets, for stores that keep
 * tasks between calls and hand the same objects to every caller: none can change them for the
 * others. Field by field rather than a generic deep freeze, which took longer than the reading.
 */
export function freezeGroupTask(task: GroupTask): Readonly<GroupTask> {
  for (const unit of task.leadUnits) Object.freeze(unit);
  for (const target of task.targets) Object.freeze(target);
  Object.freeze(task.leadUnits);
  Object.freeze(task.targets);
  Object.freeze(task.cycles);
  return Object.freeze(task);
}
