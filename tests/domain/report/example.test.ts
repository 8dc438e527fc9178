import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  blankTemplate,
  exampleTemplate,
  exampleValue,
  parseReportText,
  type TargetSpec,
} from "../../../src/domain/report/index.js";
import { funds, jobs, rate } from "./fixtures.js";

const context = (targets: readonly TargetSpec[]) => ({ targets });

describe("exampleTemplate", () => {
  it("names a single target by its metric, with its unit", () => {
    expect(exampleTemplate({ taskKey: "MS-03", periodId: "2023-01-X2", targets: [jobs] })).toBe(
      [
        "报送 MS-03 2023-01-X2",
        "城镇新增就业：35万人",
        "状态：正常推进",
        "进展：……",
        "问题：……",
        "下步：……",
        "协调事项：……",
      ].join("\n"),
    );
  });

  it("keys several targets by metric", () => {
    const text = exampleTemplate({ taskKey: "MS-03", periodId: "2023-01-X2", targets: [jobs, rate, funds] });
    expect(text.split("\n").slice(1, 4)).toEqual([
      "城镇新增就业：35万人",
      "城镇调查失业率：2.75%",
      "资金到位：6000万元",
    ]);
  });

  it("falls back to 完成值[key] when a metric cannot be a key", () => {
    const targets: TargetSpec[] = [
      { ...jobs, key: "a", metric: "进展" },
      { ...jobs, key: "b", metric: "同名" },
      { ...jobs, key: "c", metric: "同名" },
      { ...jobs, key: "d", metric: "比例：一" },
    ];
    const lines = exampleTemplate({ taskKey: "T", periodId: "P", targets }).split("\n");
    expect(lines.slice(1, 5)).toEqual([
      "完成值[a]：35万人",
      "完成值[b]：35万人",
      "完成值[c]：35万人",
      "完成值[d]：35万人",
    ]);
  });

  it("writes the bare number when the unit would not read back", () => {
    const odd = { ...jobs, unitOfMeasure: "m2" };
    expect(exampleTemplate({ taskKey: "T", periodId: "P", targets: [odd] })).toContain("城镇新增就业：35\n");
  });

  it("uses the caller's sample texts and status, and may omit the header", () => {
    const text = exampleTemplate({
      targets: [jobs],
      includeHeader: false,
      status: "behind",
      texts: { progress: "示例进展", problems: "示例问题", nextSteps: "示例下步", coordination: "示例协调" },
    });
    const parsed = parseReportText(text, { targets: [jobs], defaultTaskKey: "T", defaultPeriodId: "P" });
    expect(parsed).toEqual({
      ok: true,
      draft: {
        taskKey: "T",
        periodRef: "P",
        values: [{ targetKey: "jobs", value: 35 }],
        status: "behind",
        progress: "示例进展",
        problems: "示例问题",
        nextSteps: "示例下步",
        coordinationNeeded: "示例协调",
      },
    });
  });

  it.each([
    ["no target", []],
    ["one target", [jobs]],
    ["three targets", [jobs, rate, funds]],
  ])("round-trips with %s", (_name, targets: TargetSpec[]) => {
    const parsed = parseReportText(
      exampleTemplate({ taskKey: "MS-03", periodId: "2023-01-X2", targets }),
      context(targets),
    );
    expect(parsed).toMatchObject({
      ok: true,
      draft: {
        taskKey: "MS-03",
        periodRef: "2023-01-X2",
        values: targets.map((t) => ({ targetKey: t.key, value: exampleValue(t) })),
        status: "on_track",
      },
    });
  });

  it("round-trips for any targets (property)", () => {
    const unit = fc.oneof(
      fc.constantFrom(
        "",
        "万人",
        "%",
        "个",
        "亿元",
        "万元",
        "公里",
        "户",
        "所",
        "个百分点",
        "万千瓦",
        "km",
        "m2",
        "人次",
      ),
      fc.string({ maxLength: 6 }),
    );
    const target = fc.record({
      key: fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/),
      metric: fc.oneof(
        fc.constantFrom("城镇新增就业", "完成值", "进展", "投资额", "新开工项目"),
        fc.string({ maxLength: 20, unit: "grapheme" }),
      ),
      unitOfMeasure: unit,
      targetValue: fc.oneof(fc.double({ noNaN: true }), fc.integer()),
      direction: fc.constantFrom("increase" as const, "decrease" as const),
    });
    const targets = fc.uniqueArray(target, { maxLength: 5, selector: (t) => t.key.toLowerCase() });
    fc.assert(
      fc.property(targets, (list) => {
        const text = exampleTemplate({ taskKey: "MS-03", periodId: "2023-01-X2", targets: list });
        const parsed = parseReportText(text, context(list));
        if (!parsed.ok) throw new Error(`${text}\n${JSON.stringify(parsed.errors)}`);
        expect(parsed.draft.values).toEqual(list.map((t) => ({ targetKey: t.key, value: exampleValue(t) })));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("blankTemplate", () => {
  it("pre-fills task and period and names the metric and its unit", () => {
    // A single target is named by its metric, not 完成值: the reader knows what to write.
    expect(blankTemplate({ taskKey: "MS-03", periodId: "2023年1月中旬", targets: [jobs] })).toBe(
      ["报送 MS-03 2023年1月中旬", "城镇新增就业（万人）：", "状态：", "进展：", "问题：", "下步：", "协调事项："].join(
        "\n",
      ),
    );
    expect(blankTemplate({ taskKey: "MS-03", periodId: "2023-01-X2", targets: [jobs, rate] }).split("\n")).toEqual([
      "报送 MS-03 2023-01-X2",
      "城镇新增就业（万人）：",
      "城镇调查失业率（%）：",
      "状态：",
      "进展：",
      "问题：",
      "下步：",
      "协调事项：",
    ]);
  });

  it("is refused as sent, naming each empty field", () => {
    const text = blankTemplate({ taskKey: "MS-03", periodId: "2023-01-X2", targets: [jobs, rate] });
    const parsed = parseReportText(text, context([jobs, rate]));
    expect(parsed.ok ? [] : parsed.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      "value:empty",
      "status:empty",
      "progress:empty",
    ]);
  });

  it("becomes a valid report once filled in", () => {
    const text = blankTemplate({ taskKey: "MS-03", periodId: "2023-01-X2", targets: [jobs, rate] })
      .replace("城镇新增就业（万人）：", "城镇新增就业（万人）：65")
      .replace("状态：", "状态：存在风险")
      .replace("进展：", "进展：招聘会")
      .replace("问题：", "问题：\n岗位缺口");
    expect(parseReportText(text, context([jobs, rate]))).toEqual({
      ok: true,
      draft: {
        taskKey: "MS-03",
        periodRef: "2023-01-X2",
        values: [{ targetKey: "jobs", value: 65 }],
        status: "at_risk",
        progress: "招聘会",
        problems: "岗位缺口",
        nextSteps: "",
        coordinationNeeded: "",
      },
    });
  });

  it("works without a header for replies to reminders", () => {
    expect(blankTemplate({ targets: [], includeHeader: false })).toBe("状态：\n进展：\n问题：\n下步：\n协调事项：");
  });
});
