import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import { startEmbeddedThread, type EmbeddedThreadMessage } from "./embedded-thread.js";
import { EmbeddedDatabaseError, MigrationError } from "./errors.js";

/** A running embedded PostgreSQL (PGlite) served on a loopback port. */
export interface EmbeddedPostgres {
  readonly url: string;
  /** True when the data directory was empty and has just been initialised. */
  readonly created: boolean;
  /** True when it was created from the template given, not by initdb. */
  readonly fromTemplate: boolean;
  /** Migrations applied at start (0 unless asked to migrate). */
  readonly migrationsApplied: number;
  /** Closes the database (its files complete on disk) and ends its thread; a second call waits for the first. */
  stop(): Promise<void>;
}

/** Whether PostgreSQL has been set up in `dataDir` (the lock and the console's log may be there without it). */
export function holdsEmbeddedDatabase(dataDir: string): boolean {
  return existsSync(path.join(dataDir, "PG_VERSION"));
}

/**
 * Starts PGlite in `dataDir` (in memory when null) behind the PostgreSQL wire protocol, so that
 * the embedded default uses exactly the same driver adapter, SQL and migrations as a server.
 * PGlite runs in a thread of its own (embedded-worker.ts): what this thread does meanwhile (load
 * the app's modules) runs beside it on another core, and its queries never hold this event loop.
 */
export async function startEmbeddedPostgres(
  dataDir: string | null,
  options: {
    migrate?: boolean;
    /** A data directory tarball (PGlite's dumpDataDir) to create a new database from instead of initdb. */
    template?: () => Promise<Blob | undefined>;
  } = {},
): Promise<EmbeddedPostgres> {
  let created = true;
  let lock: DataDirLock | undefined;
  if (dataDir !== null) {
    await mkdir(dataDir, { recursive: true });
    created = !holdsEmbeddedDatabase(dataDir);
    lock = await lockDataDir(dataDir);
  }
  let thread: Thread | undefined;
  try {
    const template = created ? await (await options.template?.())?.arrayBuffer() : undefined;
    thread = watch(
      startEmbeddedThread({
        dataDir: dataDir === null ? null : path.resolve(dataDir),
        migrate: options.migrate ?? false,
        ...(template ? { template } : {}),
      }),
    );
    const ready = await readyOf(thread.worker);
    const url = `postgresql://postgres:postgres@${ready.conn}/postgres?sslmode=disable`;
    // From here on the CLI (status, summary, import...) connects through this server, beside us.
    await lock?.publish(url);
    const running = thread;
    let stopping: Promise<void> | undefined;
    return {
      url,
      created,
      fromTemplate: template !== undefined,
      migrationsApplied: ready.migrationsApplied,
      stop: () => (stopping ??= stopThread(running).finally(() => lock?.release())),
    };
  } catch (error) {
    if (thread) await stopThread(thread).catch(() => undefined); // the start's own error is the one to report
    await lock?.release();
    throw error;
  }
}

/** The thread's first word: listening, or the error it could not start with (typed again here). */
function readyOf(worker: Worker): Promise<Extract<EmbeddedThreadMessage, { kind: "ready" }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: EmbeddedThreadMessage) => {
      settle();
      if (message.kind === "ready") resolve(message);
      else if (message.kind === "failed") reject(errorOf(message));
      else reject(new EmbeddedDatabaseError("its thread closed the database before it was ready"));
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onExit = (code: number) => {
      settle();
      reject(new EmbeddedDatabaseError(`its thread ended (exit code ${code}) before the database was ready`));
    };
    const settle = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

interface Thread {
  readonly worker: Worker;
  /** Settles when the thread has ended, however it ended. */
  readonly exited: Promise<number>;
}

function watch(worker: Worker): Thread {
  return { worker, exited: new Promise((resolve) => worker.once("exit", resolve)) };
}

/**
 * Asks the thread to close the database, waits until it has (at once when the thread has ended
 * already), then ends the thread: nothing PGlite leaves scheduled can keep the process alive. An
 * error in closing is thrown here.
 */
async function stopThread({ worker, exited }: Thread): Promise<void> {
  let failed: Error | undefined;
  const closed = new Promise<void>((resolve) => {
    worker.on("message", (message: EmbeddedThreadMessage) => {
      if (message.kind === "failed") failed = errorOf(message);
      if (message.kind === "closed" || message.kind === "failed") resolve();
    });
    worker.on("error", (error) => {
      failed = error;
      resolve();
    });
  });
  worker.postMessage("stop");
  await Promise.race([closed, exited]);
  await worker.terminate();
  if (failed) throw failed;
}

function errorOf(message: Extract<EmbeddedThreadMessage, { kind: "failed" }>): Error {
  if (message.name === "MigrationError" && message.output !== undefined) return new MigrationError(message.output);
  return new EmbeddedDatabaseError(`${message.name}: ${message.message}`);
}
