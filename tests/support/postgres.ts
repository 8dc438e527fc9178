import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** The PostgreSQL server the tests use: the one running on this machine unless told otherwise. */
export const adminUrl = process.env.ZHUANBAN_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function urlFor(database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Name of the template database for the current migrations: a change to any migration makes a new one. */
export async function templateName(): Promise<string> {
  const dir = path.resolve("prisma", "migrations");
  const hash = createHash("sha256");
  for (const name of (await readdir(dir)).sort()) {
    hash.update(name);
    if (!name.endsWith(".toml")) hash.update(await readFile(path.join(dir, name, "migration.sql")));
  }
  return `zb_tmpl_${hash.digest("hex").slice(0, 16)}`;
}

export function scratchDatabaseName(): string {
  return `zb_test_${randomBytes(6).toString("hex")}`;
}
