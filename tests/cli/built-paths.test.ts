// The build in dist/ (what `npm start` and `npx zhuanban` run) must find the files the source finds:
// the chart font, the seeds, the calendar overrides, the migrations. A path written relative to a
// module is right from src/ and wrong from dist/src/ (the chart font was: every chart of the built
// CLI failed with ENOENT while the tests, on the source, drew them).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../support/bot-process.js";

const PATHS: Record<string, string> = {
  "render/charts/png.js": "CHART_FONT_FILE",
  "runtime/seed-files.js": "DEFAULT_SEED_DIR",
  "runtime/calendar-loader.js": "DEFAULT_CALENDAR_OVERRIDES",
  "store/migration-files.js": "MIGRATIONS_DIR",
};

/** Each path as the built module works it out, in a plain node process (no TypeScript loader). */
async function builtPaths(): Promise<Record<string, string>> {
  const script = `
    const out = {};
    for (const [file, name] of Object.entries(${JSON.stringify(PATHS)})) {
      out[name] = (await import("./dist/src/" + file))[name];
    }
    console.log(JSON.stringify(out));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: path.resolve("."),
  });
  return JSON.parse(stdout) as Record<string, string>;
}

describe("the build finds the package's files", () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 180_000);

  it("resolves the chart font, seeds, calendar overrides and migrations to files that exist", async () => {
    const paths = await builtPaths();
    expect(Object.keys(paths).sort()).toEqual(Object.values(PATHS).sort());
    for (const [name, file] of Object.entries(paths)) {
      expect(existsSync(file), `${name} = ${file}`).toBe(true);
      expect(file.includes(`${path.sep}dist${path.sep}`), `${name} = ${file}`).toBe(false);
    }
  });
});
