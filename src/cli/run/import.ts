import { TASK_IMPORT_CHANGE_KINDS, importTaskSheet, type TaskImportChanges } from "../../core/task-import.js";
import { formatSheetIssue, SHEET_MESSAGES } from "../../domain/task-sheet/messages.js";
import { readTaskSheetFile, TaskSheetFileError } from "../../runtime/task-sheet-file.js";
import { createTaskSheetStore } from "../../store/task-import-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, requireString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";

/**
 * `zhuanban import FILE.xlsx --group KEY`: loads or updates a group's task list from a task sheet
 * (format: README.md "Task sheets", src/domain/task-sheet/parse-rows.ts). The whole file is checked
 * first; any bad row stops the import, every problem is listed with its Excel row, and nothing is
 * written. Otherwise the list is written in one transaction and the changes are summarised.
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) {
    throw new CliError("zhuanban import: give exactly one FILE.xlsx (see zhuanban import --help)");
  }
  const groupKey = requireString(args, "group", "import");
  const dryRun = args.values["dry-run"] === true;
  const sheet = await readTaskSheetFile(file, { sheet: optionalString(args, "sheet") }).catch((error: unknown) => {
    if (error instanceof TaskSheetFileError) throw new CliError(`zhuanban import: ${error.message}`, 1);
    throw error;
  });
  await withDatabase(io, { migrate: true }, async (db) => {
    const result = await importTaskSheet({ groupKey, rows: sheet.rows, dryRun }, createTaskSheetStore(db.prisma)).catch(
      (error: unknown) => {
        throw describeAppError(error, "import");
      },
    );
    if (!result.ok) {
      const lines = result.errors.map(formatSheetIssue);
      if (lines.length === 1) throw new CliError(`zhuanban import: ${file}: ${lines[0]}; nothing was imported`, 1);
      throw new CliError(
        [
          `zhuanban import: ${file} has ${lines.length} problems; nothing was imported:`,
          ...lines.map((l) => `  ${l}`),
        ].join("\n"),
        1,
      );
    }
    for (const warning of result.warnings) io.err(`warning: ${formatSheetIssue(warning)}`);
    for (const kept of result.changes.keptTargets)
      io.err(`warning: ${SHEET_MESSAGES.targetKept(kept.task, kept.metric)}`);
    const where = `import ${file} → ${result.group.key}${dryRun ? " (dry run, nothing written)" : ""}`;
    io.out(
      `${where}: ${describeImportChanges(result.changes)} [${result.tasks} tasks, ${result.targets} targets in the sheet]`,
    );
    // A dry run is for deciding whether to import: say which tasks and targets would change.
    if (dryRun) for (const item of result.changes.items) io.out(`  ${item.kind}: ${item.subject}`);
  });
}

/** `0 changes, the database already matches` or `3 changes (1 tasks created, 2 targets updated)`. */
export function describeImportChanges(changes: TaskImportChanges): string {
  if (changes.total === 0) return "0 changes, the database already matches";
  const parts = TASK_IMPORT_CHANGE_KINDS.flatMap((kind) => {
    const n = changes.counts[kind];
    return n ? [`${n} ${kind}`] : [];
  });
  return `${changes.total} ${changes.total === 1 ? "change" : "changes"} (${parts.join(", ")})`;
}
