// `zhuanban --help` and a command's `--help` must start in a blink: what main.ts and the command
// descriptions import statically may not reach Prisma, PGlite, Bolt or the other heavy packages;
// each command's code (src/cli/run/) is imported only when that command runs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands/index.js";
import { runZhuanban } from "../support/run-cli.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const HEAVY = /^(@prisma\/|@electric-sql\/|@slack\/|pg$|node-telegram-bot-api|exceljs|docx|pino)/;

/** Static (not `import type`, not `import()`) imports of a module and everything they import. */
function staticImportGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gms)].map(
      (m) => m[1]!,
    );
    for (const bare of source.matchAll(/^import\s+"([^"]+)"/gm)) specifiers.push(bare[1]!);
    for (const spec of specifiers) {
      if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts")));
      else if (!spec.startsWith("node:")) packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

describe("the zhuanban command loads only what a command needs", () => {
  const graph = staticImportGraph(path.join(root, "src/cli/main.ts"));

  it("main.ts and the command descriptions reach no heavy package and no command's code", () => {
    expect([...graph.packages].filter((p) => HEAVY.test(p))).toEqual([]);
    const relative = [...graph.files].map((f) => path.relative(root, f));
    expect(relative.filter((f) => !f.startsWith("src/cli/"))).toEqual([]);
    expect(relative.filter((f) => f.startsWith("src/cli/run/"))).toEqual([]);
    expect(relative).toContain("src/cli/commands/status.ts");
  });

  it("each command's code is there to load, and does reach the database layer", () => {
    const status = staticImportGraph(path.join(root, "src/cli/run/status.ts"));
    expect([...status.packages].some((p) => p.startsWith("@prisma/"))).toBe(true);
    for (const command of commands) {
      const file = path.join(root, "src/cli/run", `${command.name}.ts`);
      expect(readFileSync(file, "utf8")).toMatch(/export async function run\(/);
    }
  });

  it("--help lists every command and a command's --help its options, with no database", async () => {
    const help = await runZhuanban(["--help"], {});
    expect(help.code).toBe(0);
    for (const command of commands) expect(help.stdout).toContain(command.name);
    const status = await runZhuanban(["status", "--help"], { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" });
    expect(status).toMatchObject({ code: 0 });
    expect(status.stdout).toMatch(/--group KEY/);
  });
});
