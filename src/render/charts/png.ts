import { writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type * as ResvgModuleType from "@resvg/resvg-js";

import { packageRoot } from "../../package-root.js";

import { chartFont } from "./font-subset.js";
import { encodePng } from "./png-encode.js";
import { CHART_FONT_FAMILY } from "./palette.js";

/**
 * The one font charts are drawn with, kept in the repo (a subset of Noto Sans SC, see
 * scripts/subset-chart-font.mjs). System fonts are never loaded: a server without CJK fonts would
 * otherwise draw every Chinese label as an empty box, silently. Found from the package's root, as
 * from the source and from the build in dist/ alike (a path relative to this module was right only
 * for the source: the built CLI and `npm start` could not draw a chart).
 */
export const CHART_FONT_FILE = join(packageRoot(import.meta.url), "assets", "fonts", "NotoSansSC-Chart.ttf");

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
  const image = await (await rasterizer())(svg, options);
  const { width, height, pixels } = image;
  return { png: await encodePng(pixels, width, height), width, height, pixels };
}

/**
 * An SVG as PNG bytes: drawn and compressed in worker threads (png-encode.ts), the caller's thread
 * only copying the pixels out.
 */
export async function svgToPng(svg: string, options: RasterOptions = {}): Promise<Buffer> {
  return (await rasterizer())(svg, options).then((image) => encodePng(image.pixels, image.width, image.height));
}

type Drawn = Awaited<ReturnType<ResvgModule["renderAsync"]>>;

/**
 * Draws an SVG in resvg's worker threads (libuv's pool), started before it returns: the caller's
 * thread goes on meanwhile (a .docx writes its body while its charts are drawn; the bot answers
 * other users).
 */
export type Rasterizer = (svg: string, options?: RasterOptions) => Promise<Drawn>;

let fontFiles = 0;
let rasterizerLoading: Promise<Rasterizer> | undefined;

/**
 * resvg and the chart font, loaded on the first picture (not at start-up), then a function that
 * starts drawing at once.
 *
 * Each drawing gets a font file holding only its SVG's glyphs (font-subset.ts: resvg reads its font
 * file whole at every glyph lookup, so the full 2.2 MB font cost most of a chart's time). resvg reads
 * fonts from files only: the cut goes to a file of its own in the temporary directory, written
 * before the drawing starts and removed once it is done.
 */
export function rasterizer(): Promise<Rasterizer> {
  rasterizerLoading ??= Promise.all([loadResvg(), chartFont(CHART_FONT_FILE)]).then(
    ([{ renderAsync }, font]): Rasterizer =>
      (svg, options = {}) => {
        const file = join(tmpdir(), `zhuanban-chart-font-${process.pid}-${++fontFiles}.ttf`);
        // Synchronous, so the drawing is under way when this returns (a few hundred KB).
        writeFileSync(file, font.subset(svg));
        const drawing = renderAsync(svg, {
          fitTo: { mode: "zoom", value: options.scale ?? 2 },
          font: {
            fontFiles: [file],
            loadSystemFonts: false,
            defaultFontFamily: CHART_FONT_FAMILY,
            sansSerifFamily: CHART_FONT_FAMILY,
          },
        });
        return drawing.finally(() => rm(file, { force: true }));
      },
  );
  // A failed load is not kept: the next picture tries again.
  rasterizerLoading.catch(() => (rasterizerLoading = undefined));
  return rasterizerLoading;
}
