// `zhuanban start` as the person at the terminal reads it: Chinese lines from the catalogue, in the
// order things happen, the "running" line before the console's banner and prompt (never after),
// a holiday warning that says what it means; and a log that says, in English, what is true.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/runtime/app.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Starts the console on a new embedded database, sends /help, closes the input; all it printed, in order. */
async function startConsole(clockStart: string) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "zhuanban-start-"));
  dirs.push(dataDir);
  const printed: string[] = [];
  const input = new PassThrough();
  const output = new PassThrough();
  output.on("data", (chunk: Buffer) => printed.push(chunk.toString("utf8")));
  const app = await startApp({
    env: { ZHUANBAN_DATA_DIR: dataDir, ZHUANBAN_CLOCK_START: clockStart, LOG_LEVEL: "info" },
    out: (line) => printed.push(`${line}\n`),
    input,
    output,
  });
  input.end("/help\n");
  await app.stopped;
  const log = (await readFile(path.join(dataDir, "zhuanban.log"), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { text: printed.join(""), log };
}

describe("zhuanban start in the console", () => {
  it("speaks Chinese, says it is running before the prompt, and logs the truth in English", async () => {
    const { text, log } = await startConsole("2026-12-30T09:00:00+08:00");
    const lines = text.split("\n");
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(text).not.toMatch(/seeded the empty database|zhuanban is running|created the embedded/);
    expect(at("已新建内置数据库，并载入 2023 年湖南省工作方案。")).toBe(0);
    expect(text).toContain("模拟时间：从 2026年12月30日 09:00（北京时间） 开始。");
    // The warning says what the missing holiday data means for deadlines, and for which year.
    expect(text).toContain(
      "⚠ 提示：2027 年国务院节假日安排尚未收录，该年的报送截止日暂按周一至周五为工作日计算；通知发布后请写入 seeds/calendar/overrides.json。",
    );
    const running = at("专班机器人已启动（内置数据库");
    const banner = at("控制台聊天。");
    expect(running).toBeGreaterThan(0);
    expect(banner).toBeGreaterThan(running);
    expect(text.indexOf("（未选身份）>")).toBeGreaterThan(text.indexOf("专班机器人已启动"));

    const ready = log.find((l) => l.msg === "database ready");
    expect(ready).toMatchObject({ created: true, fromTemplate: true });
    const warnings = log.filter((l) => typeof l.year === "number");
    expect(warnings.map((l) => l.year)).toContain(2027);
    for (const w of warnings) expect(String(w.msg)).toContain(String(w.year));
  }, 120_000);

  it("warns of no year of a simulated 2023 session that has its holidays", async () => {
    const { text } = await startConsole("2023-01-18T09:00:00+08:00");
    expect(text).not.toContain("节假日安排尚未收录");
    expect(text).toContain("模拟时间：从 2023年1月18日 09:00（北京时间） 开始。");
  }, 120_000);
});
