import type { Command } from "../command.js";

/**
 * `zhuanban import FILE.xlsx --group KEY`: loads or updates a group's task list from a task sheet
 * (format: README.md "Task sheets", src/domain/task-sheet/parse-rows.ts). The whole file is checked
 * first; any bad row stops the import, every problem is listed with its Excel row, and nothing is
 * written. Otherwise the list is written in one transaction and the changes are summarised.
 */
export const importCommand: Command = {
  name: "import",
  summary: "load or update a group's task list from a spreadsheet (.xlsx); prints what changed",
  usage: [
    "zhuanban import FILE.xlsx --group KEY [--sheet NAME] [--dry-run]",
    "",
    "  FILE.xlsx      a task sheet: header 编号, 任务, 清单类型, 牵头单位, 参与单位, 指标, 单位, 目标值, 完成时限",
    "                 and one row per target (see README.md, Task sheets; zhuanban export-tasks writes one)",
    "  --group KEY    work group key, e.g. minsheng",
    "  --sheet NAME   the worksheet to read (default the first)",
    "  --dry-run      check the file and show what would change, without writing",
  ].join("\n"),
  options: { group: { type: "string" }, sheet: { type: "string" }, "dry-run": { type: "boolean" } },
  allowPositionals: true,
  run: async (args, io) => (await import("../run/import.js")).run(args, io),
};
