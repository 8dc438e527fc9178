import { describe, expect, it } from "vitest";

import type { Outbound } from "../../src/core/chat/outbound.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { INJECTION } from "./fixtures.js";

const message = (blocks: Outbound["blocks"]): Outbound => ({ blocks, summary: "摘要" });
const ESCAPED = "\\<script\\>alert(1)\\</script\\> \\*bold\\* \\<@U123\\> a\\|b";

describe("renderMarkdown", () => {
  it("escapes user text in every kind of block so it shows literally", () => {
    const md = renderMarkdown(
      message([
        { type: "heading", text: INJECTION },
        { type: "text", text: INJECTION },
        { type: "fields", fields: [{ label: "*问题*", value: INJECTION }] },
        { type: "table", columns: ["<单位>"], rows: [[INJECTION]] },
        { type: "progress", label: "<@U123>", ratio: 0.5, light: "green", detail: "*详情*" },
        { type: "buttons", buttons: [{ actionId: "a", label: "<b>点我</b>", value: "v" }] },
      ]),
    );
    expect(md).not.toContain("<script>");
    expect(md).not.toMatch(/(^|[^\\])<@U123>/);
    expect(md).not.toMatch(/(^|[^\\])\*bold\*/);
    expect(md.split("\n\n")).toEqual([
      `## ${ESCAPED}`,
      ESCAPED,
      `- **\\*问题\\***：${ESCAPED}`,
      `| \\<单位\\> |\n| --- |\n| ${ESCAPED} |`,
      "- 🟢 **\\<@U123\\>** 50% \\*详情\\*",
      "\\[1\\] \\<b\\>点我\\</b\\>",
    ]);
  });

  it("writes tables as GFM tables, line breaks in cells as <br>", () => {
    const md = renderMarkdown(
      message([
        {
          type: "table",
          columns: ["名次", "单位", "按时"],
          rows: [
            ["1", "省人社厅", "3"],
            ["2", "省民政厅\n（补报）", "2"],
          ],
        },
      ]),
    );
    expect(md).toBe(
      [
        "| 名次 | 单位 | 按时 |",
        "| --- | --- | --- |",
        "| 1 | 省人社厅 | 3 |",
        "| 2 | 省民政厅<br>（补报） | 2 |",
      ].join("\n"),
    );
  });

  it("keeps line breaks of text as hard breaks and blank lines as paragraphs", () => {
    expect(renderMarkdown(message([{ type: "text", text: "第一行\n第二行\n\n新段落" }]))).toBe(
      "第一行\\\n第二行\n\n新段落",
    );
  });

  it("keeps consecutive progress lines in one list and says 未报 for no ratio", () => {
    const md = renderMarkdown(
      message([
        { type: "progress", label: "MS-03", ratio: 0.18, light: "green", detail: "" },
        { type: "progress", label: "MS-07", ratio: null, light: "none", detail: "" },
      ]),
    );
    expect(md).toBe("- 🟢 **MS-03** 18%\n- ⚪ **MS-07** 未报");
    expect(
      renderMarkdown(message([{ type: "progress", label: "MS-07", ratio: null, light: "none", detail: "" }]), "en"),
    ).toBe("- ⚪ **MS-07** not reported");
  });

  it("lists a form's fields and uses the summary when there are no blocks", () => {
    const md = renderMarkdown(
      message([
        {
          type: "form",
          form: {
            formId: "f",
            title: "报送",
            submitLabel: "提交",
            context: "",
            fields: [
              { kind: "number", id: "v", label: "完成值", unit: "万人" },
              { kind: "select", id: "s", label: "状态", options: [{ value: "ok", label: "正常推进" }] },
            ],
          },
        },
        { type: "divider" },
      ]),
    );
    expect(md).toBe("**报送**\n\n1. 完成值（万人）\n2. 状态\n   可选：正常推进\n\n---");
    expect(renderMarkdown({ blocks: [], summary: "*摘要*" })).toBe("\\*摘要\\*");
  });
});
