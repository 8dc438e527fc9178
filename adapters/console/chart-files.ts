import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import type { Block, Outbound } from "../../src/core/chat/outbound.js";
import type { ChartData } from "../../src/core/chat/chart-data.js";

/** What became of one chart of a message: the file it was written to, or why it could not be. */
export type ChartFileResult = { ok: true; file: string } | { ok: false; reason: string };

/**
 * A terminal shows no pictures: the console writes each chart of a message as an .svg file in
 * `dir` (as `summary --format md` writes them beside the .md), named after the chat and the chart's
 * title so a person finds it by eye (`minsheng-2023年1月中旬完成率与时序进度.svg`). An existing file
 * is never overwritten: a later chart of the same name gets `-2`, `-3`. ECharts loads with the first
 * chart only, not at start-up.
 */
export async function writeChartFiles(
  dir: string,
  chatLabel: string,
  message: Outbound,
): Promise<Map<Block, ChartFileResult>> {
  const results = new Map<Block, ChartFileResult>();
  const charts = message.blocks.filter((block) => block.type === "chart");
  if (charts.length === 0) return results;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    for (const block of charts) results.set(block, { ok: false, reason: reasonOf(error) });
    return results;
  }
  const { chartToSvg } = await import("../../src/render/charts/index.js");
  for (const block of charts) {
    try {
      const { svg } = await chartToSvg(block.chart);
      results.set(block, { ok: true, file: await writeNew(dir, baseName(chatLabel, block.chart), svg) });
    } catch (error) {
      results.set(block, { ok: false, reason: reasonOf(error) });
    }
  }
  return results;
}

/** Writes `svg` to `<base>.svg`, or `<base>-2.svg` … when taken; the path written. */
async function writeNew(dir: string, base: string, svg: string): Promise<string> {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${n === 1 ? base : `${base}-${n}`}.svg`);
    try {
      await writeFile(file, svg, { flag: "wx" });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || n >= MAX_SAME_NAME) throw error;
    }
  }
}

/** Enough for a long session of the same digest re-sent; past it something is wrong, say so. */
const MAX_SAME_NAME = 1000;

/** A file name from the chat and the chart title, without what file systems refuse. */
function baseName(chatLabel: string, chart: ChartData): string {
  const safe = (text: string) =>
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    text.replace(/[\u0000-\u001f\\/:*?"<>|\s]+/g, "-").replace(/^[-.]+|-+$/g, "");
  const title = safe(chart.title).slice(0, 60) || chart.kind;
  const chat = safe(chatLabel);
  return chat ? `${chat}-${title}` : title;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
