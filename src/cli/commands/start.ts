import type { Command } from "../command.js";

export const startCommand: Command = {
  name: "start",
  summary: "run the bot with the adapters the environment enables (migrates and seeds an empty database first)",
  usage: "zhuanban start",
  options: {},
  run: async (args, io) => (await import("../run/start.js")).run(args, io),
};
