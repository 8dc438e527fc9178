import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { packageRoot } from "../package-root.js";
import type { SeedFileText } from "../domain/seed/validate.js";

/** The Hunan 2023 plan shipped with zhuanban: what `zhuanban seed` loads when given no directory. */
export const DEFAULT_SEED_DIR = join(packageRoot(import.meta.url), "seeds", "hunan-2023");

/** The commented one-group starter that `zhuanban init` copies for an office to make its own plan. */
export const STARTER_SEED_DIR = join(packageRoot(import.meta.url), "seeds", "starter");

const SEED_FILE = /\.(ya?ml|json)$/i;

/** The seed directory is missing, unreadable or holds no seed file. */
export class SeedDirError extends Error {
  override readonly name = "SeedDirError";
  constructor(
    readonly dir: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Reads every *.yaml, *.yml and *.json file directly inside `dir` (not in subfolders), sorted by
 * name, for {@link validateSeedFiles}. Other files (README.md) are skipped. Names are bare file
 * names, as shown in error messages.
 */
export async function readSeedDir(dir: string): Promise<SeedFileText[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "does not exist"
        : code === "ENOTDIR"
          ? "is not a directory"
          : `cannot be read (${code ?? String(cause)})`;
    throw new SeedDirError(dir, `seed directory ${dir} ${reason}`, { cause });
  }
  const names = entries
    .filter((e) => e.isFile() && SEED_FILE.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) {
    throw new SeedDirError(dir, `seed directory ${dir} holds no .yaml, .yml or .json file`);
  }
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), "utf8") })));
}
