import path from "node:path";
import { SeedDirError } from "../../runtime/seed-files.js";
import { seedFromDir, SeedValidationError } from "../../runtime/seed-runner.js";
import type { SeedChanges } from "../../store/seed-writer.js";
import { CliError } from "../cli-error.js";
import type { CliIo, ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  if (args.positionals.length > 1) throw new CliError("zhuanban seed: give at most one directory");
  const dir = args.positionals[0] ? path.resolve(args.positionals[0]) : undefined;
  await withDatabase(io, { migrate: true }, async (db) => {
    try {
      const result = await seedFromDir(db.prisma, dir);
      if (!args.values.quiet) for (const warning of result.warnings) io.err(`warning: ${warning}`);
      io.out(describeChanges(result.changes, result.dir));
    } catch (error) {
      if (error instanceof SeedValidationError) throw new CliError(`zhuanban seed: ${error.message}`, 1);
      if (error instanceof SeedDirError) throw new CliError(`zhuanban seed: ${error.message}`, 1);
      throw error;
    }
  });
}

export function describeChanges(changes: SeedChanges, dir: string): string {
  const source = path.relative(process.cwd(), dir) || dir;
  if (changes.total === 0) return `seed ${source}: 0 changes, the database already matches`;
  const part = (label: string, counts: Record<string, number>) =>
    Object.entries(counts).map(([what, n]) => `${n} ${what} ${label}`);
  const parts = [
    ...part("created", changes.created),
    ...part("updated", changes.updated),
    ...part("removed", changes.removed),
  ];
  return `seed ${source}: ${changes.total} changes (${parts.join(", ")})`;
}
