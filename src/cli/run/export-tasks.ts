import path from "node:path";
import { exportTaskSheet } from "../../core/task-import.js";
import { createTaskSheetStore } from "../../store/task-import-store.js";
import { CliError } from "../cli-error.js";
import { requireString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";
import { prepareOutFolder, writeOutFile } from "../out-path.js";

/**
 * `zhuanban export-tasks --group KEY --out FILE.xlsx`: writes the group's active tasks as a task
 * sheet in the format `zhuanban import` reads, with every column, so importing it back changes nothing.
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const groupKey = requireString(args, "group", "export-tasks");
  const out = requireString(args, "out", "export-tasks");
  if (!/\.xlsx$/i.test(out)) throw new CliError(`zhuanban export-tasks: --out must name an .xlsx file, got "${out}"`);
  await withDatabase(io, { migrate: false }, async (db) => {
    const sheet = await exportTaskSheet(groupKey, createTaskSheetStore(db.prisma)).catch((error: unknown) => {
      throw describeAppError(error, "export-tasks");
    });
    // exceljs loads only here, not with every CLI command.
    const { writeTaskSheetXlsx } = await import("../../render/export/task-sheet-xlsx.js");
    const buffer = await writeTaskSheetXlsx(sheet.table, { sheetName: sheet.group.name });
    await prepareOutFolder("export-tasks", path.dirname(path.resolve(out)), out);
    await writeOutFile("export-tasks", path.resolve(out), buffer);
    io.out(`export-tasks ${sheet.group.key}: ${sheet.tasks} tasks, ${sheet.targets} targets → ${out}`);
  });
}
