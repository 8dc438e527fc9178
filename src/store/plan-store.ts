import type { GroupPlanInput, PlanStore } from "../core/plan/ports.js";
import type { GroupTask } from "../core/status/ports.js";
import type { PrismaClient } from "./client.js";
import { toDateString } from "./dates.js";

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
      // Two queries for any number of groups: groups with their settings, then all their tasks.
      const groups = await prisma.workGroup.findMany({
        where,
        select: { ...groupSelect, cycleSettings: true },
        orderBy: groupOrder,
      });
      const tasks = await prisma.task.findMany({
        where: { groupId: { in: groups.map((g) => g.id) }, active: true },
        orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
        include: {
          units: {
            where: { role: "lead" },
            include: { unit: { select: { id: true, key: true, name: true } } },
            orderBy: { unit: { key: "asc" } },
          },
          targets: { orderBy: [{ sortOrder: "asc" }, { key: "asc" }] },
        },
      });
      return groups.map(({ cycleSettings, ...group }): GroupPlanInput => ({
        group,
        settings: cycleSettings.map((s) => ({
          cycle: s.cycle,
          enabled: s.enabled,
          dueRule: s.dueRule,
          ladder: s.ladder,
          quietHours: s.quietHours,
        })),
        tasks: tasks
          .filter((t) => t.groupId === group.id)
          .map((t): GroupTask => ({
            taskId: t.id,
            key: t.key,
            title: t.title,
            startDate: t.startDate ? toDateString(t.startDate) : null,
            endDate: t.endDate ? toDateString(t.endDate) : null,
            cycles: t.cycles,
            leadUnits: t.units.map((u) => u.unit),
            targets: t.targets.map((g) => ({
              id: g.id,
              key: g.key,
              metric: g.metric,
              unitOfMeasure: g.unitOfMeasure,
              baseline: g.baseline === null ? null : g.baseline.toNumber(),
              targetValue: g.targetValue.toNumber(),
              direction: g.direction,
              cumulative: g.cumulative,
              leadUnitId: g.leadUnitId,
            })),
          })),
      }));
    },
  };
}
