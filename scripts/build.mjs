#!/usr/bin/env node
// `npm run build` (run by `npm install` after `prisma generate`): compiles src/ and adapters/ to
// dist/ with tsc (tsconfig.build.json, emit only; `npm run typecheck` checks the types). dist/ is
// emptied first so a deleted source file leaves no stale module behind.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
rmSync(path.join(root, "dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });

const { writeEmbeddedTemplate, EMBEDDED_TEMPLATE } = await import(
  new URL("../dist/src/runtime/embedded-template.js", import.meta.url).href
);
try {
  const bytes = await writeEmbeddedTemplate();
  console.log(`embedded database template: ${path.relative(root, EMBEDDED_TEMPLATE)} (${Math.round(bytes / 1024)} KB)`);
} catch (error) {
  // Not fatal: without the template a first start runs initdb, only slower.
  console.warn(`warning: no embedded database template (a first start will take longer): ${error}`);
}
