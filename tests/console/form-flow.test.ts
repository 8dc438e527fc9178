import { describe, expect, it } from "vitest";

import { FormFlow } from "../../adapters/console/form-flow.js";
import type { Form } from "../../src/core/chat/outbound.js";

const form: Form = {
  formId: "report",
  title: "MS-03 稳就业",
  submitLabel: "提交",
  context: "MS-03|2023-01-X2",
  fields: [
    {
      kind: "select",
      id: "status",
      label: "状态",
      options: [
        { value: "on_track", label: "正常推进" },
        { value: "behind", label: "滞后" },
      ],
    },
    { kind: "number", id: "value", label: "城镇新增就业", unit: "万人", initial: "10" },
    { kind: "text", id: "progress", label: "进展", multiline: true },
    { kind: "text", id: "problems", label: "问题", multiline: false, optional: true },
  ],
};

describe("FormFlow", () => {
  it("asks each field in turn and returns the values", () => {
    const flow = new FormFlow(form, "zh-CN");
    expect(flow.intro()).toBe("开始填写“MS-03 稳就业”，共 4 项；发送 /cancel 放弃。");
    expect(flow.question()).toBe("（1/4）状态\n  [1] 正常推进\n  [2] 滞后");
    expect(flow.answer("2")).toEqual({ kind: "next" });
    expect(flow.question()).toBe("（2/4）城镇新增就业（万人）（直接回车保留：10）");
    expect(flow.answer("１２.５万人")).toEqual({ kind: "next" });
    expect(flow.question()).toBe("（3/4）进展");
    expect(flow.answer("第一行\n第二行")).toEqual({ kind: "next" });
    expect(flow.question()).toBe("（4/4）问题（选填，没有请回复“-”）");
    expect(flow.answer("-")).toEqual({
      kind: "done",
      values: { status: "behind", value: "12.5", progress: "第一行\n第二行", problems: "" },
    });
  });

  it("accepts an option by its label, keeps an initial value on Enter", () => {
    const flow = new FormFlow(form, "zh-CN");
    expect(flow.answer("正常推进")).toEqual({ kind: "next" });
    expect(flow.answer("  ")).toEqual({ kind: "next" });
    flow.answer("进展");
    expect(flow.answer("无")).toEqual({
      kind: "done",
      values: { status: "on_track", value: "10", progress: "进展", problems: "无" },
    });
  });

  it("skips an optional field with “-”, as the guided questions do, and Enter still skips it", () => {
    for (const skip of ["-", "－", ""]) {
      const flow = new FormFlow(form, "zh-CN");
      flow.answer("1");
      flow.answer("");
      flow.answer("进展");
      expect(flow.answer(skip)).toEqual({
        kind: "done",
        values: { status: "on_track", value: "10", progress: "进展", problems: "" },
      });
    }
    // "-" is no skip for a required field.
    const flow = new FormFlow(form, "zh-CN");
    flow.answer("1");
    flow.answer("");
    expect(flow.answer("-")).toEqual({ kind: "invalid", message: "这一项必须填写。" });
  });

  it("says what is wrong and stays on the field", () => {
    const flow = new FormFlow(form, "zh-CN");
    expect(flow.answer("3")).toEqual({ kind: "invalid", message: "请回复 1 到 2 之间的序号。" });
    expect(flow.answer("")).toEqual({ kind: "invalid", message: "这一项必须填写。" });
    expect(flow.question()).toMatch(/^（1\/4）状态/);
    flow.answer("1");
    expect(flow.answer("约12")).toEqual({ kind: "invalid", message: "请填写数字，例如 12.5。" });
    expect(flow.answer("1,234")).toEqual({ kind: "next" });
    expect(flow.answer("")).toEqual({ kind: "invalid", message: "这一项必须填写。" });
  });

  it("speaks English", () => {
    const flow = new FormFlow(form, "en");
    expect(flow.intro()).toBe('Filling in "MS-03 稳就业": 4 items; /cancel abandons it.');
    flow.answer("1");
    expect(flow.question()).toBe("(2/4) 城镇新增就业 (万人) (Enter keeps: 10)");
  });
});
