import { mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockDataDir } from "./data-dir-lock.js";

/** A running embedded PostgreSQL (PGlite) served on a loopback port. */
export interface EmbeddedPostgres {
  readonly url: string;
  /** True when the data directory was empty and has just been initialised. */
  readonly created: boolean;
  stop(): Promise<void>;
}

/**
 * Starts PGlite in `dataDir` (in memory when null) behind the PostgreSQL wire protocol, so that
 * the embedded default uses exactly the same driver adapter, SQL and migrations as a server.
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  let created = true;
  let unlock: () => Promise<void> = async () => undefined;
  if (dataDir !== null) {
    await mkdir(dataDir, { recursive: true });
    created = (await readdir(dataDir)).filter((name) => name !== "zhuanban.lock").length === 0;
    unlock = await lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    db = dataDir === null ? await PGlite.create() : await PGlite.create(path.resolve(dataDir));
  } catch (error) {
    await unlock();
    throw error;
  }
  // Several connections may attach (the app's single pooled one, and the migration engine
  // run as a child process); the server queues their statements one at a time.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  return {
    url,
    created,
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
