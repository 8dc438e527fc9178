import type { CliIo, ParsedArgs } from "../command.js";
import { startApp } from "../../runtime/app.js";

export async function run(_args: ParsedArgs, io: CliIo): Promise<void> {
  const app = await startApp({ env: io.env, out: io.out });
  await app.stopped;
}
