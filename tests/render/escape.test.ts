import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  escapeMarkdown,
  escapeMarkdownTableCell,
  escapePlain,
  escapeSlackMrkdwn,
  escapeTelegramHtml,
} from "../../src/render/escape.js";

/** Undoes the backslash escapes CommonMark reads (any ASCII punctuation after a backslash). */
const unescapeMarkdown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, "$1");
const decodeEntities = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

describe("escapeMarkdown", () => {
  it.each([
    ["*bold*", "\\*bold\\*"],
    ["_em_", "\\_em\\_"],
    ["<@U123>", "\\<@U123\\>"],
    ["<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"],
    ["[link](http://x)", "\\[link\\](http://x)"],
    ["`code`", "\\`code\\`"],
    ["a|b", "a\\|b"],
    ["~~gone~~", "\\~\\~gone\\~\\~"],
    ["&lt;", "\\&lt;"],
    ["back\\slash", "back\\\\slash"],
    ["# 标题", "\\# 标题"],
    ["> 引用", "\\> 引用"],
    ["- 条目", "\\- 条目"],
    ["+ 条目", "\\+ 条目"],
    ["1. 第一", "1\\. 第一"],
    ["2) 第二", "2\\) 第二"],
    ["---", "\\---"],
    ["===", "\\==="],
  ])("shows %s literally", (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it("leaves ordinary text and numbers alone", () => {
    expect(escapeMarkdown("新增就业12.5万人，完成率18%（目标70万人）")).toBe(
      "新增就业12.5万人，完成率18%（目标70万人）",
    );
    expect(escapeMarkdown("-5% 同比")).toBe("-5% 同比");
    expect(escapeMarkdown("2023.1 进展")).toBe("2023.1 进展");
  });

  it("keeps leading indentation without making a code block", () => {
    expect(escapeMarkdown("    缩进")).toBe("\u00a0\u00a0\u00a0\u00a0缩进");
  });

  it("escapes every line of multi-line text", () => {
    expect(escapeMarkdown("第一行\n- 第二行\n*第三行*")).toBe("第一行\n\\- 第二行\n\\*第三行\\*");
  });

  it("round-trips: unescaping gives the text back, and no markup character is left bare", () => {
    const markup = new Set(["\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~", "&"]);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab 中文*_`[]<>#|~&\\-+=.1)\n") }), (text) => {
        const escaped = escapeMarkdown(text);
        expect(unescapeMarkdown(escaped).replace(/\u00a0/g, " ")).toBe(text);
        for (let i = 0; i < escaped.length; i += 1) {
          const char = escaped[i] ?? "";
          if (char === "\\") {
            i += 1;
            continue;
          }
          expect(markup.has(char)).toBe(false);
        }
      }),
    );
  });
});

describe("escapeMarkdownTableCell", () => {
  it("escapes pipes and turns line breaks into <br>", () => {
    expect(escapeMarkdownTableCell("a|b\n<c>\r\n*d*")).toBe("a\\|b<br>\\<c\\><br>\\*d\\*");
  });

  it("does not escape list-like starts, which mean nothing in a cell", () => {
    expect(escapeMarkdownTableCell("12.5万人")).toBe("12.5万人");
    expect(escapeMarkdownTableCell("- 5")).toBe("- 5");
  });
});

describe("escapeSlackMrkdwn and escapeTelegramHtml", () => {
  it.each([escapeSlackMrkdwn, escapeTelegramHtml])("turn &, < and > into entities (%o)", (escape) => {
    expect(escape("<@U123> & <script>")).toBe("&lt;@U123&gt; &amp; &lt;script&gt;");
    expect(escape("&lt;")).toBe("&amp;lt;");
  });

  it.each([escapeSlackMrkdwn, escapeTelegramHtml])("leave no < or > and decode back (%o)", (escape) => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escape(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(decodeEntities(escaped)).toBe(text);
      }),
    );
  });
});

describe("escapePlain", () => {
  it("changes nothing", () => {
    expect(escapePlain("<script> *bold* <@U123>")).toBe("<script> *bold* <@U123>");
  });
});
