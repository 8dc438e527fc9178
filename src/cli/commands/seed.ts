import path from "node:path";
import { SeedDirError } from "../../runtime/seed-files.js";
import { seedFromDir, SeedValidationError } from "../../runtime/seed-runner.js";
import type { SeedChanges } from "../../store/seed-writer.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { withDatabase } from "../context.js";

export const seedCommand: Command = {
  name: "seed",
  summary: "load or update seed data idempotently (default: the Hunan 2023 plan in seeds/hunan-2023)",
  usage: [
    "zhuanban seed [DIR] [--quiet]",
    "",
    "  DIR       a folder of seed files (*.yaml, *.yml, *.json); default seeds/hunan-2023",
    "  --quiet   print only the summary line, not the warnings",
  ].join("\n"),
  options: { quiet: { type: "boolean" } },
  allowPositionals: true,
  async run(args, io) {
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
  },
};

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
