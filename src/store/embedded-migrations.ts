import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { MigrationError } from "./errors.js";
import { MIGRATIONS_DIR, migrationNames } from "./migration-files.js";

// Prisma's own bookkeeping table, column for column as `prisma migrate deploy` creates it, so
// that Prisma (migrate deploy, migrate status) reads what this module writes as its own.
const CREATE_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies the pending migrations of prisma/migrations to an embedded PGlite directly, as `prisma
 * migrate deploy` would: each script run whole, a `_prisma_migrations` row per migration (started,
 * then finished, with the SHA-256 of the script as its checksum, or its error in `logs`). Starting
 * Prisma's migration engine in a child process costs seconds on every first start; this costs the
 * SQL alone. A migration that failed before blocks the rest, as it does in Prisma (resolve it by hand).
 * Returns how many migrations were applied.
 */
export async function migrateEmbedded(db: PGlite, dir: string = MIGRATIONS_DIR): Promise<number> {
  await db.exec(CREATE_BOOKKEEPING);
  const rows = await db.query<{ migration_name: string; finished_at: Date | null }>(
    `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const failed = rows.rows.find((r) => r.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} failed earlier and is marked unfinished in _prisma_migrations; ` +
        `fix the database, then mark it with \`prisma migrate resolve\``,
    );
  }
  const applied = new Set(rows.rows.map((r) => r.migration_name));
  const pending = migrationNames(dir).filter((name) => !applied.has(name));
  for (const name of pending) {
    const script = await readFile(path.join(dir, name, "migration.sql"), "utf8");
    const id = randomUUID();
    const checksum = createHash("sha256").update(script).digest("hex");
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, checksum, name],
    );
    try {
      await db.exec(script);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
      throw new MigrationError(`migration ${name} failed: ${message}`);
    }
    await db.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
  }
  return pending.length;
}
