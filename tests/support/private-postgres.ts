// A PostgreSQL cluster of the test's own, on another port, for tests that need the database to go
// away and come back (an outage). The shared server on 5432 is never stopped: this one lives in a
// temporary directory, migrated from the template database, and is removed at the end.

import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";
import { urlFor } from "./postgres.js";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  /** URL of the migrated database `zhuanban` on this cluster. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown: connections are cut, as in an outage). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root: run the server's tools as `postgres` then. */
function asOwner(command: string, args: string[]): Promise<{ stdout: string }> {
  const root = process.getuid?.() === 0;
  return root
    ? run("runuser", ["-u", "postgres", "--", path.join(BIN, command), ...args])
    : run(path.join(BIN, command), args);
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), "zhuanban-pg-"));
  await chmod(dir, 0o777);
  const data = path.join(dir, "data");
  const port = await freePort();
  if (process.getuid?.() === 0) await run("chown", ["postgres", dir]);
  await asOwner("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const pgctl = (action: "start" | "stop") =>
    asOwner(
      "pg_ctl",
      action === "start"
        ? [
            "-D",
            data,
            "-w",
            "-l",
            path.join(dir, "log"),
            "-o",
            `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
            "start",
          ]
        : ["-D", data, "-w", "-m", "fast", "stop"],
    );
  await pgctl("start");
  // The schema comes from the shared template, as every test database's does.
  const template = urlFor(inject("templateDatabase"));
  const url = `postgresql://postgres@127.0.0.1:${port}/zhuanban`;
  await run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", "CREATE DATABASE zhuanban"]);
  const dump = await run("pg_dump", ["--no-owner", "--no-acl", template], { maxBuffer: 64 * 1024 * 1024 });
  await psqlInput(port, dump.stdout);
  let running = true;
  const cluster: PrivatePostgres = {
    url,
    port,
    async stop() {
      if (!running) return;
      await pgctl("stop");
      running = false;
    },
    async start() {
      if (running) return;
      await pgctl("start");
      running = true;
    },
    async destroy() {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

function psqlInput(port: number, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "psql",
      ["-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "zhuanban"],
      { maxBuffer: 64 * 1024 * 1024 },
      (error) => (error ? reject(error) : resolve()),
    );
    child.stdin?.end(sql);
  });
}
