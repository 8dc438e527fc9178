import { Prisma, type PrismaClient } from "./client.js";

/**
 * The database's plan revision: one row that triggers (migration `plan_revision`) set in every
 * transaction writing a group, cycle setting, task, task unit, target or unit, whichever process
 * or tool writes it. Stores that keep what they read of those tables serve it again while the
 * revision is unchanged: reading it is one indexed row, where a large group's tasks are thousands.
 * Null when the row is missing (then nothing may be kept).
 *
 * Read it before what is kept under it: a change committed while that loads leaves it kept under
 * the old revision, so the next call sees a new one and loads again; never the other way round.
 */
export async function planRevision(prisma: PrismaClient): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ revision: string }[]>(
    Prisma.sql`SELECT revision::text AS revision FROM "PlanRevision" WHERE id = 1`,
  );
  return rows[0]?.revision ?? null;
}
