import { chmod, link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

/** Another process already has the embedded database open (and, for `start`, that is one too many). */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    /** Where the owner serves the database (PostgreSQL wire protocol on loopback), once it has started. */
    readonly url: string | undefined,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${pid} (a running zhuanban start); ` +
        `stop it first, or use a PostgreSQL server (DATABASE_URL) to run several bots on one database`,
    );
    this.name = "DataDirInUseError";
  }
}

/** The lock file's content: the owner's pid and, once its socket server listens, the URL to reach it. */
export interface DataDirOwner {
  pid: number;
  url?: string | undefined;
}

/** The held lock: publish the URL other processes may connect to, then release at the end. */
export interface DataDirLock {
  publish(url: string): Promise<void>;
  release(): Promise<void>;
}

export const LOCK_FILE = "zhuanban.lock";

/**
 * PGlite is a single-process database: two processes opening one data directory would corrupt it.
 * A lock file with the owner's pid keeps a second process out; a lock left by a dead process is
 * taken over. The owner also writes the loopback URL of its socket server into the lock file, so
 * that the CLI can work beside the running bot through it instead of opening the files itself.
 * The file is readable by its owner only: the socket server asks for no password.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // Written beside and linked into place: the lock appears with its content, never empty.
      const draft = `${lockPath}.${process.pid}`;
      await writeFile(draft, JSON.stringify({ pid: process.pid } satisfies DataDirOwner), { mode: 0o600 });
      try {
        await link(draft, lockPath);
      } finally {
        await unlink(draft).catch(() => undefined); // the link holds the content now, or failed
      }
      return {
        async publish(url) {
          // Written beside and renamed, so a reader never sees half a file.
          const next = `${lockPath}.${process.pid}`;
          await writeFile(next, JSON.stringify({ pid: process.pid, url } satisfies DataDirOwner), { mode: 0o600 });
          await chmod(next, 0o600);
          await rename(next, lockPath);
        },
        release: () => unlink(lockPath).catch(() => undefined), // already gone: nothing to release
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = await readDataDirOwner(dataDir);
      if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new DataDirInUseError(dataDir, owner.pid, owner.url);
      }
      await unlink(lockPath).catch(() => undefined); // stale lock of a dead process
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}

/**
 * Who holds the data directory, from its lock file; undefined when nobody does. A lock file of an
 * older version holds only the pid.
 */
export async function readDataDirOwner(dataDir: string): Promise<DataDirOwner | undefined> {
  const text = (await readFile(path.join(dataDir, LOCK_FILE), "utf8").catch(() => "")).trim();
  if (text === "") return undefined;
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const parsed = JSON.parse(text) as Partial<DataDirOwner>;
    if (typeof parsed.pid !== "number" || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return { pid: parsed.pid, url: typeof parsed.url === "string" ? parsed.url : undefined };
  } catch {
    return undefined; // a torn or foreign file: treated as no owner, and replaced
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
