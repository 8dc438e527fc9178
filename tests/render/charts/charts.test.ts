import { beforeAll, describe, expect, it } from "vitest";

import type { ChartData } from "../../../src/core/chat/chart-data.js";
import { chartAltText, chartToSvg, rasterize, renderChart } from "../../../src/render/charts/index.js";

const progress: ChartData = {
  kind: "progress",
  title: "各任务完成率与时序进度",
  valueName: "完成率",
  paceName: "时序进度",
  bars: [
    { label: "MS-01 城镇新增就业", ratio: 0.654, pace: 0.5, light: "green" },
    { label: "MS-02 农村劳动力转移就业", ratio: 0.2, pace: 0.5, light: "red" },
    { label: "MS-03 民生实事", ratio: null, pace: 0.5, light: "none" },
  ],
};

/** One line of text drawn as the charts draw theirs, in pixels. */
async function glyphPixels(text: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">` +
    `<rect width="64" height="64" fill="#fff"/>` +
    `<text x="4" y="48" font-size="48" font-family="Noto Sans SC" fill="#000">${text}</text></svg>`;
  return (await rasterize(svg, { scale: 1 })).pixels;
}

/** How many pixels are darker than mid-grey. */
function ink(pixels: Buffer): number {
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) dark += 1;
  return dark;
}

describe("charts", () => {
  // The first chart loads ECharts and resvg (a few seconds under vitest's transform on a busy machine).
  beforeAll(() => renderChart(progress), 60_000);

  it("draws Chinese labels with real glyphs, not missing-glyph boxes", async () => {
    // A character the shipped font lacks (Hangul) is drawn as the font's .notdef box, or not at all.
    const missing = await glyphPixels("한");
    const min = await glyphPixels("民");
    const sheng = await glyphPixels("生");
    expect(ink(min)).toBeGreaterThan(100);
    expect(ink(sheng)).toBeGreaterThan(100);
    // Two different characters give two different pictures, neither of them the box.
    expect(min.equals(sheng)).toBe(false);
    expect(min.equals(missing)).toBe(false);
    expect(sheng.equals(missing)).toBe(false);
  });

  it("writes an SVG with the labels, the pace legend and the light colours", async () => {
    const { svg, width, height } = await chartToSvg(progress);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(width).toBe(800);
    expect(height).toBeGreaterThan(3 * 30);
    expect(svg).toContain("城镇新增就业");
    expect(svg).toContain("时序进度");
    expect(svg).toContain("65.4%");
    expect(svg.toLowerCase()).toContain("#d7261e"); // the red task's bar
  });

  it("renders a PNG at twice the SVG size", async () => {
    const picture = await renderChart(progress);
    expect(picture.png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(picture.png.readUInt32BE(16)).toBe(picture.width * 2);
    expect(picture.png.readUInt32BE(20)).toBe(picture.height * 2);
  });

  it("draws every kind of chart", async () => {
    const charts: ChartData[] = [
      {
        kind: "trend",
        title: "城镇新增就业走势",
        unit: "万人",
        categories: ["1月上旬", "1月中旬"],
        series: [{ name: "MS-01", values: [1.2, null] }],
      },
      {
        kind: "ranking",
        title: "报送及时性排名",
        names: { onTime: "按时", late: "补报", missing: "未报" },
        rows: [{ label: "省人社厅", onTime: 3, late: 1, missing: 0 }],
      },
      {
        kind: "lights",
        title: "灯号分布",
        slices: [
          { light: "green", label: "绿灯", count: 4 },
          { light: "red", label: "红灯", count: 1 },
        ],
      },
    ];
    for (const chart of charts) {
      const { svg } = await chartToSvg(chart);
      expect(svg).toContain(chart.title);
    }
  });

  it("states every figure of the chart in its alt text", () => {
    const alt = chartAltText(progress, "zh-CN");
    expect(alt).toBe(
      "图：各任务完成率与时序进度。MS-01 城镇新增就业，完成率 65.4%，时序进度 50%，绿灯；" +
        "MS-02 农村劳动力转移就业，完成率 20%，时序进度 50%，红灯；MS-03 民生实事，完成率 未报数据，时序进度 50%，无数据",
    );
    // A level or rate target has no pace: the words do not speak of one.
    const level = chartAltText(
      {
        ...progress,
        bars: [{ ...progress.bars[0]!, label: "MS-04 城市低保标准", ratio: 1, pace: null, light: "green" }],
      },
      "zh-CN",
    );
    expect(level).toBe("图：各任务完成率与时序进度。MS-04 城市低保标准，完成率 100%，绿灯");
    const trend = chartAltText(
      {
        kind: "trend",
        title: "走势",
        unit: "万人",
        categories: ["1月上旬", "1月中旬"],
        series: [{ name: "MS-01", values: [1.25, null] }],
      },
      "zh-CN",
    );
    expect(trend).toBe("图：走势（单位：万人）。MS-01：1月上旬 1.25，1月中旬 未报");
    expect(chartAltText({ kind: "lights", title: "Lights", slices: [] }, "en")).toBe("Chart: Lights. no data");
  });
});
