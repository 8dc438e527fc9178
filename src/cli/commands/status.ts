import type { Command } from "../command.js";

export const statusCommand: Command = {
  name: "status",
  summary:
    "the status a convenor sees in chat, every task listed: the current period's reports, missing units and lights",
  usage: [
    "zhuanban status --group KEY [--at TIME] [--json]",
    "",
    "  --group KEY   work group key, e.g. minsheng",
    "  --at TIME     as it stood at this instant, e.g. 2023-01-20T18:00+08:00 (default now)",
    "  --json        the group's tasks with lead units and targets, and the period's state per task and unit",
  ].join("\n"),
  options: { group: { type: "string" }, json: { type: "boolean" }, at: { type: "string" } },
  run: async (args, io) => (await import("../run/status.js")).run(args, io),
};
