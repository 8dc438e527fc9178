import { describe, expect, it } from "vitest";
import { Prisma, type PrismaClient } from "../../src/store/client.js";
import { buildBasics } from "../support/builders.js";

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * The unique constraints the reliability design stands on, run against every database kind
 * we support (PostgreSQL server and embedded PGlite), so both behave the same.
 */
export function describeStoreConstraints(kind: string, getPrisma: () => PrismaClient): void {
  describe(`store constraints on ${kind}`, () => {
    it("refuses a second outbox row with the same dedupe key (P2002), so a message is never enqueued twice", async () => {
      const prisma = getPrisma();
      const { group, period } = await buildBasics(prisma, "-outbox");
      const row = {
        dedupeKey: `${period.id}|group|unit|contact|due-day`,
        kind: "reminder" as const,
        stage: "due-day",
        groupId: group.id,
        periodId: period.id,
        platform: "console" as const,
        address: "console:someone",
        payload: { blocks: [] },
        dueAt: new Date("2023-01-20T01:00:00Z"),
        nextAttemptAt: new Date("2023-01-20T01:00:00Z"),
      };
      await prisma.outboxMessage.create({ data: row });
      const second = await prisma.outboxMessage.create({ data: row }).catch((e: unknown) => e);
      expect(isUniqueViolation(second)).toBe(true);
      expect(await prisma.outboxMessage.count({ where: { groupId: group.id } })).toBe(1);
    });

    it("binds a platform identity once: the same platform user id cannot exist twice", async () => {
      const prisma = getPrisma();
      await prisma.chatIdentity.create({ data: { platform: "telegram", platformUserId: "42" } });
      const again = await prisma.chatIdentity
        .create({ data: { platform: "telegram", platformUserId: "42" } })
        .catch((e: unknown) => e);
      expect(isUniqueViolation(again)).toBe(true);
      // The same id on another platform is another person.
      await expect(
        prisma.chatIdentity.create({ data: { platform: "slack", platformUserId: "42" } }),
      ).resolves.toBeTruthy();
    });

    it("keeps every report version but allows only one current report per task, unit and period", async () => {
      const prisma = getPrisma();
      const { task, unit, period, contact } = await buildBasics(prisma, "-report");
      const base = {
        taskId: task.id,
        unitId: unit.id,
        periodId: period.id,
        status: "on_track" as const,
        submittedByContactId: contact.id,
        submittedAt: new Date("2023-01-15T02:00:00Z"),
      };
      await prisma.report.create({ data: { ...base, version: 1, isCurrent: true } });
      const twoCurrent = await prisma.report
        .create({ data: { ...base, version: 2, isCurrent: true } })
        .catch((e: unknown) => e);
      expect(isUniqueViolation(twoCurrent)).toBe(true);

      await prisma.$transaction([
        prisma.report.updateMany({
          where: { taskId: task.id, unitId: unit.id, periodId: period.id },
          data: { isCurrent: false },
        }),
        prisma.report.create({ data: { ...base, version: 2, isCurrent: true } }),
      ]);
      const versions = await prisma.report.findMany({ where: { taskId: task.id }, orderBy: { version: "asc" } });
      expect(versions.map((r) => [r.version, r.isCurrent])).toEqual([
        [1, false],
        [2, true],
      ]);
      const sameVersion = await prisma.report
        .create({ data: { ...base, version: 2, isCurrent: false } })
        .catch((e: unknown) => e);
      expect(isUniqueViolation(sameVersion)).toBe(true);
    });

    it("stores invite codes by hash only, and a hash can exist once", async () => {
      const prisma = getPrisma();
      const { contact } = await buildBasics(prisma, "-invite");
      const data = { codeHash: "a".repeat(64), contactId: contact.id, expiresAt: new Date("2023-02-01T00:00:00Z") };
      await prisma.inviteCode.create({ data });
      expect(isUniqueViolation(await prisma.inviteCode.create({ data }).catch((e: unknown) => e))).toBe(true);
    });

    it("records an inbound event id once per platform", async () => {
      const prisma = getPrisma();
      const data = { platform: "slack" as const, eventId: "Ev123", receivedAt: new Date("2023-01-01T00:00:00Z") };
      await prisma.processedEvent.create({ data });
      expect(isUniqueViolation(await prisma.processedEvent.create({ data }).catch((e: unknown) => e))).toBe(true);
    });

    it("rolls back an interactive transaction as a whole", async () => {
      const prisma = getPrisma();
      const failed = await prisma
        .$transaction(async (tx) => {
          await tx.unit.create({ data: { key: "rollback-unit", name: "回滚单位" } });
          throw new Error("abort");
        })
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(Error);
      expect(await prisma.unit.count({ where: { key: "rollback-unit" } })).toBe(0);
    });
  });
}
