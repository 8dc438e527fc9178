import type { Command } from "../command.js";

export const startCommand: Command = {
  name: "start",
  summary: "run the bot with the adapters the environment enables (migrates and seeds an empty database first)",
  usage: [
    "zhuanban start [--seed DIR | --no-seed]",
    "",
    "  --seed DIR   the seed folder an empty database is loaded from (over ZHUANBAN_SEED_DIR;",
    "               default the Hunan 2023 plan in seeds/hunan-2023; `zhuanban init` writes a starter)",
    "  --no-seed    leave an empty database empty",
  ].join("\n"),
  options: { seed: { type: "string" }, "no-seed": { type: "boolean" } },
  run: async (args, io) => (await import("../run/start.js")).run(args, io),
};
