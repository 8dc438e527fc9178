// 10. Charts in the 旬简报 (issue 14): one chart to PNG (<= 100 ms); the 旬简报 of all six groups
// with its charts drawn, within 1.5x of the same without them; the Word 简报 with its embedded
// charts (<= 3 s).
//
// "The 旬简报" is what the scheduler posts: summarize() (build + store a digest version) and the
// chat message built from it (digestToBlocks). "With charts" adds what a platform with pictures
// does with that message: each chart block drawn as SVG and PNG (the Telegram photo, the Slack
// upload). The .docx is written the way `zhuanban summary --format docx` writes it, charts
// embedded as PNG.

import { summarize } from "../../src/core/digest/summary.js";
import type { DigestContent } from "../../src/core/digest/digest-content.js";
import { parsePeriodId } from "../../src/domain/time/periods.js";
import { chartToSvg, renderChart, svgToPng } from "../../src/render/charts/index.js";
import { digestToBlocks } from "../../src/render/digest-blocks.js";
import { digestCharts } from "../../src/render/digest-charts.js";
import { digestToDocx } from "../../src/render/export/digest-docx.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { BENCH_NOW } from "../generate.js";
import type { BenchContext, BenchItem } from "../lib/context.js";
import type { Figure } from "../lib/results.js";
import { percentile, repeatFor, round, since, timed } from "../lib/stats.js";

export const briefing: BenchItem = {
  item: 10,
  title: "charts: one PNG, the 旬简报 with and without charts, the .docx with charts",
  async run(ctx: BenchContext): Promise<Figure[]> {
    const { data } = ctx;
    const quick = ctx.options.quick;
    const deps = {
      status: createStatusStore(ctx.prisma),
      reports: createReportStore(ctx.prisma),
      digests: createDigestStore(ctx.prisma),
      calendar: ctx.calendar,
    };
    const groups = await ctx.prisma.workGroup.findMany({
      select: { id: true, key: true, name: true, timezone: true },
      orderBy: { sortOrder: "asc" },
    });
    const period = parsePeriodId(data.lastFullDekad);

    // The 旬简报 of every group, once, for the chart and the .docx below.
    const contents: DigestContent[] = [];
    for (const group of groups) contents.push((await summarize(deps, group, { period }, BENCH_NOW, "zh-CN")).content);
    const largest = contents.find((c) => c.group.key === data.largestGroup.key) ?? contents[0]!;
    const progress = digestCharts(largest).progress;
    if (!progress) throw new Error(`the 旬简报 of ${largest.group.key} has no progress chart`);

    // 10a. One chart, data to PNG: the largest group's progress against pace. The first one loads
    // ECharts and the font (reported apart); the figure is a chart drawn after that.
    const coldStart = performance.now();
    await renderChart(progress);
    const cold = since(coldStart);
    const [min, max, budget] = quick ? [3, 5, 5_000] : [10, 50, 20_000];
    ctx.progress(`  one chart to PNG (${largest.group.key}, ${progress.kind}): ${min} to ${max} runs`);
    let svgMs = 0;
    const png = await repeatFor(
      budget,
      min,
      max,
      async () => {
        const start = performance.now();
        const { svg } = await chartToSvg(progress);
        svgMs += since(start);
        await svgToPng(svg);
      },
      0,
    );
    const pngBytes = (await renderChart(progress)).png.length;

    // 10b. The 旬简报 of all groups as the scheduler posts it, without and with its charts drawn.
    let charts = 0;
    const digestAll = async (draw: boolean) => {
      charts = 0;
      for (const group of groups) {
        const { content } = await summarize(deps, group, { period }, BENCH_NOW, "zh-CN");
        const message = digestToBlocks(content, { timeZone: group.timezone });
        if (!draw) continue;
        for (const block of message.blocks) {
          if (block.type !== "chart") continue;
          await renderChart(block.chart);
          charts += 1;
        }
      }
    };
    // Alternated, so that a busy moment of the machine falls on both sides alike.
    const runs = quick ? 1 : 3;
    ctx.progress(
      `  旬简报 ${data.lastFullDekad} for ${groups.length} groups, without and with charts: ${runs} runs each`,
    );
    const without: number[] = [];
    const withCharts: number[] = [];
    await digestAll(true); // warm: the first summarize of a kind and the first chart of each kind
    for (let i = 0; i < runs; i++) {
      without.push((await timed(() => digestAll(false))).ms);
      withCharts.push((await timed(() => digestAll(true))).ms);
    }
    const plain = percentile(without, 50);
    const drawn = percentile(withCharts, 50);

    // 10c. The Word 简报 of every group, charts embedded (the largest alone in the note).
    const docxRuns = quick ? 1 : 2;
    ctx.progress(`  .docx with charts of the ${groups.length} digests: ${docxRuns} runs`);
    let docxBytes = 0;
    const docx = await repeatFor(
      20_000,
      1,
      docxRuns,
      async () => {
        docxBytes = 0;
        for (const c of contents) docxBytes += (await digestToDocx(c, { timeZone: data.timezone })).length;
      },
      0,
    );
    const largestDocxStart = performance.now();
    await digestToDocx(largest, { timeZone: data.timezone });
    const largestDocx = since(largestDocxStart);

    ctx.note(
      `10: chart = the progress chart of ${largest.group.key} (${largest.tasks.length} tasks, at most 30 bars), ` +
        `SVG ${round(svgMs / png.length)} ms of it, PNG ${Math.round(pngBytes / 1024)} KiB; the first chart of the process ` +
        `(loading ECharts, resvg and the font) took ${round(cold, 0)} ms. 旬简报 ${data.lastFullDekad}: summarize() ` +
        `(build + store) and the chat message for all ${groups.length} groups, ${round(plain, 0)} ms without and ` +
        `${round(drawn, 0)} ms with its ${charts} charts drawn as SVG + PNG; median of ${runs} alternated runs each. ` +
        `.docx: all ${groups.length} with their charts, ${Math.round(docxBytes / 1024)} KiB, median of ${docx.length}; ` +
        `the largest alone ${round(largestDocx, 0)} ms.`,
    );
    return [
      {
        id: "10a",
        item: 10,
        name: "one chart to PNG (SVG + resvg)",
        value: round(percentile(png, 50)),
        unit: "ms",
        target: 100,
        bound: "max",
        note: `p95 ${round(percentile(png, 95))} ms, first ${round(cold, 0)} ms`,
      },
      {
        id: "10b",
        item: 10,
        name: `旬简报, all ${groups.length} groups, with charts`,
        value: round(drawn, 0),
        unit: "ms",
        target: null,
        note: `without charts ${round(plain, 0)} ms`,
      },
      {
        id: "10c",
        item: 10,
        name: `  with / without charts`,
        value: round(drawn / plain, 2),
        unit: "×",
        target: 1.5,
        bound: "max",
      },
      {
        id: "10d",
        item: 10,
        name: `.docx with charts, all ${groups.length} groups`,
        value: round(percentile(docx, 50), 0),
        unit: "ms",
        target: 3000,
        bound: "max",
        note: `largest group alone ${round(largestDocx, 0)} ms`,
      },
    ];
  },
};
