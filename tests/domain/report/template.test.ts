import { describe, expect, it } from "vitest";

import {
  parseReportText,
  REPORT_ERROR_CODES,
  REPORT_FIELDS,
  TEMPLATE_LABELS,
  type ParseContext,
  type ReportDraft,
  type ReportFieldError,
  type ReportResult,
} from "../../../src/domain/report/index.js";
import { body, bodyLines, double, funds, jobs, rate, single } from "./fixtures.js";

function draftOf(result: ReportResult): ReportDraft {
  if (!result.ok) throw new Error(`expected a draft, got ${JSON.stringify(result.errors)}`);
  return result.draft;
}

function errorsOf(result: ReportResult): ReportFieldError[] {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.draft)}`);
  return result.errors;
}

function parse(text: string, context: ParseContext = single): ReportResult {
  return parseReportText(text, context);
}

describe("a complete report", () => {
  it("parses the example of docs/design.md", () => {
    const text = [
      "报送 MS-03 2023年1月中旬",
      "完成值：12.5",
      "状态：正常推进",
      "进展：……",
      "问题：……",
      "下步：……",
    ].join("\n");
    expect(draftOf(parse(text, { targets: [jobs] }))).toEqual({
      taskKey: "MS-03",
      periodRef: "2023年1月中旬",
      values: [{ targetKey: "jobs", value: 12.5 }],
      status: "on_track",
      progress: "……",
      problems: "……",
      nextSteps: "……",
      coordinationNeeded: "",
    });
  });

  it("parses the fields only, taking task and period from the reminder", () => {
    expect(draftOf(parse(body()))).toEqual({
      taskKey: "MS-03",
      periodRef: "2023-01-X2",
      values: [{ targetKey: "jobs", value: 12.5 }],
      status: "on_track",
      progress: "本旬新增就业1.2万人",
      problems: "无",
      nextSteps: "继续推进",
      coordinationNeeded: "无",
    });
  });

  it("accepts fields in any order, blank lines, CRLF and surrounding whitespace", () => {
    const text = `\r\n\r\n  状态 ： 滞后 \r\n\r\n进展：x\r\n完成值：3\r\n\r\n`;
    expect(draftOf(parse(text))).toMatchObject({ status: "behind", progress: "x", values: [{ value: 3 }] });
  });
});

describe("header", () => {
  it.each([
    ["报送 MS-03 2023年1月中旬", "MS-03", "2023年1月中旬"],
    ["报送 MS-03 2023-01-X2", "MS-03", "2023-01-X2"],
    ["报送MS-03 2023-01-X2", "MS-03", "2023-01-X2"],
    ["报送：MS-03 2023-01-X2", "MS-03", "2023-01-X2"],
    ["补报 MS-03 2023-01-X2", "MS-03", "2023-01-X2"],
    ["报送　ＭＳ－０３　２０２３－０１－Ｘ２", "MS-03", "2023-01-X2"],
    ["报送 【MS-03】 2023年 1月 中旬", "MS-03", "2023年 1月 中旬"],
    ["*报送 MS-03 2023-M01*", "MS-03", "2023-M01"],
  ])("%s", (header, taskKey, periodRef) => {
    const draft = draftOf(parse(`${header}\n${body()}`, { targets: [jobs] }));
    expect(draft.taskKey).toBe(taskKey);
    expect(draft.periodRef).toBe(periodRef);
  });

  it("takes the period alone when the header names no task", () => {
    const draft = draftOf(parse(`报送 2023-01-X3\n${body()}`));
    expect(draft).toMatchObject({ taskKey: "MS-03", periodRef: "2023-01-X3" });
  });

  it("falls back to the defaults for what a bare header omits", () => {
    expect(draftOf(parse(`报送\n${body()}`))).toMatchObject({ taskKey: "MS-03", periodRef: "2023-01-X2" });
    expect(draftOf(parse(`报送 MS-04\n${body()}`))).toMatchObject({ taskKey: "MS-04", periodRef: "2023-01-X2" });
  });

  it("lets the header win over the reminder's task and period", () => {
    const draft = draftOf(parse(`报送 MS-04 2023-01-X1\n${body()}`));
    expect(draft).toMatchObject({ taskKey: "MS-04", periodRef: "2023-01-X1" });
  });

  it("spells a known task key as the caller does", () => {
    const draft = draftOf(parse(`报送 ms-03 2023-01-X2\n${body()}`, { targets: [jobs], knownTaskKeys: ["MS-03"] }));
    expect(draft.taskKey).toBe("MS-03");
  });

  it("accepts task and period as key lines instead of a header", () => {
    const draft = draftOf(parse(`任务：MS-05\n周期：2023-Q1\n${body()}`, { targets: [jobs] }));
    expect(draft).toMatchObject({ taskKey: "MS-05", periodRef: "2023-Q1" });
    expect(draftOf(parse(`报送周期：2023-M02\n${body()}`))).toMatchObject({ periodRef: "2023-M02" });
  });

  it("needs a separator after 报送: 报送情况 is not a header", () => {
    expect(errorsOf(parse(`报送情况：按时\n${body()}`))).toEqual([
      { field: "text", code: "unknown_field", detail: { key: "报送情况", line: 1 } },
    ]);
    expect(errorsOf(parse(`报送情况良好\n${body()}`))).toEqual([
      { field: "text", code: "unexpected_text", detail: { line: 1 } },
    ]);
  });

  it("is only recognized on the first line", () => {
    // Further down, a line without a colon is text of the field above it.
    const draft = draftOf(parse(`${body()}\n报送 MS-04 2023-01-X3`));
    expect(draft).toMatchObject({
      taskKey: "MS-03",
      periodRef: "2023-01-X2",
      coordinationNeeded: "无\n报送 MS-04 2023-01-X3",
    });
    expect(draftOf(parse(`${body()}\n报送：MS-04`)).coordinationNeeded).toBe("无\n报送：MS-04");
  });
});

describe("field names and synonyms", () => {
  const replace = (field: keyof typeof TEMPLATE_LABELS.fields, key: string): string =>
    bodyLines()
      .map((line) => (line.startsWith(TEMPLATE_LABELS.fields[field][0] + "：") ? line.replace(/^[^：]+/, key) : line))
      .join("\n");

  for (const key of TEMPLATE_LABELS.fields.value) {
    it(`value: ${key}`, () => {
      expect(draftOf(parse(replace("value", key))).values).toEqual([{ targetKey: "jobs", value: 12.5 }]);
    });
  }
  for (const key of TEMPLATE_LABELS.fields.status) {
    it(`status: ${key}`, () => {
      expect(draftOf(parse(replace("status", key))).status).toBe("on_track");
    });
  }
  for (const key of TEMPLATE_LABELS.fields.progress) {
    it(`progress: ${key}`, () => {
      expect(draftOf(parse(replace("progress", key))).progress).toBe("本旬新增就业1.2万人");
    });
  }
  for (const key of TEMPLATE_LABELS.fields.problems) {
    it(`problems: ${key}`, () => {
      expect(draftOf(parse(replace("problems", key))).problems).toBe("无");
    });
  }
  for (const key of TEMPLATE_LABELS.fields.nextSteps) {
    it(`next steps: ${key}`, () => {
      expect(draftOf(parse(replace("nextSteps", key))).nextSteps).toBe("继续推进");
    });
  }
  for (const key of TEMPLATE_LABELS.fields.coordination) {
    it(`coordination: ${key}`, () => {
      expect(draftOf(parse(replace("coordination", key))).coordinationNeeded).toBe("无");
    });
  }
  for (const key of TEMPLATE_LABELS.fields.task) {
    it(`task: ${key}`, () => {
      expect(draftOf(parse(`${key}：MS-09\n${body()}`)).taskKey).toBe("MS-09");
    });
  }
  for (const key of TEMPLATE_LABELS.fields.period) {
    it(`period: ${key}`, () => {
      expect(draftOf(parse(`${key}：2023-Q2\n${body()}`)).periodRef).toBe("2023-Q2");
    });
  }

  it.each([
    ["正常推进", "on_track"],
    ["正常", "on_track"],
    ["按计划", "on_track"],
    ["存在风险", "at_risk"],
    ["风险", "at_risk"],
    ["预警", "at_risk"],
    ["滞后", "behind"],
    ["落后", "behind"],
    ["延迟", "behind"],
    ["已完成", "done"],
    ["完成", "done"],
    ["on_track", "on_track"],
    ["AT_RISK", "at_risk"],
    [" 正常 推进。", "on_track"],
    ["*滞后*", "behind"],
    ["ｄｏｎｅ", "done"],
  ])("status word %s → %s", (word, status) => {
    const text = body().replace("状态：正常推进", `状态：${word}`);
    expect(draftOf(parse(text)).status).toBe(status);
  });

  it.each(["✅ 状态：已完成", "▶️状态：已完成", "# 状态：已完成", "状态：✅ 已完成"])(
    "tolerates emoji bullets: %s",
    (line) => {
      expect(draftOf(parse(body().replace("状态：正常推进", line))).status).toBe("done");
    },
  );

  it.each([
    "*状态*：已完成",
    "**状态**：已完成",
    "- 状态：已完成",
    "1. 状态：已完成",
    "（一）状态：已完成",
    "状 态：已完成",
  ])("tolerates Markdown and list markers: %s", (line) => {
    expect(draftOf(parse(body().replace("状态：正常推进", line))).status).toBe("done");
  });
});

describe("colons", () => {
  it.each(["：", ":", "︰", "∶", " ： ", "\u3000：\u3000"])("accepts %j", (colon) => {
    const text = bodyLines()
      .map((line) => line.replace("：", colon))
      .join("\n");
    expect(draftOf(parse(text))).toMatchObject({ status: "on_track", values: [{ value: 12.5 }], problems: "无" });
  });

  it("splits on the first colon only", () => {
    const text = body().replace("下步：继续推进", "下步：9:00开会：研究方案");
    expect(draftOf(parse(text)).nextSteps).toBe("9:00开会：研究方案");
  });
});

describe("values and units", () => {
  it.each([
    ["１２．５", 12.5],
    ["１２．５万人", 12.5],
    ["125000人", 12.5],
    ["125,000人", 12.5],
    ["12,5000人", undefined],
    ["约12.5万人", 12.5],
    ["累计12.5万", 12.5],
    ["12.5 万人", 12.5],
    ["-3", -3],
  ])("完成值：%s", (value, expected) => {
    const result = parse(body(value));
    if (expected === undefined) expect(result.ok).toBe(false);
    else expect(draftOf(result).values).toEqual([{ targetKey: "jobs", value: expected }]);
  });

  it("takes the value from the next line when the key line has none", () => {
    const text = body().replace("完成值：12.5", "完成值：\n\n  12.5万人");
    expect(draftOf(parse(text)).values).toEqual([{ targetKey: "jobs", value: 12.5 }]);
  });

  it("converts 亿元 to a 万元 target", () => {
    const text = body().replace("完成值：12.5", "完成值：1.2亿元");
    expect(draftOf(parse(text, { ...single, targets: [funds] })).values).toEqual([
      { targetKey: "funds", value: 12000 },
    ]);
  });
});

describe("several targets", () => {
  const rest = bodyLines().slice(1).join("\n");
  const context: ParseContext = { ...double, defaultTaskKey: "MS-03", defaultPeriodId: "2023-01-X2" };

  it.each([
    ["完成值[jobs]：65万人\n完成值[rate]：5.2%"],
    ["完成值【jobs】：65\n完成值（rate）：5.2"],
    ["完成值[JOBS]：65\n进度[rate]：5.2"],
    ["城镇新增就业：65万人\n城镇调查失业率：5.2%"],
    ["城镇新增就业完成值：650000人\n城镇调查失业率累计完成：5.2"],
    ["城镇新增就业（万人）：65\n城镇调查失业率（%）：5.2％"],
    ["jobs：65\nrate：5.2"],
    ["完成值（万人）：65\n完成值（%）：5.2"],
  ])("%s", (values) => {
    expect(draftOf(parse(`${values}\n${rest}`, context)).values).toEqual([
      { targetKey: "jobs", value: 65 },
      { targetKey: "rate", value: 5.2 },
    ]);
  });

  it("reads a metric longer than 30 characters as its key, as the blank template prints it", () => {
    const coverage: ParseContext = {
      ...context,
      targets: [
        jobs,
        { ...rate, metric: "乡（镇）、村（社区）医保经办服务事项直办或帮代办覆盖率（全覆盖）", unitOfMeasure: "%" },
      ],
    };
    const text = `城镇新增就业：65万人\n乡（镇）、村（社区）医保经办服务事项直办或帮代办覆盖率（全覆盖）：88%\n${rest}`;
    expect(draftOf(parse(text, coverage)).values).toEqual([
      { targetKey: "jobs", value: 65 },
      { targetKey: "rate", value: 88 },
    ]);
  });

  it("names the target a stray line follows", () => {
    const errors = errorsOf(parse(`城镇新增就业：65万人\n六十五\n${rest}`, context));
    expect(errors).toContainEqual({ field: "value", code: "unexpected_text", detail: { line: 2, target: "jobs" } });
  });

  it("accepts a report on some of the targets", () => {
    expect(draftOf(parse(`城镇新增就业：65万人\n${rest}`, context)).values).toEqual([{ targetKey: "jobs", value: 65 }]);
  });

  it("ignores a value key left blank when another is filled", () => {
    const text = `城镇新增就业（万人）：65\n城镇调查失业率（%）：\n${rest}`;
    expect(draftOf(parse(text, context)).values).toEqual([{ targetKey: "jobs", value: 65 }]);
  });

  it("uses the target whose metric is literally 完成值 when it is the only one", () => {
    const plain = { ...jobs, metric: "完成值" };
    expect(draftOf(parse(body(), { ...single, targets: [plain] })).values).toEqual([
      { targetKey: "jobs", value: 12.5 },
    ]);
  });
});

describe("multi-line fields", () => {
  it("appends continuation lines to the previous prose field, keeping blank lines inside", () => {
    const text = [
      "完成值：12.5",
      "状态：正常推进",
      "进展：",
      "一是：完成招聘会3场；",
      "",
      "二是：发放补贴 1,200 万元。",
      "  三是 缩进保留",
      "问题：资金到位慢",
      "审批周期长",
      "下步：加快",
    ].join("\n");
    const draft = draftOf(parse(text));
    expect(draft.progress).toBe("一是：完成招聘会3场；\n\n二是：发放补贴 1,200 万元。\n  三是 缩进保留");
    expect(draft.problems).toBe("资金到位慢\n审批周期长");
    expect(draft.nextSteps).toBe("加快");
  });

  it("keeps text after the colon and on the next lines together", () => {
    const draft = draftOf(parse(body().replace("进展：本旬新增就业1.2万人", "进展：第一行\n第二行")));
    expect(draft.progress).toBe("第一行\n第二行");
  });

  it("keeps URLs and times inside prose", () => {
    const draft = draftOf(parse(body().replace("问题：无", "问题：详见\nhttps://example.gov.cn/a?b=1\n时间：下周")));
    expect(draft.problems).toBe("详见\nhttps://example.gov.cn/a?b=1\n时间：下周");
  });
});

describe("user text is kept verbatim", () => {
  const samples = [
    "<script>alert(1)</script>",
    "*bold* _italic_ ~strike~ `code`",
    "<@U123> <!channel> <#C123|general>",
    "[链接](javascript:alert(1))",
    "&lt;b&gt; &amp; \"quotes\" 'single'",
    "全角标点，。；：“”（）保留",
    "emoji 👨‍💻👍🏽 🇨🇳",
    "{{template}} ${injection} %s %d",
    "'; DROP TABLE report; --",
  ];
  it.each(samples)("%s", (sample) => {
    const text = body()
      .replace("进展：本旬新增就业1.2万人", `进展：${sample}`)
      .replace("问题：无", `问题：\n${sample}`);
    const draft = draftOf(parse(text));
    expect(draft.progress).toBe(sample);
    expect(draft.problems).toBe(sample);
  });

  it("drops only zero-width spaces and BOMs", () => {
    const draft = draftOf(parse(body().replace("进展：本旬", "\uFEFF进展：本\u200B旬")));
    expect(draft.progress).toBe("本旬新增就业1.2万人");
  });
});

describe("errors", () => {
  const codesOf = (result: ReportResult) => errorsOf(result).map((e) => `${e.field}:${e.code}`);

  it("missing: task and period without header or defaults, status, progress, value", () => {
    expect(codesOf(parse("问题：无", { targets: [jobs] })).sort()).toEqual(
      ["period:missing", "progress:missing", "status:missing", "task:missing", "value:missing"].sort(),
    );
  });

  it("empty: the whole text", () => {
    for (const text of ["", "   ", "\n\r\n\t", "\u200B\uFEFF"]) {
      expect(errorsOf(parse(text))).toEqual([{ field: "text", code: "empty" }]);
    }
  });

  it("empty: keys left blank (the blank template sent back as is)", () => {
    const text = "完成值：\n状态：\n进展：\n问题：\n下步：\n协调事项：\n任务：";
    expect(codesOf(parse(text)).sort()).toEqual(["progress:empty", "status:empty", "task:empty", "value:empty"].sort());
  });

  it("not_a_number", () => {
    for (const value of ["abc", "12.5.3", "1e400", "NaN", "Infinity", "很多", "一万"]) {
      expect(errorsOf(parse(body(value)))).toEqual([
        { field: "value", code: "not_a_number", detail: { target: "jobs", text: value } },
      ]);
    }
  });

  it("too_long: the whole text, a prose field, a number, a task key, a period", () => {
    expect(errorsOf(parse("x".repeat(10_001)))).toEqual([
      { field: "text", code: "too_long", detail: { max: 10_000, length: 10_001 } },
    ]);
    const longProgress = body().replace("本旬新增就业1.2万人", "很".repeat(2001));
    expect(errorsOf(parse(longProgress))).toEqual([
      { field: "progress", code: "too_long", detail: { max: 2000, length: 2001 } },
    ]);
    expect(errorsOf(parse(body("9".repeat(45))))).toEqual([
      { field: "value", code: "too_long", detail: { target: "jobs", text: `${"9".repeat(40)}…`, maxDigits: 20 } },
    ]);
    expect(codesOf(parse(`任务：${"A".repeat(65)}\n${body()}`))).toEqual(["task:too_long"]);
    expect(codesOf(parse(`报送 MS-03 ${"2".repeat(65)}\n${body()}`))).toEqual(["period:too_long"]);
  });

  it("out_of_range", () => {
    expect(errorsOf(parse(body("2000000000000")))).toEqual([
      { field: "value", code: "out_of_range", detail: { target: "jobs", max: 1e12 } },
    ]);
    expect(codesOf(parse(body("2亿亿人")))).toEqual(["value:out_of_range"]);
    expect(draftOf(parse(body("1.5万亿人"))).values).toEqual([{ targetKey: "jobs", value: 1.5e8 }]);
    expect(draftOf(parse(body("-1000000000000"))).values).toEqual([{ targetKey: "jobs", value: -1e12 }]);
  });

  it("unit_mismatch", () => {
    expect(errorsOf(parse(body("65%")))).toEqual([
      { field: "value", code: "unit_mismatch", detail: { target: "jobs", unit: "%", expected: "万人" } },
    ]);
  });

  it("unknown_status", () => {
    expect(errorsOf(parse(body().replace("正常推进", "还行吧")))).toEqual([
      { field: "status", code: "unknown_status", detail: { text: "还行吧" } },
    ]);
    expect(codesOf(parse(body().replace("正常推进", "正常推进/存在风险/滞后/已完成")))).toEqual([
      "status:unknown_status",
    ]);
  });

  it("unknown_field: an unknown key outside prose", () => {
    expect(errorsOf(parse(`备注：随便\n${body()}`))).toEqual([
      { field: "text", code: "unknown_field", detail: { key: "备注", line: 1 } },
    ]);
  });

  it("unknown_field: a key one typo away from a label, even inside prose, with a suggestion", () => {
    const text = body().replace("下步：继续推进", "下不打算：继续推进");
    expect(errorsOf(parse(text))).toEqual([
      { field: "text", code: "unknown_field", detail: { key: "下不打算", line: 5, suggestion: "下步" } },
    ]);
    expect(errorsOf(parse(body().replace("状态：", "壮态：")))).toEqual([
      { field: "text", code: "unknown_field", detail: { key: "壮态", line: 2, suggestion: "状态" } },
      { field: "status", code: "missing" },
    ]);
  });

  it("unknown_field: the lines under an unknown key raise no further errors", () => {
    expect(codesOf(parse(`备注：第一行\n第二行\n三：四\n\n${body()}`))).toEqual(["text:unknown_field"]);
  });

  it("unknown_field: after a bad one-line field, an unknown key is still an error", () => {
    const context = { ...double, defaultTaskKey: "MS-03", defaultPeriodId: "P" };
    const text = `完成值：3\n备注：x\n城镇新增就业：3\n${bodyLines().slice(1).join("\n")}`;
    expect(errorsOf(parse(text, context)).map((e) => e.code)).toEqual(["unknown_field", "ambiguous_target"]);
  });

  it("duplicate_field: the lines of a repeated prose field are dropped with it", () => {
    const text = `${body()}\n进展：又一遍\n续行\n一是：x`;
    expect(errorsOf(parse(text))).toEqual([
      { field: "progress", code: "duplicate_field", detail: { key: "进展", line: 7 } },
    ]);
  });

  it("a key unknown and not close to a label, inside prose, is text of that field (一是：…)", () => {
    expect(draftOf(parse(`${body()}\n\n备注：第一行`)).coordinationNeeded).toBe("无\n\n备注：第一行");
  });

  it("duplicate_field: a field, a target, task in header and key line", () => {
    expect(errorsOf(parse(`${body()}\n状态：滞后`))).toEqual([
      { field: "status", code: "duplicate_field", detail: { key: "状态", line: 7 } },
    ]);
    expect(errorsOf(parse(`${body()}\n完成：3`))).toEqual([
      { field: "value", code: "duplicate_field", detail: { key: "完成", target: "jobs", line: 7 } },
    ]);
    expect(codesOf(parse(`报送 MS-03 2023-01-X2\n任务：MS-03\n周期：2023-01-X2\n${body()}`))).toEqual([
      "task:duplicate_field",
      "period:duplicate_field",
    ]);
  });

  it("unknown_target and ambiguous_target with several targets", () => {
    const rest = bodyLines().slice(1).join("\n");
    const context = { ...double, defaultTaskKey: "MS-03", defaultPeriodId: "P" };
    expect(errorsOf(parse(`完成值[nope]：3\n${rest}`, context))).toEqual([
      { field: "value", code: "unknown_target", detail: { key: "完成值[nope]", line: 1, target: "nope" } },
    ]);
    expect(errorsOf(parse(`完成值：3\n${rest}`, context))).toEqual([
      { field: "value", code: "ambiguous_target", detail: { key: "完成值", line: 1, target: "jobs,rate" } },
    ]);
    const twins = { ...context, targets: [jobs, { ...rate, metric: jobs.metric }] };
    expect(codesOf(parse(`城镇新增就业：3\n${rest}`, twins))).toContain("value:ambiguous_target");
  });

  it("no_targets: a value for a task without targets", () => {
    expect(errorsOf(parse(body(), { ...single, targets: [] }))).toEqual([
      { field: "value", code: "no_targets", detail: { key: "完成值", line: 1 } },
    ]);
    const withoutValue = bodyLines().slice(1).join("\n");
    expect(draftOf(parse(withoutValue, { ...single, targets: [] })).values).toEqual([]);
  });

  it("unknown_task: a header or key line naming a task the caller does not know", () => {
    const context = { ...single, knownTaskKeys: ["MS-03", "MS-04"] };
    expect(errorsOf(parse(`报送 MS-99 2023-01-X2\n${body()}`, context))).toEqual([
      { field: "task", code: "unknown_task", detail: { task: "MS-99" } },
    ]);
    expect(codesOf(parse(`任务：XX\n${body()}`, context))).toEqual(["task:unknown_task"]);
    expect(draftOf(parse(`任务：ms-04\n${body()}`, context)).taskKey).toBe("MS-04");
  });

  it("unexpected_text: a line before the first key, and a second line under a one-line field", () => {
    expect(errorsOf(parse(`各位领导好\n${body()}`))).toEqual([
      { field: "text", code: "unexpected_text", detail: { line: 1 } },
    ]);
    expect(errorsOf(parse(body().replace("状态：正常推进", "状态：正常推进\n一切顺利")))).toEqual([
      { field: "status", code: "unexpected_text", detail: { line: 3 } },
    ]);
    expect(errorsOf(parse(body("12.5\n13")))).toEqual([
      { field: "value", code: "unexpected_text", detail: { line: 2, target: "jobs" } },
    ]);
  });

  it("invalid: input that is not a string", () => {
    expect(errorsOf(parseReportText(42 as unknown as string, single))).toEqual([{ field: "text", code: "invalid" }]);
  });

  it("collects every error in one pass", () => {
    const text = ["开头一句", "完成值：abc", "备注：x", "状态：还行", "进展：", "问题：" + "长".repeat(2001)].join(
      "\n",
    );
    expect(codesOf(parse(text, { targets: [jobs] }))).toEqual([
      "text:unexpected_text",
      "text:unknown_field",
      "task:missing",
      "period:missing",
      "value:not_a_number",
      "status:unknown_status",
      "progress:empty",
      "problems:too_long",
    ]);
  });

  it("uses only known fields and codes, and carries no prose", () => {
    const texts = [`备注：x\n${body("abc")}`, "问题：无", body("65%"), `${body()}\n状态：滞后`, "x".repeat(10_001)];
    for (const text of texts) {
      for (const error of errorsOf(parse(text, double))) {
        expect(REPORT_FIELDS).toContain(error.field);
        expect(REPORT_ERROR_CODES).toContain(error.code);
        expect(Object.keys(error).sort()).toEqual(error.detail ? ["code", "detail", "field"] : ["code", "field"]);
      }
    }
  });
});
