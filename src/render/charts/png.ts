import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type * as ResvgModuleType from "@resvg/resvg-js";

import { chartFont } from "./font-subset.js";
import { CHART_FONT_FAMILY } from "./palette.js";

/**
 * The one font charts are drawn with, kept in the repo (a subset of Noto Sans SC, see
 * scripts/subset-chart-font.mjs). System fonts are never loaded: a server without CJK fonts would
 * otherwise draw every Chinese label as an empty box, silently.
 */
export const CHART_FONT_FILE = fileURLToPath(new URL("../../../assets/fonts/NotoSansSC-Chart.ttf", import.meta.url));

type ResvgModule = typeof ResvgModuleType;
let resvgLoading: Promise<ResvgModule> | undefined;

/** resvg's native module, loaded on the first picture (not at start-up). */
function loadResvg(): Promise<ResvgModule> {
  resvgLoading ??= import("@resvg/resvg-js");
  return resvgLoading;
}

export interface RasterOptions {
  /** Device pixels per SVG pixel; 2 by default, sharp in print and on high-density screens. */
  scale?: number;
}

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
  /** RGBA, row by row: what tests look at to tell a glyph from an empty box. */
  pixels: Buffer;
}

/** An SVG drawn to pixels with the shipped CJK font only. */
export async function rasterize(svg: string, options: RasterOptions = {}): Promise<Raster> {
  const image = await draw(svg, options);
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}

/**
 * An SVG as PNG bytes. The pixels are not copied out: at the default scale they are a 10 MB buffer
 * per chart that only the tests of {@link rasterize} look at (a sixth of a PNG's time).
 */
export async function svgToPng(svg: string, options: RasterOptions = {}): Promise<Buffer> {
  return (await draw(svg, options)).asPng();
}

let fontFiles = 0;

/**
 * Draws with a font file holding only this SVG's glyphs (font-subset.ts: resvg reads its font file
 * whole at every glyph lookup, so the full 2.2 MB font cost most of a chart's time). resvg reads
 * fonts from files only: the cut goes to a file of its own in the temporary directory, removed once
 * drawn.
 */
async function draw(
  svg: string,
  options: RasterOptions,
): Promise<ReturnType<InstanceType<ResvgModule["Resvg"]>["render"]>> {
  const [{ Resvg }, font] = await Promise.all([loadResvg(), chartFont(CHART_FONT_FILE)]);
  const file = join(tmpdir(), `zhuanban-chart-font-${process.pid}-${++fontFiles}.ttf`);
  await writeFile(file, font.subset(svg));
  try {
    const resvg = new Resvg(svg, {
      fitTo: { mode: "zoom", value: options.scale ?? 2 },
      font: {
        fontFiles: [file],
        loadSystemFonts: false,
        defaultFontFamily: CHART_FONT_FAMILY,
        sansSerifFamily: CHART_FONT_FAMILY,
      },
    });
    return resvg.render();
  } finally {
    await rm(file, { force: true });
  }
}
