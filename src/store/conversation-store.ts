import type { ConversationStore } from "../core/reports/conversation-ports.js";
import type { Prisma, PrismaClient } from "./client.js";

export function createConversationStore(prisma: PrismaClient): ConversationStore {
  return {
    async get(identityId, now) {
      const row = await prisma.conversationState.findUnique({ where: { identityId } });
      if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
      return { flow: row.flow, state: row.state };
    },
    async save(identityId, flow, state, expiresAt) {
      const json = state as Prisma.InputJsonValue;
      await prisma.conversationState.upsert({
        where: { identityId },
        create: { identityId, flow, state: json, expiresAt },
        update: { flow, state: json, expiresAt },
      });
    },
    async clear(identityId) {
      const { count } = await prisma.conversationState.deleteMany({ where: { identityId } });
      return count > 0;
    },
  };
}
