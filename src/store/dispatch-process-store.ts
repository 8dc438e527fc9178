import type { PrismaClient } from "./client.js";

/**
 * The processes dispatching the outbox, for dividing the platforms' rate budgets among them
 * (docs/design.md, Scaling out; issue 17, item 6). Times are the database's, so the hosts' clocks need
 * not agree.
 */
export interface DispatchProcessStore {
  /** Records `id` as alive now and answers how many processes were seen within `liveMs` (itself included). */
  beat(id: string, liveMs: number): Promise<number>;
  /** `id` stops dispatching (graceful stop): the others take its share at their next beat. */
  leave(id: string): Promise<void>;
}

export function createDispatchProcessStore(prisma: PrismaClient): DispatchProcessStore {
  return {
    async beat(id, liveMs) {
      const [, rows] = await prisma.$transaction([
        prisma.$executeRaw`
          INSERT INTO "DispatchProcess" (id, "seenAt") VALUES (${id}, now())
          ON CONFLICT (id) DO UPDATE SET "seenAt" = now()`,
        prisma.$queryRaw<{ live: number }[]>`
          SELECT count(*)::int AS live FROM "DispatchProcess"
          WHERE "seenAt" > now() - make_interval(secs => ${liveMs / 1000}::float8)`,
      ]);
      // Processes gone for long are forgotten (a crash leaves its row behind).
      await prisma.$executeRaw`DELETE FROM "DispatchProcess" WHERE "seenAt" < now() - interval '1 hour'`;
      return Math.max(1, rows[0]?.live ?? 1);
    },
    async leave(id) {
      await prisma.$executeRaw`DELETE FROM "DispatchProcess" WHERE id = ${id}`;
    },
  };
}
