import type { SeedSet } from "./schema.js";

/** A path inside a seed file or the merged set: `["tasks", 3, "targets", 0, "targetValue"]`. */
export type SeedPath = (string | number)[];

/** A problem found by {@link checkSeedSet}, at a path inside the merged set. */
export interface SeedSetIssue {
  path: SeedPath;
  message: string;
}

/** Says where a merged-set path came from, for messages that point at a second place. */
export type DescribePath = (path: SeedPath) => string;

/** `tasks[3].targets[0].targetValue` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/**
 * Checks what no single file can: that every unit, group and contact key is defined once and
 * every reference resolves. Errors make the set unusable; warnings are gaps an operator
 * should know about (a lead unit nobody will be reminded for, a group with no cycle).
 */
export function checkSeedSet(
  set: SeedSet,
  describe: DescribePath = formatPath,
): { errors: SeedSetIssue[]; warnings: SeedSetIssue[] } {
  const errors: SeedSetIssue[] = [];
  const warnings: SeedSetIssue[] = [];
  const error = (path: SeedPath, message: string) => errors.push({ path, message });
  const warn = (path: SeedPath, message: string) => warnings.push({ path, message });

  /** Records first occurrences; reports later ones as duplicates. */
  const firstSeen = <K>() => {
    const seen = new Map<K, SeedPath>();
    return (key: K, path: SeedPath, what: string): boolean => {
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        error(path, `${what} is already defined at ${describe(earlier)}`);
        return false;
      }
      seen.set(key, path);
      return true;
    };
  };

  const unitKeys = new Set<string>();
  const unitKey = firstSeen<string>();
  const unitName = firstSeen<string>();
  set.units.forEach((unit, i) => {
    if (unitKey(unit.key, ["units", i, "key"], `unit key "${unit.key}"`)) unitKeys.add(unit.key);
    const names: [string, SeedPath][] = [[unit.name, ["units", i, "name"]]];
    if (unit.shortName !== undefined) names.push([unit.shortName, ["units", i, "shortName"]]);
    unit.aliases.forEach((alias, j) => names.push([alias, ["units", i, "aliases", j]]));
    for (const [name, path] of names) {
      unitName(name, path, `the name "${name}" (names and aliases must pick out one unit)`);
    }
  });

  const unknownUnit = (key: string, path: SeedPath) => {
    if (unitKeys.has(key)) return false;
    error(path, `unknown unit "${key}": no unit with this key in any units section`);
    return true;
  };

  const groupKeys = new Set<string>();
  const groupKey = firstSeen<string>();
  set.groups.forEach((group, i) => {
    if (groupKey(group.key, ["groups", i, "key"], `group key "${group.key}"`)) groupKeys.add(group.key);
    const members = new Set<string>();
    group.memberUnits.forEach((unit, j) => {
      unknownUnit(unit, ["groups", i, "memberUnits", j]);
      if (members.has(unit)) error(["groups", i, "memberUnits", j], `unit "${unit}" is listed twice`);
      members.add(unit);
    });
    if (group.officeUnit !== undefined && !unknownUnit(group.officeUnit, ["groups", i, "officeUnit"])) {
      if (!members.has(group.officeUnit)) {
        error(["groups", i, "officeUnit"], `unit "${group.officeUnit}" hosts the office but is not in memberUnits`);
      }
    }
  });

  const unknownGroup = (key: string, path: SeedPath) => {
    if (groupKeys.has(key)) return false;
    error(path, `unknown group "${key}": no group with this key in any groups section`);
    return true;
  };

  const taskKey = firstSeen<string>();
  const taskGroupsByKey = new Map<string, Set<string>>();
  const leadless = new Map<string, number[]>();
  const leadUnits = new Map<string, SeedPath>();
  set.tasks.forEach((task, i) => {
    const groupUnknown = unknownGroup(task.group, ["tasks", i, "group"]);
    taskKey(`${task.group}\u0000${task.key}`, ["tasks", i, "key"], `task key "${task.key}" in group ${task.group}`);
    taskGroupsByKey.set(task.key, (taskGroupsByKey.get(task.key) ?? new Set()).add(task.group));
    const group = set.groups.find((g) => g.key === task.group);
    const members = new Set(group?.memberUnits ?? []);
    for (const list of ["lead", "participants"] as const) {
      task[list].forEach((unit, j) => {
        if (unknownUnit(unit, ["tasks", i, list, j])) return;
        if (list === "lead" && task.active && !leadUnits.has(unit)) leadUnits.set(unit, ["tasks", i, list, j]);
        if (!groupUnknown && members.size > 0 && !members.has(unit)) {
          warn(["tasks", i, list, j], `unit "${unit}" is not among the member units of group ${task.group}`);
        }
      });
    }
    if (task.active && task.lead.length === 0) leadless.set(task.group, [...(leadless.get(task.group) ?? []), i]);
  });
  for (const [key, groups] of taskGroupsByKey) {
    if (groups.size > 1) {
      const i = set.tasks.findIndex((t) => t.key === key);
      warn(
        ["tasks", i, "key"],
        `task key "${key}" is used in groups ${[...groups].join(", ")}; users type task keys without a group`,
      );
    }
  }
  for (const [group, indexes] of leadless) {
    const keys = indexes.map((i) => set.tasks[i]?.key).join(", ");
    warn(
      ["tasks", indexes[0] ?? 0, "lead"],
      `${indexes.length} task(s) of group ${group} have no lead unit, so nobody is reminded for them: ${keys}`,
    );
  }

  const contactKey = firstSeen<string>();
  const primaryOf = firstSeen<string>();
  const unitsWithPrimary = new Set<string>();
  set.contacts.forEach((contact, i) => {
    contactKey(contact.key, ["contacts", i, "key"], `contact key "${contact.key}"`);
    contact.units.forEach((u, j) => {
      if (unknownUnit(u.unit, ["contacts", i, "units", j, "unit"])) return;
      if (u.role === "primary") {
        primaryOf(u.unit, ["contacts", i, "units", j, "role"], `a primary contact for unit "${u.unit}"`);
        if (contact.active) unitsWithPrimary.add(u.unit);
      }
    });
    contact.groups.forEach((g, j) => unknownGroup(g.group, ["contacts", i, "groups", j, "group"]));
  });
  for (const [unit, path] of leadUnits) {
    if (!unitsWithPrimary.has(unit)) warn(path, `lead unit "${unit}" has no active primary contact to remind`);
  }

  const cycleKey = firstSeen<string>();
  const enabledGroups = new Set<string>();
  set.cycles.forEach((cycle, i) => {
    if (unknownGroup(cycle.group, ["cycles", i, "group"])) return;
    cycleKey(`${cycle.group}/${cycle.cycle}`, ["cycles", i, "cycle"], `cycle "${cycle.cycle}" of group ${cycle.group}`);
    if (cycle.enabled) enabledGroups.add(cycle.group);
  });
  set.groups.forEach((group, i) => {
    if (!enabledGroups.has(group.key)) warn(["groups", i, "key"], `group ${group.key} has no enabled reporting cycle`);
  });

  return { errors, warnings };
}
