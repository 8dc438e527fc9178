import path from "node:path";
import { SeedDirError } from "../../runtime/seed-files.js";
import { seedFromDir, SeedValidationError } from "../../runtime/seed-runner.js";
import type { SeedChanges, SeedConflict } from "../../store/seed-writer.js";
import { CliError } from "../cli-error.js";
import type { CliIo, ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  if (args.positionals.length > 1) throw new CliError("zhuanban seed: give at most one directory");
  const dir = args.positionals[0] ? path.resolve(args.positionals[0]) : undefined;
  await withDatabase(io, { migrate: true }, async (db) => {
    try {
      const result = await seedFromDir(db.prisma, dir, { force: args.values.force === true });
      if (!args.values.quiet) for (const warning of result.warnings) io.err(`warning: ${warning}`);
      for (const conflict of result.changes.conflicts) io.err(describeConflict(conflict));
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
  const kept = changes.conflicts.filter((c) => !c.overridden).length;
  const overridden = changes.conflicts.length - kept;
  const conflicts = [
    ...(kept > 0 ? [`${kept} conflicts with Excel imports left as imported (--force to take the seed's version)`] : []),
    ...(overridden > 0 ? [`${overridden} imported rows overwritten (--force)`] : []),
  ];
  const tail = conflicts.length > 0 ? `; ${conflicts.join("; ")}` : "";
  if (changes.total === 0) return `seed ${source}: 0 changes, the database already matches${tail}`;
  const part = (label: string, counts: Record<string, number>) =>
    Object.entries(counts).map(([what, n]) => `${n} ${what} ${label}`);
  const parts = [
    ...part("created", changes.created),
    ...part("updated", changes.updated),
    ...part("removed", changes.removed),
  ];
  return `seed ${source}: ${changes.total} changes (${parts.join(", ")})${tail}`;
}

/** `conflict: task MS-03 (minsheng) was changed by an Excel import on 2026-12-02 ...` */
function describeConflict(conflict: SeedConflict): string {
  const what = conflict.kind === "task" ? `task ${conflict.key} (${conflict.group ?? "?"})` : `contact ${conflict.key}`;
  const when = conflict.importedAt.toISOString().slice(0, 16).replace("T", " ");
  const action = conflict.change === "deactivate" ? "deactivate it" : "change it";
  return conflict.overridden
    ? `overwritten: ${what}, changed by an Excel import at ${when} UTC, now as in the seed files (--force)`
    : `conflict: ${what} was changed by an Excel import at ${when} UTC; the seed files would ${action}; left as imported`;
}
