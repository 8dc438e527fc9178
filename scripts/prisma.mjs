#!/usr/bin/env node
// Runs the Prisma CLI offline. Without DATABASE_URL, or with a schema that fails to parse,
// Prisma 6 silently tries to download a native engine and only prints a network error.
// A placeholder URL and dummy engine paths make it use the WebAssembly engines shipped in
// the npm package, and print the real error instead (see docs/design.md, Stack notes).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const dummyEngine = path.join(here, "prisma-dummy-engine");

const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || "postgresql://placeholder@localhost/none",
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY || dummyEngine,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || dummyEngine,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { env, stdio: "inherit", cwd: root });
child.on("exit", (code) => process.exit(code ?? 1));
