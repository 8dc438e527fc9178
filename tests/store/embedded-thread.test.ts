// The embedded database runs in a thread of its own (src/store/embedded-worker.ts). What it says
// across the thread boundary must arrive as it would from the same thread: a typed error, the
// data directory given back, and its files complete after stop.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE } from "../../src/store/data-dir-lock.js";
import { startEmbeddedPostgres } from "../../src/store/embedded.js";
import { MigrationError } from "../../src/store/errors.js";
import { migrationNames } from "../../src/store/migration-files.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-embedded-thread-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded database in its own thread", () => {
  it("keeps what was written across a stop and a start, and a second stop waits for the first", async () => {
    const first = await startEmbeddedPostgres(dir, { migrate: true });
    expect(first.created).toBe(true);
    expect(first.migrationsApplied).toBe(migrationNames().length);
    await sql(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('第1期')`);
    await Promise.all([first.stop(), first.stop()]);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    const again = await startEmbeddedPostgres(dir, { migrate: true });
    try {
      expect(again.created).toBe(false);
      expect(again.migrationsApplied).toBe(0);
      expect(await sql<{ note: string }>(again.url, `SELECT note FROM kept`)).toEqual([{ note: "第1期" }]);
    } finally {
      await again.stop();
    }
  }, 120_000);

  it("a migration marked unfinished is a MigrationError here, and the directory is given back", async () => {
    const db = await startEmbeddedPostgres(dir, { migrate: true });
    const [oldest] = migrationNames();
    await sql(db.url, `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = '${oldest}'`);
    await db.stop();

    const refused = startEmbeddedPostgres(dir, { migrate: true });
    await expect(refused).rejects.toBeInstanceOf(MigrationError);
    await expect(refused).rejects.toThrow(`migration ${oldest} failed earlier and is marked unfinished`);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    // Without migrating, the same directory opens: nothing was left locked or half-closed.
    const plain = await startEmbeddedPostgres(dir);
    await plain.stop();
  }, 120_000);
});
