import { loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { openDatabase } from "../store/database.js";
import { seedDefaultIfEmpty } from "./seed-runner.js";

export interface RunningApp {
  /** Settles when the app has shut down (signal or stop()). */
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts zhuanban: configuration, database (migrated; seeded with the 2023 plan when empty),
 * then the adapters the environment enables, until SIGINT or SIGTERM.
 */
export async function startApp(options: {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
}): Promise<RunningApp> {
  const config = loadConfig(options.env);
  const log = createLogger(config.logLevel);
  const startedAt = performance.now();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: true });
  log.info({ database: db.target, created: db.created, migrationsApplied: db.migrationsApplied }, "database ready");
  const seeded = await seedDefaultIfEmpty(db.prisma);
  if (seeded) log.info({ changes: seeded.total }, "empty database seeded with the Hunan 2023 plan");

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info("shutting down");
      await db.close();
      resolveStopped();
    })();
    return stopping;
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());

  const readyMs = Math.round(performance.now() - startedAt);
  log.info({ readyMs }, "zhuanban ready");
  options.out(`zhuanban is running on ${db.target} (ready in ${readyMs} ms). Press Ctrl+C to stop.`);
  return { stopped, stop };
}
