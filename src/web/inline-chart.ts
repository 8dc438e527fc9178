import type { ChartData } from "../core/chat/chart-data.js";
import type { Locale } from "../core/i18n/catalog.js";
import { chartAltText, chartToSvg } from "../render/charts/index.js";
import { escapeHtml, html, trusted, type Html } from "./html.js";

/** The chart font, then the CJK fonts a browser may have instead (the console downloads none). */
const FONTS = `"Noto Sans SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif`;

/**
 * A chart of the chart module as inline SVG in a page, with its alt text (every figure it draws) as
 * the picture's accessible name and, below it, as text. The Content-Security-Policy allows no inline
 * style, so ECharts' style attributes become presentation attributes and its hover-only <style> goes;
 * the fixed size becomes a viewBox the stylesheet scales to the page (phones, A4).
 */
export async function inlineChart(data: ChartData, locale: Locale): Promise<Html> {
  const alt = chartAltText(data, locale);
  // A trend with no value at all would be an empty frame: its words (every period 未报) are enough.
  if (data.kind === "trend" && data.series.every((s) => s.values.every((v) => v === null)))
    return html`<figure class="chart-figure"><figcaption class="chart-alt">${alt}</figcaption></figure>`;
  const { svg } = await chartToSvg(data);
  const markup = svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/ style="([^"]*)"/g, (_whole, css: string) =>
      css
        .split(";")
        .map((rule) => rule.split(":").map((s) => s.trim()))
        .filter(([name, value]) => name && value)
        .map(([name, value]) =>
          name === "font-family" ? ` font-family='${FONTS}'` : ` ${name}="${value!.replace(/"/g, "")}"`,
        )
        .join(""),
    )
    .replace(/^<svg width="\d+" height="\d+"/, `<svg class="chart" role="img" aria-label="${escapeHtml(alt)}"`);
  return html`<figure class="chart-figure">
    ${trusted(markup)}
    <figcaption class="chart-alt">${alt}</figcaption>
  </figure>`;
}
