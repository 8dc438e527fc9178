// The embedded database is migrated without Prisma's migration engine (src/store/embedded-migrations.ts):
// Prisma itself must then see the same history it would have written, nothing pending, and a failed
// migration must stop the start as it does in Prisma.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { migrateEmbedded } from "../../src/store/embedded-migrations.js";
import { MigrationError } from "../../src/store/errors.js";
import { runPrismaMigrate } from "../../src/store/migrate.js";
import { migrationNames } from "../../src/store/migration-files.js";
import { urlFor } from "../support/postgres.js";

interface Row {
  migration_name: string;
  checksum: string;
  applied_steps_count: number;
  logs: string | null;
  finished_at: Date | null;
}
const COLUMNS = "migration_name, checksum, applied_steps_count, logs, finished_at";

// PostgreSQL's initdb in WebAssembly takes seconds (a minute on a loaded machine): run once, and
// every test starts from a copy of that empty database.
const SLOW = 300_000;
let scratch: string;
let blank: Blob;
const freshDatabase = () => PGlite.create({ loadDataDir: blank });
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "zb-embedded-migrate-"));
  const initdb = await PGlite.create();
  blank = await initdb.dumpDataDir("none");
  await initdb.close();
}, SLOW);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("migrating the embedded database directly", () => {
  it(
    "writes the history Prisma writes, and prisma migrate deploy and status then find nothing pending",
    async () => {
      const db = await freshDatabase();
      const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
      try {
        expect(await migrateEmbedded(db)).toBe(migrationNames().length);
        const ours = (await db.query<Row>(`SELECT ${COLUMNS} FROM _prisma_migrations ORDER BY migration_name`)).rows;

        // The template database of the tests was migrated by `prisma migrate deploy`.
        const prismas = new pg.Client({ connectionString: urlFor(inject("templateDatabase")) });
        await prismas.connect();
        const theirs = (await prismas.query<Row>(`SELECT ${COLUMNS} FROM _prisma_migrations ORDER BY migration_name`))
          .rows;
        await prismas.end();
        const comparable = (rows: Row[]) =>
          rows.map((r) => ({ ...r, finished: r.finished_at !== null, finished_at: undefined }));
        expect(comparable(ours)).toEqual(comparable(theirs));

        await server.start();
        const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
        expect(await runPrismaMigrate(url, ["deploy"])).toMatch(/No pending migrations to apply/);
        expect(await runPrismaMigrate(url, ["status"])).toMatch(/Database schema is up to date/);
        expect((await db.query(`SELECT count(*)::int AS n FROM _prisma_migrations`)).rows).toEqual([
          { n: ours.length },
        ]);
      } finally {
        await server.stop();
        await db.close();
      }
    },
    SLOW,
  );

  it(
    "applies only what is new, and a failed migration is recorded and blocks the next start",
    async () => {
      const dir = path.join(scratch, "migrations");
      const write = async (name: string, sql: string) => {
        await mkdir(path.join(dir, name), { recursive: true });
        await writeFile(path.join(dir, name, "migration.sql"), sql);
      };
      await write("20260101000000_first", `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY);`);
      const db = await freshDatabase();
      try {
        expect(await migrateEmbedded(db, dir)).toBe(1);
        expect(await migrateEmbedded(db, dir)).toBe(0);

        await write(
          "20260102000000_second",
          `ALTER TABLE "a" ADD COLUMN "b" TEXT;\nALTER TABLE "missing" ADD COLUMN "c" TEXT;`,
        );
        await expect(migrateEmbedded(db, dir)).rejects.toThrow(/20260102000000_second failed: .*missing/);
        const failed = (
          await db.query<Row>(
            `SELECT ${COLUMNS} FROM _prisma_migrations WHERE migration_name = '20260102000000_second'`,
          )
        ).rows;
        expect(failed).toMatchObject([{ finished_at: null, logs: expect.stringMatching(/missing/) }]);
        // The script ran as one implicit transaction: its first statement did not stay either.
        const columns = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'a'`);
        expect(columns.rows).toEqual([{ column_name: "id" }]);

        await expect(migrateEmbedded(db, dir)).rejects.toBeInstanceOf(MigrationError);
        await expect(migrateEmbedded(db, dir)).rejects.toThrow(/failed earlier/);
      } finally {
        await db.close();
      }
    },
    SLOW,
  );

  it(
    "a new data directory made from a template keeps its data, and is opened as it is the next time",
    async () => {
      const source = await freshDatabase();
      await migrateEmbedded(source);
      await source.exec(
        `INSERT INTO "Unit" (id, key, name, "updatedAt") VALUES (gen_random_uuid(), 'u1', '一号单位', now())`,
      );
      const tarball = await source.dumpDataDir("gzip");
      await source.close();

      const dataDir = path.join(scratch, "data");
      const first = await openDatabase({ dataDir, migrate: true, embeddedTemplate: async () => tarball });
      try {
        expect(first).toMatchObject({ created: true, fromTemplate: true, migrationsApplied: 0 });
        expect((await first.prisma.unit.findMany()).map((u) => u.name)).toEqual(["一号单位"]);
      } finally {
        await first.close();
      }
      const again = await openDatabase({ dataDir, migrate: true, embeddedTemplate: async () => tarball });
      try {
        expect(again).toMatchObject({ created: false, fromTemplate: false, migrationsApplied: 0 });
        expect(await again.prisma.unit.count()).toBe(1);
      } finally {
        await again.close();
      }
    },
    SLOW,
  );
});
