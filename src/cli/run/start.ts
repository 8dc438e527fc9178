import { CliError } from "../cli-error.js";
import { optionalString, type CliIo, type ParsedArgs } from "../command.js";
import { startApp } from "../../runtime/app.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const seedDir = optionalString(args, "seed");
  if (args.values.seed !== undefined && !seedDir) throw new CliError("zhuanban start: --seed needs a folder");
  if (seedDir && args.values["no-seed"]) throw new CliError("zhuanban start: give --seed DIR or --no-seed, not both");
  const app = await startApp({ env: io.env, out: io.out, seed: args.values["no-seed"] ? false : seedDir });
  await app.stopped;
}
