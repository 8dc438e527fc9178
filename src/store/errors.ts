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

/** Applying migrations failed; `output` is what the migration engine printed. */
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
