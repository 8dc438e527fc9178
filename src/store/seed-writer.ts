import type { SeedSet } from "../domain/seed/schema.js";
import { Prisma as PrismaNamespace, type Prisma, type PrismaClient } from "./client.js";
import { fromDateString } from "./dates.js";

type Tx = Prisma.TransactionClient;

/** What a seed run changed, per kind of row. All zero means the database already matched. */
export interface SeedChanges {
  created: Record<string, number>;
  updated: Record<string, number>;
  /** Rows no longer in the seed: links removed, tasks deactivated (never deleted: reports hang on them). */
  removed: Record<string, number>;
  total: number;
  /**
   * Tasks and contacts an Excel import changed last whose seed version differs: left as imported,
   * or, with `force`, overwritten by the seed (and their mark cleared).
   */
  conflicts: SeedConflict[];
}

/** A task or contact whose imported version and seed version differ. */
export interface SeedConflict {
  kind: "task" | "contact";
  key: string;
  /** The task's group key; undefined for a contact. */
  group?: string | undefined;
  importedAt: Date;
  /** What the seed would do: update the row, or deactivate it (a task the seed does not list). */
  change: "update" | "deactivate";
  /** True when --force wrote the seed's version over the import. */
  overridden: boolean;
}

export interface ApplySeedOptions {
  /** Write the seed's version over rows an import changed (their mark is cleared). */
  force?: boolean;
}

/**
 * Loads a validated seed set in one transaction, keyed by stable keys: a second run with the same
 * files changes nothing; an edited file updates rows in place. Rows the seed no longer mentions
 * are left alone, except links (memberships, roles, lead units), which follow the seed, and tasks,
 * which are deactivated rather than deleted so their report history stays. Tasks and contacts an
 * Excel import changed last are not reverted: a difference is reported as a conflict, and written
 * only with `force` (README "Seed files and Excel imports").
 */
export async function applySeed(
  prisma: PrismaClient,
  seed: SeedSet,
  options: ApplySeedOptions = {},
): Promise<SeedChanges> {
  const changes: SeedChanges = { created: {}, updated: {}, removed: {}, total: 0, conflicts: [] };
  const count = (kind: "created" | "updated" | "removed", what: string, n = 1) => {
    if (n === 0) return;
    changes[kind][what] = (changes[kind][what] ?? 0) + n;
    changes.total += n;
  };
  await prisma.$transaction(
    async (tx) => {
      const unitIds = await syncUnits(tx, seed, count);
      const groupIds = await syncGroups(tx, seed, unitIds, count);
      const guard = createImportGuard(tx, changes, options.force ?? false);
      await syncContacts(tx, seed, unitIds, groupIds, count, guard);
      await syncTasks(tx, seed, unitIds, groupIds, count, guard);
      await syncCycles(tx, seed, groupIds, count);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return changes;
}

type Count = (kind: "created" | "updated" | "removed", what: string, n?: number) => void;

/** True when any field of `wanted` differs from `existing` (Decimals and Dates compared by value). */
function differs(existing: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).some(([field, value]) => !sameValue(existing[field], value));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a !== null && typeof a === "object" && "toNumber" in a && typeof b === "number") {
    return (a as { toNumber(): number }).toNumber() === b;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    // JSON columns come back from jsonb with their keys reordered: compare by key, not by text.
    const aKeys = Object.keys(a).sort();
    const bKeys = Object.keys(b).sort();
    return (
      aKeys.length === bKeys.length &&
      aKeys.every(
        (key, i) =>
          key === bKeys[i] && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
      )
    );
  }
  return a === b;
}

async function syncUnits(tx: Tx, seed: SeedSet, count: Count): Promise<Map<string, string>> {
  const existing = new Map((await tx.unit.findMany()).map((u) => [u.key, u]));
  const ids = new Map<string, string>();
  for (const unit of seed.units) {
    const data = {
      name: unit.name,
      shortName: unit.shortName ?? null,
      aliases: unit.aliases,
      isExample: unit.isExample,
    };
    const row = existing.get(unit.key);
    if (!row) {
      ids.set(unit.key, (await tx.unit.create({ data: { key: unit.key, ...data } })).id);
      count("created", "units");
    } else {
      ids.set(unit.key, row.id);
      if (differs(row, data)) {
        await tx.unit.update({ where: { id: row.id }, data });
        count("updated", "units");
      }
    }
  }
  return ids;
}

async function syncGroups(
  tx: Tx,
  seed: SeedSet,
  unitIds: Map<string, string>,
  count: Count,
): Promise<Map<string, string>> {
  const existing = new Map((await tx.workGroup.findMany({ include: { memberUnits: true } })).map((g) => [g.key, g]));
  const ids = new Map<string, string>();
  for (const [index, group] of seed.groups.entries()) {
    const data = {
      name: group.name,
      shortName: group.shortName ?? null,
      timezone: group.timezone,
      convenorTitle: group.convenorTitle ?? null,
      deputyTitle: group.deputyTitle ?? null,
      officeDescription: group.officeDescription ?? null,
      // Left out of the seed: back to the defaults, as for every optional field of a group.
      briefingOffice: group.briefing?.office ?? null,
      briefingSendTo: group.briefing?.sendTo ?? null,
      briefingCopyTo: group.briefing?.copyTo ?? null,
      isExample: group.isExample,
      sortOrder: group.sortOrder ?? index,
    };
    let row = existing.get(group.key);
    if (!row) {
      row = { ...(await tx.workGroup.create({ data: { key: group.key, ...data } })), memberUnits: [] };
      count("created", "groups");
    } else if (differs(row, data)) {
      await tx.workGroup.update({ where: { id: row.id }, data });
      count("updated", "groups");
    }
    ids.set(group.key, row.id);
    const groupId = row.id;
    await syncLinks(
      row.memberUnits.map((m) => ({ unitId: m.unitId, value: m.hostsOffice })),
      new Map(group.memberUnits.map((key) => [unitId(unitIds, key), key === group.officeUnit])),
      {
        remove: (id) => tx.groupUnit.delete({ where: { groupId_unitId: { groupId, unitId: id } } }),
        change: (id, hostsOffice) =>
          tx.groupUnit.update({ where: { groupId_unitId: { groupId, unitId: id } }, data: { hostsOffice } }),
        add: (id, hostsOffice) => tx.groupUnit.create({ data: { groupId, unitId: id, hostsOffice } }),
      },
      (kind) => count(kind, "group members"),
    );
  }
  return ids;
}

async function syncContacts(
  tx: Tx,
  seed: SeedSet,
  unitIds: Map<string, string>,
  groupIds: Map<string, string>,
  count: Count,
  guard: ImportGuard,
): Promise<void> {
  const existing = new Map(
    (await tx.contact.findMany({ include: { unitRoles: true, groupRoles: true } })).map((c) => [c.key, c]),
  );
  for (const contact of seed.contacts) {
    const data = {
      name: contact.name,
      title: contact.title ?? null,
      phone: contact.phone ?? null,
      email: contact.email ?? null,
      locale: contact.locale ?? null,
      active: contact.active,
      isExample: contact.isExample,
    };
    let row = existing.get(contact.key);
    const guarded = await guard.begin({ kind: "contact", key: contact.key, row, change: "update" });
    if (!row) {
      row = { ...(await tx.contact.create({ data: { key: contact.key, ...data } })), unitRoles: [], groupRoles: [] };
      count("created", "contacts");
    } else if (differs(row, data)) {
      await tx.contact.update({ where: { id: row.id }, data });
      count("updated", "contacts");
    }
    const contactId = row.id;

    await syncLinks(
      row.unitRoles.map((link) => ({ unitId: link.unitId, value: link.role })),
      new Map(contact.units.map((u) => [unitId(unitIds, u.unit), u.role])),
      {
        remove: (id) => tx.contactUnitRole.delete({ where: { contactId_unitId: { contactId, unitId: id } } }),
        change: (id, role) =>
          tx.contactUnitRole.update({ where: { contactId_unitId: { contactId, unitId: id } }, data: { role } }),
        add: (id, role) => tx.contactUnitRole.create({ data: { contactId, unitId: id, role } }),
      },
      (kind) => count(kind, "contact unit roles"),
    );

    const roleId = (groupId: string, role: string) => `${groupId}/${role}`;
    const wantedRoles = new Map(
      contact.groups.map((g) => {
        const groupId = groupIdOf(groupIds, g.group);
        return [roleId(groupId, g.role), { groupId, role: g.role }];
      }),
    );
    for (const link of row.groupRoles) {
      if (!wantedRoles.delete(roleId(link.groupId, link.role))) {
        await tx.contactGroupRole.delete({
          where: { contactId_groupId_role: { contactId, groupId: link.groupId, role: link.role } },
        });
        count("removed", "contact group roles");
      }
    }
    for (const want of wantedRoles.values()) {
      await tx.contactGroupRole.create({ data: { contactId, ...want } });
      count("created", "contact group roles");
    }
    await guarded.end();
  }
}

async function syncTasks(
  tx: Tx,
  seed: SeedSet,
  unitIds: Map<string, string>,
  groupIds: Map<string, string>,
  count: Count,
  guard: ImportGuard,
): Promise<void> {
  const existing = new Map(
    (
      await tx.task.findMany({
        include: { units: true, targets: { include: { _count: { select: { values: true } } } } },
      })
    ).map((t) => [`${t.groupId}/${t.key}`, t]),
  );
  const seen = new Set<string>();
  for (const [index, task] of seed.tasks.entries()) {
    const groupId = groupIdOf(groupIds, task.group);
    const data = {
      title: task.title,
      listKind: task.listKind,
      description: task.description ?? null,
      startDate: task.startDate ? fromDateString(task.startDate) : null,
      endDate: fromDateString(task.endDate),
      cycles: task.cycles,
      source: task.source ?? null,
      isExample: task.isExample,
      active: task.active,
      sortOrder: task.sortOrder ?? index,
    };
    const id = `${groupId}/${task.key}`;
    seen.add(id);
    let row = existing.get(id);
    const guarded = await guard.begin({ kind: "task", key: task.key, group: task.group, row, change: "update" });
    if (!row) {
      row = { ...(await tx.task.create({ data: { groupId, key: task.key, ...data } })), units: [], targets: [] };
      count("created", "tasks");
    } else if (differs(row, data)) {
      await tx.task.update({ where: { id: row.id }, data });
      count("updated", "tasks");
    }
    const taskId = row.id;

    await syncLinks(
      row.units.map((link) => ({ unitId: link.unitId, value: link.role })),
      new Map<string, "lead" | "participant">([
        ...task.lead.map((key) => [unitId(unitIds, key), "lead"] as const),
        ...task.participants.map((key) => [unitId(unitIds, key), "participant"] as const),
      ]),
      {
        remove: (id) => tx.taskUnit.delete({ where: { taskId_unitId: { taskId, unitId: id } } }),
        change: (id, role) => tx.taskUnit.update({ where: { taskId_unitId: { taskId, unitId: id } }, data: { role } }),
        add: (id, role) => tx.taskUnit.create({ data: { taskId, unitId: id, role } }),
      },
      (kind) => count(kind, "task units"),
    );

    const targets = new Map(row.targets.map((t) => [t.key, t]));
    for (const [targetIndex, target] of task.targets.entries()) {
      const targetData = {
        metric: target.metric,
        unitOfMeasure: target.unitOfMeasure,
        baseline: target.baseline ?? null,
        targetValue: target.targetValue,
        direction: target.direction,
        kind: target.kind,
        minValue: target.minValue ?? null,
        maxValue: target.maxValue ?? null,
        sortOrder: target.sortOrder ?? targetIndex,
        leadUnitId: target.lead ? unitId(unitIds, target.lead) : null,
      };
      const existingTarget = targets.get(target.key);
      if (!existingTarget) {
        await tx.target.create({ data: { taskId, key: target.key, ...targetData } });
        count("created", "targets");
      } else if (differs(existingTarget, targetData)) {
        await tx.target.update({ where: { id: existingTarget.id }, data: targetData });
        count("updated", "targets");
      }
      targets.delete(target.key);
    }
    // A target dropped from the seed goes only if nobody has reported on it yet.
    for (const stale of targets.values()) {
      if (stale._count.values === 0) {
        await tx.target.delete({ where: { id: stale.id } });
        count("removed", "targets");
      }
    }
    await guarded.end();
  }
  const groupKeys = new Map([...groupIds].map(([key, id]) => [id, key]));
  for (const [id, row] of existing) {
    if (!seen.has(id) && row.active && seed.groups.some((g) => groupIds.get(g.key) === row.groupId)) {
      const group = groupKeys.get(row.groupId);
      const guarded = await guard.begin({ kind: "task", key: row.key, group, row, change: "deactivate" });
      await tx.task.update({ where: { id: row.id }, data: { active: false } });
      count("removed", "tasks (deactivated)");
      await guarded.end();
    }
  }
}

async function syncCycles(tx: Tx, seed: SeedSet, groupIds: Map<string, string>, count: Count): Promise<void> {
  const existing = new Map((await tx.cycleSetting.findMany()).map((c) => [`${c.groupId}/${c.cycle}`, c]));
  for (const cycle of seed.cycles) {
    const groupId = groupIdOf(groupIds, cycle.group);
    // null in the seed means "the domain defaults". The dueRule column is required, so it holds
    // an explicit {"kind":"default"} that the time rules read as the cycle's default rule.
    const wanted = {
      enabled: cycle.enabled,
      dueRule: cycle.dueRule ?? { kind: "default" },
      ladder: cycle.ladder ?? null,
      quietHours: cycle.quietHours ?? null,
    };
    const data = {
      enabled: wanted.enabled,
      dueRule: wanted.dueRule as Prisma.InputJsonValue,
      ladder: wanted.ladder === null ? PrismaNamespace.DbNull : (wanted.ladder as Prisma.InputJsonValue),
      quietHours: wanted.quietHours === null ? PrismaNamespace.DbNull : (wanted.quietHours as Prisma.InputJsonValue),
    };
    const row = existing.get(`${groupId}/${cycle.cycle}`);
    if (!row) {
      await tx.cycleSetting.create({ data: { groupId, cycle: cycle.cycle, ...data } });
      count("created", "cycle settings");
    } else if (differs(row, wanted)) {
      await tx.cycleSetting.update({ where: { id: row.id }, data });
      count("updated", "cycle settings");
    }
  }
}

/** Wraps the sync of one task or contact that an import may have changed last. */
interface ImportGuard {
  begin(subject: {
    kind: SeedConflict["kind"];
    key: string;
    group?: string | undefined;
    row: { id: string; importedAt: Date | null } | undefined;
    change: SeedConflict["change"];
  }): Promise<{ end(): Promise<void> }>;
}

/**
 * For a row an import changed last, the seed's writes run inside a savepoint and are counted: if
 * they changed nothing there is no conflict; if they did, they are rolled back (and the counts
 * restored) unless `force`, which keeps them and clears the mark. The savepoint, rather than a
 * second comparison, keeps "what would the seed change" defined in one place: the sync itself.
 */
function createImportGuard(tx: Tx, changes: SeedChanges, force: boolean): ImportGuard {
  const noop = { end: async () => undefined };
  return {
    async begin({ kind, key, group, row, change }) {
      const importedAt = row?.importedAt;
      if (!row || !importedAt) return noop;
      const before = structuredClone({ created: changes.created, updated: changes.updated, removed: changes.removed });
      const totalBefore = changes.total;
      await tx.$executeRawUnsafe("SAVEPOINT seed_over_import");
      return {
        async end() {
          if (changes.total === totalBefore) {
            await tx.$executeRawUnsafe("RELEASE SAVEPOINT seed_over_import");
            return;
          }
          changes.conflicts.push({ kind, key, group, importedAt, change, overridden: force });
          if (force) {
            await tx.$executeRawUnsafe("RELEASE SAVEPOINT seed_over_import");
            const table = kind === "task" ? "Task" : "Contact";
            await tx.$executeRawUnsafe(`UPDATE "${table}" SET "importedAt" = NULL WHERE id = $1::uuid`, row.id);
            return;
          }
          await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT seed_over_import");
          await tx.$executeRawUnsafe("RELEASE SAVEPOINT seed_over_import");
          Object.assign(changes, before, { total: totalBefore });
        },
      };
    },
  };
}

/**
 * Makes the stored links of one row to units (roles, memberships) equal to the wanted ones:
 * links no longer wanted are removed, changed ones updated, new ones added.
 */
async function syncLinks<V>(
  existing: readonly { unitId: string; value: V }[],
  wanted: ReadonlyMap<string, V>,
  ops: {
    remove(unitId: string): Promise<unknown>;
    change(unitId: string, value: V): Promise<unknown>;
    add(unitId: string, value: V): Promise<unknown>;
  },
  counted: (kind: "created" | "updated" | "removed") => void,
): Promise<void> {
  const pending = new Map(wanted);
  for (const link of existing) {
    if (!pending.has(link.unitId)) {
      await ops.remove(link.unitId);
      counted("removed");
    } else {
      const value = pending.get(link.unitId) as V;
      if (value !== link.value) {
        await ops.change(link.unitId, value);
        counted("updated");
      }
    }
    pending.delete(link.unitId);
  }
  for (const [id, value] of pending) {
    await ops.add(id, value);
    counted("created");
  }
}

function unitId(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  // The seed was validated as a whole, so every reference resolves; this guards against a bug.
  if (!id) throw new Error(`seed references unknown unit ${key} after validation`);
  return id;
}

function groupIdOf(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`seed references unknown group ${key} after validation`);
  return id;
}
