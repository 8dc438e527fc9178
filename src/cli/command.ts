import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./cli-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * One `zhuanban` subcommand: its flags, help text and what it does. A command's file in
 * src/cli/commands/ holds only this description; `run` imports its code from src/cli/run/ when
 * called, so `zhuanban --help` and every other command load none of it.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Options;
  readonly allowPositionals?: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<number | void>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Where a command writes, so tests can capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  try {
    const parsed = parseArgs({
      args: argv,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    return { values: parsed.values as ParsedArgs["values"], positionals: parsed.positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify.*$/s, "") : String(error);
    throw new CliError(`zhuanban ${command.name}: ${message} (see zhuanban ${command.name} --help)`);
  }
}

export function requireString(args: ParsedArgs, name: string, command: string): string {
  const value = args.values[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new CliError(`zhuanban ${command}: --${name} is required (see zhuanban ${command} --help)`);
  }
  return value.trim();
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
