import { inject } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { scratchDatabaseName, urlFor, withAdmin } from "./postgres.js";

/** A throwaway, migrated database on the local PostgreSQL server, cloned from the template. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly prisma: PrismaClient;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = scratchDatabaseName();
  const template = inject("templateDatabase");
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = urlFor(name);
  const prisma = createPrismaClient(url, 5);
  return {
    name,
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
