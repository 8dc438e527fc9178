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
import { svgToPng, type RasterOptions } from "./png.js";
import { chartToSvg } from "./svg.js";

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
