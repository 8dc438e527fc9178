import type { Command } from "../command.js";

export const inviteCommand: Command = {
  name: "invite",
  summary: "issue one-time invite codes for a unit's contacts (shown once; only a hash is stored)",
  usage: [
    "zhuanban invite (--unit KEY [--contact NAME] | --contact KEY) [--days N] [--json]",
    "",
    "  --unit KEY       unit key, name or alias (e.g. hrss or 省人力资源社会保障厅)",
    "  --contact NAME   only this contact of the unit (name or key); default all of its contacts;\n" +
      "                   alone: a contact without a unit, e.g. the office (c-ms-office)",
    "  --days N         days the codes stay valid (1-90, default 7)",
    "  --json           print the codes as JSON",
  ].join("\n"),
  options: {
    unit: { type: "string" },
    contact: { type: "string" },
    days: { type: "string" },
    json: { type: "boolean" },
  },
  run: async (args, io) => (await import("../run/invite.js")).run(args, io),
};
