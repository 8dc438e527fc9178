import { describe, expect, it } from "vitest";
import type { TrendChart } from "../../src/core/chat/chart-data.js";
import { chartAltText } from "../../src/render/charts/index.js";
import { inlineChart } from "../../src/web/inline-chart.js";

const trend = (values: (number | null)[], title = "MS-03 城镇新增就业走势"): TrendChart => ({
  kind: "trend",
  title,
  unit: "万人",
  categories: ["2023年1月上旬", "2023年1月中旬"],
  series: [{ name: "城镇新增就业", values }],
});

describe("a chart inline in a console page", () => {
  it("is an SVG the CSP lets render: no style element or attribute, scaled by its viewBox, named by its alt text", async () => {
    const data = trend([null, 12.5]);
    const { value } = await inlineChart(data, "zh-CN");
    expect(value).toContain('<svg class="chart" role="img"');
    expect(value).toContain('viewBox="0 0 800 400"');
    expect(value).not.toMatch(/<style|\sstyle="/);
    expect(value).toContain('font-size="12px"');
    const alt = chartAltText(data, "zh-CN");
    expect(alt).toContain("2023年1月中旬 12.5");
    expect(value).toContain(`aria-label="${alt}"`);
    expect(value).toContain(`<figcaption class="chart-alt">${alt}</figcaption>`);
  });

  it("escapes what the plan's authors wrote", async () => {
    const { value } = await inlineChart(trend([1, 2], 'T <script>alert(1)</script> "q"'), "zh-CN");
    expect(value).not.toMatch(/<script/i);
    expect(value).toContain("&lt;script&gt;");
  });

  it("states a trend with no value in words instead of drawing an empty frame", async () => {
    const { value } = await inlineChart(trend([null, null]), "en");
    expect(value).not.toContain("<svg");
    expect(value).toContain("not reported");
  });
});
