import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createPrismaClient, driverQuery } from "../../src/store/client.js";
import { createIdentityStore } from "../../src/store/identity-store.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { describeIntakeStatements } from "./intake-statements.contract.js";

// A PostgreSQL server: the intake statements are prepared by name on each connection.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
});
afterAll(async () => {
  await db.drop();
});

describeIntakeStatements("PostgreSQL server", () => db.prisma);

describe("named statements", () => {
  /** The statements prepared on the one connection of a client after one arrival. */
  async function preparedAfterArrival(url: string): Promise<string[]> {
    const prisma = createPrismaClient(url, 1);
    try {
      await createIdentityStore(prisma).arrive({
        platform: "telegram",
        platformUserId: "named-1",
        eventId: `named-${Math.random()}`,
        at: new Date(),
      });
      const rows = await driverQuery<{ name: string }>(prisma, `SELECT name FROM pg_prepared_statements`, []);
      return rows.map((r) => r.name);
    } finally {
      await prisma.$disconnect();
    }
  }

  it("are prepared once per connection on a server, and not behind PgBouncer (pgbouncer=true)", async () => {
    expect(await preparedAfterArrival(db.url)).toContain("zb_arrive");
    const behindPgBouncer = new URL(db.url);
    behindPgBouncer.searchParams.set("pgbouncer", "true");
    expect(await preparedAfterArrival(behindPgBouncer.toString())).toEqual([]);
  });
});
