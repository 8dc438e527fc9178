/** The database could not be reached; `target` names host and port (never the password). */
export class DatabaseUnreachableError extends Error {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`cannot reach the database at ${target}: ${reason}`);
    this.name = "DatabaseUnreachableError";
  }
}

/** The database answers but lacks some of the migrations this version of zhuanban needs. */
export class DatabaseNotMigratedError extends Error {
  constructor(
    readonly target: string,
    readonly pending: number,
  ) {
    super(`the database at ${target} is missing ${pending} migration${pending === 1 ? "" : "s"}; run zhuanban migrate`);
    this.name = "DatabaseNotMigratedError";
  }
}

/** Applying migrations failed; `output` is what the migration engine printed. */
/** The embedded database (PGlite, in its own thread) could not start or stop: what it said. */
export class EmbeddedDatabaseError extends Error {
  constructor(reason: string) {
    super(`the embedded database failed: ${reason}`);
    this.name = "EmbeddedDatabaseError";
  }
}

export class MigrationError extends Error {
  constructor(readonly output: string) {
    super(`migrations failed:\n${output}`);
    this.name = "MigrationError";
  }
}

/** Where a connection string points, without credentials, for error messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** Driver-adapter error kinds that say the server is out of reach, not that a statement was wrong. */
const UNREACHABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "DatabaseDoesNotExist",
  "TransactionAlreadyClosed",
]);
/** Prisma's own codes for the same: can't reach, timed out, closed the connection. */
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/**
 * True when a store call failed because the database could not be used at all (server down or
 * restarting, connection cut, pool exhausted): the work may be tried again later as it was. False
 * for anything a retry would not fix (a constraint, a bad statement).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const name = (error as { name?: unknown }).name;
  if (name === "PrismaClientInitializationError") return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string } } } }).meta;
  const cause = meta?.driverAdapterError?.cause;
  if (cause?.kind && UNREACHABLE_KINDS.has(cause.kind)) return true;
  // PostgreSQL's own: connection exceptions (08…), shutdown and "cannot connect now" (57P0…),
  // too many connections (53300).
  const sqlState = cause?.kind === "postgres" ? cause.code : undefined;
  if (sqlState && (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState === "53300")) return true;
  // The pg driver's own, when it fails before Prisma wraps it or a statement went through it
  // directly (driverQuery): a socket's errno, or PostgreSQL's state as above.
  const errno = (error as { code?: unknown }).code;
  if (typeof errno === "string" && /^(08|57P)/.test(errno)) return true;
  return errno === "53300" || errno === "ECONNREFUSED" || errno === "ECONNRESET" || errno === "ETIMEDOUT";
}
