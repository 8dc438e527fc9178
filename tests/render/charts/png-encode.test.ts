import { crc32, inflateSync } from "node:zlib";

import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";

import type { ChartData } from "../../../src/core/chat/chart-data.js";
import { CHART_FONT_FAMILY, CHART_FONT_FILE, chartToSvg, svgToPng } from "../../../src/render/charts/index.js";
import { encodePng } from "../../../src/render/charts/png-encode.js";

/** A PNG decoded to straight RGBA (8-bit RGBA, every filter type), its chunks' CRCs checked. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  let at = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  for (;;) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `${type} crc`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === "IDAT") data.push(body);
    at += 12 + length;
    if (type === "IEND") break;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const upLeft = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [a, b, c] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return a <= b && a <= c ? left : b <= c ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, filter === 4 ? paeth() : 0][filter]!;
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

function drawn(svg: string) {
  return new Resvg(svg, {
    font: {
      fontFiles: [CHART_FONT_FILE],
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  }).render();
}

describe("encodePng", () => {
  it("writes the picture resvg's own encoder writes, chart or translucent", async () => {
    const chart: ChartData = {
      kind: "lights",
      title: "灯号分布",
      slices: [
        { light: "green", label: "绿灯", count: 4 },
        { light: "red", label: "红灯", count: 1 },
      ],
    };
    // Half-transparent colours over nothing: premultiplied pixels that must be divided back.
    const translucent =
      `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">` +
      `<rect width="20" height="20" fill="#d7261e" fill-opacity="0.5"/>` +
      `<circle cx="30" cy="10" r="9" fill="#2e9d4f" fill-opacity="0.3"/></svg>`;
    for (const svg of [(await chartToSvg(chart)).svg, translucent]) {
      const image = drawn(svg);
      const ours = decodePng(await encodePng(image.pixels, image.width, image.height));
      const theirs = decodePng(image.asPng());
      expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
      expect(ours.rgba.equals(theirs.rgba)).toBe(true);
    }
  });

  it("is what svgToPng returns, at the asked scale", async () => {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10">` +
      `<rect width="30" height="10" fill="#fff"/><rect width="10" height="10" fill="#2f6db5"/></svg>`;
    const { width, height, rgba } = decodePng(await svgToPng(svg, { scale: 3 }));
    expect([width, height]).toEqual([90, 30]);
    expect([...rgba.subarray(0, 4)]).toEqual([0x2f, 0x6d, 0xb5, 255]);
    expect([...rgba.subarray(89 * 4, 90 * 4)]).toEqual([255, 255, 255, 255]);
  });

  it("refuses pixels that do not fill the size", async () => {
    await expect(encodePng(Buffer.alloc(10), 2, 2)).rejects.toThrow("png: 10 bytes for 2 × 2");
  });
});
