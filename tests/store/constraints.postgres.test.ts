import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { describeStoreConstraints } from "./constraints.contract.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describeStoreConstraints("PostgreSQL server", () => db.prisma);
