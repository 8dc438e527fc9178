import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { Outbound } from "../../src/core/chat/outbound.js";
import { formatPlainTable, renderPlainText, renderPlainTextWithChoices } from "../../src/render/plain-text.js";
import { displayWidth } from "../../src/render/width.js";
import { INJECTION } from "./fixtures.js";

const message = (blocks: Outbound["blocks"]): Outbound => ({ blocks, summary: "摘要" });

describe("renderPlainText", () => {
  it("puts headings in 【】 in Chinese and between == in English", () => {
    const msg = message([
      { type: "heading", text: "本期报送" },
      { type: "text", text: "正文" },
      { type: "heading", text: "下一节" },
    ]);
    expect(renderPlainText(msg)).toBe("【本期报送】\n正文\n\n【下一节】");
    expect(renderPlainText(msg, "en")).toBe("== 本期报送 ==\n正文\n\n== 下一节 ==");
  });

  it("writes fields as label：value, indenting the further lines of a value", () => {
    const msg = message([
      {
        type: "fields",
        fields: [
          { label: "完成值", value: "12.5万人" },
          { label: "进展", value: "第一行\r\n第二行" },
        ],
      },
    ]);
    expect(renderPlainText(msg)).toBe("完成值：12.5万人\n进展：第一行\n  第二行");
    expect(renderPlainText(msg, "en")).toBe("完成值: 12.5万人\n进展: 第一行\n  第二行");
  });

  it("shows progress as light, bar, percentage and the detail", () => {
    const msg = message([
      {
        type: "progress",
        label: "MS-03 稳就业",
        ratio: 0.65,
        light: "yellow",
        detail: "（时序进度 80%）牵头：省人社厅",
      },
      { type: "progress", label: "MS-05", ratio: 1.2, light: "done", detail: "" },
      { type: "progress", label: "MS-07", ratio: null, light: "none", detail: "无量化指标" },
      { type: "progress", label: "MS-08", ratio: 0.1, light: "red", detail: "" },
      { type: "progress", label: "MS-09", ratio: 0.5, light: "green", detail: "" },
    ]);
    expect(renderPlainText(msg).split("\n")).toEqual([
      "🟡 MS-03 稳就业 [███████░░░] 65% （时序进度 80%）牵头：省人社厅",
      "✅ MS-05 [██████████] 120%",
      "⚪ MS-07 未报 无量化指标",
      "🔴 MS-08 [█░░░░░░░░░] 10%",
      "🟢 MS-09 [█████░░░░░] 50%",
    ]);
    expect(renderPlainText(msg, "en").split("\n")[2]).toBe("⚪ MS-07 not reported 无量化指标");
  });

  it("numbers buttons across the message and returns the numbering", () => {
    const msg = message([
      {
        type: "buttons",
        buttons: [
          { actionId: "report.start", label: "填报", value: "MS-03|2023-01-X2", style: "primary" },
          { actionId: "report.later", label: "稍后", value: "MS-03" },
        ],
      },
      { type: "text", text: "或者" },
      { type: "buttons", buttons: [{ actionId: "help", label: "帮助", value: "" }] },
    ]);
    const { text, choices } = renderPlainTextWithChoices(msg);
    expect(text).toBe("[1] 填报  [2] 稍后  （回复序号选择）\n或者\n[3] 帮助  （回复序号选择）");
    expect(choices).toEqual([
      { number: 1, actionId: "report.start", value: "MS-03|2023-01-X2", label: "填报" },
      { number: 2, actionId: "report.later", value: "MS-03", label: "稍后" },
      { number: 3, actionId: "help", value: "", label: "帮助" },
    ]);
  });

  it("lists a form's fields with their options, units and defaults", () => {
    const msg = message([
      {
        type: "form",
        form: {
          formId: "report",
          title: "MS-03 稳就业 2023年1月中旬",
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
              initial: "on_track",
            },
            { kind: "number", id: "value", label: "城镇新增就业", unit: "万人" },
            { kind: "text", id: "problems", label: "问题", multiline: true, optional: true },
          ],
        },
      },
    ]);
    expect(renderPlainText(msg).split("\n")).toEqual([
      "【MS-03 稳就业 2023年1月中旬】",
      "请逐项填写：",
      "1. 状态",
      "   可选：正常推进 / 滞后",
      "   默认：正常推进",
      "2. 城镇新增就业（万人）",
      "3. 问题（可多行）（选填）",
    ]);
  });

  it("shows injection-looking user text literally", () => {
    const msg = message([
      { type: "heading", text: INJECTION },
      { type: "text", text: INJECTION },
      { type: "fields", fields: [{ label: "问题", value: INJECTION }] },
    ]);
    const text = renderPlainText(msg);
    expect(text.split("\n")).toEqual([`【${INJECTION}】`, INJECTION, `问题：${INJECTION}`]);
  });

  it("falls back to the summary when there are no blocks, and draws dividers", () => {
    expect(renderPlainText({ blocks: [], summary: "只有摘要" })).toBe("只有摘要");
    expect(renderPlainText(message([{ type: "divider" }]))).toBe("─".repeat(24));
  });
});

describe("formatPlainTable", () => {
  it("aligns columns that mix Chinese and ASCII, numbers to the right", () => {
    const lines = formatPlainTable(
      ["单位", "按时", "未报"],
      [
        ["省人力资源社会保障厅", "3", "0"],
        ["省民政厅", "12", "1"],
        ["DRC", "0", "—"],
      ],
    );
    expect(lines).toEqual([
      "单位                  按时  未报",
      "--------------------  ----  ----",
      "省人力资源社会保障厅     3     0",
      "省民政厅                12     1",
      "DRC                      0     —",
    ]);
  });

  it("keeps every column at the same display offset on every line", () => {
    const cell = fc.string({ unit: fc.constantFrom(..."ab1省厅人（）、🟢"), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const columns = ["甲", "b", "丙丙"];
        const lines = formatPlainTable(columns, rows);
        const all = [columns, ...rows];
        const widths = columns.map((_, i) => Math.max(...all.map((row) => displayWidth(row[i] ?? ""))));
        all.forEach((row, r) => {
          const line = lines[r === 0 ? 0 : r + 1] ?? "";
          let offset = 0;
          row.forEach((text, i) => {
            // The cell sits inside its column's slot, padded with spaces only.
            const slot = sliceByWidth(line, offset, offset + (widths[i] ?? 0));
            expect(slot.trim()).toBe(text);
            offset += (widths[i] ?? 0) + 2;
          });
        });
      }),
    );
  });

  it("flattens line breaks inside cells", () => {
    expect(formatPlainTable(["a"], [["x\ny"]])[2]).toBe("x y");
  });
});

/** The characters of a line between two display columns. */
function sliceByWidth(line: string, from: number, to: number): string {
  let column = 0;
  let out = "";
  for (const char of line) {
    if (column >= from && column < to) out += char;
    column += displayWidth(char);
  }
  return out;
}
