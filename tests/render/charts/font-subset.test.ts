import { rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Resvg } from "@resvg/resvg-js";
import { afterAll, describe, expect, it } from "vitest";

import type { ChartData } from "../../../src/core/chat/chart-data.js";
import { CHART_FONT_FAMILY, CHART_FONT_FILE, chartToSvg, rasterize } from "../../../src/render/charts/index.js";
import { chartFont } from "../../../src/render/charts/font-subset.js";

const files: string[] = [];
afterAll(() => Promise.all(files.map((file) => rm(file, { force: true }))));

/** Pixels of an SVG drawn by resvg with the given font file (what png.ts does, with any font). */
function pixelsWith(fontFile: string, svg: string, scale = 1): Buffer {
  return new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: {
      fontFiles: [fontFile],
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  }).render().pixels;
}

async function subsetFile(text: string): Promise<string> {
  const file = join(tmpdir(), `zhuanban-font-subset-test-${process.pid}-${files.length}.ttf`);
  files.push(file);
  await writeFile(file, (await chartFont(CHART_FONT_FILE)).subset(text));
  return file;
}

function textSvg(text: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">` +
    `<rect width="64" height="64" fill="#fff"/>` +
    `<text x="4" y="48" font-size="48" font-family="${CHART_FONT_FAMILY}" fill="#000">${text}</text></svg>`
  );
}

function ink(pixels: Buffer): number {
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) dark += 1;
  return dark;
}

const charts: ChartData[] = [
  {
    kind: "progress",
    title: "2025年11月下旬各任务完成率与时序进度（共4000项，显示需关注的30项）",
    valueName: "完成率",
    paceName: "时序进度",
    bars: [
      { label: "MS-0004 安宁县改造城镇老旧小区改造...", ratio: 0.654, pace: 0.91, light: "yellow" },
      { label: "MS-0008 宁平县新增农村公路提质改造...", ratio: 1.2, pace: 0.91, light: "done" },
      { label: "MS-0009 邵阳市改造中小学校舍改造（...", ratio: null, pace: 0.91, light: "none" },
      { label: "R&D <投入> “强度”", ratio: 0.1, pace: 0.5, light: "red" },
    ],
  },
  {
    kind: "trend",
    title: "MS-01 城镇新增就业走势",
    unit: "万人",
    categories: ["10月上旬", "10月中旬", "10月下旬"],
    series: [{ name: "城镇新增就业", values: [1.2, null, 3.4] }],
  },
  {
    kind: "ranking",
    title: "报送及时性排名",
    names: { onTime: "按时", late: "补报", missing: "未报" },
    rows: [
      { label: "省人力资源和社会保障厅", onTime: 3, late: 1, missing: 0 },
      { label: "湘西土家族苗族自治州", onTime: 1, late: 0, missing: 2 },
    ],
  },
];

describe("the chart font cut to one SVG", () => {
  it("draws every kind of chart pixel for pixel as the full font does", async () => {
    for (const chart of charts) {
      const { svg } = await chartToSvg(chart);
      const full = pixelsWith(CHART_FONT_FILE, svg, 2);
      expect((await rasterize(svg)).pixels.equals(full), chart.kind).toBe(true);
    }
  }, 60_000);

  it("holds the outlines of the SVG's characters only, so it is a fraction of the font", async () => {
    const file = await subsetFile(textSvg("民"));
    // 民 is drawn from the cut; 生 is in the full font but its outline was left out.
    expect(ink(pixelsWith(file, textSvg("民")))).toBeGreaterThan(100);
    expect(ink(pixelsWith(CHART_FONT_FILE, textSvg("生")))).toBeGreaterThan(100);
    expect(ink(pixelsWith(file, textSvg("生")))).toBe(0);
    const font = await chartFont(CHART_FONT_FILE);
    const { svg } = await chartToSvg(charts[0]!);
    const { size } = await stat(CHART_FONT_FILE);
    expect(font.subset(svg).length).toBeLessThan(size / 4);
  });

  it("keeps characters written as numeric references", async () => {
    const file = await subsetFile(textSvg("&#x6C11;&#29983;"));
    expect(pixelsWith(file, textSvg("民生")).equals(pixelsWith(CHART_FONT_FILE, textSvg("民生")))).toBe(true);
  });
});
