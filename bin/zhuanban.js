#!/usr/bin/env node
// The `zhuanban` command: runs the JavaScript that `npm run build` compiled into dist/ (npm install
// runs the build). Development runs the TypeScript source instead: `npm run dev -- <command>`.
import { existsSync } from "node:fs";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("zhuanban: dist/ is missing; run `npm run build` (npm install does it) or `npm run dev`\n");
  process.exit(1);
}
const cli = await import(main.href);
await cli.main();
