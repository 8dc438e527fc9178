import { lstat, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CliError } from "./cli-error.js";

// Where `--out` writes. Each failure is one line naming the path and what to do, exit code 1.
// The folder is created one level at a time: `mkdir(..., { recursive: true })` never returns on
// some paths (`/proc/x` loops forever in Node 20), and one level at a time also says which level
// stood in the way.

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** One line for a file system refusal at `target` (the path the user gave or a level of it). */
export function describeFsError(command: string, target: string, error: unknown): CliError {
  const code = errnoOf(error);
  const why =
    code === "EACCES" || code === "EPERM" || code === "EROFS"
      ? "permission denied; choose a folder you can write to"
      : code === "ENOTDIR"
        ? "a part of that path is a file, not a folder"
        : code === "ENOENT"
          ? "the file system refuses to create it there; choose another folder"
          : code === "EISDIR"
            ? "it is a folder; give a file name"
            : code === "ENOSPC"
              ? "the disk is full"
              : `the file system refused (${code ?? String(error)})`;
  return new CliError(`zhuanban ${command}: cannot write ${target}: ${why}`, 1);
}

async function kindOf(p: string): Promise<"dir" | "file" | "none"> {
  try {
    return (await lstat(p)).isDirectory() ? "dir" : "file";
  } catch (error) {
    // ENOTDIR: an ancestor is a file; the walk up reaches it and names it.
    if (errnoOf(error) === "ENOENT" || errnoOf(error) === "ENOTDIR") return "none";
    throw error;
  }
}

/**
 * Makes sure `dir` is a folder, creating the missing levels; a CliError naming `label` (what the
 * user typed: the folder, or the file to be written in it) otherwise.
 */
export async function prepareOutFolder(command: string, dir: string, label = dir): Promise<void> {
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  let at = absolute;
  for (;;) {
    const kind = await kindOf(at).catch((error: unknown) => {
      throw describeFsError(command, label, error);
    });
    if (kind === "dir") break;
    if (kind === "file") {
      const where = at === path.resolve(label) ? "it is a file, not a folder" : `${at} is a file, not a folder`;
      throw new CliError(`zhuanban ${command}: cannot write ${label}: ${where}`, 1);
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) {
    await mkdir(level).catch((error: unknown) => {
      if (errnoOf(error) === "EEXIST") return;
      throw describeFsError(command, level, error);
    });
  }
}

/** Writes one output file; a CliError naming it on any refusal. */
export async function writeOutFile(command: string, file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(file, data).catch((error: unknown) => {
    throw describeFsError(command, file, error);
  });
}
