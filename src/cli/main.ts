// Imports here stay light: each command's code (Prisma, PGlite, Bolt...) loads only when that
// command runs (src/cli/commands/ holds what `--help` shows, src/cli/run/ what a command does).
import { CliError } from "./cli-error.js";
import { parseCommandArgs, type CliIo, type Command } from "./command.js";
import { commands } from "./commands/index.js";

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "zhuanban: a chat bot for working groups (工作专班)",
    "",
    "usage: zhuanban <command> [options]   (zhuanban <command> --help for its options)",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

function commandHelp(command: Command): string {
  const lines = [`usage: ${command.usage}`, "", command.summary];
  return lines.join("\n");
}

/** Runs one CLI invocation and returns the exit code; user mistakes become one clear line. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(helpText());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`zhuanban: unknown command "${name}"; commands: ${commands.map((c) => c.name).join(", ")}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    const code = await command.run(parseCommandArgs(command, rest), io);
    return typeof code === "number" ? code : 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    const { describeKnownError } = await import("./known-errors.js");
    const known = describeKnownError(error, name);
    if (known) {
      io.err(known.line);
      return known.exitCode;
    }
    throw error;
  }
}

/** Entry point of bin/zhuanban.js: real terminal, real environment. */
export async function main(): Promise<void> {
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (error) {
    // A bug, not a user mistake: show the stack so it can be reported.
    console.error(error);
    process.exitCode = 70;
  }
}
