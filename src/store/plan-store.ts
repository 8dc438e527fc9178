import type { GroupPlanInput, PlanStore } from "../core/plan/ports.js";
import type { PrismaClient } from "./client.js";
import { freezeGroupTask, loadGroupTasks } from "./group-tasks.js";
import { planRevision } from "./plan-revision.js";

const groupSelect = { id: true, key: true, name: true, timezone: true } as const;
const groupOrder = [{ sortOrder: "asc" as const }, { key: "asc" as const }];

/**
 * The PlanStore over PostgreSQL. It keeps the last full load of the plan inputs in memory and
 * serves it again while the database's plan revision (the `PlanRevision` row, set by triggers in
 * every transaction that writes a group, cycle setting, task, task unit, target or unit, whichever
 * process or tool writes it) has not changed: reading the revision is one indexed row, loading the
 * inputs is 20,000 tasks with their units and targets at the scale of a province (bench/, item 6).
 */
export function createPlanStore(prisma: PrismaClient): PlanStore {
  let cached: { revision: string; inputs: GroupPlanInput[] } | null = null;

  return {
    findGroup: (keyOrName) =>
      prisma.workGroup.findFirst({
        where: { OR: [{ key: keyOrName }, { name: keyOrName }, { shortName: keyOrName }] },
        select: groupSelect,
        orderBy: groupOrder,
      }),

    listGroups: () => prisma.workGroup.findMany({ select: groupSelect, orderBy: groupOrder }),

    async groupsWithSettings(groupIds) {
      // Read before the inputs: a change committed while they load leaves the cache under the old
      // revision, so the next call sees a new one and loads again; never the other way round.
      const revision = await planRevision(prisma);
      if (revision === null || cached?.revision !== revision) {
        // Only a load of every group is kept; a load of some (the CLI, /chase) is read as asked.
        if (groupIds) return loadPlanInputs(prisma, groupIds);
        const inputs = freezeInputs(await loadPlanInputs(prisma));
        if (revision !== null) cached = { revision, inputs };
        return inputs;
      }
      const inputs = cached.inputs;
      return groupIds ? inputs.filter((input) => groupIds.includes(input.group.id)) : inputs;
    },
  };
}

/** Every group (or these) with its cycle settings and active tasks, in display order. */
async function loadPlanInputs(prisma: PrismaClient, groupIds?: readonly string[]): Promise<GroupPlanInput[]> {
  const where = groupIds ? { id: { in: [...groupIds] } } : {};
  // Two steps for any number of groups: groups with their settings, then all their tasks.
  const groups = await prisma.workGroup.findMany({
    where,
    select: { ...groupSelect, cycleSettings: true },
    orderBy: groupOrder,
  });
  const tasks = await loadGroupTasks(
    prisma,
    groups.map((g) => g.id),
  );
  return groups.map(({ cycleSettings, ...group }): GroupPlanInput => ({
    group,
    settings: cycleSettings.map((s) => ({
      cycle: s.cycle,
      enabled: s.enabled,
      dueRule: s.dueRule,
      ladder: s.ladder,
      quietHours: s.quietHours,
    })),
    tasks: tasks.get(group.id) ?? [],
  }));
}

/**
 * Kept inputs are shared by every later call: frozen, so that no caller can change them for the
 * others (and planAt may keep what it works out for them). Field by field rather than a generic
 * deep freeze, which took longer than reading the 20,000 tasks.
 */
function freezeInputs(inputs: GroupPlanInput[]): GroupPlanInput[] {
  for (const input of inputs) {
    Object.freeze(input.group);
    for (const setting of input.settings) Object.freeze(setting);
    for (const task of input.tasks) freezeGroupTask(task);
    Object.freeze(input.settings);
    Object.freeze(input.tasks);
    Object.freeze(input);
  }
  Object.freeze(inputs);
  return inputs;
}
