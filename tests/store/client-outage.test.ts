import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres.js";

// A database of the test's own, stopped in the middle of a transaction (an outage).
let pg: PrivatePostgres;
let prisma: PrismaClient;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  // One connection: a connection the pool lost shows at the very next query.
  prisma = createPrismaClient(pg.url, 1);
}, 120_000);
afterAll(async () => {
  await pg?.destroy();
});

it(
  "gives the connection back when a transaction cannot be committed, so queries go on and the pool closes",
  { timeout: 120_000 },
  async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        await pg.stop();
      }),
    ).rejects.toThrow();
    await pg.start();
    // Without the connection back, this query waited for the pool's only connection in vain (5 s, then an error).
    expect(await prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    // And the pool's end waited for it for ever (the shutdown after an outage never finished).
    await prisma.$disconnect();
  },
);
