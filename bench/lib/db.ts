// The bench's own throwaway database on the local PostgreSQL server: created, migrated (the same
// migrations as production), and dropped at the end unless it is to be kept for another run.

import pg from "pg";
import { applyMigrations } from "../../src/store/migrate.js";

/** The server to create the bench database on (trust authentication on these machines). */
export const adminUrl = process.env.ZHUANBAN_BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function urlFor(database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

const NAME = /^zb_bench_[a-z0-9_]{1,40}$/;

export function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`bench database names look like zb_bench_<letters, digits, _>; got "${name}"`);
  return name;
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

export async function databaseExists(name: string): Promise<boolean> {
  return withAdmin(async (admin) => {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [checkName(name)]);
    return found.rowCount === 1;
  });
}

/** Creates and migrates a fresh database; returns the migration time in ms. */
export async function createDatabase(name: string): Promise<number> {
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${checkName(name)}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  const start = performance.now();
  await applyMigrations(urlFor(name));
  return performance.now() - start;
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${checkName(name)}" WITH (FORCE)`));
}

export async function serverVersion(): Promise<string> {
  return withAdmin(async (admin) => {
    const row = await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return row.rows[0]?.v ?? "unknown";
  });
}
