import { randomUUID } from "node:crypto";
import type { DigestContent } from "../core/digest/digest-content.js";
import type { DigestStore, StaleDigestPost } from "../core/digest/ports.js";
import { driverQuery, type PrismaClient } from "./client.js";
import { assignIssue } from "./digest-issue-store.js";

export function createDigestStore(prisma: PrismaClient): DigestStore {
  return {
    async saveDigest({ groupId, periodId, builtAt, final, content }) {
      // One statement, the content's JSON sent as a text parameter straight through the pg driver: a
      // 旬简报 of a large group is about 5 MB of mostly Chinese text, and Prisma's client spent seconds
      // on it passed as a Json field (create), and most of a digest's save as a parameter of
      // $queryRaw (bench/, item 4). Through the driver, text costs less than bytes: a bytea parameter
      // travels as hex, and PostgreSQL decoded it and checked its UTF-8 before reading the JSON, a
      // fifth of the save for six digests (28 MB).
      // The column is json (not jsonb) and lz4-compressed where the server has lz4: nothing reads
      // inside it, and the conversion to jsonb and pglz compression were most of the database time.
      const json = JSON.stringify(content);
      for (let attempt = 0; ; attempt++) {
        const saved = await driverQuery<{ version: number }>(
          prisma,
          `INSERT INTO "Digest" (id, "groupId", "periodId", version, "builtAt", final, content)
           SELECT $1::uuid, $2::uuid, $3::uuid, COALESCE(max(version), 0) + 1, $4::timestamptz, $5::boolean,
                  $6::json
           FROM "Digest" WHERE "groupId" = $2::uuid AND "periodId" = $3::uuid
           ON CONFLICT ("groupId", "periodId", version) DO NOTHING
           RETURNING version`,
          [randomUUID(), groupId, periodId, builtAt, final, json],
        );
        if (saved[0]) {
          // The first digest stored for a period issues it: it takes its 第N期 now.
          if (saved[0].version === 1) await assignIssue(prisma, periodId, builtAt);
          return saved[0].version;
        }
        // Two builds at once: the unique (group, period, version) refused this one; it takes the next number.
        if (attempt >= 3) throw new Error(`digest of period ${periodId}: no free version after ${attempt + 1} tries`);
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

    async postedContent(channelId, periodId) {
      const post = await prisma.digestPost.findFirst({
        where: { channelId, digest: { periodId } },
        orderBy: [{ digest: { builtAt: "desc" } }, { postedAt: "desc" }],
        select: { digest: { select: { content: true } } },
      });
      return post ? (post.digest.content as unknown as DigestContent) : null;
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
