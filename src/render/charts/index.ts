/**
 * Charts: neutral data in (src/core/chat/chart-data.ts), SVG and PNG out, with an alt text that
 * states the same figures. Used by the adapters (Telegram photo, Slack upload, .svg beside
 * Markdown), the .docx export and the web console (inline SVG).
 *
 *     const { svg } = await chartToSvg(data);        // ECharts, server-side, no DOM
 *     const png = await svgToPng(svg);               // resvg with the shipped Noto Sans SC subset
 *     const alt = chartAltText(data, "zh-CN");
 */
import type { ChartData } from "../../core/chat/chart-data.js";
import { rasterizer, svgToPng, type RasterOptions } from "./png.js";
import { encodePng } from "./png-encode.js";
import { chartToSvg, type ChartSvg } from "./svg.js";

export type { ChartData } from "../../core/chat/chart-data.js";
export { chartAltText } from "./alt-text.js";
export { CHART_FONT_FAMILY, LIGHT_COLOR } from "./palette.js";
export { CHART_FONT_FILE, rasterize, svgToPng, type Raster, type RasterOptions } from "./png.js";
export { chartToSvg, type ChartSvg } from "./svg.js";

export interface ChartPicture {
  svg: string;
  png: Buffer;
  /** In CSS pixels (the PNG has `scale` times as many). */
  width: number;
  height: number;
}

/** A chart as both SVG and PNG. */
export async function renderChart(data: ChartData, options: RasterOptions = {}): Promise<ChartPicture> {
  const { svg, width, height } = await chartToSvg(data);
  return { svg, png: await svgToPng(svg, options), width, height };
}

/**
 * Charts for a document: their SVGs drawn now, their pixels in resvg's threads. Resolves once every
 * drawing is under way, with the SVGs (and so each chart's size) and `pictures`, which settles when
 * all are drawn: the caller writes the rest of its document meanwhile (a .docx body takes about as
 * long as its charts).
 */
export async function startCharts(
  charts: readonly ChartData[],
  options: RasterOptions = {},
): Promise<{ svgs: ChartSvg[]; pictures: Promise<ChartPicture[]> }> {
  // Nothing to draw loads nothing (ECharts, resvg and the font are loaded on the first chart).
  if (charts.length === 0) return { svgs: [], pictures: Promise.resolve([]) };
  const raster = await rasterizer();
  const svgs: ChartSvg[] = [];
  for (const data of charts) svgs.push(await chartToSvg(data));
  // Every drawing starts here, in one go, and is awaited together: none can fail unobserved.
  const pictures = Promise.all(
    svgs.map(({ svg, width, height }) =>
      raster(svg, options).then(async (image) => ({
        svg,
        png: await encodePng(image.pixels, image.width, image.height),
        width,
        height,
      })),
    ),
  );
  return { svgs, pictures };
}
