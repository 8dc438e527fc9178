import type { DigestStore, StaleDigestPost } from "../core/digest/ports.js";
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

    async staleDigestPosts() {
      // Per channel and period, the newest digest posted there; then the newest current report of
      // that period submitted after that digest was built.
      return prisma.$queryRaw<StaleDigestPost[]>`
        WITH latest AS (
          SELECT d."groupId", d."periodId", p."channelId", max(d."builtAt") AS "builtAt"
          FROM "DigestPost" p JOIN "Digest" d ON d.id = p."digestId"
          GROUP BY d."groupId", d."periodId", p."channelId"
        ), stale AS (
          SELECT l.*, (
            SELECT r.id FROM "Report" r
            WHERE r."periodId" = l."periodId" AND r."isCurrent" AND r."submittedAt" > l."builtAt"
            ORDER BY r."submittedAt" DESC, r.id DESC LIMIT 1
          ) AS "newestReportId"
          FROM latest l
        )
        SELECT g.key AS "groupKey", s."groupId"::text AS "groupId", s."periodId"::text AS "periodId",
               per."periodKey", s."channelId"::text AS "channelId", c.platform::text AS platform, c."chatId",
               s."newestReportId"::text AS "newestReportId"
        FROM stale s
        JOIN "GroupChannel" c ON c.id = s."channelId" AND c."unreachableAt" IS NULL
        JOIN "WorkGroup" g ON g.id = s."groupId"
        JOIN "Period" per ON per.id = s."periodId"
        WHERE s."newestReportId" IS NOT NULL`;
    },

    channelsOf: (groupId) =>
      prisma.groupChannel.findMany({
        where: { groupId, unreachableAt: null },
        select: { id: true, platform: true, chatId: true },
      }),
  };
}
