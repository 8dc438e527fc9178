import type { PrismaClient } from "./client.js";

/** A period's briefing number and whether the digest being issued is a later version of it. */
export interface BriefingIssue {
  number: number;
  /** A digest of this period was stored more than once: the briefing says 第N期（更新）. */
  updated: boolean;
}

/** The closing block and issuing office a group set for its briefings (null: the defaults). */
export interface BriefingSettings {
  office: string | null;
  sendTo: string | null;
  copyTo: string | null;
}

/**
 * 第N期: numbers are given per group, cycle and year, in the order periods are first issued (a
 * digest stored, or a briefing exported), and kept: building the digest again never renumbers it.
 */
export function createDigestIssueStore(prisma: PrismaClient) {
  return {
    /** The period's number, given now if it has none yet. */
    async issueNumber(periodId: string, at: Date): Promise<number> {
      return assignIssue(prisma, periodId, at);
    },

    /** The period's number (given now if it has none) and whether its digest was stored more than once. */
    async issueOf(periodId: string, at: Date): Promise<BriefingIssue> {
      const number = await assignIssue(prisma, periodId, at);
      const versions = await prisma.digest.count({ where: { periodId } });
      return { number, updated: versions > 1 };
    },

    /**
     * What a stored digest's Word 简报 carries besides its content (the web console's download):
     * its period's number, 更新 for a later version, and the group's office and closing lines.
     */
    async furnitureOfDigest(digestId: string, at: Date): Promise<{ issue: BriefingIssue } & BriefingSettings> {
      const digest = await prisma.digest.findUniqueOrThrow({
        where: { id: digestId },
        select: {
          periodId: true,
          version: true,
          group: { select: { briefingOffice: true, briefingSendTo: true, briefingCopyTo: true } },
        },
      });
      const number = await assignIssue(prisma, digest.periodId, at);
      const { briefingOffice: office, briefingSendTo: sendTo, briefingCopyTo: copyTo } = digest.group;
      return { issue: { number, updated: digest.version > 1 }, office, sendTo, copyTo };
    },

    async settingsOf(groupId: string): Promise<BriefingSettings> {
      const group = await prisma.workGroup.findUniqueOrThrow({
        where: { id: groupId },
        select: { briefingOffice: true, briefingSendTo: true, briefingCopyTo: true },
      });
      return { office: group.briefingOffice, sendTo: group.briefingSendTo, copyTo: group.briefingCopyTo };
    },
  };
}

export type DigestIssueStore = ReturnType<typeof createDigestIssueStore>;

/**
 * Gives the period the next number of its group, cycle and year unless it has one, and returns it.
 * Two processes numbering two periods at once collide on the unique (group, cycle, year, number):
 * the loser takes the next number.
 */
export async function assignIssue(
  prisma: Pick<PrismaClient, "$queryRaw">,
  periodId: string,
  at: Date,
): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const rows = await prisma.$queryRaw<{ number: number }[]>`
      WITH period AS (
        SELECT id, "groupId", cycle, substring("periodKey" from 1 for 4)::int AS year
        FROM "Period" WHERE id = ${periodId}::uuid
      ), inserted AS (
        INSERT INTO "DigestIssue" (id, "groupId", "periodId", cycle, year, number, "issuedAt")
        SELECT gen_random_uuid(), p."groupId", p.id, p.cycle, p.year,
               COALESCE((SELECT max(i.number) FROM "DigestIssue" i
                         WHERE i."groupId" = p."groupId" AND i.cycle = p.cycle AND i.year = p.year), 0) + 1,
               ${at}::timestamptz
        FROM period p
        WHERE NOT EXISTS (SELECT 1 FROM "DigestIssue" WHERE "periodId" = p.id)
        ON CONFLICT DO NOTHING
        RETURNING number
      )
      SELECT number FROM inserted
      UNION ALL
      SELECT number FROM "DigestIssue" WHERE "periodId" = ${periodId}::uuid`;
    if (rows[0]) return rows[0].number;
  }
  throw new Error(`period ${periodId}: no briefing number after 5 tries (is it a stored period?)`);
}
