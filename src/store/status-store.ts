import type { CurrentReport, StatusStore } from "../core/status/ports.js";
import type { PrismaClient } from "./client.js";
import { groupTaskInclude, toGroupTask } from "./task-mappers.js";

const reportInclude = { values: true, period: { select: { periodKey: true, startsAt: true } } } as const;

function toCurrent(row: {
  taskId: string;
  unitId: string;
  periodId: string;
  version: number;
  status: CurrentReport["status"];
  isLate: boolean;
  submittedAt: Date;
  progress: string;
  problems: string;
  nextSteps: string;
  coordinationNeeded: string;
  values: { targetId: string; value: { toNumber(): number } }[];
  period: { periodKey: string; startsAt: Date };
}): CurrentReport {
  return {
    taskId: row.taskId,
    unitId: row.unitId,
    periodId: row.periodId,
    periodKey: row.period.periodKey,
    periodStartsAt: row.period.startsAt,
    version: row.version,
    status: row.status,
    isLate: row.isLate,
    submittedAt: row.submittedAt,
    progress: row.progress,
    problems: row.problems,
    nextSteps: row.nextSteps,
    coordinationNeeded: row.coordinationNeeded,
    values: row.values.map((v) => ({ targetId: v.targetId, value: v.value.toNumber() })),
  };
}

export function createStatusStore(prisma: PrismaClient): StatusStore {
  const groupSelect = { id: true, key: true, name: true, timezone: true } as const;
  return {
    findGroup: (keyOrName) =>
      prisma.workGroup.findFirst({
        where: { OR: [{ key: keyOrName }, { name: keyOrName }, { shortName: keyOrName }] },
        select: groupSelect,
      }),

    groupsByIds: (ids) =>
      prisma.workGroup.findMany({
        where: { id: { in: [...ids] } },
        select: groupSelect,
        orderBy: [{ sortOrder: "asc" }],
      }),

    async groupTasks(groupId) {
      const tasks = await prisma.task.findMany({
        where: { groupId, active: true },
        orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
        include: groupTaskInclude,
      });
      return tasks.map(toGroupTask);
    },

    async undelivered(groupId) {
      const rows = await prisma.outboxMessage.findMany({
        where: { groupId, state: { in: ["failed", "unreachable"] } },
        include: { recipientContact: { select: { name: true } }, recipientChannel: { select: { title: true } } },
        orderBy: { dueAt: "asc" },
        take: 50,
      });
      return rows.map((r) => ({
        kind: r.kind,
        state: r.state as "failed" | "unreachable",
        platform: r.platform,
        address: r.address,
        recipientName: r.recipientContact?.name ?? r.recipientChannel?.title ?? null,
        lastError: r.lastError,
        dueAt: r.dueAt,
      }));
    },

    async reportsInPeriods(periodIds) {
      const rows = await prisma.report.findMany({
        where: { periodId: { in: [...periodIds] }, isCurrent: true },
        include: reportInclude,
        orderBy: { submittedAt: "asc" },
      });
      return rows.map(toCurrent);
    },

    async reportHistory(taskIds, until) {
      const rows = await prisma.report.findMany({
        where: { taskId: { in: [...taskIds] }, isCurrent: true, submittedAt: { lte: until } },
        include: reportInclude,
        orderBy: [{ period: { startsAt: "desc" } }, { submittedAt: "desc" }],
      });
      return rows.map(toCurrent);
    },
  };
}
