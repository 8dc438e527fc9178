// The embedded PostgreSQL's own thread: PGlite, its migrations and its socket server run here, so
// that starting it (about 0.6 s of WebAssembly) overlaps the loading of the app's modules on the
// main thread, and its queries never hold the bot's event loop. Started by embedded.ts; everything
// else reaches the database through the socket server, as a PostgreSQL server would be reached.
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import type { EmbeddedThreadInput, EmbeddedThreadMessage } from "./embedded-thread.js";

/**
 * PostgreSQL's default 128 MB of shared buffers is zeroed at every start: 0.14 s of unoptimised
 * WebAssembly. An office's embedded database is a few megabytes; pages beyond 32 MB are read from
 * the files (and the operating system's cache) instead.
 */
const START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];

const input = workerData as EmbeddedThreadInput;
const port = (() => {
  if (!parentPort) throw new Error("embedded-worker.ts runs as a worker thread (see embedded.ts)");
  return parentPort;
})();
const post = (message: EmbeddedThreadMessage) => port.postMessage(message);

function failure(error: unknown): EmbeddedThreadMessage {
  const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
  const output = (error as { output?: unknown }).output;
  return { kind: "failed", name, message, ...(typeof output === "string" ? { output } : {}) };
}

/**
 * PostgreSQL's WebAssembly, compiled at once on this thread (which has nothing else to do).
 * Compiled asynchronously, as PGlite does by itself, V8 finished the compilation on this thread
 * 0.1-0.2 s after the database was up, and held its first connection that long.
 */
function compilePostgres(): CompiledWasm {
  return new Wasm.Module(readFileSync(new URL("pglite.wasm", import.meta.resolve("@electric-sql/pglite"))));
}

type CompiledWasm = NonNullable<PGliteOptions["pgliteWasmModule"]>;
/** Node's WebAssembly global, typed by hand: the ES2023 library (no DOM) declares only its types. */
const Wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => CompiledWasm } })
  .WebAssembly;

async function start(): Promise<void> {
  const options = {
    pgliteWasmModule: compilePostgres(),
    startParams: START_PARAMS,
    ...(input.template ? { loadDataDir: new Blob([input.template]) } : {}),
  };
  // The rest loads while PGlite reads its files, not before it begins.
  const [db, { PGLiteSocketServer }, { migrateEmbedded }] = await Promise.all([
    input.dataDir === null ? PGlite.create(options) : PGlite.create(input.dataDir, options),
    import("@electric-sql/pglite-socket"),
    import("./embedded-migrations.js"),
  ]);
  let server: InstanceType<typeof PGLiteSocketServer> | undefined;
  try {
    // Before anyone connects: straight into PGlite, without Prisma's migration engine (see there).
    const migrationsApplied = input.migrate ? await migrateEmbedded(db) : 0;
    // Several connections may attach (the app's single pooled one, CLI commands run beside the
    // bot); the server queues their statements one at a time and serves a connection's open
    // transaction alone until it ends.
    server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
    await server.start();
    post({ kind: "ready", conn: server.getServerConn(), migrationsApplied });
  } catch (error) {
    await server?.stop();
    await db.close();
    throw error;
  }
  const listening = server;
  port.once("message", () => {
    // The only message is "stop": close in order, say so, and end with nothing left open.
    void (async () => {
      try {
        await listening.stop();
        await db.close();
        post({ kind: "closed" });
      } catch (error) {
        post(failure(error));
      }
      port.close();
    })();
  });
}

start().catch((error: unknown) => {
  post(failure(error));
  port.close();
});
