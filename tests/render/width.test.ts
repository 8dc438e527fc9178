import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { displayWidth, padToWidth } from "../../src/render/width.js";

describe("displayWidth", () => {
  it.each([
    ["", 0],
    ["abc", 3],
    ["省人社厅", 8],
    ["MS-03 稳就业", 12],
    ["：（）【】", 10],
    ["ＡＢ１", 6],
    ["한글", 4],
    ["🟢✅⚪🔴🟡", 10],
    ["é", 1],
    ["e\u0301", 1],
    ["a\u200bb", 2],
    ["—…", 2],
    ["𠀀", 2],
  ])("%j is %i columns", (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it("adds up over concatenation", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(displayWidth(a + b)).toBe(displayWidth(a) + displayWidth(b));
      }),
    );
  });
});

describe("padToWidth", () => {
  it("pads by display width, on either side", () => {
    expect(padToWidth("省厅", 6)).toBe("省厅  ");
    expect(padToWidth("12", 6, "right")).toBe("    12");
    expect(padToWidth("省人社厅", 4)).toBe("省人社厅");
  });
});
