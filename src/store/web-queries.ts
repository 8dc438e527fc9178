import type { WebQueryStore } from "../core/web/ports.js";
import type { PrismaClient } from "./client.js";

/** The web console's reads (and its one write, a retry) beyond the group evaluation. */
export function createWebQueryStore(prisma: PrismaClient): WebQueryStore {
  return {
    async listKinds(groupId) {
      const rows = await prisma.task.findMany({
        where: { groupId, active: true },
        select: { id: true, listKind: true },
      });
      return new Map(rows.map((r) => [r.id, r.listKind]));
    },
    async findTask(groupKey, taskKey) {
      const task = await prisma.task.findFirst({
        where: { key: taskKey, group: { key: groupKey } },
        select: { id: true },
      });
      return task ? { taskId: task.id, groupKey } : null;
    },
    async reportVersions(taskId) {
      const rows = await prisma.report.findMany({
        where: { taskId },
        include: {
          unit: { select: { name: true } },
          period: { select: { periodKey: true, startsAt: true } },
          submittedBy: { select: { name: true } },
          values: { select: { targetId: true, value: true } },
        },
        orderBy: [{ period: { startsAt: "desc" } }, { unitId: "asc" }, { version: "desc" }],
        take: 2000,
      });
      return rows.map((r) => ({
        id: r.id,
        unitId: r.unitId,
        unitName: r.unit.name,
        periodKey: r.period.periodKey,
        periodStartsAt: r.period.startsAt,
        version: r.version,
        isCurrent: r.isCurrent,
        isLate: r.isLate,
        status: r.status,
        submittedAt: r.submittedAt,
        submittedBy: r.submittedBy?.name ?? null,
        platform: r.sourcePlatform,
        progress: r.progress,
        problems: r.problems,
        nextSteps: r.nextSteps,
        coordinationNeeded: r.coordinationNeeded,
        values: r.values.map((v) => ({ targetId: v.targetId, value: v.value.toNumber() })),
      }));
    },
    async findUnit(unitKey) {
      const unit = await prisma.unit.findUnique({
        where: { key: unitKey },
        select: { id: true, key: true, name: true, groups: { select: { group: { select: { key: true } } } } },
      });
      return unit
        ? { id: unit.id, key: unit.key, name: unit.name, groupKeys: unit.groups.map((g) => g.group.key) }
        : null;
    },
    async unitContacts(unitId) {
      const roles = await prisma.contactUnitRole.findMany({
        where: { unitId, contact: { active: true } },
        include: {
          contact: { select: { name: true, identities: { select: { platform: true, unreachableAt: true } } } },
        },
        orderBy: [{ role: "asc" }, { contact: { name: "asc" } }],
      });
      return roles.map((r) => ({
        name: r.contact.name,
        role: r.role,
        identities: r.contact.identities.map((i) => ({ platform: i.platform, reachable: i.unreachableAt === null })),
      }));
    },
    async digests(groupId) {
      const rows = await prisma.digest.findMany({
        where: { groupId },
        select: {
          id: true,
          version: true,
          builtAt: true,
          group: { select: { key: true } },
          period: { select: { periodKey: true, cycle: true } },
        },
        orderBy: [{ period: { startsAt: "desc" } }, { version: "desc" }],
        take: 500,
      });
      return rows.map((r) => ({
        id: r.id,
        groupKey: r.group.key,
        periodKey: r.period.periodKey,
        cycle: r.period.cycle,
        version: r.version,
        builtAt: r.builtAt,
      }));
    },
    async digest(id) {
      if (!/^[0-9a-f-]{36}$/.test(id)) return null;
      const r = await prisma.digest.findUnique({
        where: { id },
        include: { group: { select: { key: true } }, period: { select: { periodKey: true, cycle: true } } },
      });
      return r
        ? {
            id: r.id,
            groupKey: r.group.key,
            periodKey: r.period.periodKey,
            cycle: r.period.cycle,
            version: r.version,
            builtAt: r.builtAt,
            content: r.content,
          }
        : null;
    },
    async outboxCounts(groupId) {
      const rows = await prisma.outboxMessage.groupBy({ by: ["state"], where: { groupId }, _count: { _all: true } });
      return Object.fromEntries(rows.map((r) => [r.state, r._count._all]));
    },
    async outboxTrouble(groupId) {
      const rows = await prisma.outboxMessage.findMany({
        where: { groupId, OR: [{ state: "failed" }, { state: "pending", attempts: { gt: 0 } }] },
        include: { recipientContact: { select: { name: true } }, recipientChannel: { select: { title: true } } },
        orderBy: { dueAt: "asc" },
        take: 200,
      });
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        state: r.state,
        attempts: r.attempts,
        platform: r.platform,
        recipientName: r.recipientContact?.name ?? r.recipientChannel?.title ?? null,
        lastError: r.lastError,
        dueAt: r.dueAt,
        nextAttemptAt: r.nextAttemptAt,
      }));
    },
    async unreachableContacts(groupId) {
      const rows = await prisma.chatIdentity.findMany({
        where: {
          unreachableAt: { not: null },
          contact: {
            OR: [
              { groupRoles: { some: { groupId } } },
              { unitRoles: { some: { unit: { groups: { some: { groupId } } } } } },
            ],
          },
        },
        select: { platform: true, unreachableAt: true, contact: { select: { name: true } } },
        orderBy: { unreachableAt: "asc" },
        take: 200,
      });
      return rows.map((r) => ({ name: r.contact?.name ?? "", platform: r.platform, since: r.unreachableAt! }));
    },
    async retryFailed(outboxId, groupId, at) {
      if (!/^[0-9a-f-]{36}$/.test(outboxId)) return false;
      const { count } = await prisma.outboxMessage.updateMany({
        where: { id: outboxId, groupId, state: "failed" },
        data: { state: "pending", nextAttemptAt: at, attempts: 0 },
      });
      return count === 1;
    },
  };
}
