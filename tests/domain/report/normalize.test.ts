import { describe, expect, it } from "vitest";

import {
  normalizeInline,
  normalizeKey,
  normalizeText,
  stripInvisible,
  stripThousandsSeparators,
  toHalfWidth,
  unifyLineBreaks,
} from "../../../src/domain/report/index.js";

describe("toHalfWidth", () => {
  it("folds full-width digits, letters and punctuation to ASCII", () => {
    expect(toHalfWidth("０１２３４５６７８９")).toBe("0123456789");
    expect(toHalfWidth("ＭＳ－０３ａｂｃ")).toBe("MS-03abc");
    expect(toHalfWidth("，．：％（）＋")).toBe(",.:%()+");
  });
  it("folds colon look-alikes, the ideographic space, NBSP, the minus sign and 【】", () => {
    expect(toHalfWidth("︰∶")).toBe("::");
    expect(toHalfWidth("a\u3000b\u00A0c")).toBe("a b c");
    expect(toHalfWidth("−3")).toBe("-3");
    expect(toHalfWidth("【jobs】")).toBe("[jobs]");
  });
  it("keeps the length (one unit to one unit) and leaves CJK characters and 。 alone", () => {
    const text = "进展：完成１２．５万人😀，。";
    expect(toHalfWidth(text)).toHaveLength(text.length);
    expect(toHalfWidth("进展顺利，。")).toBe("进展顺利,。");
  });
});

describe("line breaks and invisible characters", () => {
  it("unifies CRLF, CR, U+2028/2029 and NEL", () => {
    expect(unifyLineBreaks("a\r\nb\rc\u2028d\u2029e\u0085f")).toBe("a\nb\nc\nd\ne\nf");
  });
  it("strips zero-width characters, keeping joiners only when asked", () => {
    expect(stripInvisible("1\u200B2\uFEFF3\u20604\u200D5")).toBe("12345");
    expect(stripInvisible("👨\u200D💻\u200B", { keepJoiners: true })).toBe("👨\u200D💻");
  });
});

describe("thousands separators", () => {
  it.each([
    ["3,000", "3000"],
    ["12,345,678.5", "12345678.5"],
    ["共3,000人", "共3000人"],
  ])("%s → %s", (input, output) => {
    expect(stripThousandsSeparators(input)).toBe(output);
  });
  it.each(["3,00", "1,2", "3,0000", "0.123,456"])("leaves %s alone", (input) => {
    expect(stripThousandsSeparators(input)).toBe(input);
  });
});

describe("normalizeInline / normalizeText / normalizeKey", () => {
  it("normalizes one-line values", () => {
    expect(normalizeInline("  ３，０００\u200B　万人 ")).toBe("3000 万人");
  });
  it("normalizes a whole text: line breaks, widths, trims", () => {
    expect(normalizeText("\r\n  完成值：３，０００ \r\n\u200B状态：正常  \n\n")).toBe("完成值:3000\n状态:正常");
  });
  it("drops whitespace, Markdown emphasis and list markers from keys", () => {
    expect(normalizeKey(" *状 态* ")).toBe("状态");
    expect(normalizeKey("- 进展")).toBe("进展");
    expect(normalizeKey("1. 问题")).toBe("问题");
    expect(normalizeKey("（二）下步")).toBe("下步");
    expect(normalizeKey("③协调事项")).toBe("协调事项");
    expect(normalizeKey("完成值【JOBS】")).toBe("完成值[jobs]");
  });
});
