import { PrismaPg } from "@prisma/adapter-pg";
import type { Pool } from "pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.js";

export type { PrismaClient } from "../generated/prisma/client.js";
export { Prisma } from "../generated/prisma/client.js";

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type PgTransaction = Awaited<ReturnType<PgAdapter["startTransaction"]>>;

/** The statements with which Prisma's transaction manager ends an interactive transaction. */
const ENDS = new Set(["COMMIT", "ROLLBACK"]);

/**
 * The pg driver adapter, with one leak closed. Prisma 6.19 ends an interactive transaction with a
 * COMMIT (or ROLLBACK) statement and only then hands the connection back to the pool; when that
 * statement fails (the database went away in the middle of the transaction) the connection is
 * never handed back. The pool then holds one connection fewer for ever, and its end() (the
 * shutdown) waits for that connection without anything left to run: after a database outage,
 * SIGTERM ended the process with 13, an unsettled top-level await. Here a failed end gives the
 * connection back (pg drops a broken one) before the error goes on.
 */
class PrismaPgReleasing extends PrismaPg {
  /** The adapter's pg pool once Prisma has connected (see {@link driverQuery}). */
  pool: Pool | null = null;
  /** Passed before each statement outside a transaction, and before a transaction begins (see {@link gateStatements}). */
  gate: (() => Promise<void>) | null = null;

  override async connect(): Promise<PgAdapter> {
    const adapter = await super.connect();
    this.pool = adapter.underlyingDriver() as Pool;
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      await this.gate?.();
      return releasingOnFailedEnd(await startTransaction(isolationLevel));
    };
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (query) => {
      await this.gate?.();
      return queryRaw(query);
    };
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      await this.gate?.();
      return executeRaw(query);
    };
    return adapter;
  }
}

function releasingOnFailedEnd(tx: PgTransaction): PgTransaction {
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      // rollback() only gives the connection back (the failed statement was the transaction's end).
      if (ENDS.has(query.sql.trim().toUpperCase())) await tx.rollback();
      throw error;
    }
  };
  return tx;
}

/**
 * One Prisma client per process, connected through the pg driver adapter.
 * `maxConnections` must be 1 against embedded PGlite: it is a single backend, and pooled
 * connections would interleave inside each other's transactions (docs/design.md, Stack notes).
 * `namedStatements` (default true) lets the statements every report runs (driverQuery with a
 * name) be prepared once per connection: parsing and planning them cost PostgreSQL more CPU than
 * running them. Off against embedded PGlite, whose one backend every connection shares (a second
 * connection, or the CLI through a running bot's socket, would find the names taken), and behind
 * PgBouncer in transaction mode (`pgbouncer=true` in the URL, as Prisma reads it), where the
 * next statement may land on another server connection.
 */
export function createPrismaClient(
  connectionString: string,
  maxConnections = 10,
  options: { namedStatements?: boolean } = {},
): PrismaClient {
  const adapter = new PrismaPgReleasing({ connectionString, max: maxConnections, connectionTimeoutMillis: 5_000 });
  const client = new PrismaClient({ adapter });
  const named = (options.namedStatements ?? true) && !behindPgBouncer(connectionString);
  adapters.set(client, { adapter, named });
  return client;
}

function behindPgBouncer(connectionString: string): boolean {
  try {
    return new URL(connectionString).searchParams.get("pgbouncer") === "true";
  } catch {
    return false;
  }
}

const adapters = new WeakMap<PrismaClient, { adapter: PrismaPgReleasing; named: boolean }>();

/**
 * Every statement of this client waits at `gate` first: the app passes its inbound admission's
 * (src/core/chat/inbound-admission.ts), so that work already running stops at its next round trip
 * while requests wait for their acknowledgement, instead of taking the event loop (query
 * compilation, result mapping) and PostgreSQL's share of the cores from them. Statements inside a
 * transaction do not wait (the transaction waits before it begins): a paused transaction would
 * hold its locks and its connection. Returns what undoes it.
 */
export function gateStatements(prisma: PrismaClient, gate: () => Promise<void>): () => void {
  const adapter = adapters.get(prisma)?.adapter;
  if (!adapter) throw new Error("gateStatements: not a client made by createPrismaClient");
  adapter.gate = gate;
  return () => {
    if (adapter.gate === gate) adapter.gate = null;
  };
}

/**
 * One statement through the pg pool under Prisma's adapter, bypassing Prisma's query compiler and
 * its result mapping: for a parameter or a result so large that Prisma's per-value work costs more
 * than the database's (a 旬简报 of a large group is megabytes of JSON, bench/ item 4), and for the
 * statements of every report, where the compiler cost more than the statement. The same pool and
 * connections as Prisma's (with one connection, as against embedded PGlite, the statement waits
 * for it). Outside a transaction only. Rows come with pg's own parsing: timestamps as Date, float8
 * and int4 as number, numeric and int8 as string, json as parsed. A `name` prepares the statement
 * once per connection where the client allows it (createPrismaClient); one name, one text.
 */
export async function driverQuery<Row>(
  prisma: PrismaClient,
  text: string,
  values: unknown[],
  name?: string,
): Promise<Row[]> {
  const entry = adapters.get(prisma);
  if (!entry) throw new Error("driverQuery: not a client made by createPrismaClient");
  const { adapter, named } = entry;
  if (!adapter.pool) await prisma.$connect();
  if (!adapter.pool) throw new Error("driverQuery: Prisma connected without the pg adapter");
  await adapter.gate?.();
  const query = name && named ? { name, text, values } : { text, values };
  return (await adapter.pool.query(query)).rows as Row[];
}

/** {@link driverQuery} for a statement built with `Prisma.sql` (its values as the driver's parameters). */
export function driverSql<Row>(prisma: PrismaClient, sql: Prisma.Sql): Promise<Row[]> {
  return driverQuery<Row>(prisma, sql.text, sql.values);
}
