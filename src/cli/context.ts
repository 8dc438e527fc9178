import { loadConfig, type Config } from "../runtime/config.js";
import { openDatabase, type Database } from "../store/database.js";
import type { CliIo } from "./command.js";

/** Opens the configured database for one command and always closes it afterwards. */
export async function withDatabase<T>(
  io: CliIo,
  options: { migrate: boolean },
  fn: (db: Database, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    migrate: options.migrate,
    requireMigrated: !options.migrate,
  });
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}
