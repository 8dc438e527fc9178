import { readdirSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../package-root.js";

/** The migration history shipped with zhuanban, one folder per migration. */
export const MIGRATIONS_DIR = path.join(packageRoot(import.meta.url), "prisma", "migrations");

/**
 * The migrations' folder names, oldest first (their names start with a timestamp). Read at once:
 * at start-up an asynchronous read waited 60-200 ms behind the module loader's file reads in
 * Node's four I/O threads, for a folder of a few entries.
 */
export function migrationNames(dir: string = MIGRATIONS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
