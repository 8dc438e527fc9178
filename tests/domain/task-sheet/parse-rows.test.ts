import { describe, expect, it } from "vitest";
import { formatSheetIssue } from "../../../src/domain/task-sheet/messages.js";
import { parseTaskSheet, type TaskSheetParse } from "../../../src/domain/task-sheet/parse-rows.js";
import type { SheetCell } from "../../../src/domain/task-sheet/types.js";
import { HEADER, sheet, UNITS } from "./fixtures.js";

const parse = (...rows: SheetCell[][]) => parseTaskSheet(sheet(...rows), { units: UNITS });
const errorsOf = (result: TaskSheetParse) => (result.ok ? [] : result.errors.map(formatSheetIssue));
const tasksOf = (result: TaskSheetParse) => {
  if (!result.ok) throw new Error(`unexpected errors:\n${result.errors.map(formatSheetIssue).join("\n")}`);
  return result.tasks;
};

describe("parseTaskSheet: the format", () => {
  it("reads one row per target; a task with several targets spans rows with the same 编号", () => {
    const tasks = tasksOf(
      parse(
        HEADER,
        [
          "MS-03",
          "促进高质量充分就业",
          "项目清单",
          "省人社厅",
          "省财政厅、教育厅",
          "城镇新增就业",
          "万人",
          70,
          "2023年底",
        ],
        [
          "MS-03",
          "促进高质量充分就业",
          "项目清单",
          "省人社厅",
          "省财政厅、教育厅",
          "补贴性职业技能培训",
          "万人次",
          "40",
          "2023-12-31",
        ],
        ["MS-03", "", "", "", "", "其中创业培训", "万人次", "１０", ""],
        ["MS-09", "没有指标的任务", "政策", "hrss", "", "", "", "", new Date("2023-06-30T00:00:00Z")],
      ),
    );
    expect(tasks).toEqual([
      {
        row: 2,
        key: "MS-03",
        title: "促进高质量充分就业",
        listKind: "project",
        lead: ["hrss"],
        participants: ["finance", "edu"],
        endDate: "2023-12-31",
        targets: [
          { row: 2, metric: "城镇新增就业", unitOfMeasure: "万人", targetValue: 70 },
          { row: 3, metric: "补贴性职业技能培训", unitOfMeasure: "万人次", targetValue: 40 },
          { row: 4, metric: "其中创业培训", unitOfMeasure: "万人次", targetValue: 10 },
        ],
      },
      {
        row: 5,
        key: "MS-09",
        title: "没有指标的任务",
        listKind: "policy",
        lead: ["hrss"],
        participants: [],
        endDate: "2023-06-30",
        targets: [],
      },
    ]);
  });

  it("continues the task above on a row whose 编号 and 任务 are blank (merged cells)", () => {
    const tasks = tasksOf(
      parse(
        HEADER,
        ["MS-04", "妇幼健康", "项目", "省卫健委、省妇联", "", "标准化建设", "个", 48, "2023-12-31"],
        [null, null, null, null, null, "两癌检查", "万人", 100, null],
      ),
    );
    expect(tasks[0]?.targets.map((t) => t.metric)).toEqual(["标准化建设", "两癌检查"]);
  });

  it("skips a title row above the header, blank rows, and ignores unknown columns with a warning", () => {
    const result = parseTaskSheet(
      [
        { row: 1, cells: ["省民生专班任务清单"] },
        { row: 3, cells: [...HEADER, "备注"] },
        { row: 4, cells: ["MS-01", "任务", "项目清单", "省教育厅", null, "指标", "所", 100, "2023-12-31", "随便写"] },
        { row: 5, cells: [null, "", "  "] },
      ],
      { units: UNITS },
    );
    expect(tasksOf(result)).toHaveLength(1);
    expect(result.warnings.map(formatSheetIssue)).toEqual(["第3行：忽略未识别的列：“备注”"]);
  });

  it("reads columns in any order, and a target value with its unit written after it", () => {
    const tasks = tasksOf(
      parse(
        ["完成时限", "目标值", "单位", "指标", "参与单位", "牵头单位", "清单类型", "任务", "编号"],
        ["2023-12-31", "12.5万人", "", "培训", "", "省人社厅", "任务", "培训任务", "T-1"],
      ),
    );
    expect(tasks[0]?.targets[0]).toEqual({ row: 2, metric: "培训", unitOfMeasure: "万人", targetValue: 12.5 });
  });

  it("reads the optional columns; blank cells in a present column mean the default", () => {
    const header = [
      ...HEADER,
      "指标编码",
      "指标牵头单位",
      "方向",
      "基数",
      "累计",
      "开始日期",
      "报送周期",
      "说明",
      "来源",
    ];
    const tasks = tasksOf(
      parse(
        header,
        [
          "MS-04",
          "妇幼",
          "项目",
          "卫健委、省妇联",
          "",
          "标准化",
          "个",
          48,
          "2023-12-31",
          "county-mch",
          "卫健委",
          "",
          "",
          "",
          "2023-03-01",
          "月、季",
          "说明文字",
          "",
        ],
        [
          "MS-04",
          "妇幼",
          "项目",
          "卫健委、省妇联",
          "",
          "事故",
          "起",
          5,
          "2023-12-31",
          "",
          "",
          "减少",
          8,
          "否",
          "",
          "",
          "",
          "",
        ],
      ),
    );
    expect(tasks[0]).toMatchObject({
      startDate: "2023-03-01",
      cycles: ["month", "quarter"],
      description: "说明文字",
      source: null,
      targets: [
        { key: "county-mch", lead: "health", direction: "increase", baseline: null, kind: "cumulative" },
        { lead: null, direction: "decrease", baseline: 8, kind: "level" },
      ],
    });
    expect(tasks[0]?.targets[1]).not.toHaveProperty("key");
  });

  it("leaves optional fields undefined when their column is absent", () => {
    const [task] = tasksOf(parse(HEADER, ["T-1", "任务", "任务", "", "", "指标", "个", 1, "2023-12-31"]));
    expect(task).not.toHaveProperty("startDate");
    expect(task).not.toHaveProperty("description");
    expect(task?.targets[0]).toEqual({ row: 2, metric: "指标", unitOfMeasure: "个", targetValue: 1 });
  });

  it("warns about units that are not members of the group", () => {
    const result = parseTaskSheet(
      sheet(HEADER, ["T-1", "任务", "任务", "省人社厅", "省妇联", "", "", "", "2023-12-31"]),
      {
        units: UNITS,
        memberUnits: ["hrss"],
      },
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.map(formatSheetIssue)).toEqual(["第2行 参与单位：单位“省妇联”不是本专班的成员单位"]);
  });
});

describe("parseTaskSheet: errors", () => {
  it("reports every bad row at once, in row order, with the column", () => {
    const result = parse(
      HEADER,
      ["MS-01", "好的任务", "项目清单", "省教育厅", "", "指标", "所", 100, "2023-12-31"],
      ["MS-02", "未知单位", "项目清单", "省不存在厅、省教育厅、也没有", "", "指标", "项", 1, "2023-12-31"],
      ["MS-03", "目标值不是数字", "项目清单", "省人社厅", "", "城镇新增就业", "万人", "七十万", "2023-12-31"],
      ["MS-04", "", "项目清单", "省卫健委", "", "指标", "个", 48, "2023-12-31"],
      ["MS-05", "日期不对", "项目清单", "省人社厅", "", "指标", "%", 100, "明年"],
      ["MS-06", "清单类型不对", "工作清单", "省人社厅", "", "指标", "张", 5000, "2023-12-31"],
      ["ms 07?", "编号不对", "项目", "省人社厅", "", "", "", "", "2023-12-31"],
      ["", "没有编号", "项目", "省人社厅", "", "", "", "", "2023-12-31"],
    );
    expect(errorsOf(result)).toEqual([
      "第3行 牵头单位：单位“省不存在厅”不存在（可填单位全称、简称、别名或编码，多个单位用“、”分隔）",
      "第3行 牵头单位：单位“也没有”不存在（可填单位全称、简称、别名或编码，多个单位用“、”分隔）",
      "第4行 目标值：目标值“七十万”不是数字",
      "第5行 编号：编号“MS-04”与上面的任务都不对应：任务为空的行接续上面编号相同的任务（上面的编号：MS-01、MS-02、MS-03）；新任务须填写任务",
      "第6行 完成时限：完成时限“明年”不是日期，可填日期单元格，或 2023-12-31、2023年12月31日、2023年6月底、2023年底",
      "第7行 清单类型：清单类型“工作清单”无效，应为任务清单、项目清单、政策清单或指标清单",
      "第8行 编号：编号“ms 07?”格式不对，应为大写字母开头的字母、数字和连字符，如 MS-03",
      "第9行 编号：编号为空（同一任务的后续行可把编号和任务都留空，表示接续上一行的任务）",
    ]);
  });

  it("reports target cells: missing value or unit, a target without a metric, a unit that disagrees", () => {
    const result = parse(
      HEADER,
      ["T-1", "任务", "任务", "省人社厅", "", "指标一", "万人", "", "2023-12-31"],
      ["T-1", "", "", "", "", "指标二", "", 5, ""],
      ["T-1", "", "", "", "", "", "个", 5, ""],
      ["T-1", "", "", "", "", "指标三", "个", "5万人", ""],
      ["T-1", "", "", "", "", "指标四", "个", "1.23456", ""],
    );
    expect(errorsOf(result)).toEqual([
      "第2行 目标值：目标值不能为空",
      "第3行 单位：单位不能为空（指标的计量单位，如 万人、%、个）",
      "第4行 指标：填写了单位、目标值，但指标为空",
      "第5行 目标值：目标值“5万人”所带单位“万人”与单位列“个”不一致",
      "第6行 目标值：目标值“1.23456”最多保留4位小数，整数部分不超过16位",
    ]);
  });

  it("reports task columns that disagree between the rows of one task", () => {
    const result = parse(
      HEADER,
      ["T-1", "任务", "任务", "省人社厅", "", "指标一", "个", 1, "2023-12-31"],
      ["T-1", "另一个名字", "项目", "人社厅", "", "指标二", "个", 1, "2023年底"],
      ["T-1", "", "", "省财政厅", "", "指标三", "个", 1, "2023-06-30"],
    );
    expect(errorsOf(result)).toEqual([
      "第3行 任务：任务与第2行不一致：同一编号各行的任务信息须相同（后续行也可留空）",
      "第3行 清单类型：清单类型与第2行不一致：同一编号各行的任务信息须相同（后续行也可留空）",
      "第4行 牵头单位：牵头单位与第2行不一致：同一编号各行的任务信息须相同（后续行也可留空）",
      "第4行 完成时限：完成时限与第2行不一致：同一编号各行的任务信息须相同（后续行也可留空）",
    ]);
  });

  it("checks a task as a whole: required columns, units, target leads, duplicates, dates, baselines", () => {
    const header = [...HEADER, "指标编码", "指标牵头单位", "方向", "基数", "开始日期"];
    const result = parse(
      header,
      ["T-1", "任务", "", "省人社厅", "人社厅", "a", "个", 1, "", "k", "省妇联", "", "", "2024-01-01"],
      ["T-1", "", "", "", "", "b", "个", 1, "", "k", "省人社厅、省财政厅", "", "", ""],
      ["T-1", "", "", "", "", "c", "个", 1, "", "", "", "增加", 5, ""],
      ["T-1", "", "", "", "", "c", "个", 9, "", "", "", "", "", ""],
      ["T-2", "任务", "任务", "", "", "", "", "", "2023-12-31", "", "", "", "", "2024-01-01"],
    );
    expect(errorsOf(result)).toEqual([
      "第2行 清单类型：清单类型不能为空",
      "第2行 参与单位：单位“省人力资源社会保障厅”同时列为牵头单位和参与单位",
      "第2行 完成时限：完成时限不能为空",
      "第2行 指标牵头单位：指标牵头单位“省妇联”不是该任务的牵头单位",
      "第3行 指标牵头单位：指标牵头单位只能填一个单位",
      "第4行 目标值：目标值低于基数 5，但方向为增加",
      "第5行 指标：指标“c”与第4行重复（同一任务内的指标须不同；确需同名时请填写不同的指标编码）",
      "第6行 开始日期：开始日期 2024-01-01 晚于完成时限 2023-12-31",
    ]);
  });

  it("strict keys: a space inside a 编号 is an error, and a continuation row naming no task above is not a new task", () => {
    const result = parse(
      HEADER,
      ["MS-03", "促进就业", "项目", "省人社厅", "", "城镇新增就业", "万人", 70, "2023-12-31"],
      ["ms 03", "", "", "", "", "补贴性职业技能培训", "万人次", 40, ""],
      ["MS03", "", "", "", "", "其中创业培训", "万人次", 10, ""],
      ["ms-03", "", "", "", "", "失业人员再就业", "万人", 20, ""],
    );
    expect(errorsOf(result)).toEqual([
      "第3行 编号：编号“ms 03”格式不对，应为大写字母开头的字母、数字和连字符，如 MS-03",
      "第4行 编号：编号“MS03”与上面的任务都不对应：任务为空的行接续上面编号相同的任务（上面的编号：MS-03）；新任务须填写任务",
    ]);
    // Case, width and dash variants of a key above still continue it (ms-03 is MS-03).
    const folded = tasksOf(
      parse(
        HEADER,
        ["MS-03", "促进就业", "项目", "省人社厅", "", "城镇新增就业", "万人", 70, "2023-12-31"],
        ["ｍｓ－03", "", "", "", "", "失业人员再就业", "万人", 20, ""],
      ),
    );
    expect(folded.map((t) => [t.key, t.targets.length])).toEqual([["MS-03", 2]]);
  });

  it("does not attach the rows below a bad 编号 to the task above it", () => {
    const result = parse(
      HEADER,
      ["T-1", "任务", "任务", "", "", "a", "个", 1, "2023-12-31"],
      ["T_2", "任务二", "任务", "", "", "b", "个", 1, "2023-12-31"],
      ["", "", "", "", "", "c", "个", "x", ""],
      ["", "", "", "", "", "d", "个", 1, ""],
    );
    expect(errorsOf(result)).toEqual([
      "第3行 编号：编号“T_2”格式不对，应为大写字母开头的字母、数字和连字符，如 MS-03",
      "第4行 目标值：目标值“x”不是数字",
    ]);
    const continued = parse(HEADER, ["", "", "", "", "", "c", "个", 1, ""]);
    expect(errorsOf(continued)).toEqual(["第2行 编号：编号为空，上面也没有可接续的任务"]);
  });

  it("reports a duplicate 指标编码 in one task", () => {
    const header = [...HEADER, "指标编码"];
    const result = parse(
      header,
      ["T-1", "任务", "任务", "", "", "a", "个", 1, "2023-12-31", "jobs"],
      ["T-1", "", "", "", "", "b", "个", 1, "", "JOBS"],
    );
    expect(errorsOf(result)).toEqual(["第3行 指标编码：指标编码“jobs”与第2行重复（同一任务内指标编码须唯一）"]);
  });

  it("says what is wrong with the header in one issue", () => {
    expect(
      errorsOf(parse(["编号", "任务", "清单类型", "牵头单位", "参与单位", "指标", "单位", "数值"], ["x"])),
    ).toEqual([expect.stringMatching(/^第1行：表头缺少列：目标值、完成时限（表头应为：编号、任务、清单类型/)]);
    expect(errorsOf(parse(["随便", "什么"]))).toEqual([expect.stringMatching(/^第1行：表头缺少列：编号、任务、/)]);
    expect(errorsOf(parse([...HEADER, "目标"]))).toEqual(["第1行：“目标值”列重复（第H列和第J列）"]);
    expect(errorsOf(parseTaskSheet([], { units: UNITS }))).toEqual([expect.stringMatching(/^第1行：工作表是空的/)]);
    expect(errorsOf(parse(HEADER))).toEqual(["第1行：表头下面没有任务行"]);
  });

  it("never throws on arbitrary cells", () => {
    const junk: SheetCell[] = [
      null,
      "",
      " ",
      0,
      -1,
      1e300,
      Number.NaN,
      true,
      new Date(Number.NaN),
      new Date(0),
      "、、",
      "\u200b",
    ];
    for (const a of junk) {
      for (const b of junk) {
        const rows = sheet(HEADER, [a, "任务", a, b, a, b, a, b, a], [b, a, b, a, b, a, b, a, b]);
        expect(() => parseTaskSheet(rows, { units: UNITS })).not.toThrow();
      }
    }
  });
});

// Issue 13: `目标值 -5` was accepted for a count, and `-5` in 完成时限 (a date-formatted cell) was
// taken as a date (1899-12-25).
describe("parseTaskSheet: values and dates a target cannot have", () => {
  it("refuses a negative 目标值 for a count and a day before 1900 in 完成时限, with row and column", () => {
    const errors = errorsOf(
      parse(
        HEADER,
        ["MS-03", "促进高质量充分就业", "项目清单", "省人社厅", "", "城镇新增就业", "万人", -5, "2023年底"],
        ["MS-04", "妇幼保健", "项目清单", "省人社厅", "", "机构", "个", 48, new Date(Date.UTC(1899, 11, 25))],
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^第2行 目标值：目标值“-5”超出范围：不能小于 0/),
      expect.stringMatching(/^第3行 完成时限：完成时限“.*”不是日期/),
    ]);
  });
});
