import type { CliIo, ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";

export async function run(_args: ParsedArgs, io: CliIo): Promise<void> {
  await withDatabase(io, { migrate: true }, async (db) => {
    io.out(
      db.migrationsApplied === 0
        ? `database ${db.target} is up to date`
        : `applied ${db.migrationsApplied} migration(s) to ${db.target}`,
    );
  });
}
