import type { Command } from "../command.js";

export const seedCommand: Command = {
  name: "seed",
  summary: "load or update seed data idempotently (default: the Hunan 2023 plan in seeds/hunan-2023)",
  usage: [
    "zhuanban seed [DIR] [--quiet]",
    "",
    "  DIR       a folder of seed files (*.yaml, *.yml, *.json); default seeds/hunan-2023",
    "  --quiet   print only the summary line, not the warnings",
  ].join("\n"),
  options: { quiet: { type: "boolean" } },
  allowPositionals: true,
  run: async (args, io) => (await import("../run/seed.js")).run(args, io),
};
