import { execFile } from "node:child_process";
import pg from "pg";
import { createRequire } from "node:module";
import path from "node:path";
import { packageRoot } from "../package-root.js";
import { MigrationError } from "./errors.js";
import { migrationNames } from "./migration-files.js";

const repoRoot = packageRoot(import.meta.url);

/**
 * Applies pending migrations with `prisma migrate deploy` through the JavaScript schema engine.
 * Runs as an asynchronous child process: an embedded PGlite server lives on this event loop
 * and must keep answering while the child migrates (docs/design.md, Stack notes).
 */
export async function applyMigrations(databaseUrl: string): Promise<{ applied: number; output: string }> {
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length === 0) return { applied: 0, output: "No pending migrations." };
  const output = await runPrismaMigrate(databaseUrl, ["deploy"]);
  return { applied: pending.length, output };
}

/**
 * Runs `prisma migrate <args>` (deploy, status) on the database through the JavaScript schema
 * engine, asynchronously (see applyMigrations); resolves with its output, rejects on a non-zero exit.
 */
export async function runPrismaMigrate(databaseUrl: string, args: string[]): Promise<string> {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const dummyEngine = path.join(repoRoot, "scripts", "prisma-dummy-engine");
  return new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [prismaCli, "migrate", ...args],
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
}

/**
 * Names of migrations in prisma/migrations that the database has not finished applying.
 * Reading Prisma's own bookkeeping table directly saves the migration engine's start-up
 * (seconds on embedded PGlite) on every `zhuanban start` when nothing is pending.
 */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const all = migrationNames();
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
