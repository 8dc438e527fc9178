import type { InviteStore } from "../core/invites.js";
import type { PrismaClient } from "./client.js";

export function createInviteStore(prisma: PrismaClient): InviteStore {
  return {
    async findUnit(keyOrName) {
      return prisma.unit.findFirst({
        where: {
          OR: [{ key: keyOrName }, { name: keyOrName }, { shortName: keyOrName }, { aliases: { has: keyOrName } }],
        },
        select: { id: true, key: true, name: true },
      });
    },
    async contactsOfUnit(unitId) {
      const roles = await prisma.contactUnitRole.findMany({
        where: { unitId, contact: { active: true } },
        include: { contact: true },
        orderBy: [{ role: "asc" }, { contact: { name: "asc" } }],
      });
      return roles.map(({ contact }) => ({
        id: contact.id,
        key: contact.key,
        name: contact.name,
        isExample: contact.isExample,
      }));
    },
    async findContacts(keyOrName) {
      const contacts = await prisma.contact.findMany({
        where: { active: true, OR: [{ key: keyOrName }, { name: keyOrName }] },
      });
      return contacts.map((c) => ({ id: c.id, key: c.key, name: c.name, isExample: c.isExample }));
    },
    async saveInvite(invite) {
      await prisma.inviteCode.create({ data: invite });
    },
  };
}
