import type { TaskOverviewStore, TaskSummary } from "../core/task-overview.js";
import type { PrismaClient } from "./client.js";
import { toDateString } from "./dates.js";

export function createTaskOverviewStore(prisma: PrismaClient): TaskOverviewStore {
  const groupSelect = { key: true, name: true, timezone: true } as const;
  return {
    findGroup: (key) => prisma.workGroup.findUnique({ where: { key }, select: groupSelect }),
    listGroups: () =>
      prisma.workGroup.findMany({ select: groupSelect, orderBy: [{ sortOrder: "asc" }, { key: "asc" }] }),
    async tasksOfGroup(groupKey) {
      const tasks = await prisma.task.findMany({
        where: { group: { key: groupKey }, active: true },
        orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
        include: {
          units: { include: { unit: { select: { key: true, name: true } } } },
          targets: {
            orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
            include: { leadUnit: { select: { key: true, name: true } } },
          },
        },
      });
      return tasks.map((t): TaskSummary => ({
        key: t.key,
        title: t.title,
        listKind: t.listKind,
        endDate: t.endDate ? toDateString(t.endDate) : null,
        isExample: t.isExample,
        leadUnits: t.units.filter((u) => u.role === "lead").map((u) => u.unit),
        participatingUnits: t.units.filter((u) => u.role === "participant").map((u) => u.unit),
        targets: t.targets.map((g) => ({
          key: g.key,
          metric: g.metric,
          unitOfMeasure: g.unitOfMeasure,
          baseline: g.baseline === null ? null : g.baseline.toNumber(),
          targetValue: g.targetValue.toNumber(),
          direction: g.direction,
          kind: g.kind,
          minValue: g.minValue === null ? null : g.minValue.toNumber(),
          maxValue: g.maxValue === null ? null : g.maxValue.toNumber(),
          leadUnit: g.leadUnit,
        })),
      }));
    },
  };
}
