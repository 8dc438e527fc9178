import type { GroupPlanInput, PlanStore } from "../core/plan/ports.js";
import type { PrismaClient } from "./client.js";
import { loadGroupTasks } from "./group-tasks.js";

const groupSelect = { id: true, key: true, name: true, timezone: true } as const;
const groupOrder = [{ sortOrder: "asc" as const }, { key: "asc" as const }];

export function createPlanStore(prisma: PrismaClient): PlanStore {
  return {
    findGroup: (keyOrName) =>
      prisma.workGroup.findFirst({
        where: { OR: [{ key: keyOrName }, { name: keyOrName }, { shortName: keyOrName }] },
        select: groupSelect,
        orderBy: groupOrder,
      }),

    listGroups: () => prisma.workGroup.findMany({ select: groupSelect, orderBy: groupOrder }),

    async groupsWithSettings(groupIds) {
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
    },
  };
}
