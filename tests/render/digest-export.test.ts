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

/**
 * Throws unless `xml` is well-formed as far as Word cares: tags nest and close, attribute values are
 * quoted, and text holds no raw `<` or bare `&` (nor characters XML 1.0 forbids).
 */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>/, "");
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const match of body.matchAll(token)) {
    const [, close, name, , selfClosing, text, stray] = match;
    if (stray !== undefined) throw new Error(`raw < at ${match.index}: ${body.slice(match.index, match.index + 80)}`);
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`bare & in ${text.slice(0, 80)}`);
      // eslint-disable-next-line no-control-regex
      if (/[\x00-\x08\x0B\x0C\x0E-\x1F]/.test(text)) throw new Error(`control character in ${text.slice(0, 80)}`);
    } else if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${match.index}`);
    } else if (!selfClosing) {
      stack.push(name ?? "");
    }
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(" > ")}`);
}

async function packageOf(buffer: Buffer): Promise<JSZip> {
  return JSZip.loadAsync(buffer, { checkCRC32: true });
}

async function partOf(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`${path} missing`);
  return file.async("string");
}

/** A digest with `tasks` tasks of two targets each, and a report row and a note per target. */
function largeDigest(tasks: number): DigestContent {
  const base = dekadDigest();
  const [first] = base.tasks;
  const [row] = base.rows;
  if (!first || !row) throw new Error("fixture changed");
  const lights = ["green", "yellow", "red", "done", "none"] as const;
  const many = Array.from({ length: tasks }, (_, i) => ({
    ...first,
    key: `MS-${String(i + 1).padStart(4, "0")}`,
    targets: first.targets.map((target, j) => ({ ...target, light: lights[(i + j) % lights.length] ?? "none" })),
  }));
  return {
    ...base,
    tasks: many,
    notes: many.map((task, i) => ({
      taskKey: task.key,
      taskTitle: task.title,
      unitName: "省人力资源社会保障厅",
      problems: i % 2 === 0 ? `第${i}项：资金到位较慢\n需协调 "A&B" <紧急>` : "",
      coordination: "",
      nextSteps: "继续推进",
    })),
    rows: many.flatMap((task, i) =>
      task.targets.map((target, j) => ({
        ...row,
        taskKey: task.key,
        metric: target.metric,
        value: j === 0 ? i : null,
        submittedAt: i % 3 === 0 ? null : new Date(Date.UTC(2023, 0, 20, 8, i % 60)).toISOString(),
        late: i % 2 === 0,
        version: i % 4 === 0 ? null : 1 + (i % 3),
        progress: i % 5 === 0 ? "=SUM(A1:A2)" : `完成${i}`,
      })),
    ),
  };
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
      "| 1 | MS-03 稳就业 | 省人力资源社会保障厅 | 城镇新增就业 | 70万人 | 12.5万人 | 17.9% | 5% | 绿灯 |",
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
      "17.9%",
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

  it("lays the task table out as before: full width, bordered, a repeated shaded header, centred cells, lights", async () => {
    const xml = await documentXml(dekadDigest());
    assertWellFormed(xml);
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)?.[0] ?? "";
    expect(table).toContain('<w:tblW w:type="pct" w:w="5000"/>');
    expect(
      table.match(/<w:(top|left|bottom|right|insideH|insideV) w:val="single" w:color="808080" w:sz="4"\/>/g),
    ).toHaveLength(6);
    // Cell margins once for the table, not on each cell; the same 2pt/4pt padding as before.
    expect(table).toContain(
      '<w:tblCellMar><w:top w:type="dxa" w:w="40"/><w:left w:type="dxa" w:w="80"/><w:bottom w:type="dxa" w:w="40"/><w:right w:type="dxa" w:w="80"/></w:tblCellMar>',
    );
    expect(table).not.toContain("<w:tcMar>");
    // Nine equal columns over the text width of A4 less the 28 mm and 26 mm margins.
    expect(table.match(/<w:gridCol w:w="983"\/>/g)).toHaveLength(9);
    const rows = table.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
    expect(rows).toHaveLength(5);
    expect(rows[0]).toContain("<w:tblHeader/>");
    expect(rows[0]?.match(/<w:shd w:fill="D9D9D9" w:color="auto" w:val="clear"\/>/g)).toHaveLength(9);
    expect(rows[0]?.match(/<w:rPr><w:b\/><w:bCs\/><w:sz w:val="21"\/><w:szCs w:val="21"\/><\/w:rPr>/g)).toHaveLength(9);
    const cells = table.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? [];
    expect(cells).toHaveLength(45);
    for (const cell of cells) expect(cell).toContain('<w:vAlign w:val="center"/>');
    // The light column is shaded by light: 绿灯 green, 黄灯 yellow, 无数据 left white.
    const lightCell = (row: string | undefined) => row?.match(/<w:tc>[\s\S]*?<\/w:tc>/g)?.at(-1) ?? "";
    expect(lightCell(rows[1])).toContain('w:fill="C6EFCE"');
    expect(lightCell(rows[3])).toContain('w:fill="FFEB9C"');
    expect(lightCell(rows[4])).not.toContain("w:fill");
    // Table text at 10.5pt.
    expect(rows[1]).toContain(
      '<w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr><w:t xml:space="preserve">MS-03 稳就业</w:t>',
    );
  });

  it("keeps the page, the title's and headings' fonts, and the package around the body", async () => {
    const buffer = await digestToDocx(dekadDigest());
    const zip = await packageOf(buffer);
    const xml = await partOf(zip, "word/document.xml");
    expect(xml).toContain(
      '<w:sectPr><w:pgSz w:w="11905" w:h="16837" w:orient="portrait"/><w:pgMar w:top="2097" w:right="1474" w:bottom="1984" w:left="1587"',
    );
    expect(xml).toContain(
      '<w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/><w:b/><w:bCs/><w:sz w:val="44"/>',
    );
    expect(xml).toContain('<w:rFonts w:ascii="Times New Roman" w:eastAsia="黑体" w:hAnsi="Times New Roman"/>');
    // docx still writes the styles (body text 仿宋 16pt), the properties and the relationships.
    const styles = await partOf(zip, "word/styles.xml");
    expect(styles).toContain('w:eastAsia="仿宋"');
    expect(styles).toContain('<w:sz w:val="32"/>');
    const core = await partOf(zip, "docProps/core.xml");
    expect(core).toContain("<dc:title>省打好重点民生保障仗工作专班 2023年1月中旬 旬简报</dc:title>");
    expect(core).toContain("<dc:creator>省打好重点民生保障仗工作专班</dc:creator>");
    expect(await partOf(zip, "[Content_Types].xml")).toContain('PartName="/word/document.xml"');
    expect(await partOf(zip, "word/_rels/document.xml.rels")).toContain('Target="styles.xml"');
  });

  it("writes line breaks as breaks, escapes quotes and ampersands, and drops characters XML cannot hold", async () => {
    const content = dekadDigest();
    const [note] = content.notes;
    if (!note) throw new Error("fixture changed");
    note.problems = '第一行\r\n"A&B" \u0001第二行\n第三行';
    const xml = await documentXml(content);
    assertWellFormed(xml);
    expect(xml).toContain(
      '<w:r><w:t xml:space="preserve">第一行</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">&quot;A&amp;B&quot; 第二行</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">第三行</w:t></w:r>',
    );
    expect(paragraphs(xml)).toContain('2. MS-05 兜牢基本民生底线（省民政厅）：第一行"A&B" 第二行第三行');
  });

  it("writes a large digest whole: every target a row, merged by task, every note a paragraph", async () => {
    const content = largeDigest(1_000);
    const xml = await documentXml(content);
    assertWellFormed(xml);
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)?.[0] ?? "";
    expect(table.match(/<w:tr>/g)).toHaveLength(1 + 2_000);
    expect(table.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(3 * 1_000);
    expect(table.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(3 * 1_000);
    for (const fill of ["C6EFCE", "FFEB9C", "FFC7CE", "BDD7EE"]) {
      expect(table.match(new RegExp(`w:fill="${fill}"`, "g"))).toHaveLength(400);
    }
    const text = paragraphs(xml);
    expect(text).toContain("1000");
    expect(text).toContain('500. MS-0999 稳就业（省人力资源社会保障厅）：第998项：资金到位较慢需协调 "A&B" <紧急>');
    expect(text.filter((p) => p.endsWith("：继续推进"))).toHaveLength(1_000);
  }, 60_000);
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
      // The sheet shows 补报 as its flag; the timeliness word and the corrected mark are not columns.
      content.rows.map(({ timeliness: _t, corrected: _c, ...row }: DigestRow) => ({
        ...row,
        submittedAt: shanghai(row.submittedAt),
      })),
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
      ["名次", "单位", "应报", "按时", "补报", "未报"],
      [1, "省人力资源社会保障厅", 3, 3, 0, 0],
      [2, "省民政厅", 3, 2, 1, 0],
      [3, "省教育厅", 3, 0, 1, 2],
      [null, null, null, null, null, null],
      [expect.stringMatching(/^排名规则：/), null, null, null, null, null],
    ]);
    const quarter = await readWorkbook(await digestToXlsx(quarterDigest()));
    expect(sheetRows(quarter.getWorksheet("指标走势"))).toEqual([
      ["任务", "指标", "计量单位", "1月上旬", "1月中旬", "1月下旬"],
      ["MS-03", "城镇新增就业", "万人", 4, 12.5, null],
    ]);
  });

  it("styles the report sheet as before: shaded bold header, frozen and filtered, date format, fitted widths", async () => {
    const content = dekadDigest();
    const [first] = content.rows;
    if (!first) throw new Error("fixture changed");
    first.progress = `${"很长的进展说明".repeat(10)}\n第二行`;
    const buffer = await digestToXlsx(content);
    const workbook = await readWorkbook(buffer);
    expect(workbook.creator).toBe("省打好重点民生保障仗工作专班");
    expect(workbook.title).toBe("省打好重点民生保障仗工作专班 2023年1月中旬 旬简报");
    const sheet = workbook.getWorksheet("报送明细");
    if (!sheet) throw new Error("sheet missing");
    expect(sheet.views).toMatchObject([{ state: "frozen", ySplit: 1 }]);
    expect(sheet.autoFilter).toEqual("A1:O1");
    for (let c = 1; c <= ROW_COLUMNS.length; c++) {
      const cell = sheet.getRow(1).getCell(c);
      expect(cell.font).toMatchObject({ bold: true });
      expect(cell.fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } });
    }
    const submitted = ROW_COLUMNS.findIndex((column) => column.field === "submittedAt") + 1;
    expect(sheet.getColumn(submitted).width).toBe(18);
    expect(sheet.getRow(2).getCell(submitted).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(sheet.getRow(2).getCell(submitted).type).toBe(ExcelJS.ValueType.Date);
    // Widths from the widest cell, CJK counting double: 任务编号 is 8 wide, MS-03 5; plus 2.
    expect(sheet.getColumn(1).width).toBe(10);
    expect(sheet.getColumn(3).width).toBe(22);
    // Wider than 60: capped, and the column's text wraps, its data cells included.
    const progress = ROW_COLUMNS.findIndex((column) => column.field === "progress") + 1;
    expect(sheet.getColumn(progress).width).toBe(60);
    expect(sheet.getRow(2).getCell(progress).alignment).toMatchObject({ wrapText: true, vertical: "top" });
    expect(sheet.getRow(3).getCell(progress).alignment).toMatchObject({ wrapText: true, vertical: "top" });
    expect(sheet.getRow(3).getCell(1).alignment).toBeUndefined();
    // Every part of the package checks out, and XML parts are well-formed.
    const zip = await packageOf(buffer);
    for (const path of Object.keys(zip.files).filter((name) => name.endsWith(".xml"))) {
      assertWellFormed(await partOf(zip, path));
    }
  });

  it("writes a large digest whole: every row with its values, types and local times", async () => {
    const content = largeDigest(1_000);
    const workbook = await readWorkbook(await digestToXlsx(content, { timeZone: "America/New_York" }));
    const [header, ...rows] = sheetRows(workbook.getWorksheet("报送明细"));
    expect(header?.[0]).toBe("任务编号");
    const field = (name: (typeof ROW_COLUMNS)[number]["field"]) => ROW_COLUMNS.findIndex((c) => c.field === name);
    const readBack = rows.map((cells) => {
      const submitted = cells[field("submittedAt")];
      return [
        cells[field("taskKey")],
        cells[field("value")],
        cells[field("version")],
        cells[field("late")],
        cells[field("progress")],
        submitted instanceof Date ? submitted.toISOString().slice(0, 16) : submitted,
      ];
    });
    expect(readBack).toEqual(
      content.rows.map((row) => [
        row.taskKey,
        row.value,
        row.version,
        row.late ? "是" : "否",
        row.progress,
        // 08:mm UTC on 20 January is 03:mm in New York (EST, UTC-5).
        row.submittedAt === null ? null : `2023-01-20T03:${row.submittedAt.slice(14, 16)}`,
      ]),
    );
    const sheet = workbook.getWorksheet("报送明细");
    expect(sheet?.getRow(2).getCell(field("progress") + 1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet?.getRow(2_001).getCell(field("submittedAt") + 1).numFmt).toBe("yyyy-mm-dd hh:mm");
  }, 60_000);

  it("names sheets and headers in English for an English digest", async () => {
    const workbook = await readWorkbook(await digestToXlsx({ ...dekadDigest(), locale: "en" }));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Reports", "Summary", "Missing units"]);
    expect(sheetRows(workbook.getWorksheet("Reports"))[0]?.slice(0, 3)).toEqual(["Task key", "Task", "Reporting unit"]);
  });
});
