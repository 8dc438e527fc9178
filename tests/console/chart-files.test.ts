import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createConsoleAdapter } from "../../adapters/console/index.js";
import { ConsoleSession } from "../../adapters/console/session.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { chartAltText } from "../../src/render/charts/index.js";
import { digestToBlocks } from "../../src/render/digest-blocks.js";
import { dekadDigest } from "../render/fixtures.js";
import { waitUntil } from "../support/wait-until.js";

// The console shows no pictures: a digest's chart is written as an .svg file and named in the text,
// as `summary --format md` writes its charts beside the .md.

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "zhuanban-console-charts-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The 旬简报 of the test fixture as the core posts it: its blocks, its progress chart among them. */
function digestMessage(): Outbound {
  const message = digestToBlocks(dekadDigest());
  if (!message.blocks.some((block) => block.type === "chart")) throw new Error("the digest has no chart");
  return message;
}

function session(chartDir?: string) {
  return new ConsoleSession({
    locale: "zh-CN",
    resolveIdentity: async () => null,
    ...(chartDir === undefined ? {} : { chartDir }),
  });
}

describe("console charts", () => {
  it("writes each chart of a digest as an .svg in the chart folder and names the file in the text", async () => {
    const dir = path.join(scratch, "out"); // not there yet: the console makes it
    const console = session(dir);
    const message = digestMessage();
    await console.send({ platform: "console", chatId: "group:minsheng" }, message);
    const [entry] = console.transcript();
    const files = (await readdir(dir)).sort();
    const charts = message.blocks.filter((block) => block.type === "chart");
    expect(files).toHaveLength(charts.length);
    expect(files).toContain("minsheng-2023年1月中旬各任务完成率与时序进度.svg");
    for (const file of files) {
      const svg = await readFile(path.join(dir, file), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      // The path as the user can type it, in Chinese, right under the chart's alt text.
      expect(entry?.text).toContain(`（图表已保存为 ${path.join(dir, file)}，可用浏览器打开）`);
    }
    const progress = await readFile(path.join(dir, "minsheng-2023年1月中旬各任务完成率与时序进度.svg"), "utf8");
    expect(progress).toContain("MS-03 稳就业");
    for (const chart of charts) {
      if (chart.type !== "chart") continue;
      expect(entry?.text).toContain(chartAltText(chart.chart, "zh-CN").split("\n")[0]);
    }
    // The transcript keeps the message as the core built it.
    expect(entry?.message).toBe(message);
  });

  it("never overwrites an earlier chart: the same digest again gets -2", async () => {
    const dir = path.join(scratch, "again");
    const console = session(dir);
    await console.send({ platform: "console", chatId: "group:minsheng" }, digestMessage());
    const first = await readdir(dir);
    await console.send({ platform: "console", chatId: "group:minsheng" }, digestMessage());
    const both = (await readdir(dir)).sort();
    expect(both).toHaveLength(first.length * 2);
    expect(both).toContain("minsheng-2023年1月中旬各任务完成率与时序进度-2.svg");
    expect(console.transcript()[1]?.text).toContain("完成率与时序进度-2.svg");
  });

  it("says in Chinese why a chart could not be saved, and still shows its alt text", async () => {
    const blocker = path.join(scratch, "a-file");
    await writeFile(blocker, "not a folder");
    const console = session(path.join(blocker, "out"));
    const message = digestMessage();
    await console.send({ platform: "console", chatId: "group:minsheng" }, message);
    const text = console.transcript()[0]?.text ?? "";
    expect(text).toContain(`（图表未能保存到 ${path.join(blocker, "out")}：该路径或其上级是一个文件，不是文件夹）`);
    const chart = message.blocks.find((block) => block.type === "chart");
    if (chart?.type !== "chart") throw new Error("no chart");
    expect(text).toContain(chart.alt.split("\n")[0]);
  });

  it("shows only the alt text, writing nothing, without a chart folder", async () => {
    const console = session();
    await console.send({ platform: "console", chatId: "group:minsheng" }, digestMessage());
    expect(console.transcript()[0]?.text).not.toContain("图表已保存");
  });

  it("prints the saved file's path on the terminal", async () => {
    const dir = path.join(scratch, "terminal");
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
    const adapter = createConsoleAdapter({
      locale: "zh-CN",
      resolveIdentity: async () => null,
      chartDir: dir,
      input: new PassThrough(),
      output,
      onExit: () => undefined,
    });
    await adapter.start({ handle: async () => ({ messages: [] }) });
    try {
      await adapter.send({ platform: "console", chatId: "group:minsheng" }, digestMessage());
      await waitUntil(() => printed.includes("图表已保存为"), 30_000, "the chart's line on the terminal");
      expect(printed).toContain(path.join(dir, "minsheng-2023年1月中旬各任务完成率与时序进度.svg"));
    } finally {
      await adapter.stop();
    }
  });
});
