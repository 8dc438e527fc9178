import { copyFile, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { STARTER_SEED_DIR } from "../../runtime/seed-files.js";
import { CliError } from "../cli-error.js";
import type { CliIo, ParsedArgs } from "../command.js";

const DEFAULT_DIR = "zhuanban-seed";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  if (args.positionals.length > 1) throw new CliError("zhuanban init: give at most one folder");
  const dir = path.resolve(args.positionals[0] ?? DEFAULT_DIR);
  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    if (error.code === "ENOTDIR") throw new CliError(`zhuanban init: ${dir} is a file, not a folder`, 1);
    throw new CliError(`zhuanban init: cannot read ${dir} (${error.code ?? error.message})`, 1);
  });
  if (existing.length > 0) {
    throw new CliError(`zhuanban init: ${dir} is not empty; choose a new folder (nothing was written)`, 1);
  }
  await mkdir(dir, { recursive: true });
  const files = (await readdir(STARTER_SEED_DIR)).filter((name) => /\.(ya?ml|md)$/.test(name)).sort();
  for (const name of files) await copyFile(path.join(STARTER_SEED_DIR, name), path.join(dir, name));
  const shown = path.relative(process.cwd(), dir) || dir;
  io.out(`wrote ${files.length} files to ${shown}: ${files.join(", ")}`);
  io.out(
    `next: edit them, then \`zhuanban seed ${shown}\` (or \`zhuanban start --seed ${shown}\` on an empty database)`,
  );
}
