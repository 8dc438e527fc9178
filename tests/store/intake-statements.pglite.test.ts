import { afterAll, beforeAll } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { openDatabase, type Database } from "../../src/store/database.js";
import { describeIntakeStatements } from "./intake-statements.contract.js";

// The embedded default: PGlite in memory behind pglite-socket, one connection, no named statements.
let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: "", embeddedInMemory: true, migrate: true });
  await seedFromDir(db.prisma);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describeIntakeStatements("embedded PGlite", () => db.prisma);
