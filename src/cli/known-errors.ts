import { AdapterStartError } from "../runtime/app.js";
import { ConfigError } from "../runtime/config.js";
import { SeedDirError } from "../runtime/seed-files.js";
import { SeedValidationError } from "../runtime/seed-runner.js";
import { DataDirInUseError } from "../store/data-dir-lock.js";
import { DatabaseNotMigratedError, DatabaseUnreachableError, MigrationError } from "../store/errors.js";

/**
 * The one line and exit code for an error the user can fix (configuration, an unreachable or
 * locked database, a failed migration or adapter); undefined for a bug. Loaded only once a command
 * has failed: these classes live beside Prisma, PGlite and the adapters, which `--help` must not load.
 */
export function describeKnownError(error: unknown, command: string): { line: string; exitCode: number } | undefined {
  if (error instanceof ConfigError) return { line: `zhuanban: ${error.message}`, exitCode: 2 };
  if (
    error instanceof AdapterStartError ||
    error instanceof DatabaseUnreachableError ||
    error instanceof DatabaseNotMigratedError ||
    error instanceof MigrationError ||
    error instanceof DataDirInUseError ||
    error instanceof SeedDirError ||
    error instanceof SeedValidationError
  ) {
    return { line: `zhuanban ${command}: ${error.message}`, exitCode: 1 };
  }
  return undefined;
}
