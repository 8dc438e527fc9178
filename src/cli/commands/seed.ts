import type { Command } from "../command.js";

export const seedCommand: Command = {
  name: "seed",
  summary: "load or update seed data idempotently (default: the Hunan 2023 plan in seeds/hunan-2023)",
  usage: [
    "zhuanban seed [DIR] [--force] [--quiet]",
    "",
    "  DIR       a folder of seed files (*.yaml, *.yml, *.json); default seeds/hunan-2023",
    "  --force   also write over tasks and contacts an Excel import changed last (listed as conflicts;",
    "            without it they are left as imported)",
    "  --quiet   print only the summary line, not the warnings",
  ].join("\n"),
  options: { quiet: { type: "boolean" }, force: { type: "boolean" } },
  allowPositionals: true,
  run: async (args, io) => (await import("../run/seed.js")).run(args, io),
};
