import { describe, expect, it } from "vitest";
import { DuplicateEventError } from "../../src/core/ports.js";
import { VERSION_SLOT } from "../../src/core/reports/ports.js";
import type { PrismaClient } from "../../src/store/client.js";
import { createIdentityStore } from "../../src/store/identity-store.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createReportingScopes } from "../../src/store/reporting-scope.js";

const at = new Date("2023-01-16T02:00:00Z");

/**
 * The statements every report runs through the pg driver (arrive, the reporting scope, the
 * report's write), and the scopes kept under the plan revision, on every database kind we support
 * (a PostgreSQL server, with statements prepared by name, and embedded PGlite, without). The data
 * is the Hunan 2023 seed, loaded by the caller.
 */
export function describeIntakeStatements(kind: string, getPrisma: () => PrismaClient): void {
  describe(`intake statements on ${kind}`, () => {
    /** Stores wired as src/runtime/wiring.ts wires them. */
    function stores(prisma: PrismaClient) {
      const scopes = createReportingScopes(prisma);
      return { identities: createIdentityStore(prisma, scopes), reports: createReportStore(prisma, { scopes }) };
    }

    async function bound(prisma: PrismaClient, userId: string, contactKey: string): Promise<void> {
      const contact = await prisma.contact.findUniqueOrThrow({ where: { key: contactKey } });
      await prisma.chatIdentity.create({
        data: { platform: "telegram", platformUserId: userId, contactId: contact.id, boundAt: at },
      });
    }

    async function arrived(identities: ReturnType<typeof stores>["identities"], userId: string, eventId: string) {
      const arrival = await identities.arrive({ platform: "telegram", platformUserId: userId, eventId, at });
      if (arrival.duplicate) throw new Error("not a duplicate");
      return arrival;
    }

    /** Changes a task's title without the plan revision noticing (triggers off for the transaction). */
    async function retitleUnnoticed(prisma: PrismaClient, key: string, title: string): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
        await tx.$executeRaw`UPDATE "Task" SET title = ${title} WHERE key = ${key}`;
      });
    }

    it("a known, reachable sender's arrival writes nothing; a new name or an unreachable mark is written", async () => {
      const prisma = getPrisma();
      const { identities } = stores(prisma);
      const version = async () =>
        (
          await prisma.$queryRaw<{ v: string }[]>`
            SELECT xmin::text AS v FROM "ChatIdentity" WHERE "platformUserId" = 'quiet-1'`
        )[0]?.v;
      const arrive = (displayName?: string) =>
        identities.arrive({
          platform: "telegram",
          platformUserId: "quiet-1",
          directChatId: "quiet-1",
          ...(displayName ? { displayName } : {}),
          eventId: `q-${Math.random()}`,
          at,
        });
      const first = await arrive("王五");
      const written = await version();
      const again = await arrive("王五");
      expect(await version()).toBe(written);
      expect(again.duplicate ? null : again.identity.id).toBe(first.duplicate ? undefined : first.identity.id);
      await arrive();
      expect(await version()).toBe(written);

      await arrive("王五五");
      expect(await version()).not.toBe(written);
      await prisma.chatIdentity.updateMany({ where: { platformUserId: "quiet-1" }, data: { unreachableAt: at } });
      await arrive();
      const row = await prisma.chatIdentity.findFirstOrThrow({ where: { platformUserId: "quiet-1" } });
      expect(row).toMatchObject({ unreachableAt: null, displayName: "王五五", directChatId: "quiet-1" });
    });

    it("ten first arrivals of a new sender at once make one identity", async () => {
      const prisma = getPrisma();
      const { identities } = stores(prisma);
      const arrivals = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          identities.arrive({ platform: "telegram", platformUserId: "rush-1", eventId: `rush-${i}`, at }),
        ),
      );
      const ids = new Set(arrivals.map((a) => (a.duplicate ? null : a.identity.id)));
      expect(ids.size).toBe(1);
      expect(await prisma.chatIdentity.count({ where: { platformUserId: "rush-1" } })).toBe(1);
    });

    it("reads the sender's scope with the arrival, serves it under that plan, and reads again after a change", async () => {
      const prisma = getPrisma();
      const { identities, reports } = stores(prisma);
      await bound(prisma, "scope-1", "c-hrss");
      const title = (await prisma.task.findFirstOrThrow({ where: { key: "MS-03" } })).title;
      const titleIn = async (arrival: Awaited<ReturnType<typeof arrived>>) => {
        const scope = await reports.reportingScope(
          arrival.actor!.units.map((u) => u.unitId),
          { planRevision: arrival.planRevision },
        );
        expect(Object.isFrozen(scope.tasks)).toBe(true);
        expect(scope.cycleSettings.size).toBeGreaterThan(0);
        return scope.tasks.find((t) => t.taskKey === "MS-03")?.title;
      };
      try {
        const first = await arrived(identities, "scope-1", "s-1");
        expect(first.planRevision).not.toBeNull();
        expect(await titleIn(first)).toBe(title);

        // Unseen by the plan revision: what was kept under it is served, nothing is read.
        await retitleUnnoticed(prisma, "MS-03", "未经修订号的标题");
        const second = await arrived(identities, "scope-1", "s-2");
        expect(second.planRevision).toBe(first.planRevision);
        expect(await titleIn(second)).toBe(title);

        // A change the revision sees: the next arrival reads the scope again.
        await prisma.task.updateMany({ where: { key: "MS-03" }, data: { title: "修订后的标题" } });
        const third = await arrived(identities, "scope-1", "s-3");
        expect(third.planRevision).not.toBe(first.planRevision);
        expect(await titleIn(third)).toBe("修订后的标题");
        // Asked without a revision (the /tasks view), the store checks the revision itself.
        await prisma.task.updateMany({ where: { key: "MS-03" }, data: { title: "再次修订" } });
        const units = third.actor!.units.map((u) => u.unitId);
        expect((await reports.reportableTasks(units)).find((t) => t.taskKey === "MS-03")?.title).toBe("再次修订");
      } finally {
        await prisma.task.updateMany({ where: { key: "MS-03" }, data: { title } });
      }
    });

    it("a report store on its own keeps a scope under the revision it is told, and reads again for another", async () => {
      const prisma = getPrisma();
      const { identities } = stores(prisma);
      const reports = createReportStore(prisma);
      await bound(prisma, "own-1", "c-hrss");
      const title = (await prisma.task.findFirstOrThrow({ where: { key: "MS-03" } })).title;
      const titleAt = async (arrival: Awaited<ReturnType<typeof arrived>>) =>
        (
          await reports.reportingScope(
            arrival.actor!.units.map((u) => u.unitId),
            { planRevision: arrival.planRevision },
          )
        ).tasks.find((t) => t.taskKey === "MS-03")?.title;
      try {
        const first = await arrived(identities, "own-1", "o-1");
        expect(await titleAt(first)).toBe(title);
        await retitleUnnoticed(prisma, "MS-03", "未经修订号的标题");
        expect(await titleAt(await arrived(identities, "own-1", "o-2"))).toBe(title);
        await prisma.task.updateMany({ where: { key: "MS-03" }, data: { title: "修订后的标题" } });
        expect(await titleAt(await arrived(identities, "own-1", "o-3"))).toBe("修订后的标题");
      } finally {
        await prisma.task.updateMany({ where: { key: "MS-03" }, data: { title } });
      }
    });

    it("a sender given another unit (not a plan change) has that unit's tasks read", async () => {
      const prisma = getPrisma();
      const { identities, reports } = stores(prisma);
      await bound(prisma, "units-1", "c-hrss");
      const contact = await prisma.contact.findUniqueOrThrow({ where: { key: "c-hrss" } });
      const first = await arrived(identities, "units-1", "u-1");
      const mine = first.actor!.units.map((u) => u.unitId);
      await reports.reportingScope(mine, { planRevision: first.planRevision });
      const other = await prisma.unit.findFirstOrThrow({
        where: { id: { notIn: mine }, tasks: { some: { role: "lead", task: { active: true } } } },
      });
      await prisma.contactUnitRole.create({ data: { contactId: contact.id, unitId: other.id, role: "deputy" } });
      try {
        const second = await arrived(identities, "units-1", "u-2");
        expect(second.planRevision).toBe(first.planRevision);
        const units = second.actor!.units.map((u) => u.unitId);
        expect(units).toContain(other.id);
        const scope = await reports.reportingScope(units, { planRevision: second.planRevision });
        expect(scope.tasks.some((t) => t.unit.id === other.id)).toBe(true);
        expect(scope.tasks.some((t) => t.unit.id === mine[0])).toBe(true);
      } finally {
        await prisma.contactUnitRole.delete({
          where: { contactId_unitId: { contactId: contact.id, unitId: other.id } },
        });
      }
    });

    it("stores versions of a report with its event's mark, and refuses the event a second time", async () => {
      const prisma = getPrisma();
      const { reports } = stores(prisma);
      const task = await prisma.task.findFirstOrThrow({ where: { key: "MS-03" }, include: { targets: true } });
      const unit = await prisma.unit.findUniqueOrThrow({ where: { key: "hrss" } });
      const contact = await prisma.contact.findUniqueOrThrow({ where: { key: "c-hrss" } });
      const period = await reports.ensurePeriod({
        groupId: task.groupId,
        cycle: "month",
        periodKey: "2023-M11",
        startsAt: new Date("2023-10-31T16:00:00Z"),
        endsAt: new Date("2023-11-30T16:00:00Z"),
        dueAt: new Date("2023-11-29T09:00:00Z"),
      });
      const target = task.targets[0]!;
      const confirmation = (key: string) => ({
        key,
        to: { platform: "telegram" as const, chatId: "c1" },
        first: { blocks: [], summary: "已保存" },
        correction: { blocks: [], summary: `已保存（第 ${VERSION_SLOT} 版）` },
      });
      const save = (eventId: string, value: number, isLate: boolean) =>
        reports.saveReport({
          confirmation: confirmation(`telegram:${eventId}#report`),
          taskId: task.id,
          unitId: unit.id,
          periodId: period.id,
          draft: {
            values: [{ targetKey: target.key, value }],
            status: "on_track",
            progress: "进展",
            problems: "",
            nextSteps: "",
            coordinationNeeded: "",
          },
          targetIds: { [target.key]: target.id },
          submittedByContactId: contact.id,
          submittedAt: at,
          isLate,
          source: { platform: "telegram", chatId: "c1", messageId: "m1", text: "报送", eventId },
        });
      expect((await save("v-1", 1.5, false)).version).toBe(1);
      expect((await save("v-2", 2.25, true)).version).toBe(2);
      await expect(save("v-2", 3, true)).rejects.toBeInstanceOf(DuplicateEventError);
      const rows = await prisma.report.findMany({
        where: { taskId: task.id, unitId: unit.id, periodId: period.id },
        orderBy: { version: "asc" },
        include: { values: true },
      });
      expect(rows.map((r) => [r.version, r.isCurrent, r.isLate, r.values[0]?.value.toString()])).toEqual([
        [1, false, false, "1.5"],
        [2, true, true, "2.25"],
      ]);
      expect(await prisma.processedEvent.count({ where: { eventId: { in: ["v-1", "v-2"] } } })).toBe(2);
      const current = await prisma.currentReportValue.findMany({ where: { reportId: rows[1]!.id } });
      expect(current.map((c) => c.value.toString())).toEqual(["2.25"]);
      // Each version's confirmation is kept in the outbox with it, with the version it was given.
      const kept = await prisma.outboxMessage.findMany({
        where: { dedupeKey: { in: ["answer|telegram:v-1#report", "answer|telegram:v-2#report"] } },
        orderBy: { dedupeKey: "asc" },
      });
      expect(kept.map((k) => [k.kind, k.state, (k.payload as { summary: string }).summary])).toEqual([
        ["answer", "pending", "已保存"],
        ["answer", "pending", "已保存（第 2 版）"],
      ]);
    });
  });
}
