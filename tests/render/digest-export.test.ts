import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";

import type { DigestContent, DigestRow } from "../../src/core/digest/digest-content.js";
import { renderChart } from "../../src/render/charts/index.js";
import type { BriefingOptions } from "../../src/render/export/briefing.js";
import { digestToDocx } from "../../src/render/export/digest-docx.js";
import { digestToMarkdown } from "../../src/render/export/digest-markdown.js";
import { digestToXlsx, ROW_COLUMNS } from "../../src/render/export/digest-xlsx.js";
import { dekadDigest, INJECTION, monthDigest, quarterDigest } from "./fixtures.js";

async function documentXml(content: DigestContent, options: BriefingOptions = {}): Promise<string> {
  const buffer = await digestToDocx(content, options);
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

/** The 灯号 cells' text, back to the light it names. */
const LIGHT_NAMES: Record<string, string> = {
  绿灯: "green",
  黄灯: "yellow",
  红灯: "red",
  已完成: "done",
  无数据: "none",
};

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
  it("lays the digest out as a 简报: masthead lines, numbered sections, attachments and the closing lines", () => {
    const md = digestToMarkdown(monthDigest(), { issue: { number: 3, updated: false } });
    const lines = md.split("\n").filter((line) => line !== "");
    expect(lines.slice(0, 6)).toEqual([
      "# 省打好重点民生保障仗工作专班 通报",
      "第3期",
      "编发单位：省打好重点民生保障仗工作专班办公室　　2023年1月21日",
      "---",
      "**2023年1月工作推进情况**",
      "报送期间：2023-01-01 至 2023-01-31；报送截止：2023-01-20 17:00",
    ]);
    expect(lines.filter((line) => line.startsWith("## "))).toEqual([
      "## 一、总体情况",
      "## 二、进展情况",
      "## 三、存在问题和需协调事项",
      "## 四、下步工作",
      "## 五、未报单位",
      "## 六、报送及时性排名",
      "## 附件1　各任务指标明细表",
    ]);
    // The body's table: one line per task, what fits across a page.
    expect(md).toContain("| 序号 | 任务 | 牵头单位 | 完成率 | 时序进度 | 灯号 |");
    expect(md).toContain("| 2 | MS-05 兜牢基本民生底线 | 省民政厅 | 2.5% | 30% | 黄灯 |");
    // The attachment: one row per target; the second target of a task does not repeat the task.
    expect(md).toContain("| 序号 | 任务 | 牵头单位 | 指标 | 目标 | 完成 | 完成率 | 时序进度 | 灯号 |");
    expect(md).toContain(
      "| 1 | MS-03 稳就业 | 省人力资源社会保障厅 | 城镇新增就业 | 70万人 | 12.5万人 | 17.9% | 5% | 绿灯 |",
    );
    expect(md).toContain("|  |  |  | 城镇调查失业率 | ≤5.5% | 5.2% | 100% | 5% | 绿灯 |");
    expect(md).toContain("排名规则：");
    expect(lines.slice(-3)).toEqual([
      "报送：专班召集人、副召集人\\",
      "抄送：专班各成员单位\\",
      "省打好重点民生保障仗工作专班办公室　　2023年1月21日印发",
    ]);
    expect(md.endsWith("\n")).toBe(true);
  });

  it("shows each chart as its .svg file with the alt text, or as the alt text without files", () => {
    const withFiles = digestToMarkdown(dekadDigest(), { chartFileBase: "minsheng-2023-01-X2" });
    expect(withFiles).toMatch(
      /!\[图：2023年1月中旬各任务完成率与时序进度。MS-03 稳就业，完成率 17\.9%，时序进度 5%，绿灯；[^\]]*\]\(minsheng-2023-01-X2-progress\.svg\)/,
    );
    expect(withFiles).toContain("图1　2023年1月中旬各任务完成率与时序进度");
    const plain = digestToMarkdown(dekadDigest());
    expect(plain).not.toContain(".svg");
    expect(plain).toContain("图：2023年1月中旬各任务完成率与时序进度。MS-03 稳就业，完成率 17.9%");
  });

  it("escapes user text", () => {
    const md = digestToMarkdown(dekadDigest());
    expect(md).not.toContain("<script>");
    expect(md).toContain(
      "1. **MS-03 稳就业（省人力资源社会保障厅）**：\\<script\\>alert(1)\\</script\\> \\*bold\\* \\<@U123\\> a\\|b",
    );
  });

  it("numbers sections 1. 2. in English and puts the trend table in an attachment of a 季总结", () => {
    const md = digestToMarkdown({ ...quarterDigest(), locale: "en" }, { issue: { number: 1, updated: true } });
    expect(md).toContain("No. 1 (updated)");
    expect(md.split("\n").filter((line) => line.startsWith("## "))).toEqual([
      "## 1. Overview",
      "## 2. Progress",
      "## 3. Problems and coordination requests",
      "## 4. Next steps",
      "## 5. Units not reported",
      "## Attachment 1　Targets of each task",
      "## Attachment 2　Indicator trends",
    ]);
    expect(md).toContain("| MS-03 | 城镇新增就业 | 万人 | 4 | 12.5 | — |");
  });
});

/** The first table of document.xml after the paragraph holding `marker`. */
function tableAfter(xml: string, marker: string): string {
  const at = xml.indexOf(marker);
  if (at < 0) throw new Error(`${marker} missing`);
  return /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml.slice(at))?.[0] ?? "";
}

describe("digestToDocx", () => {
  // The first chart loads ECharts, resvg and the font: seconds under vitest's transform on a busy
  // machine, so one PNG is drawn before the tests (an SVG alone left the font to the first test).
  beforeAll(() => renderChart({ kind: "lights", title: "灯号", slices: [] }), 60_000);

  it("opens with the red masthead, the issue number, the issuing office and date over a red rule", async () => {
    const buffer = await digestToDocx(monthDigest(), { issue: { number: 3, updated: true } });
    const xml = await partOf(await packageOf(buffer), "word/document.xml");
    const text = paragraphs(xml);
    expect(text.slice(0, 6)).toEqual([
      "省打好重点民生保障仗工作专班",
      "通报",
      "第3期（更新）",
      "编发单位：省打好重点民生保障仗工作专班办公室2023年1月21日",
      "2023年1月工作推进情况",
      "报送期间：2023-01-01 至 2023-01-31；报送截止：2023-01-20 17:00",
    ]);
    const masthead = [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].slice(0, 4).map((m) => m[0]);
    expect(masthead[0]).toContain('<w:color w:val="E60012"/>');
    expect(masthead[1]).toContain('<w:color w:val="E60012"/>');
    expect(masthead[1]).toContain('<w:sz w:val="84"/>');
    // The office on the left, the date at a right tab, the red rule under them.
    expect(masthead[3]).toContain('<w:tab w:val="right"');
    expect(masthead[3]).toContain('<w:bottom w:val="single" w:color="E60012"');
    expect(text.filter((p) => /^[一二三四五六七八九十]+、/.test(p))).toEqual([
      "一、总体情况",
      "二、进展情况",
      "三、存在问题和需协调事项",
      "四、下步工作",
      "五、未报单位",
      "六、报送及时性排名",
    ]);
    expect(text).toContain("1. 省教育厅：MS-07");
    expect(text).toContain("2. MS-05 兜牢基本民生底线（省民政厅）：资金拨付偏慢");
    expect(text.slice(-3)).toEqual([
      "报送：专班召集人、副召集人",
      "抄送：专班各成员单位",
      "省打好重点民生保障仗工作专班办公室　　2023年1月21日印发",
    ]);
  });

  it("takes the issuing office and the closing block's lines from the options", async () => {
    const xml = await documentXml(dekadDigest(), {
      office: "民生专班办",
      sendTo: "省委、省政府领导",
      copyTo: "各市州",
    });
    const text = paragraphs(xml);
    expect(text[3]).toBe("编发单位：民生专班办2023年1月21日");
    expect(text.slice(-3)).toEqual(["报送：省委、省政府领导", "抄送：各市州", "民生专班办　　2023年1月21日印发"]);
    expect(text[2]).toBe("（未编期号）");
  });

  it("has page numbers in the footer, a PAGE field, and the charts as PNG image parts with their alt texts", async () => {
    const zip = await packageOf(await digestToDocx(monthDigest()));
    const xml = await partOf(zip, "word/document.xml");
    const footers = Object.keys(zip.files).filter((name) => /^word\/footer\d*\.xml$/.test(name));
    expect(footers).toHaveLength(1);
    const footer = await partOf(zip, footers[0] ?? "");
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    // — 1 —: the dashes around the field, whose result Word fills in on each page.
    expect(paragraphs(footer).join("")).toBe("—  —");
    // Every section (the portrait body, the landscape attachment) shows that footer.
    const sections = xml.match(/<w:sectPr>[\s\S]*?<\/w:sectPr>/g) ?? [];
    expect(sections).toHaveLength(2);
    for (const section of sections) expect(section).toContain("<w:footerReference");
    expect(sections[1]).toContain('w:orient="landscape"');
    // Two charts (progress in 总体情况, the ranking): two PNG media parts, two drawings with alt texts.
    const media = Object.keys(zip.files).filter((name) => name.startsWith("word/media/"));
    expect(media).toHaveLength(2);
    for (const name of media) {
      const png = await zip.file(name)?.async("nodebuffer");
      expect(png?.subarray(1, 4).toString("latin1")).toBe("PNG");
    }
    expect(await partOf(zip, "[Content_Types].xml")).toContain('Extension="png"');
    const drawings = xml.match(/<w:drawing>[\s\S]*?<\/w:drawing>/g) ?? [];
    expect(drawings).toHaveLength(2);
    expect(drawings[0]).toContain('descr="图：2023年1月各任务完成率与时序进度。MS-03 稳就业，完成率 17.9%');
    const text = paragraphs(xml);
    expect(text).toContain("图1　2023年1月各任务完成率与时序进度");
    expect(text.indexOf("图1　2023年1月各任务完成率与时序进度")).toBeLessThan(text.indexOf("二、进展情况"));
  });

  it("keeps headings with what follows and never splits a table row across pages", async () => {
    const xml = await documentXml(dekadDigest());
    const headings = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)]
      .map((m) => m[0])
      .filter((p) => /[一二三四五]、/.test(paragraphs(p).join("")));
    expect(headings).toHaveLength(5);
    for (const heading of headings) expect(heading).toContain("<w:keepNext/>");
    const rows = tableAfter(xml, "二、进展情况").match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
    for (const row of rows) expect(row).toContain("<w:cantSplit/>");
  });

  it("has a summary table of one line per task that fits the page, and the targets in the attachment", async () => {
    const xml = await documentXml(dekadDigest());
    assertWellFormed(xml);
    const summary = tableAfter(xml, "二、进展情况");
    const text = paragraphs(summary);
    expect(text.slice(0, 12)).toEqual([
      "序号",
      "任务",
      "牵头单位",
      "完成率",
      "时序进度",
      "灯号",
      "1",
      "MS-03 稳就业",
      "省人力资源社会保障厅",
      "17.9%",
      "5%",
      "绿灯",
    ]);
    expect(summary.match(/<w:tr>/g)).toHaveLength(1 + 3);
    // Fixed widths that add up to the text width (A4 less the 28 mm and 26 mm margins): the task
    // column gets the room, so titles do not wrap to two characters a line.
    expect(summary).toContain('<w:tblLayout w:type="fixed"/>');
    const grid = [...summary.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid).toHaveLength(6);
    expect(Math.abs(grid.reduce((a, b) => a + b, 0) - 8844)).toBeLessThanOrEqual(3);
    expect(grid[1]).toBeGreaterThan(3000);

    const detail = tableAfter(xml, "各任务指标明细表");
    const header = ["序号", "任务", "牵头单位", "指标", "目标", "完成", "完成率", "时序进度", "灯号"];
    expect(paragraphs(detail).slice(0, 9)).toEqual(header);
    expect(paragraphs(detail).slice(9, 18)).toEqual([
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
    expect(detail.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(3);
    // Shaded by light: 绿灯 green, 黄灯 yellow, 无数据 left white.
    const rows = detail.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
    const lightCell = (row: string | undefined) => row?.match(/<w:tc>[\s\S]*?<\/w:tc>/g)?.at(-1) ?? "";
    expect(lightCell(rows[1])).toContain('w:fill="C6EFCE"');
    expect(lightCell(rows[3])).toContain('w:fill="FFEB9C"');
    expect(lightCell(rows[4])).not.toContain("w:fill");
  });

  it("never breaks the title inside its date: the title is short, on a line of its own", async () => {
    const text = paragraphs(await documentXml(dekadDigest()));
    expect(text[4]).toBe("2023年1月中旬工作推进情况");
    // 二号 (22pt) on a 156 mm line holds 20 characters.
    expect([...(text[4] ?? "")].length).toBeLessThanOrEqual(20);
  });

  it("keeps the page, the fonts, and the package around the body", async () => {
    const buffer = await digestToDocx(dekadDigest());
    const zip = await packageOf(buffer);
    const xml = await partOf(zip, "word/document.xml");
    expect(xml).toMatch(
      /<w:pgSz w:w="11905" w:h="16837" w:orient="portrait"\/><w:pgMar w:top="2097" w:right="1474" w:bottom="1984" w:left="1587"/,
    );
    expect(xml).toContain(
      '<w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/><w:b/><w:bCs/><w:sz w:val="44"/>',
    );
    expect(xml).toContain('<w:rFonts w:ascii="Times New Roman" w:eastAsia="黑体" w:hAnsi="Times New Roman"/>');
    const styles = await partOf(zip, "word/styles.xml");
    expect(styles).toContain('w:eastAsia="仿宋"');
    expect(styles).toContain('<w:sz w:val="32"/>');
    const core = await partOf(zip, "docProps/core.xml");
    expect(core).toContain("<dc:title>省打好重点民生保障仗工作专班 简报 （未编期号）</dc:title>");
    expect(core).toContain("<dc:creator>省打好重点民生保障仗工作专班</dc:creator>");
    expect(await partOf(zip, "[Content_Types].xml")).toContain('PartName="/word/document.xml"');
    expect(await partOf(zip, "word/_rels/document.xml.rels")).toContain('Target="styles.xml"');
    for (const path of Object.keys(zip.files).filter((name) => name.endsWith(".xml"))) {
      assertWellFormed(await partOf(zip, path));
    }
  });

  it("keeps user text as text", async () => {
    const xml = await documentXml(dekadDigest());
    expect(xml).not.toContain("<script>");
    expect(paragraphs(xml)).toContain(`1. MS-03 稳就业（省人力资源社会保障厅）：${INJECTION}`);
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

  it("writes a large digest whole: a line per task in the body, every target a row of the attachment", async () => {
    const content = largeDigest(1_000);
    const xml = await documentXml(content);
    assertWellFormed(xml);
    expect(tableAfter(xml, "二、进展情况").match(/<w:tr>/g)).toHaveLength(1 + 1_000);
    const table = tableAfter(xml, "各任务指标明细表");
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
    // The chart shows the 30 tasks that need attention first, and says so.
    expect(text).toContain("图1　2023年1月中旬完成率与时序进度（共 1000 项，列出需关注的 30 项）");
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
      "完成率",
      "时序进度",
      "灯号",
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
        light: LIGHT_NAMES[String(row.light)],
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
    const column = (field: string) => ROW_COLUMNS.findIndex((c) => c.field === field) + 1;
    const progress = sheet?.getRow(4).getCell(column("progress"));
    expect(progress?.value).toBe("=1+1");
    expect(progress?.type).toBe(ExcelJS.ValueType.String);
    expect(sheet?.getRow(2).getCell(column("problems")).value).toBe(INJECTION);
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
    expect(sheetRows(month.getWorksheet("报送及时性排名"))).toEqual([
      ["名次", "单位", "应报", "按时", "补报", "未报", "得分"],
      [1, "省人力资源社会保障厅", 3, 3, 0, 0, 1],
      [2, "省民政厅", 3, 2, 1, 0, 2.5 / 3],
      [3, "省教育厅", 3, 0, 1, 2, 0.5 / 3],
      [null, null, null, null, null, null, null],
      // The rule on a line of its own, merged across the table (the merged cells read as the first).
      [expect.stringMatching(/^排名规则：/), ...Array.from({ length: 6 }, () => expect.stringMatching(/^排名规则：/))],
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
    expect(sheet.autoFilter).toEqual("A1:R1");
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
