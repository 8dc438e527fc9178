import { describe, expect, it } from "vitest";
import {
  createUnitResolver,
  parseKind,
  parseCycles,
  parseDate,
  parseDirection,
  parseListKind,
  parseNumber,
  parseTargetKey,
  parseTaskKey,
  splitNames,
} from "../../../src/domain/task-sheet/cells.js";
import { fieldOfHeader, normalizeHeader } from "../../../src/domain/task-sheet/columns.js";
import { UNITS } from "./fixtures.js";

const value = <T>(result: { ok: true; value: T } | { ok: false; message: string }) =>
  result.ok ? result.value : `ERROR ${result.message}`;

describe("完成时限 and 开始日期", () => {
  it.each([
    [new Date("2023-12-31T00:00:00Z"), "2023-12-31"],
    // Excel day fractions a hair before midnight still land on the right day.
    [new Date("2023-12-30T23:59:59.999Z"), "2023-12-31"],
    [45291, "2023-12-31"],
    [2023, "2023-12-31"],
    ["2023-12-31", "2023-12-31"],
    ["2023-6-5", "2023-06-05"],
    ["2023/06/30", "2023-06-30"],
    ["2023.6.30", "2023-06-30"],
    ["２０２３－１２－３１", "2023-12-31"],
    ["2023-12-31 00:00:00", "2023-12-31"],
    ["2023年12月31日", "2023-12-31"],
    ["2023年6月5号", "2023-06-05"],
    ["2023年十二月三十一日", "2023-12-31"],
    ["2023年底", "2023-12-31"],
    ["2023年末", "2023-12-31"],
    ["2023年年底", "2023-12-31"],
    ["2023年", "2023-12-31"],
    ["2023年6月底", "2023-06-30"],
    ["2024年2月底", "2024-02-29"],
    ["2023年2月", "2023-02-28"],
    ["2023-09", "2023-09-30"],
    ["2023年上半年", "2023-06-30"],
    ["2023年三季度", "2023-09-30"],
    ["2023年第1季度末", "2023-03-31"],
    ["2023年12月31日前", "2023-12-31"],
    [" 2023 年底 ", "2023-12-31"],
  ])("%j → %s", (cell, expected) => {
    expect(value(parseDate(cell, "完成时限"))).toBe(expected);
  });

  it.each([["明年"], ["2023-02-30"], ["2023-13-01"], ["长期"], ["12/31/2023"], [true], [-5], ["2023年13月"]])(
    "rejects %j",
    (cell) => {
      expect(value(parseDate(cell, "完成时限"))).toMatch(/^ERROR 完成时限“.*”不是日期/);
    },
  );
});

describe("目标值 and 基数", () => {
  it.each([
    [70, { value: 70 }],
    [0.1 + 0.2, { value: 0.3 }],
    ["70", { value: 70 }],
    ["７０", { value: 70 }],
    ["3,000", { value: 3000 }],
    ["３，０００．５", { value: 3000.5 }],
    ["12.5万人", { value: 12.5, unit: "万人" }],
    ["65%", { value: 65, unit: "%" }],
    ["约70", { value: 70 }],
    ["-3", { value: -3 }],
  ])("%j → %j", (cell, expected) => {
    expect(value(parseNumber(cell, "目标值"))).toEqual(expected);
  });

  it.each([["七十"], ["70-80"], ["1.23456"], [1.23456], ["1e5"], [true], [Number.NaN], [1e17]])(
    "rejects %j",
    (cell) => {
      expect(value(parseNumber(cell, "目标值"))).toMatch(/^ERROR 目标值“.*”(不是数字|最多保留4位小数)/);
    },
  );
});

describe("choice columns", () => {
  it.each([
    ["任务清单", "task"],
    ["项目清单", "project"],
    ["政策", "policy"],
    ["指标清单", "indicator"],
    ["Project", "project"],
    [" 项目 清单 ", "project"],
  ])("清单类型 %j → %s", (cell, kind) => {
    expect(value(parseListKind(cell))).toBe(kind);
  });

  it("rejects an unknown 清单类型", () => {
    expect(value(parseListKind("工作清单"))).toMatch(
      /清单类型“工作清单”无效，应为任务清单、项目清单、政策清单或指标清单/,
    );
  });

  it("reads 方向, 累计 and 报送周期 with blank as the default", () => {
    expect([parseDirection("减少"), parseDirection(""), parseDirection("decrease")].map(value)).toEqual([
      "decrease",
      "increase",
      "decrease",
    ]);
    expect(value(parseDirection("持平"))).toMatch(/方向“持平”无效/);
    expect(
      [
        parseKind("否", "万人"),
        parseKind("否", "%"),
        parseKind(null, "万人"),
        parseKind("是", "万人"),
        parseKind("水平", "元/月"),
        parseKind("比率", "%"),
        parseKind("累计", "万人"),
      ].map(value),
    ).toEqual(["level", "rate", "cumulative", "cumulative", "level", "rate", "cumulative"]);
    expect(value(parseKind("也许", "万人"))).toMatch(/指标类型“也许”无效/);
    expect([parseCycles("月、旬"), parseCycles(""), parseCycles("全部"), parseCycles("季度,月报")].map(value)).toEqual([
      ["dekad", "month"],
      [],
      [],
      ["month", "quarter"],
    ]);
    expect(value(parseCycles("周"))).toMatch(/报送周期“周”无效/);
  });
});

describe("keys", () => {
  it.each([
    ["MS-03", "MS-03"],
    ["ms-03", "MS-03"],
    ["ＭＳ－０３", "MS-03"],
    ["MS–03", "MS-03"],
    [" MS-03 ", "MS-03"],
  ])("编号 %j → %s", (cell, key) => {
    expect(value(parseTaskKey(cell))).toBe(key);
  });

  it.each([["3"], [3], ["MS_03"], ["民生-03"], ["MS--03"]])("rejects 编号 %j", (cell) => {
    expect(value(parseTaskKey(cell))).toMatch(/编号“.*”格式不对/);
  });

  it("reads 指标编码 lower-cased", () => {
    expect(value(parseTargetKey("New-Urban-Jobs"))).toBe("new-urban-jobs");
    expect(value(parseTargetKey("城镇就业"))).toMatch(/指标编码“城镇就业”格式不对/);
  });
});

describe("units", () => {
  const units = createUnitResolver(UNITS);

  it("splits on 、，, ; ； and line breaks", () => {
    expect(splitNames("省人社厅、省财政厅，教育厅,hrss;卫健委；省妇联\n甲开发区管委会")).toHaveLength(7);
    expect(splitNames("  ")).toEqual([]);
  });

  it.each([
    ["hrss", "hrss"],
    ["HRSS", "hrss"],
    ["省人力资源社会保障厅", "hrss"],
    ["省人社厅", "hrss"],
    ["人社厅", "hrss"],
    ["省 人社 厅", "hrss"],
    ["甲开发区管委会", "dev-a"],
  ])("finds %j", (name, key) => {
    expect(value(units.resolve(name))).toBe(key);
  });

  it("names an unknown or ambiguous unit", () => {
    expect(value(units.resolve("省不存在厅"))).toMatch(/单位“省不存在厅”不存在/);
    expect(value(units.resolve("开发区"))).toMatch(/“开发区”可指多个单位：甲开发区管委会、乙开发区管委会/);
  });
});

describe("headers", () => {
  it.each([
    ["编号", "key"],
    ["* 目标值（数字）", "targetValue"],
    ["目标值(万元)", "targetValue"],
    ["完成时限：", "endDate"],
    ["责任单位", "lead"],
    ["Target Value", "targetValue"],
    ["指标编码", "targetKey"],
    ["备注", undefined],
  ])("%j → %s", (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it("normalises width and space", () => {
    expect(normalizeHeader(" 牵头 单位 ")).toBe("牵头单位");
  });
});
