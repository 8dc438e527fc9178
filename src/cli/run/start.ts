import { CliError } from "../cli-error.js";
import { optionalString, type CliIo, type ParsedArgs } from "../command.js";
import { embeddedDataDirOf } from "../../runtime/database-target.js";
import { holdsEmbeddedDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from "../../store/embedded.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const startedAt = performance.now();
  const seedDir = optionalString(args, "seed");
  if (args.values.seed !== undefined && !seedDir) throw new CliError("zhuanban start: --seed needs a folder");
  if (seedDir && args.values["no-seed"]) throw new CliError("zhuanban start: give --seed DIR or --no-seed, not both");
  // An embedded database that exists already starts now, in its own thread, while this thread
  // loads the app's modules: 0.5-0.6 s each, side by side instead of one after the other (bench
  // item 7f). A new one is created inside startApp, which knows the seed to make it from.
  const dataDir = embeddedDataDirOf(io.env);
  const embeddedStarting: Promise<EmbeddedPostgres> | undefined =
    dataDir !== null && holdsEmbeddedDatabase(dataDir) ? startEmbeddedPostgres(dataDir, { migrate: true }) : undefined;
  // Its failure (the directory in use, a failed migration) is reported by startApp, which awaits
  // it; until then it must not count as unhandled.
  embeddedStarting?.catch(() => undefined);
  try {
    const { startApp } = await import("../../runtime/app.js");
    const app = await startApp({
      env: io.env,
      out: io.out,
      seed: args.values["no-seed"] ? false : seedDir,
      embeddedStarting,
      startedAt,
    });
    await app.stopped;
  } catch (error) {
    // startApp failed before it took the database over (a bad variable, say), or after (then it
    // stopped it already, and this waits for that).
    await embeddedStarting?.then((db) => db.stop()).catch(() => undefined);
    throw error;
  }
}
