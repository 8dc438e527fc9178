import type { Command } from "../command.js";

const DEFAULT_DIR = "zhuanban-seed";

export const initCommand: Command = {
  name: "init",
  summary: "write a starter seed folder (one group, its units, contacts, tasks, cycles; commented in Chinese)",
  usage: [
    "zhuanban init [DIR]",
    "",
    `  DIR   the folder to create (default ./${DEFAULT_DIR}); it must not exist or be empty`,
    "",
    "Edit the files, check them with `zhuanban seed DIR` (or start with `zhuanban start --seed DIR`,",
    "or ZHUANBAN_SEED_DIR=DIR), then load real contacts with `zhuanban import-contacts`.",
  ].join("\n"),
  options: {},
  allowPositionals: true,
  run: async (args, io) => (await import("../run/init.js")).run(args, io),
};
