import type { WebAuthStore } from "../core/web/ports.js";
import type { PrismaClient } from "./client.js";

export function createWebAuthStore(prisma: PrismaClient): WebAuthStore {
  return {
    async contactByKey(key) {
      return prisma.contact.findFirst({ where: { key, active: true }, select: { id: true, name: true } });
    },
    async saveLink(link) {
      await prisma.webLink.create({ data: link });
    },
    async consumeLink(tokenHash, at) {
      // One conditional UPDATE: of two requests with the same link, exactly one changes the row.
      const taken = await prisma.webLink.updateManyAndReturn({
        where: { tokenHash, usedAt: null, expiresAt: { gt: at } },
        data: { usedAt: at },
        select: { contactId: true },
      });
      if (taken[0]) return { ok: true, contactId: taken[0].contactId };
      const link = await prisma.webLink.findUnique({ where: { tokenHash }, select: { usedAt: true } });
      return { ok: false, reason: !link ? "invalid" : link.usedAt ? "used" : "expired" };
    },
    async createSession(session) {
      await prisma.webSession.create({ data: session });
    },
    async findSession(tokenHash, at) {
      return prisma.webSession.findFirst({
        where: { tokenHash, revokedAt: null, expiresAt: { gt: at } },
        select: { id: true, contactId: true, expiresAt: true },
      });
    },
    async revokeSession(id, at) {
      const { count } = await prisma.webSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
      return count > 0;
    },
    async liveSessions(groupKeys, at) {
      const rows = await prisma.webSession.findMany({
        where: {
          revokedAt: null,
          expiresAt: { gt: at },
          contact: {
            OR: [
              { groupRoles: { some: { group: { key: { in: [...groupKeys] } } } } },
              { unitRoles: { some: { unit: { groups: { some: { group: { key: { in: [...groupKeys] } } } } } } } },
            ],
          },
        },
        include: { contact: { select: { name: true } } },
        orderBy: { createdAt: "desc" },
        take: 500,
      });
      return rows.map((r) => ({
        id: r.id,
        contactName: r.contact.name,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
        userAgent: r.userAgent,
      }));
    },
  };
}
