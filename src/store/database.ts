import pg from "pg";
import { createPrismaClient, type PrismaClient } from "./client.js";
import type { EmbeddedPostgres } from "./embedded.js";
import { DatabaseUnreachableError, describeDatabaseUrl } from "./errors.js";
import { applyMigrations } from "./migrate.js";

export interface DatabaseOptions {
  /** PostgreSQL server URL; undefined = embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Embedded PGlite in memory instead of in `dataDir` (tests, demos). */
  embeddedInMemory?: boolean;
  /** Apply pending migrations before connecting the client. */
  migrate?: boolean;
  /** A new embedded database is created from this data directory tarball, when it gives one. */
  embeddedTemplate?: () => Promise<Blob | undefined>;
}

/** An open database: the Prisma client plus how to close everything behind it. */
export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: "server" | "embedded";
  /** Host, port and database name, without credentials. */
  readonly target: string;
  /** True when an embedded data directory was created by this call. */
  readonly created: boolean;
  /** True when a new embedded database was made from `embeddedTemplate`. */
  readonly fromTemplate: boolean;
  readonly migrationsApplied: number;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = options.databaseUrl;
  if (!url) {
    // PGlite loads only for the embedded database, not on every start against a server.
    const { startEmbeddedPostgres } = await import("./embedded.js");
    embedded = await startEmbeddedPostgres(options.embeddedInMemory ? null : options.dataDir, {
      migrate: options.migrate ?? false,
      ...(options.embeddedTemplate ? { template: options.embeddedTemplate } : {}),
    });
    url = embedded.url;
  }
  const target = embedded
    ? `embedded PostgreSQL ${options.embeddedInMemory ? "in memory" : `in ${options.dataDir}`}`
    : describeDatabaseUrl(url);
  try {
    await checkReachable(url, target);
    // The embedded database was migrated as it started; a server goes through Prisma's engine.
    let migrationsApplied = embedded?.migrationsApplied ?? 0;
    if (options.migrate && !embedded) {
      migrationsApplied = (await applyMigrations(url)).applied;
    }
    const prisma = createPrismaClient(url, embedded ? 1 : 10);
    return {
      prisma,
      kind: embedded ? "embedded" : "server",
      target,
      created: embedded?.created ?? false,
      fromTemplate: embedded?.fromTemplate ?? false,
      migrationsApplied,
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
