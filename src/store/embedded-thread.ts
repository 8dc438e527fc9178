import { Worker } from "node:worker_threads";

/** What the embedded database's thread is started with (structured-cloned; the template is moved). */
export interface EmbeddedThreadInput {
  /** The data directory (absolute), or null for a database in memory. */
  dataDir: string | null;
  migrate: boolean;
  /** A data directory tarball (PGlite's dumpDataDir) to create a new database from. */
  template?: ArrayBuffer;
}

/** What the thread says: listening on `conn` (host:port), closed, or why it could not start or close. */
export type EmbeddedThreadMessage =
  | { kind: "ready"; conn: string; migrationsApplied: number }
  | { kind: "closed" }
  | { kind: "failed"; name: string; message: string; output?: string };

/**
 * Starts embedded-worker in a thread. From the build it is plain JavaScript; from the TypeScript
 * source (tests, `npm run dev`) the thread first registers tsx, as the process it runs in did,
 * since a worker does not inherit the loader that compiles TypeScript.
 */
export function startEmbeddedThread(input: EmbeddedThreadInput): Worker {
  const entry = new URL(
    import.meta.url.endsWith(".ts") ? "./embedded-worker.ts" : "./embedded-worker.js",
    import.meta.url,
  );
  const transferList = input.template ? [input.template] : [];
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData: input, transferList });
  // tsx is found from here, not from the thread's working directory.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const viaTsx = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(viaTsx, { eval: true, workerData: input, transferList });
}
