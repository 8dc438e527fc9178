import type { Command } from "../command.js";

/** `zhuanban export-contacts --out FILE.xlsx [--group KEY]`: the roster that import-contacts reads back. */
export const exportContactsCommand: Command = {
  name: "export-contacts",
  summary: "write the contacts of every group (or one) as a roster spreadsheet that import-contacts reads back",
  usage: [
    "zhuanban export-contacts --out FILE.xlsx [--group KEY]",
    "",
    "  --out FILE.xlsx  the file to write (replaced if it exists); it has a 填表说明 sheet",
    "  --group KEY      only this work group (default all)",
  ].join("\n"),
  options: { out: { type: "string" }, group: { type: "string" } },
  run: async (args, io) => (await import("../run/export-contacts.js")).run(args, io),
};
