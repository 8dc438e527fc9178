import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import { migrateEmbedded } from "./embedded-migrations.js";

/** A running embedded PostgreSQL (PGlite) served on a loopback port. */
export interface EmbeddedPostgres {
  readonly url: string;
  /** True when the data directory was empty and has just been initialised. */
  readonly created: boolean;
  /** True when it was created from the template given, not by initdb. */
  readonly fromTemplate: boolean;
  /** Migrations applied at start (0 unless asked to migrate). */
  readonly migrationsApplied: number;
  stop(): Promise<void>;
}

/**
 * Starts PGlite in `dataDir` (in memory when null) behind the PostgreSQL wire protocol, so that
 * the embedded default uses exactly the same driver adapter, SQL and migrations as a server.
 */
export async function startEmbeddedPostgres(
  dataDir: string | null,
  options: {
    migrate?: boolean;
    /** A data directory tarball (PGlite's dumpDataDir) to create a new database from instead of initdb. */
    template?: () => Promise<Blob | undefined>;
  } = {},
): Promise<EmbeddedPostgres> {
  let created = true;
  let lock: DataDirLock | undefined;
  const unlock = async () => lock?.release();
  if (dataDir !== null) {
    await mkdir(dataDir, { recursive: true });
    // New when PostgreSQL has not been set up in it (the lock and the console's log may be there).
    created = !existsSync(path.join(dataDir, "PG_VERSION"));
    lock = await lockDataDir(dataDir);
  }
  let db: PGlite;
  let template: Blob | undefined;
  try {
    template = created ? await options.template?.() : undefined;
    const load = template ? { loadDataDir: template } : {};
    db = dataDir === null ? await PGlite.create(load) : await PGlite.create(path.resolve(dataDir), load);
  } catch (error) {
    await unlock();
    throw error;
  }
  // Before anyone connects: straight into PGlite, without Prisma's migration engine (see there).
  let migrationsApplied = 0;
  try {
    if (options.migrate) migrationsApplied = await migrateEmbedded(db);
  } catch (error) {
    await db.close();
    await unlock();
    throw error;
  }
  // Several connections may attach (the app's single pooled one, CLI commands run beside the
  // bot); the server queues their statements one at a time and serves a connection's open
  // transaction alone until it ends.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
  await server.start();
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  // From here on the CLI (status, summary, import...) connects through this server, beside us.
  await lock?.publish(url);
  return {
    url,
    created,
    fromTemplate: template !== undefined,
    migrationsApplied,
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
