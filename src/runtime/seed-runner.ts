import { formatSeedError, validateSeedFiles, type SeedError } from "../domain/seed/validate.js";
import type { PrismaClient } from "../store/client.js";
import { applySeed, type ApplySeedOptions, type SeedChanges } from "../store/seed-writer.js";
import { DEFAULT_SEED_DIR, readSeedDir } from "./seed-files.js";

/** The seed files are invalid: every problem, each with its file and the path inside it. Nothing was loaded. */
export class SeedValidationError extends Error {
  constructor(
    readonly dir: string,
    readonly errors: SeedError[],
  ) {
    super(
      `seed data in ${dir} is invalid; nothing was loaded:\n${errors.map((e) => `  ${formatSeedError(e)}`).join("\n")}`,
    );
    this.name = "SeedValidationError";
  }
}

export interface SeedResult {
  dir: string;
  changes: SeedChanges;
  warnings: string[];
}

/** Reads, validates and loads a seed directory (default: the Hunan 2023 plan) in one transaction. */
export async function seedFromDir(
  prisma: PrismaClient,
  dir: string = DEFAULT_SEED_DIR,
  options: ApplySeedOptions = {},
): Promise<SeedResult> {
  const validation = validateSeedFiles(await readSeedDir(dir));
  if (!validation.ok) throw new SeedValidationError(dir, validation.errors);
  const changes = await applySeed(prisma, validation.seed, options);
  return { dir, changes, warnings: validation.warnings.map(formatSeedError) };
}
