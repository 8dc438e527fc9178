import type { Command } from "../command.js";
import { withDatabase } from "../context.js";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply database migrations to the configured database",
  usage: "zhuanban migrate",
  options: {},
  async run(_args, io) {
    await withDatabase(io, { migrate: true }, async (db) => {
      io.out(
        db.migrationsApplied === 0
          ? `database ${db.target} is up to date`
          : `applied ${db.migrationsApplied} migration(s) to ${db.target}`,
      );
    });
  },
};
