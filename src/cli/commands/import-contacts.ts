import type { Command } from "../command.js";

/**
 * `zhuanban import-contacts FILE.xlsx [--dry-run]`: loads the real contacts (联络人名单) of the
 * groups the file names, in the style of the task-sheet import (README "Rosters").
 */
export const importContactsCommand: Command = {
  name: "import-contacts",
  summary: "load the real contacts of one or more groups from a roster spreadsheet (.xlsx); prints what changed",
  usage: [
    "zhuanban import-contacts FILE.xlsx [--sheet NAME] [--dry-run]",
    "",
    "  FILE.xlsx      a roster: header 专班, 单位, 姓名, 角色, 手机, 邮箱 (optional 职务, 编码, Telegram, Slack),",
    "                 one row per role of a person (zhuanban export-contacts writes one, with a 填表说明 sheet)",
    "  --sheet NAME   the worksheet to read (default the first)",
    "  --dry-run      check the file and show what would change, without writing",
  ].join("\n"),
  options: { sheet: { type: "string" }, "dry-run": { type: "boolean" } },
  allowPositionals: true,
  run: async (args, io) => (await import("../run/import-contacts.js")).run(args, io),
};
