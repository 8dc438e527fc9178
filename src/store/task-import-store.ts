import type { StoredTask, TaskImportChangeKind, TaskImportChanges, TaskSheetStore } from "../core/task-import.js";
import type { KeyedSheetTask } from "../domain/task-sheet/types.js";
import type { Prisma, PrismaClient } from "./client.js";
import { fromDateString, toDateString } from "./dates.js";

type Tx = Prisma.TransactionClient;

/** Thrown inside the transaction of a dry run so that nothing is committed. */
class DryRunRollback extends Error {}

export function createTaskSheetStore(prisma: PrismaClient): TaskSheetStore {
  const groupSelect = { key: true, name: true, timezone: true } as const;
  return {
    findGroup: (key) => prisma.workGroup.findUnique({ where: { key }, select: groupSelect }),
    listGroups: () =>
      prisma.workGroup.findMany({ select: groupSelect, orderBy: [{ sortOrder: "asc" }, { key: "asc" }] }),
    units: () =>
      prisma.unit.findMany({
        select: { key: true, name: true, shortName: true, aliases: true },
        orderBy: { key: "asc" },
      }),
    async memberUnits(groupKey) {
      const members = await prisma.groupUnit.findMany({
        where: { group: { key: groupKey } },
        select: { unit: { select: { key: true } } },
      });
      return members.map((m) => m.unit.key);
    },
    async tasksOfGroup(groupKey) {
      const tasks = await prisma.task.findMany({
        where: { group: { key: groupKey } },
        orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
        include: {
          units: { include: { unit: { select: { key: true } } } },
          targets: {
            orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
            include: { leadUnit: { select: { key: true } } },
          },
        },
      });
      return tasks.map((t): StoredTask => {
        const unitsWith = (role: "lead" | "participant") =>
          t.units
            .filter((u) => u.role === role)
            .map((u) => u.unit.key)
            .sort();
        return {
          key: t.key,
          title: t.title,
          listKind: t.listKind,
          lead: unitsWith("lead"),
          participants: unitsWith("participant"),
          startDate: t.startDate ? toDateString(t.startDate) : null,
          endDate: t.endDate ? toDateString(t.endDate) : null,
          cycles: t.cycles,
          description: t.description,
          source: t.source,
          active: t.active,
          targets: t.targets.map((g) => ({
            key: g.key,
            metric: g.metric,
            unitOfMeasure: g.unitOfMeasure,
            targetValue: g.targetValue.toNumber(),
            baseline: g.baseline === null ? null : g.baseline.toNumber(),
            direction: g.direction,
            kind: g.kind,
            lead: g.leadUnit?.key ?? null,
          })),
        };
      });
    },
    async applyTaskSheet(groupKey, tasks, options) {
      let changes: TaskImportChanges | undefined;
      try {
        await prisma.$transaction(
          async (tx) => {
            changes = await writeTaskSheet(tx, groupKey, tasks);
            if (options.dryRun) throw new DryRunRollback();
          },
          { timeout: 120_000, maxWait: 30_000 },
        );
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      if (!changes) throw new Error("task sheet transaction finished without a result");
      return changes;
    },
  };
}

/**
 * Writes a validated task sheet, keyed by (group, task key) and (task, target key), the way the
 * seed writer does: rows that already match are not touched, so a second run changes nothing.
 */
async function writeTaskSheet(tx: Tx, groupKey: string, tasks: KeyedSheetTask[]): Promise<TaskImportChanges> {
  const changes: TaskImportChanges = { counts: {}, total: 0, items: [], keptTargets: [] };
  const count = (kind: TaskImportChangeKind, subject: string) => {
    changes.counts[kind] = (changes.counts[kind] ?? 0) + 1;
    changes.total += 1;
    changes.items.push({ kind, subject });
  };
  const group = await tx.workGroup.findUnique({ where: { key: groupKey }, select: { id: true } });
  if (!group) throw new Error(`work group ${groupKey} disappeared during the import`);
  const groupId = group.id;
  const units = await tx.unit.findMany({ select: { id: true, key: true, name: true } });
  const unitIds = new Map(units.map((u) => [u.key, u.id]));
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  const unitId = (key: string) => {
    const id = unitIds.get(key);
    // The sheet was checked against the units before the transaction; this guards against a race.
    if (!id) throw new Error(`unit ${key} disappeared during the import`);
    return id;
  };
  const existing = new Map(
    (
      await tx.task.findMany({
        where: { groupId },
        include: { units: true, targets: { include: { _count: { select: { values: true } } } } },
      })
    ).map((t) => [t.key, t]),
  );

  // Tasks this import changed (themselves, their units or targets): marked below, so that a later
  // `zhuanban seed` reports them as conflicts instead of silently putting the seed's version back.
  const touched = new Set<string>();
  const taskOrders = increasingOrders(tasks.map((t) => existing.get(t.key)?.sortOrder));
  for (const [index, task] of tasks.entries()) {
    const totalBefore = changes.total;
    const sortOrder = taskOrders[index] ?? index;
    const data = {
      title: task.title,
      listKind: task.listKind,
      endDate: fromDateString(task.endDate),
      ...(task.startDate !== undefined && {
        startDate: task.startDate === null ? null : fromDateString(task.startDate),
      }),
      ...(task.cycles !== undefined && { cycles: task.cycles }),
      ...(task.description !== undefined && { description: task.description }),
      ...(task.source !== undefined && { source: task.source }),
    };
    let row = existing.get(task.key);
    if (!row) {
      const created = await tx.task.create({ data: { groupId, key: task.key, ...data, sortOrder } });
      row = { ...created, units: [], targets: [] };
      count("tasks created", `${task.key} ${task.title}`);
    } else {
      const changed = differs(row, data);
      if (changed || !row.active || row.sortOrder !== sortOrder) {
        await tx.task.update({ where: { id: row.id }, data: { ...data, active: true, sortOrder } });
        count(
          !row.active ? "tasks reactivated" : changed ? "tasks updated" : "tasks reordered",
          `${task.key} ${task.title}`,
        );
      }
    }
    const taskId = row.id;

    const wantedUnits = new Map<string, "lead" | "participant">([
      ...task.lead.map((key) => [unitId(key), "lead"] as const),
      ...task.participants.map((key) => [unitId(key), "participant"] as const),
    ]);
    for (const link of row.units) {
      const role = wantedUnits.get(link.unitId);
      const where = { taskId_unitId: { taskId, unitId: link.unitId } };
      if (!role) {
        await tx.taskUnit.delete({ where });
        count("unit links removed", `${task.key} ${unitNames.get(link.unitId) ?? link.unitId}`);
      } else if (role !== link.role) {
        await tx.taskUnit.update({ where, data: { role } });
        count("unit links changed", `${task.key} ${unitNames.get(link.unitId) ?? link.unitId}`);
      }
      wantedUnits.delete(link.unitId);
    }
    for (const [linkUnitId, role] of wantedUnits) {
      await tx.taskUnit.create({ data: { taskId, unitId: linkUnitId, role } });
      count("unit links added", `${task.key} ${unitNames.get(linkUnitId) ?? linkUnitId}`);
    }

    const leadIds = new Set(task.lead.map(unitId));
    const storedTargets = new Map(row.targets.map((t) => [t.key, t]));
    const targetOrders = increasingOrders(task.targets.map((t) => storedTargets.get(t.key)?.sortOrder));
    for (const [targetIndex, target] of task.targets.entries()) {
      const stored = storedTargets.get(target.key);
      storedTargets.delete(target.key);
      const targetSortOrder = targetOrders[targetIndex] ?? targetIndex;
      // Without a 指标牵头单位 column the stored one stays, unless it is no longer a lead unit of the task.
      const leadUnitId =
        target.lead !== undefined
          ? target.lead === null
            ? null
            : unitId(target.lead)
          : stored?.leadUnitId && leadIds.has(stored.leadUnitId)
            ? stored.leadUnitId
            : null;
      const targetData = {
        metric: target.metric,
        unitOfMeasure: target.unitOfMeasure,
        targetValue: target.targetValue,
        leadUnitId,
        ...(target.baseline !== undefined && { baseline: target.baseline }),
        ...(target.direction !== undefined && { direction: target.direction }),
        ...(target.kind !== undefined && { kind: target.kind }),
      };
      if (!stored) {
        await tx.target.create({
          data: {
            taskId,
            key: target.key,
            baseline: null,
            direction: "increase",
            kind: "cumulative",
            ...targetData,
            sortOrder: targetSortOrder,
          },
        });
        count("targets created", `${task.key} ${target.metric}`);
      } else {
        const changed = differs(stored, targetData);
        if (changed || stored.sortOrder !== targetSortOrder) {
          await tx.target.update({ where: { id: stored.id }, data: { ...targetData, sortOrder: targetSortOrder } });
          count(changed ? "targets updated" : "targets reordered", `${task.key} ${target.metric}`);
        }
      }
    }
    // A target dropped from the sheet goes only if nobody has reported on it yet.
    for (const stale of storedTargets.values()) {
      if (stale._count.values === 0) {
        await tx.target.delete({ where: { id: stale.id } });
        count("targets removed", `${task.key} ${stale.metric}`);
      } else changes.keptTargets.push({ task: task.key, key: stale.key, metric: stale.metric });
    }
    if (changes.total > totalBefore) touched.add(taskId);
  }

  // Tasks not in the sheet are deactivated, never deleted: their reports stay.
  const inSheet = new Set(tasks.map((t) => t.key));
  for (const row of existing.values()) {
    if (!inSheet.has(row.key) && row.active) {
      await tx.task.update({ where: { id: row.id }, data: { active: false } });
      count("tasks deactivated", `${row.key} ${row.title}`);
      touched.add(row.id);
    }
  }
  await markImported(tx, "Task", [...touched]);
  return changes;
}

/**
 * Stamps rows written by an Excel import with the database's own time (like updatedAt), the
 * mark that `zhuanban seed` respects (README "Seed files and Excel imports").
 */
export async function markImported(tx: Tx, table: "Task" | "Contact", ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  // The table name is one of two literals, never user input.
  await tx.$executeRawUnsafe(`UPDATE "${table}" SET "importedAt" = now() WHERE id = ANY($1::uuid[])`, ids);
}

/**
 * Sort orders that follow the sheet's order while moving as few rows as possible: a stored value
 * is kept when it is above the previous row's; otherwise (a new row, or one moved up) the row gets
 * the previous value plus one.
 */
export function increasingOrders(stored: readonly (number | undefined)[]): number[] {
  let last: number | undefined;
  return stored.map((order) => {
    const value =
      order !== undefined && (last === undefined || order > last) ? order : last === undefined ? 0 : last + 1;
    last = value;
    return value;
  });
}

/** True when any field of `wanted` differs from `existing` (Decimals and Dates by value, cycles as a set). */
function differs(existing: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).some(([field, value]) => !sameValue(existing[field], value, field === "cycles"));
}

function sameValue(a: unknown, b: unknown, asSet = false): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a !== null && typeof a === "object" && "toNumber" in a && typeof b === "number") {
    return (a as { toNumber(): number }).toNumber() === b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (asSet) return a.length === b.length && a.every((x) => b.includes(x));
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  return a === b;
}
