import type { Command } from "../command.js";

/**
 * `zhuanban export-tasks --group KEY --out FILE.xlsx`: writes the group's active tasks as a task
 * sheet in the format `zhuanban import` reads, with every column, so importing it back changes nothing.
 */
export const exportTasksCommand: Command = {
  name: "export-tasks",
  summary: "write a group's task list as a spreadsheet (.xlsx) that zhuanban import reads back",
  usage: [
    "zhuanban export-tasks --group KEY --out FILE.xlsx",
    "",
    "  --group KEY      work group key, e.g. minsheng",
    "  --out FILE.xlsx  the file to write (replaced if it exists)",
  ].join("\n"),
  options: { group: { type: "string" }, out: { type: "string" } },
  run: async (args, io) => (await import("../run/export-tasks.js")).run(args, io),
};
