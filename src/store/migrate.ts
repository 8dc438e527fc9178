import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import pg from "pg";
import { createRequire } from "node:module";
import path from "node:path";
import { packageRoot } from "../package-root.js";
import { MigrationError } from "./errors.js";

const repoRoot = packageRoot(import.meta.url);

/**
 * Applies pending migrations with `prisma migrate deploy` through the JavaScript schema engine.
 * Runs as an asynchronous child process: an embedded PGlite server lives on this event loop
 * and must keep answering while the child migrates (../shared/STACK.md).
 */
export async function applyMigrations(databaseUrl: string): Promise<{ applied: number; output: string }> {
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length === 0) return { applied: 0, output: "No pending migrations." };
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const dummyEngine = path.join(repoRoot, "scripts", "prisma-dummy-engine");
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [prismaCli, "migrate", "deploy"],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          PRISMA_QUERY_ENGINE_LIBRARY: dummyEngine,
          PRISMA_SCHEMA_ENGINE_BINARY: dummyEngine,
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
          CHECKPOINT_DISABLE: "1",
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const text = `${stdout}${stderr}`;
        if (error) reject(new MigrationError(text.trim() || error.message));
        else resolve(text);
      },
    );
  });
  return { applied: pending.length, output };
}

/**
 * Names of migrations in prisma/migrations that the database has not finished applying.
 * Reading Prisma's own bookkeeping table directly saves the migration engine's start-up
 * (seconds on embedded PGlite) on every `zhuanban start` when nothing is pending.
 */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const entries = await readdir(path.join(repoRoot, "prisma", "migrations"), { withFileTypes: true });
  const all = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query<{ present: boolean }>(
      "SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present",
    );
    if (!exists.rows[0]?.present) return all;
    const done = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(done.rows.map((r) => r.migration_name));
    return all.filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}
