import type { ConsoleDirectory } from "../core/console-identity.js";
import type { GroupRole } from "../domain/access.js";
import type { PrismaClient } from "./client.js";

const ROLE_WORDS: Record<string, GroupRole> = {
  召集人: "convenor",
  convenor: "convenor",
  副召集人: "deputy",
  deputy: "deputy",
  办公室: "office",
  专班办公室: "office",
  office: "office",
};

export function createConsoleDirectory(prisma: PrismaClient): ConsoleDirectory {
  return {
    async groupName(key) {
      const group = await prisma.workGroup.findUnique({ where: { key }, select: { name: true } });
      return group?.name ?? null;
    },
    async findContact(query) {
      if (!query) return null;
      const select = { key: true, name: true } as const;
      const direct = await prisma.contact.findFirst({
        where: { active: true, OR: [{ key: query }, { name: query }] },
        select,
      });
      if (direct) return direct;
      const unit = await prisma.unit.findFirst({
        where: { OR: [{ key: query }, { name: query }, { shortName: query }, { aliases: { has: query } }] },
        select: { id: true },
      });
      if (unit) {
        const primary = await prisma.contact.findFirst({
          where: { active: true, unitRoles: { some: { unitId: unit.id } } },
          orderBy: [{ key: "asc" }],
          select,
        });
        if (primary) return primary;
      }
      const role = ROLE_WORDS[query];
      if (role) {
        return prisma.contact.findFirst({
          where: { active: true, groupRoles: { some: { role } } },
          orderBy: [{ key: "asc" }],
          select,
        });
      }
      return prisma.contact.findFirst({
        where: { active: true, name: { contains: query } },
        select,
        orderBy: { key: "asc" },
      });
    },
  };
}
