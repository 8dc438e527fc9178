import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../src/store/database.js";
import { describeStoreConstraints } from "./constraints.contract.js";

// The embedded default: PGlite in memory behind pglite-socket, migrated exactly as in production.
let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: "", embeddedInMemory: true, migrate: true });
});
afterAll(async () => {
  await db?.close();
});

describeStoreConstraints("embedded PGlite", () => db.prisma);
