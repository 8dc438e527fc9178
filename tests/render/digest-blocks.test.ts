import { describe, expect, it } from "vitest";

import type { Block } from "../../src/core/chat/outbound.js";
import { digestToBlocks } from "../../src/render/digest-blocks.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { renderPlainText } from "../../src/render/plain-text.js";
import { dekadDigest, INJECTION, monthDigest, quarterDigest } from "./fixtures.js";

const headings = (blocks: Block[]) => blocks.flatMap((b) => (b.type === "heading" ? [b.text] : []));

describe("digestToBlocks", () => {
  it("opens with the group, period and kind, and sums up the headline", () => {
    const message = digestToBlocks(dekadDigest());
    expect(message.blocks[0]).toEqual({ type: "heading", text: "省打好重点民生保障仗工作专班 2023年1月中旬 旬简报" });
    expect(message.summary).toBe(
      "省打好重点民生保障仗工作专班 2023年1月中旬 旬简报：应报 3 项，按时 1 项，补报 1 项，未报 1 项",
    );
    expect(message.blocks[1]).toEqual({
      type: "fields",
      fields: [
        // Dates as people write them (docs/message-style.md), not ISO.
        { label: "报送期间", value: "1月11日至20日" },
        { label: "报送截止", value: "1月20日 17:00" },
        { label: "任务数", value: "3" },
        { label: "应报", value: "3" },
        { label: "按时报送", value: "1" },
        { label: "补报", value: "1" },
        { label: "未报", value: "1" },
        { label: "红黄绿灯", value: "绿灯 1 · 黄灯 1 · 红灯 0 · 已完成 0 · 无数据 1" },
      ],
    });
  });

  it("names the missing units, or says everyone reported", () => {
    const blocks = digestToBlocks(dekadDigest()).blocks;
    expect(blocks[4]).toEqual({ type: "fields", fields: [{ label: "省教育厅", value: "MS-07" }] });
    const all = digestToBlocks({ ...dekadDigest(), missingUnits: [] }).blocks;
    expect(all[4]).toEqual({ type: "text", text: "各牵头单位均已报送。" });
  });

  it("carries the chart of progress against pace, with an alt text stating each task's figures", () => {
    const blocks = digestToBlocks(dekadDigest()).blocks;
    const chart = blocks[2];
    if (chart?.type !== "chart") throw new Error(`expected a chart block, got ${JSON.stringify(chart)}`);
    expect(chart.chart).toMatchObject({
      kind: "progress",
      bars: [
        { label: "MS-03 稳就业", ratio: 12.5 / 70, light: "green" },
        { label: "MS-05 兜牢基本民生底线", ratio: 0.025, pace: 0.3, light: "yellow" },
        { label: "MS-07 办好教育", ratio: null, light: "none" },
      ],
    });
    expect(chart.alt).toContain("MS-05 兜牢基本民生底线，完成率 2.5%，时序进度 30%，黄灯");
    expect(chart.alt).toContain("MS-07 办好教育，完成率 未报数据");
  });

  it("gives each task a progress line: light, weakest completion, pace and targets", () => {
    const progress = digestToBlocks(dekadDigest()).blocks.filter((b) => b.type === "progress");
    expect(progress).toEqual([
      {
        type: "progress",
        label: "MS-03 稳就业",
        ratio: 12.5 / 70,
        light: "green",
        detail:
          "（时序进度 5%）城镇新增就业 12.5/70万人；城镇调查失业率 5.2%（目标不高于 5.5%）；牵头：省人力资源社会保障厅",
      },
      {
        type: "progress",
        label: "MS-05 兜牢基本民生底线",
        ratio: 0.025,
        light: "yellow",
        detail: "（时序进度 30%）资金到位 300/12000万元；牵头：省民政厅",
      },
      {
        type: "progress",
        label: "MS-07 办好教育",
        ratio: null,
        light: "none",
        detail: "无量化指标；牵头：省教育厅；未报：省教育厅",
      },
    ]);
  });

  it("groups problems, coordination and next steps by task, in task order", () => {
    const blocks = digestToBlocks(dekadDigest()).blocks;
    const after = (heading: string) => blocks[blocks.findIndex((b) => b.type === "heading" && b.text === heading) + 1];
    expect(after("存在问题")).toEqual({
      type: "fields",
      fields: [
        { label: "MS-03 稳就业（省人力资源社会保障厅）", value: INJECTION },
        { label: "MS-05 兜牢基本民生底线（省民政厅）", value: "资金拨付偏慢" },
      ],
    });
    expect(after("需协调事项")).toEqual({
      type: "fields",
      fields: [{ label: "MS-03 稳就业（省人力资源社会保障厅）", value: "请省财政厅支持" }],
    });
    expect(after("下步工作打算")).toEqual({
      type: "fields",
      fields: [{ label: "MS-05 兜牢基本民生底线（省民政厅）", value: "加快拨付" }],
    });
  });

  it("adds the timeliness ranking to a 月通报 and the trend table to a 季总结 only", () => {
    expect(headings(digestToBlocks(dekadDigest()).blocks)).toEqual([
      "省打好重点民生保障仗工作专班 2023年1月中旬 旬简报",
      "未报单位",
      "任务进展",
      "存在问题",
      "需协调事项",
      "下步工作打算",
    ]);
    const month = digestToBlocks(monthDigest()).blocks;
    expect(month[0]).toEqual({ type: "heading", text: "省打好重点民生保障仗工作专班 2023年1月 月通报" });
    expect(month.at(-4)).toEqual({ type: "heading", text: "报送及时性排名" });
    expect(month.at(-1)).toMatchObject({
      type: "chart",
      chart: { kind: "ranking", rows: [{ label: "省人力资源社会保障厅", onTime: 3, late: 0, missing: 0 }, {}, {}] },
    });
    expect(month.at(-2)).toMatchObject({ type: "text", text: expect.stringMatching(/^排名规则：.*1、2、2、4/) });
    expect(month.at(-3)).toEqual({
      type: "table",
      columns: ["名次", "单位", "应报", "按时", "补报", "未报"],
      rows: [
        ["1", "省人力资源社会保障厅", "3", "3", "0", "0"],
        ["2", "省民政厅", "3", "2", "1", "0"],
        ["3", "省教育厅", "3", "0", "1", "2"],
      ],
    });
    const quarter = digestToBlocks(quarterDigest()).blocks;
    expect(quarter[0]).toEqual({ type: "heading", text: "省打好重点民生保障仗工作专班 2023年第一季度 季总结" });
    expect(headings(quarter)).not.toContain("报送及时性排名");
    expect(quarter.at(-1)).toEqual({
      type: "table",
      columns: ["任务", "指标", "计量单位", "1月上旬", "1月中旬", "1月下旬"],
      rows: [["MS-03", "城镇新增就业", "万人", "4", "12.5", "—"]],
    });
  });

  it("speaks English when the digest is in English", () => {
    const message = digestToBlocks({ ...monthDigest(), locale: "en" });
    expect(headings(message.blocks)).toEqual([
      "省打好重点民生保障仗工作专班: Monthly bulletin, 2023年1月",
      "Units not reported",
      "Progress by task",
      "Problems",
      "Coordination requests",
      "Next steps",
      "Timeliness ranking",
    ]);
    expect(message.summary).toContain("3 expected, 1 on time, 1 late, 1 missing");
  });

  it("shows the due time in the group's timezone", () => {
    const fields = digestToBlocks(dekadDigest(), { timeZone: "UTC" }).blocks[1];
    expect(fields?.type === "fields" && fields.fields[1]).toEqual({ label: "报送截止", value: "1月20日 09:00" });
  });

  it("renders to plain text and Markdown with the user's text shown literally", () => {
    const message = digestToBlocks(monthDigest());
    const plain = renderPlainText(message);
    expect(plain).toContain(`MS-03 稳就业（省人力资源社会保障厅）：${INJECTION}`);
    expect(plain).toContain("🟡 MS-05 兜牢基本民生底线 [░░░░░░░░░░] 2.5% （时序进度 30%）");
    expect(plain).toContain("   1  省人力资源社会保障厅     3     3     0     0");
    const md = renderMarkdown(message);
    expect(md).not.toContain("<script>");
    expect(md).toContain("\\<script\\>alert(1)\\</script\\> \\*bold\\* \\<@U123\\> a\\|b");
  });
});
