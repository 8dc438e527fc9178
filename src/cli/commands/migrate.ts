import type { Command } from "../command.js";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply database migrations to the configured database",
  usage: "zhuanban migrate",
  options: {},
  run: async (args, io) => (await import("../run/migrate.js")).run(args, io),
};
