import type { Command } from "../command.js";

export const inviteCommand: Command = {
  name: "invite",
  summary: "issue one-time invite codes: a unit's contacts, or everyone of a group not yet bound (an .xlsx sheet)",
  usage: [
    "zhuanban invite (--unit KEY [--contact NAME] | --contact KEY) [--days N] [--json]",
    "zhuanban invite --group KEY --all [--out FILE.xlsx] [--days N] [--telegram-bot USERNAME]",
    "",
    "  --group KEY --all  one code for each person of the group with no chat account bound yet",
    "                     (example contacts left out)",
    "  --out FILE.xlsx    write them as a sheet to mail-merge: name, unit, code, expiry in the group's",
    "                     time (Beijing time), and per platform how to use it (Telegram deep link and",
    "                     QR code, Slack /zhuanban bind CODE, console /as NAME)",
    "  --telegram-bot U   the bot's @username for the deep links (default TELEGRAM_BOT_USERNAME)",
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
    group: { type: "string" },
    all: { type: "boolean" },
    out: { type: "string" },
    "telegram-bot": { type: "string" },
  },
  run: async (args, io) => (await import("../run/invite.js")).run(args, io),
};
