import pg from "pg";
import { createPrismaClient, type PrismaClient } from "./client.js";
import { DataDirInUseError, isAlive, readDataDirOwner, type DataDirOwner } from "./data-dir-lock.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded.js";
import { DatabaseNotMigratedError, DatabaseUnreachableError, describeDatabaseUrl } from "./errors.js";
import { applyMigrations, pendingMigrations } from "./migrate.js";

export interface DatabaseOptions {
  /** PostgreSQL server URL; undefined = embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Embedded PGlite in memory instead of in `dataDir` (tests, demos). */
  embeddedInMemory?: boolean;
  /** Apply pending migrations before connecting the client. */
  migrate?: boolean;
  /**
   * The embedded database of `dataDir`, already starting (`zhuanban start` begins it before the
   * app's modules load, so the two overlap): used instead of starting it here.
   */
  embeddedStarting?: Promise<EmbeddedPostgres> | undefined;
  /** A new embedded database is created from this data directory tarball, when it gives one. */
  embeddedTemplate?: () => Promise<Blob | undefined>;
  /**
   * Embedded only: refuse when another process (a running `zhuanban start`) has the data
   * directory. Without it, this call connects through that process's socket server instead.
   */
  exclusive?: boolean;
  /**
   * Without `migrate`: refuse a database with pending migrations (DatabaseNotMigratedError), so a
   * command says "run zhuanban migrate" instead of failing later on a missing table.
   */
  requireMigrated?: boolean;
}

/** An open database: the Prisma client plus how to close everything behind it. */
export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: "server" | "embedded";
  /** Host, port and database name, without credentials. */
  readonly target: string;
  /** The pid of the running zhuanban whose embedded database this connects through, if any. */
  readonly sharedWith?: number | undefined;
  /** True when an embedded data directory was created by this call. */
  readonly created: boolean;
  /** True when a new embedded database was made from `embeddedTemplate`. */
  readonly fromTemplate: boolean;
  readonly migrationsApplied: number;
  /**
   * Whether the database holds no work group yet (nothing seeded). Asked on a connection of its
   * own, so that a start which finds its data in place gets to ready without waiting for Prisma's
   * client to set up (its query compiler loads with the first query, behind the ready line).
   */
  hasNoGroups(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let sharedWith: number | undefined;
  let url = options.databaseUrl;
  if (!url) {
    // PGlite loads only for the embedded database, in its own thread (embedded.ts).
    try {
      embedded = await (options.embeddedStarting ??
        startEmbeddedPostgres(options.embeddedInMemory ? null : options.dataDir, {
          migrate: options.migrate ?? false,
          ...(options.embeddedTemplate ? { template: options.embeddedTemplate } : {}),
        }));
      url = embedded.url;
    } catch (error) {
      if (!(error instanceof DataDirInUseError) || options.exclusive) throw error;
      url = await runningOwnerUrl(error);
      sharedWith = error.pid;
    }
  }
  const target = sharedWith
    ? `embedded PostgreSQL in ${options.dataDir} (served by the running zhuanban, process ${sharedWith})`
    : embedded
      ? `embedded PostgreSQL ${options.embeddedInMemory ? "in memory" : `in ${options.dataDir}`}`
      : describeDatabaseUrl(url);
  try {
    await checkReachable(url, target);
    // The embedded database was migrated as it started; a server goes through Prisma's engine.
    let migrationsApplied = embedded?.migrationsApplied ?? 0;
    if (options.migrate && !embedded) {
      migrationsApplied = (await applyMigrations(url)).applied;
    } else if (options.requireMigrated) {
      const pending = await pendingMigrations(url);
      if (pending.length > 0) throw new DatabaseNotMigratedError(target, pending.length);
    }
    // PGlite is one backend: a bigger pool would only queue on its socket server.
    const prisma = options.databaseUrl
      ? createPrismaClient(url, 10)
      : createPrismaClient(url, 1, { namedStatements: false });
    return {
      prisma,
      kind: options.databaseUrl ? "server" : "embedded",
      target,
      sharedWith,
      created: embedded?.created ?? false,
      fromTemplate: embedded?.fromTemplate ?? false,
      migrationsApplied,
      hasNoGroups: () => hasNoGroups(url),
      async close() {
        await prisma.$disconnect();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/**
 * The URL a running zhuanban serves its embedded database on. It is written into the lock file as
 * soon as the socket server listens, a moment after the lock is taken, so a process that is still
 * starting is waited for (up to a minute, while it lives).
 */
async function runningOwnerUrl(inUse: DataDirInUseError): Promise<string> {
  const deadline = Date.now() + 60_000;
  let owner: DataDirOwner | undefined = { pid: inUse.pid, url: inUse.url };
  while (owner && owner.pid === inUse.pid && !owner.url && isAlive(owner.pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    owner = await readDataDirOwner(inUse.dataDir);
  }
  if (owner?.url) return owner.url;
  throw inUse;
}

async function hasNoGroups(url: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await probe.connect();
    const found = await probe.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM "WorkGroup") AS any`);
    return !found.rows[0]?.any;
  } finally {
    await probe.end().catch(() => undefined); // closed or failed already: nothing left to release
  }
}

/** Fails fast with the host named, before the migration engine prints something cryptic. */
export async function checkReachable(url: string, target: string): Promise<void> {
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await probe.connect();
    await probe.query("SELECT 1");
  } catch (error) {
    throw new DatabaseUnreachableError(target, errorMessage(error));
  } finally {
    await probe.end().catch(() => undefined); // already failed or closed: nothing left to release
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (error as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
    const first = error.message.split("\n").find((line) => line.trim() !== "") ?? error.message;
    return code && !first.includes(code) ? `${first} (${code})` : first;
  }
  return String(error);
}

/** For /healthz: resolves when the database answers a trivial query, throws what it said otherwise. */
export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRawUnsafe("SELECT 1");
}
