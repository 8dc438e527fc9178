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
    findGroup: (key) =>
      prisma.workGroup.findUnique({ where: { key }, select: { id: true, key: true, name: true, timezone: true } }),
    async groupKeys() {
      const groups = await prisma.workGroup.findMany({ select: { key: true }, orderBy: [{ sortOrder: "asc" }] });
      return groups.map((g) => g.key);
    },
    async unboundContactsOfGroup(groupId) {
      const contacts = await prisma.contact.findMany({
        where: {
          active: true,
          identities: { none: { boundAt: { not: null } } },
          OR: [
            { groupRoles: { some: { groupId } } },
            { unitRoles: { some: { unit: { groups: { some: { groupId } } } } } },
          ],
        },
        include: {
          groupRoles: { where: { groupId } },
          unitRoles: { where: { unit: { groups: { some: { groupId } } } }, include: { unit: true } },
        },
        orderBy: { key: "asc" },
      });
      const order = ["convenor", "deputy", "office", "reporter"];
      return contacts
        .map((c) => {
          const unit = c.unitRoles[0]?.unit;
          return {
            id: c.id,
            key: c.key,
            name: c.name,
            isExample: c.isExample,
            unit: unit ? { key: unit.key, name: unit.name } : null,
            roles: [
              ...c.groupRoles.map((r) => r.role).sort((a, b) => order.indexOf(a) - order.indexOf(b)),
              ...c.unitRoles.map((r) => (r.role === "primary" ? "primary" : "deputy-contact")),
            ],
            phone: c.phone,
            email: c.email,
          };
        })
        .sort(
          (a, b) => (a.unit?.name ?? "").localeCompare(b.unit?.name ?? "", "zh") || a.name.localeCompare(b.name, "zh"),
        );
    },
  };
}
