import type { DigestStore } from "../core/digest/ports.js";
import { Prisma, type PrismaClient } from "./client.js";

export function createDigestStore(prisma: PrismaClient): DigestStore {
  return {
    async saveDigest({ groupId, periodId, builtAt, content }) {
      for (let attempt = 0; ; attempt++) {
        try {
          const last = await prisma.digest.findFirst({
            where: { groupId, periodId },
            orderBy: { version: "desc" },
            select: { version: true },
          });
          const version = (last?.version ?? 0) + 1;
          await prisma.digest.create({
            data: { groupId, periodId, version, builtAt, content: content as unknown as Prisma.InputJsonValue },
          });
          return version;
        } catch (error) {
          // Two builds at once: the unique (group, period, version) refuses one; it takes the next number.
          const conflict = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
          if (!conflict || attempt >= 3) throw error;
        }
      }
    },
    async threadRoot(channelId, periodId) {
      const first = await prisma.digestPost.findFirst({
        where: { channelId, digest: { periodId } },
        orderBy: { postedAt: "asc" },
        select: { platformMessageId: true, threadRootId: true },
      });
      return first ? (first.threadRootId ?? first.platformMessageId) : null;
    },

    async recordPost({ groupId, periodId, channelId, platformMessageId, threadRootId, at }) {
      const digest = await prisma.digest.findFirst({
        where: { groupId, periodId },
        orderBy: { version: "desc" },
        select: { id: true },
      });
      if (!digest) return;
      await prisma.digestPost.createMany({
        data: [{ digestId: digest.id, channelId, platformMessageId, threadRootId, postedAt: at }],
        skipDuplicates: true,
      });
    },

    channelsOf: (groupId) =>
      prisma.groupChannel.findMany({
        where: { groupId, unreachableAt: null },
        select: { id: true, platform: true, chatId: true },
      }),
  };
}
