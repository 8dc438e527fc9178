import { describe, expect, it } from "vitest";

import {
  convertQuantity,
  formatNumber,
  parseQuantity,
  shiftDecimal,
  splitUnit,
  type Quantity,
} from "../../../src/domain/report/index.js";

function quantity(text: string): Quantity {
  const result = parseQuantity(text);
  if (!result.ok) throw new Error(`expected ${text} to parse, got ${result.code}`);
  return result;
}

describe("parseQuantity", () => {
  it.each([
    ["12.5万人", 12.5, "万人"],
    ["65%", 65, "%"],
    ["3,000", 3000, undefined],
    ["3，000", 3000, undefined],
    ["1.2亿元", 1.2, "亿元"],
    ["-3", -3, undefined],
    ["+3", 3, undefined],
    ["−3", -3, undefined],
    ["约12.5", 12.5, undefined],
    ["共3000人", 3000, "人"],
    ["累计 12.5万人", 12.5, "万人"],
    ["约为12万人左右", 12, "万人"],
    ["12.5 万人", 12.5, "万人"],
    ["１２．５万人", 12.5, "万人"],
    ["６５％", 65, "%"],
    ["0", 0, undefined],
    ["-0", 0, undefined],
    ["007", 7, undefined],
    ["12.50", 12.5, undefined],
    ["3.5公里", 3.5, "公里"],
    ["8 km", 8, "km"],
  ])("%s → %s %s", (text, value, unit) => {
    const result = quantity(text);
    expect(result.value).toBe(value);
    expect(result.unit).toBe(unit);
  });

  it("keeps an exact decimal string", () => {
    expect(quantity("3,000.50").decimal).toBe("3000.5");
    expect(quantity("-0.0").decimal).toBe("0");
  });

  it.each([
    "12.5.3",
    "abc",
    "1e400",
    "1e5",
    "NaN",
    "Infinity",
    "-Infinity",
    "12..5",
    ".5",
    "万人",
    "约",
    "12万人3",
    "12/3",
  ])("rejects %s", (text) => {
    const result = parseQuantity(text);
    expect(result).toEqual({ ok: false, code: "not_a_number" });
  });

  it.each(["", "   ", "\u3000", "\u200B"])("reports %j as empty", (text) => {
    expect(parseQuantity(text)).toEqual({ ok: false, code: "empty" });
  });

  it("rejects absurdly long numbers as too long", () => {
    expect(parseQuantity("9".repeat(21))).toEqual({ ok: false, code: "too_long" });
    expect(parseQuantity(`1.${"1".repeat(30)}`)).toEqual({ ok: false, code: "too_long" });
    expect(parseQuantity("9".repeat(100_000))).toEqual({ ok: false, code: "too_long" });
    expect(quantity("0000000000000000000000001").value).toBe(1);
  });

  it("rejects over-long units", () => {
    expect(parseQuantity(`12${"人".repeat(13)}`)).toEqual({ ok: false, code: "not_a_number" });
  });
});

describe("units", () => {
  it("splits multiplier and base", () => {
    expect(splitUnit("万人")).toEqual({ exponent: 4, base: "人" });
    expect(splitUnit("亿元")).toEqual({ exponent: 8, base: "元" });
    expect(splitUnit("万亿元")).toEqual({ exponent: 12, base: "元" });
    expect(splitUnit("十万户")).toEqual({ exponent: 5, base: "户" });
    expect(splitUnit("%")).toEqual({ exponent: 0, base: "%" });
    expect(splitUnit("个百分点")).toEqual({ exponent: 0, base: "个百分点" });
    expect(splitUnit("百分点")).toEqual({ exponent: 0, base: "百分点" });
    expect(splitUnit("万")).toEqual({ exponent: 4, base: "" });
    expect(splitUnit("公里")).toEqual({ exponent: 3, base: "米" });
    expect(splitUnit("KM")).toEqual({ exponent: 3, base: "米" });
  });

  it("shifts decimal points exactly", () => {
    expect(shiftDecimal("125000", -4)).toBe("12.5");
    expect(shiftDecimal("1.2", 4)).toBe("12000");
    expect(shiftDecimal("0.07", 2)).toBe("7");
    expect(shiftDecimal("-3", -2)).toBe("-0.03");
    expect(shiftDecimal("0", 5)).toBe("0");
  });

  it.each([
    ["125000人", "万人", 12.5],
    ["12.5万人", "万人", 12.5],
    ["12.5万", "万人", 12.5],
    ["12.5", "万人", 12.5],
    ["1.2亿元", "万元", 12000],
    ["3000万元", "亿元", 0.3],
    ["0.07万个", "个", 700],
    ["12所", "所", 12],
    ["1.5万户", "户", 15000],
    ["3500米", "公里", 3.5],
    ["3.5千米", "公里", 3.5],
    ["2公斤", "kg", 2],
    ["65%", "%", 65],
    ["5个", "", 5],
  ])("%s in %s → %s", (text, unit, value) => {
    expect(convertQuantity(quantity(text), unit)).toEqual({ ok: true, value });
  });

  it.each([
    ["65%", "万人"],
    ["12万人", "%"],
    ["3000个", "所"],
    ["12元", "公里"],
    ["12abc", "万人"],
  ])("%s in %s is a unit mismatch", (text, unit) => {
    expect(convertQuantity(quantity(text), unit)).toEqual({ ok: false, code: "unit_mismatch" });
  });

  it("formats numbers without exponent or grouping", () => {
    expect(formatNumber(12.5)).toBe("12.5");
    expect(formatNumber(3000)).toBe("3000");
    expect(formatNumber(1e12)).toBe("1000000000000");
    expect(formatNumber(0.00001)).toBe("0");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(1 / 3)).toBe("0.3333");
    expect(formatNumber(Number.NaN)).toBe("0");
  });
});
