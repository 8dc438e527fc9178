#!/usr/bin/env node
// Authors a new migration: `npm run migration:new -- add_something`.
// `prisma migrate dev` cannot run with the JavaScript schema engine (no shadow database), so we
// diff the schema as last committed against the working schema. The diff still wants a database
// to talk to: an in-memory embedded PostgreSQL serves, so no configuration is needed.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <name in snake_case>");
  process.exit(2);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "zhuanban-migration-"));
const committed = path.join(tmp, "committed.prisma");
writeFileSync(committed, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root }));

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(root, "prisma", "migrations", `${stamp}_${name}`);
const out = path.join(tmp, "migration.sql");

const db = await PGlite.create();
const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
await server.start();
const code = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [
      path.join(root, "scripts", "prisma.mjs"),
      "migrate",
      "diff",
      "--from-schema-datamodel",
      committed,
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
      "-o",
      out,
    ],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: `postgresql://postgres:postgres@${server.getServerConn()}/postgres` },
    },
  );
  child.on("exit", resolve);
});
await server.stop();
await db.close();

if (code !== 0) process.exit(code ?? 1);
const sql = readFileSync(out, "utf8");
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("the schema has not changed since the last commit: no migration written");
} else {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(root, dir)}/migration.sql: review it, then commit it with the schema`);
}
rmSync(tmp, { recursive: true, force: true });
