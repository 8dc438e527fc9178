import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";

import type { DigestContent, DigestRow } from "../../src/core/digest/digest-content.js";
import { digestToDocx } from "../../src/render/export/digest-docx.js";
import { digestToMarkdown } from "../../src/render/export/digest-markdown.js";
import { digestToXlsx, ROW_COLUMNS } from "../../src/render/export/digest-xlsx.js";
import { dekadDigest, INJECTION, monthDigest, quarterDigest } from "./fixtures.js";

async function documentXml(content: DigestContent): Promise<string> {
  const buffer = await digestToDocx(content);
  expect(buffer.subarray(0, 2).toString("latin1")).toBe("PK");
  const zip = await JSZip.loadAsync(buffer);
  const file = zip.file("word/document.xml");
  if (!file) throw new Error("word/document.xml missing");
  return file.async("string");
}

const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/** The text of each paragraph of document.xml (tables included), in order. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) =>
    [...match[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1] ?? "")).join(""),
  );
}

async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer; a copy of the bytes is one.
  await workbook.xlsx.load(new Uint8Array(buffer).buffer);
  return workbook;
}

function sheetRows(sheet: ExcelJS.Worksheet | undefined): unknown[][] {
  if (!sheet) throw new Error("sheet missing");
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? null));
  });
  return rows;
}

describe("digestToMarkdown", () => {
  it("lays the digest out as a briefing with numbered sections", () => {
    const md = digestToMarkdown(monthDigest());
    const lines = md.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "# 省打好重点民生保障仗工作专班 2023年1月 月通报",
      "",
      "省打好重点民生保障仗工作专班办公室　　2023年1月21日",
      "",
      "报送期间：2023-01-01 至 2023-01-31；报送截止：2023-01-20 17:00",
    ]);
    expect(lines.filter((line) => line.startsWith("## "))).toEqual([
      "## 一、总体情况",
      "## 二、未报单位",
      "## 三、任务进展",
      "## 四、存在问题",
      "## 五、需协调事项",
      "## 六、下步工作打算",
      "## 七、报送及时性排名",
    ]);
    expect(md).toContain("| 序号 | 任务 | 牵头单位 | 指标 | 目标 | 完成 | 完成率 | 时序进度 | 灯号 |");
    expect(md).toContain(
      "| 1 | MS-03 稳就业 | 省人力资源社会保障厅 | 城镇新增就业 | 70万人 | 12.5万人 | 18% | 5% | 绿灯 |",
    );
    // The second target of the same task does not repeat the task.
    expect(md).toContain("|  |  |  | 城镇调查失业率 | ≤5.5% | 5.2% | 100% | 5% | 绿灯 |");
    expect(md.endsWith("\n")).toBe(true);
  });

  it("escapes user text", () => {
    const md = digestToMarkdown(dekadDigest());
    expect(md).not.toContain("<script>");
    expect(md).toContain(
      "1. **MS-03 稳就业（省人力资源社会保障厅）**：\\<script\\>alert(1)\\</script\\> \\*bold\\* \\<@U123\\> a\\|b",
    );
  });

  it("numbers sections 1. 2. in English and adds the trend table to a 季总结", () => {
    const md = digestToMarkdown({ ...quarterDigest(), locale: "en" });
    expect(md.split("\n").filter((line) => line.startsWith("## "))).toEqual([
      "## 1. Overview",
      "## 2. Units not reported",
      "## 3. Progress by task",
      "## 4. Problems",
      "## 5. Coordination requests",
      "## 6. Next steps",
      "## 7. Indicator trends",
    ]);
    expect(md).toContain("| MS-03 | 城镇新增就业 | 万人 | 4 | 12.5 | — |");
  });
});

describe("digestToDocx", () => {
  it("is a Word document with the title, date line and numbered sections", async () => {
    const text = paragraphs(await documentXml(monthDigest()));
    expect(text.slice(0, 3)).toEqual([
      "省打好重点民生保障仗工作专班 2023年1月 月通报",
      "省打好重点民生保障仗工作专班办公室　　2023年1月21日",
      "报送期间：2023-01-01 至 2023-01-31；报送截止：2023-01-20 17:00",
    ]);
    expect(text.filter((p) => /^[一二三四五六七八九十]+、/.test(p))).toEqual([
      "一、总体情况",
      "二、未报单位",
      "三、任务进展",
      "四、存在问题",
      "五、需协调事项",
      "六、下步工作打算",
      "七、报送及时性排名",
    ]);
    expect(text).toContain("1. 省教育厅：MS-07");
    expect(text).toContain("2. MS-05 兜牢基本民生底线（省民政厅）：资金拨付偏慢");
  });

  it("has a task table with targets, progress, pace and light, merging a task's rows", async () => {
    const xml = await documentXml(dekadDigest());
    const text = paragraphs(xml);
    const header = ["序号", "任务", "牵头单位", "指标", "目标", "完成", "完成率", "时序进度", "灯号"];
    const start = text.indexOf("序号");
    expect(text.slice(start, start + header.length)).toEqual(header);
    expect(text.slice(start + 9, start + 18)).toEqual([
      "1",
      "MS-03 稳就业",
      "省人力资源社会保障厅",
      "城镇新增就业",
      "70万人",
      "12.5万人",
      "18%",
      "5%",
      "绿灯",
    ]);
    expect(text.slice(start + 18, start + 24)).toEqual(["城镇调查失业率", "≤5.5%", "5.2%", "100%", "5%", "绿灯"]);
    expect(xml.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(3);
  });

  it("keeps user text as text", async () => {
    const xml = await documentXml(dekadDigest());
    expect(xml).not.toContain("<script>");
    expect(paragraphs(xml)).toContain(`1. MS-03 稳就业（省人力资源社会保障厅）：${INJECTION}`);
  });
});

describe("digestToXlsx", () => {
  it("writes content.rows under a header row, and reads back the same", async () => {
    const content = dekadDigest();
    const workbook = await readWorkbook(await digestToXlsx(content));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["报送明细", "概况", "未报单位"]);
    const [header, ...rows] = sheetRows(workbook.getWorksheet("报送明细"));
    expect(header).toEqual([
      "任务编号",
      "任务名称",
      "报送单位",
      "指标",
      "完成值",
      "计量单位",
      "目标值",
      "状态",
      "报送时间",
      "补报",
      "版本",
      "进展",
      "问题",
      "下步",
      "协调事项",
    ]);
    // Read back into rows: cells as the sheet holds them, the late flag and local time turned back.
    const readBack = rows.map((cells) => {
      const row = Object.fromEntries(ROW_COLUMNS.map((column, i) => [column.field, cells[i] ?? null]));
      const submitted = row.submittedAt;
      return {
        ...row,
        late: row.late === "是",
        submittedAt: submitted instanceof Date ? submitted.toISOString().slice(0, 16) : submitted,
        metric: row.metric ?? "",
        unitOfMeasure: row.unitOfMeasure ?? "",
        status: row.status ?? "",
        progress: row.progress ?? "",
        problems: row.problems ?? "",
        nextSteps: row.nextSteps ?? "",
        coordination: row.coordination ?? "",
      };
    });
    const shanghai = (iso: string | null) =>
      iso === null ? null : new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
    expect(readBack).toEqual(
      content.rows.map((row: DigestRow) => ({ ...row, submittedAt: shanghai(row.submittedAt) })),
    );
  });

  it("keeps formula-looking and markup-looking text as plain strings", async () => {
    const workbook = await readWorkbook(await digestToXlsx(dekadDigest()));
    const sheet = workbook.getWorksheet("报送明细");
    const progress = sheet?.getRow(4).getCell(12);
    expect(progress?.value).toBe("=1+1");
    expect(progress?.type).toBe(ExcelJS.ValueType.String);
    expect(sheet?.getRow(2).getCell(13).value).toBe(INJECTION);
  });

  it("adds a summary sheet, and the ranking or the trends when the digest has them", async () => {
    const month = await readWorkbook(await digestToXlsx(monthDigest()));
    expect(sheetRows(month.getWorksheet("概况"))).toEqual([
      ["项目", "内容"],
      ["专班", "省打好重点民生保障仗工作专班"],
      ["期次", "2023年1月"],
      ["类型", "月通报"],
      ["报送截止", "2023-01-20 17:00"],
      ["生成时间", "2023-01-21 00:30"],
      ["任务数", 3],
      ["应报", 3],
      ["按时报送", 1],
      ["补报", 1],
      ["未报", 1],
      ["绿灯", 1],
      ["黄灯", 1],
      ["红灯", 0],
      ["已完成", 0],
      ["无数据", 1],
    ]);
    expect(sheetRows(month.getWorksheet("及时性排名"))).toEqual([
      ["名次", "单位", "按时", "补报", "未报"],
      [1, "省人力资源社会保障厅", 3, 0, 0],
      [2, "省民政厅", 2, 1, 0],
      [3, "省教育厅", 0, 1, 2],
    ]);
    const quarter = await readWorkbook(await digestToXlsx(quarterDigest()));
    expect(sheetRows(quarter.getWorksheet("指标走势"))).toEqual([
      ["任务", "指标", "计量单位", "1月上旬", "1月中旬", "1月下旬"],
      ["MS-03", "城镇新增就业", "万人", 4, 12.5, null],
    ]);
  });

  it("names sheets and headers in English for an English digest", async () => {
    const workbook = await readWorkbook(await digestToXlsx({ ...dekadDigest(), locale: "en" }));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Reports", "Summary", "Missing units"]);
    expect(sheetRows(workbook.getWorksheet("Reports"))[0]?.slice(0, 3)).toEqual(["Task key", "Task", "Reporting unit"]);
  });
});
