import type { IdentityStore } from "../core/ports.js";
import type { Actor } from "../domain/access.js";
import { Prisma, type PrismaClient } from "./client.js";

export function createIdentityStore(prisma: PrismaClient): IdentityStore {
  return {
    async recordEvent(platform, eventId, at) {
      try {
        await prisma.processedEvent.create({ data: { platform, eventId, receivedAt: at } });
        return true;
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
        throw error;
      }
    },

    async ensureIdentity({ platform, platformUserId, displayName, directChatId }) {
      const row = await prisma.chatIdentity.upsert({
        where: { platform_platformUserId: { platform, platformUserId } },
        create: { platform, platformUserId, displayName: displayName ?? null, directChatId: directChatId ?? null },
        // Writing to the bot again proves the person is reachable: reminders resume.
        update: {
          unreachableAt: null,
          ...(displayName ? { displayName } : {}),
          ...(directChatId ? { directChatId } : {}),
        },
      });
      return {
        id: row.id,
        platform: row.platform,
        platformUserId: row.platformUserId,
        contactId: row.contactId,
        lockedUntil: row.lockedUntil,
      };
    },

    async actor(contactId) {
      // One query (it runs for every inbound event): the contact with its group roles (groups in
      // display order) and its units (by key).
      const rows = await prisma.$queryRaw<
        { id: string; name: string; active: boolean; groupRoles: Actor["groupRoles"]; units: Actor["units"] }[]
      >(Prisma.sql`
        SELECT c.id, c.name, c.active,
               COALESCE((
                 SELECT json_agg(json_build_object('groupKey', g.key, 'groupName', g.name, 'role', r.role)
                                 ORDER BY g."sortOrder", g.key, r.role)
                 FROM "ContactGroupRole" r JOIN "WorkGroup" g ON g.id = r."groupId"
                 WHERE r."contactId" = c.id
               ), '[]'::json) AS "groupRoles",
               COALESCE((
                 SELECT json_agg(json_build_object('unitId', u.id, 'key', u.key, 'name', u.name) ORDER BY u.key)
                 FROM "ContactUnitRole" r JOIN "Unit" u ON u.id = r."unitId"
                 WHERE r."contactId" = c.id
               ), '[]'::json) AS units
        FROM "Contact" c
        WHERE c.id = ${contactId}::uuid`);
      const contact = rows[0];
      if (!contact || !contact.active) return null;
      const actor: Actor = {
        contactId: contact.id,
        name: contact.name,
        groupRoles: contact.groupRoles,
        units: contact.units,
      };
      return actor;
    },

    contactByKey: (key) => prisma.contact.findUnique({ where: { key }, select: { id: true } }),

    async bindConsoleIdentity(identityId, contactId, at) {
      await prisma.chatIdentity.update({ where: { id: identityId }, data: { contactId, boundAt: at } });
    },

    failedBindAttemptsSince: (identityId, since) =>
      prisma.bindAttempt.count({ where: { identityId, succeeded: false, at: { gte: since } } }),

    async recordBindAttempt(identityId, at, succeeded) {
      await prisma.bindAttempt.create({ data: { identityId, at, succeeded } });
    },

    async lockIdentity(identityId, until) {
      await prisma.chatIdentity.update({ where: { id: identityId }, data: { lockedUntil: until } });
    },

    async redeemInvite(codeHash, identityId, at) {
      return prisma.$transaction(async (tx) => {
        const invite = await tx.inviteCode.findUnique({ where: { codeHash } });
        if (!invite) return { ok: false, reason: "invalid" } as const;
        if (invite.usedAt) return { ok: false, reason: "used" } as const;
        if (invite.expiresAt.getTime() <= at.getTime()) return { ok: false, reason: "expired" } as const;
        // Conditional update: of two concurrent redemptions only one sees usedAt still null.
        const claimed = await tx.inviteCode.updateMany({
          where: { id: invite.id, usedAt: null },
          data: { usedAt: at, usedByIdentityId: identityId },
        });
        if (claimed.count !== 1) return { ok: false, reason: "used" } as const;
        await tx.chatIdentity.update({
          where: { id: identityId },
          data: { contactId: invite.contactId, boundAt: at, lockedUntil: null },
        });
        return { ok: true, contactId: invite.contactId } as const;
      });
    },

    async bindChannel({ groupKey, platform, chatId, title, contactId, at }) {
      const group = await prisma.workGroup.findUniqueOrThrow({ where: { key: groupKey }, select: { id: true } });
      await prisma.groupChannel.upsert({
        where: { platform_chatId: { platform, chatId } },
        create: { groupId: group.id, platform, chatId, title: title ?? null, boundByContactId: contactId, boundAt: at },
        update: {
          groupId: group.id,
          title: title ?? null,
          boundByContactId: contactId,
          boundAt: at,
          unreachableAt: null,
        },
      });
    },

    async groupOfChannel(platform, chatId) {
      const channel = await prisma.groupChannel.findUnique({
        where: { platform_chatId: { platform, chatId } },
        select: { group: { select: { key: true } } },
      });
      return channel?.group.key ?? null;
    },

    listGroups: () =>
      prisma.workGroup.findMany({
        select: { key: true, name: true, timezone: true },
        orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
      }),

    async audit(entry) {
      await prisma.auditLog.create({
        data: {
          at: entry.at,
          actorContactId: entry.actorContactId ?? null,
          actor: entry.actor,
          action: entry.action,
          entity: entry.entity,
          entityId: entry.entityId ?? null,
          details: (entry.details ?? {}) as Prisma.InputJsonValue,
        },
      });
    },
  };
}
