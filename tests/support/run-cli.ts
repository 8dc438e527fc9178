import { runCli } from "../../src/cli/main.js";

/** Runs one `zhuanban` invocation in-process against the given environment and captures its output. */
export async function runZhuanban(argv: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { LOG_LEVEL: "silent", ...env },
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
