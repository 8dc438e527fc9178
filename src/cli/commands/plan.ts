import type { Command } from "../command.js";

export const planCommand: Command = {
  name: "plan",
  summary: "the reminders, chases, escalations and digests falling due at a time",
  usage: [
    "zhuanban plan --at TIME [--group KEY] [--window 1h] [--json]",
    "",
    "  --at TIME       ISO 8601, e.g. 2023-01-18T09:00+08:00; without an offset, read in the",
    "                  group's timezone (all groups: TZ_DEFAULT, Asia/Shanghai by default)",
    "  --group KEY     one work group (default: all)",
    "  --window SPAN   list what falls due in [TIME, TIME + SPAN): 30m, 1h (default), 2h, 1d",
    "  --json          a JSON array of { kind, stage, group, cycle, period, task, unit, dueAt, at }",
  ].join("\n"),
  options: {
    at: { type: "string" },
    group: { type: "string" },
    window: { type: "string" },
    json: { type: "boolean" },
  },
  run: async (args, io) => (await import("../run/plan.js")).run(args, io),
};
