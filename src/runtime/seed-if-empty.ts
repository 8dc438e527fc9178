import type { Database } from "../store/database.js";
import type { SeedResult } from "./seed-runner.js";
import { DEFAULT_SEED_DIR } from "./seed-files.js";

/**
 * `zhuanban start` on an empty database loads a seed folder (`--seed DIR`, ZHUANBAN_SEED_DIR, or
 * the Hunan 2023 plan), so a newcomer has something to try and an office starts from its own plan.
 * The seed reader, validation and writer load only then, not on every start (bench item 7f).
 */
export async function seedIfEmpty(
  db: Pick<Database, "prisma" | "hasNoGroups">,
  dir: string = DEFAULT_SEED_DIR,
): Promise<SeedResult | null> {
  if (!(await db.hasNoGroups())) return null;
  const { seedFromDir } = await import("./seed-runner.js");
  return seedFromDir(db.prisma, dir);
}
