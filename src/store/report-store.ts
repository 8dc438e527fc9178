import type { ReportStore, ReportableTask, StoredReport } from "../core/reports/ports.js";
import type { Platform } from "../core/chat/inbound.js";
import { Prisma, type PrismaClient } from "./client.js";
import { toDateString } from "./dates.js";
import { toTaskTarget } from "./task-mappers.js";

const PLATFORMS: readonly string[] = ["slack", "telegram", "console"];

export function createReportStore(prisma: PrismaClient): ReportStore {
  return {
    async reportableTasks(unitIds) {
      const links = await prisma.taskUnit.findMany({
        where: { unitId: { in: [...unitIds] }, role: "lead", task: { active: true } },
        include: {
          unit: { select: { id: true, key: true, name: true } },
          task: {
            include: {
              group: { select: { id: true, key: true, name: true, timezone: true } },
              targets: { orderBy: [{ sortOrder: "asc" }, { key: "asc" }] },
            },
          },
        },
        orderBy: [{ task: { group: { sortOrder: "asc" } } }, { task: { sortOrder: "asc" } }],
      });
      return links.map(({ task, unit }): ReportableTask => ({
        taskId: task.id,
        taskKey: task.key,
        title: task.title,
        group: task.group,
        unit,
        startDate: task.startDate ? toDateString(task.startDate) : null,
        endDate: task.endDate ? toDateString(task.endDate) : null,
        cycles: task.cycles,
        targets: task.targets.filter((t) => t.leadUnitId === null || t.leadUnitId === unit.id).map(toTaskTarget),
      }));
    },

    async cycleSettings(groupId) {
      const rows = await prisma.cycleSetting.findMany({ where: { groupId } });
      return rows.map((r) => ({
        cycle: r.cycle,
        enabled: r.enabled,
        dueRule: r.dueRule,
        ladder: r.ladder,
        quietHours: r.quietHours,
      }));
    },

    async ensurePeriod(input) {
      const row = await prisma.period.upsert({
        where: { groupId_periodKey: { groupId: input.groupId, periodKey: input.periodKey } },
        create: input,
        update: {},
        select: { id: true, periodKey: true, dueAt: true },
      });
      return row;
    },

    async saveReport(report) {
      // Serializable retry loop: two submissions racing for the same (task, unit, period) must end
      // as versions n and n+1, never as two "current" rows (the partial unique index enforces it).
      for (let attempt = 0; ; attempt++) {
        try {
          return await prisma.$transaction(async (tx) => {
            const where = { taskId: report.taskId, unitId: report.unitId, periodId: report.periodId };
            const last = await tx.report.findFirst({ where, orderBy: { version: "desc" }, select: { version: true } });
            await tx.report.updateMany({ where: { ...where, isCurrent: true }, data: { isCurrent: false } });
            const platform = PLATFORMS.includes(report.source.platform) ? (report.source.platform as Platform) : null;
            const created = await tx.report.create({
              data: {
                ...where,
                version: (last?.version ?? 0) + 1,
                isCurrent: true,
                status: report.draft.status,
                progress: report.draft.progress,
                problems: report.draft.problems,
                nextSteps: report.draft.nextSteps,
                coordinationNeeded: report.draft.coordinationNeeded,
                submittedByContactId: report.submittedByContactId,
                submittedAt: report.submittedAt,
                isLate: report.isLate,
                sourcePlatform: platform,
                sourceChatId: report.source.chatId,
                sourceMessageId: report.source.messageId ?? null,
                sourceText: report.source.text ?? null,
                values: {
                  create: report.draft.values.map((v) => ({
                    targetId: requireTarget(report.targetIds, v.targetKey),
                    value: new Prisma.Decimal(v.value.toFixed(4)),
                  })),
                },
              },
              select: { id: true, version: true },
            });
            return created;
          });
        } catch (error) {
          const conflict = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
          if (!conflict || attempt >= 3) throw error;
        }
      }
    },

    async reminderOrigin(platform, chatId, platformMessageId) {
      if (!PLATFORMS.includes(platform)) return null;
      const row = await prisma.outboxMessage.findFirst({
        where: {
          platform: platform as Platform,
          address: chatId,
          platformMessageId,
          kind: { in: ["reminder", "chase"] },
          taskId: { not: null },
          unitId: { not: null },
        },
        select: { taskId: true, unitId: true, period: { select: { periodKey: true } } },
      });
      if (!row?.taskId || !row.unitId || !row.period) return null;
      return { taskId: row.taskId, unitId: row.unitId, periodKey: row.period.periodKey };
    },

    async currentReport(taskId, unitId, periodId) {
      const row = await prisma.report.findFirst({
        where: { taskId, unitId, periodId, isCurrent: true },
        include: { values: true, submittedBy: { select: { name: true } } },
      });
      if (!row) return null;
      const report: StoredReport = {
        id: row.id,
        version: row.version,
        status: row.status,
        isLate: row.isLate,
        submittedAt: row.submittedAt,
        submittedBy: row.submittedBy?.name ?? null,
        values: row.values.map((v) => ({ targetId: v.targetId, value: v.value.toNumber() })),
        progress: row.progress,
        problems: row.problems,
        nextSteps: row.nextSteps,
        coordinationNeeded: row.coordinationNeeded,
      };
      return report;
    },
  };
}

function requireTarget(ids: Record<string, string>, key: string): string {
  const id = ids[key];
  // The draft was validated against these very targets; a miss is a bug, not user input.
  if (!id) throw new Error(`report value for unknown target ${key}`);
  return id;
}
