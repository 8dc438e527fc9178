import { convertMillimetersToTwip } from "docx";

import type { Light } from "../../core/chat/outbound.js";
import type { DigestContent } from "../../core/digest/digest-content.js";
import { startCharts } from "../charts/index.js";
import { digestT, type DigestT } from "../digest-text.js";
import {
  buildBriefing,
  type Briefing,
  type BriefingChart,
  type BriefingOptions,
  type BriefingPart,
  type BriefingTable,
} from "./briefing.js";
import { briefingPackage } from "./docx-package.js";
import {
  cellXml,
  documentXmlAround,
  landscape,
  paragraphWriter,
  ROW_END,
  rowStartXml,
  runWriter,
  sectionBreakXml,
  sectionPropertiesXml,
  TABLE_END,
  tableStartXml,
  type Fonts,
  type PageLayout,
} from "./wordml.js";
import { ChunkedDeflate, type DeflatedContent } from "./chunked-deflate.js";
import { replaceZipEntries, type StoredContent } from "./zip-replace.js";

// Sizes are in half-points. The layout follows the government document (GB/T 9704): A4 with its
// margins, 仿宋 三号 body text, 黑体 first-level and 楷体 second-level headings, a red masthead and
// red rule, page numbers as — 1 — in the footer, and the closing block (版记) at the end.
const font = (eastAsia: string): Fonts => ({ ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia });
const BODY_FONT = font("仿宋");
const HEADING_FONT = font("黑体");
const SUBHEADING_FONT = font("楷体");
const TITLE_FONT = font("宋体");
const MASTHEAD_FONT = font("方正小标宋简体");
const PAGE_NUMBER_FONT = font("宋体");
const RED = "E60012";
const MASTHEAD_SIZE = 84; // 初号
const MASTHEAD_GROUP_SIZE = 36; // 小二
const TITLE_SIZE = 44; // 二号
const BODY_SIZE = 32; // 三号
const CLOSING_SIZE = 28; // 四号
const TABLE_SIZE = 21; // 五号
const CAPTION_SIZE = 24; // 小四
/** Two characters of 16pt body text, in twips. */
const FIRST_LINE_INDENT = 640;
/** A chart's width on the page, in CSS pixels (15.3 cm: the text width less a little). */
const PICTURE_WIDTH = 580;

const PAGE: PageLayout = {
  width: convertMillimetersToTwip(210),
  height: convertMillimetersToTwip(297),
  margin: {
    top: convertMillimetersToTwip(37),
    bottom: convertMillimetersToTwip(35),
    left: convertMillimetersToTwip(28),
    right: convertMillimetersToTwip(26),
  },
};
const textWidth = (page: PageLayout) => page.width - page.margin.left - page.margin.right;

const LIGHT_FILL: Record<Light, string | undefined> = {
  green: "C6EFCE",
  yellow: "FFEB9C",
  red: "FFC7CE",
  done: "BDD7EE",
  none: undefined,
};
const HEADER_FILL = "D9D9D9";

// Paragraph and run styles, their markup written once.
const mastheadGroup = paragraphWriter({ align: "center", spacing: { before: 0, after: 0 } });
const mastheadKind = paragraphWriter({ align: "center", spacing: { after: 120 } });
const issueParagraph = paragraphWriter({ align: "center", spacing: { after: 120 } });
const issuerParagraph = paragraphWriter({
  spacing: { after: 480 },
  rightTab: textWidth(PAGE),
  borderBottom: { size: 18, color: RED },
});
const title = paragraphWriter({ align: "center", spacing: { after: 120 }, keepNext: true });
const centered = paragraphWriter({ align: "center", spacing: { after: 240 } });
const heading = paragraphWriter({
  spacing: { before: 240, after: 120 },
  firstLineIndent: FIRST_LINE_INDENT,
  keepNext: true,
});
const subheading = paragraphWriter({ firstLineIndent: FIRST_LINE_INDENT, keepNext: true });
const body = paragraphWriter({ firstLineIndent: FIRST_LINE_INDENT, align: "both" });
const picture = paragraphWriter({ align: "center", spacing: { before: 120 }, keepNext: true });
const caption = paragraphWriter({ align: "center", spacing: { after: 240 } });
const attachmentLabel = paragraphWriter({ keepNext: true });
const attachmentList = paragraphWriter({ spacing: { before: 480 } });
const attachmentItem = paragraphWriter({ firstLineIndent: 1600 });
const closingFirst = paragraphWriter({ spacing: { before: 960 }, borderTop: { size: 12, color: "000000" } });
const closingLine = paragraphWriter({});
const closingLast = paragraphWriter({ borderBottom: { size: 12, color: "000000" } });
const tableParagraph = paragraphWriter();
const centeredCell = paragraphWriter({ align: "center" });

const mastheadGroupRun = runWriter({ bold: true, size: MASTHEAD_GROUP_SIZE, font: MASTHEAD_FONT, color: RED });
const mastheadKindRun = runWriter({
  bold: true,
  size: MASTHEAD_SIZE,
  font: MASTHEAD_FONT,
  color: RED,
  characterSpacing: 600,
});
const titleRun = runWriter({ bold: true, size: TITLE_SIZE, font: TITLE_FONT });
const plainRun = runWriter();
const smallRun = runWriter({ size: CAPTION_SIZE });
const headingRun = runWriter({ font: HEADING_FONT });
const subheadingRun = runWriter({ font: SUBHEADING_FONT });
const boldRun = runWriter({ bold: true });
const closingRun = runWriter({ size: CLOSING_SIZE });
// 小四: a long office name and the date share one line.
const issuerRun = runWriter({ size: CAPTION_SIZE });
const tableRun = runWriter({ size: TABLE_SIZE });
const tableHeaderRun = runWriter({ bold: true, size: TABLE_SIZE });

const TAB = "<w:r><w:tab/></w:r>";

/**
 * A digest as a Word 简报, as .docx bytes: masthead with the issue number, the body with the progress
 * chart in 总体情况 and a one-line-per-task table, the per-target detail and the trends as
 * landscape attachments, page numbers in the footer and the closing block at the end.
 */
export async function digestToDocx(content: DigestContent, options: BriefingOptions = {}): Promise<Buffer> {
  const briefing = buildBriefing(content, options);
  const charts = chartsOf(briefing);
  // The charts are drawn in worker threads while the body is written: on two cores they take about
  // as long as the body of a large group's 简报 (bench/, item 4). Their sizes are known at once.
  const drawing = await startCharts(charts.map((chart) => chart.data));
  const pkg = await briefingPackage({
    title: `${briefing.masthead.group} ${briefing.masthead.kind} ${briefing.issueLine}`,
    creator: content.group.name,
    bodyFont: BODY_FONT,
    bodySize: BODY_SIZE,
    pageNumberFont: PAGE_NUMBER_FONT,
    pageNumberSize: CLOSING_SIZE,
    pictures: charts.map((chart, index) => {
      const { width, height } = drawing.svgs[index]!;
      return {
        width: PICTURE_WIDTH,
        height: Math.round((PICTURE_WIDTH * height) / width),
        name: chart.name,
        alt: chart.alt,
      };
    }),
  });
  const drawings = new Map(charts.map((chart, index) => [chart, pkg.drawings[index] ?? ""]));
  const section = (page: PageLayout) => sectionPropertiesXml(page, pkg.footerReference, 992);

  // word/document.xml, compressed piece by piece in worker threads as it is written.
  const xml = new ChunkedDeflate();
  const [documentStart, documentEnd] = documentXmlAround(pkg.documentOpen);
  xml.write(documentStart);
  xml.write(mastheadXml(briefing));
  xml.write(title(titleRun.run(briefing.title)));
  xml.write(centered(smallRun.run(briefing.periodLine)));
  const write = partWriter(digestT(content), drawings, (text) => xml.write(text));
  for (const s of briefing.sections) {
    xml.write(heading(headingRun.run(s.number + s.heading)));
    for (const part of s.parts) write(part, PAGE);
  }
  if (briefing.attachmentList.length > 0) {
    const [first, ...more] = briefing.attachmentList;
    xml.write(attachmentList(plainRun.run(briefing.attachmentsLabel + (first ?? ""))));
    for (const item of more) xml.write(attachmentItem(plainRun.run(item)));
  }
  let page = PAGE;
  for (const attachment of briefing.attachments) {
    xml.write(sectionBreakXml(section(page)));
    page = attachment.landscape ? landscape(PAGE) : PAGE;
    xml.write(attachmentLabel(headingRun.run(attachment.label)) + title(titleRun.run(attachment.title)));
    for (const part of attachment.parts) write(part, page);
  }
  xml.write(closingXml(briefing));
  xml.write(section(page));
  xml.write(documentEnd);

  const [document, pictures] = await Promise.all([xml.finish(), drawing.pictures]);
  const entries = new Map<string, DeflatedContent | StoredContent>([["word/document.xml", document]]);
  pkg.media.forEach((name, index) => entries.set(name, { stored: pictures[index]!.png }));
  return replaceZipEntries(pkg.zip, entries);
}

function chartsOf(briefing: Briefing): BriefingChart[] {
  const all = [...briefing.sections.flatMap((s) => s.parts), ...briefing.attachments.flatMap((a) => a.parts)];
  return all.flatMap((part) => (part.kind === "chart" ? [part.chart] : []));
}

/** 报头: the group and 简报 in red, 第N期, then the issuing office and the date over the red rule. */
function mastheadXml(briefing: Briefing): string {
  return (
    mastheadGroup(mastheadGroupRun.run(briefing.masthead.group)) +
    mastheadKind(mastheadKindRun.run(briefing.masthead.kind)) +
    issueParagraph(plainRun.run(briefing.issueLine)) +
    issuerParagraph(issuerRun.run(briefing.issuer) + TAB + issuerRun.run(briefing.date))
  );
}

/** 版记: 报送 and 抄送 between rules, and the office and date it was issued. */
function closingXml(briefing: Briefing): string {
  return (
    closingFirst(closingRun.run(briefing.closing.sendTo)) +
    closingLine(closingRun.run(briefing.closing.copyTo)) +
    closingLast(closingRun.run(briefing.closing.printed))
  );
}

/** Writes a part's XML to `out` (a table row by row: a large group's tables are megabytes). */
function partWriter(t: DigestT, drawings: ReadonlyMap<BriefingChart, string>, out: (xml: string) => void) {
  // `label：` in Chinese, `label: ` in English: the catalogue's field pattern with an empty value.
  const labelOf = (label: string) => t("plain.field", { label, value: "" });
  const xmlOf = (part: Exclude<BriefingPart, { kind: "table" }>): string => {
    switch (part.kind) {
      case "paragraph":
        return body(plainRun.lines(part.text));
      case "subheading":
        return subheading(subheadingRun.run(part.text));
      case "items":
        return part.items
          .map((item, index) => body(boldRun.run(`${index + 1}. ${labelOf(item.label)}`) + plainRun.lines(item.text)))
          .join("");
      case "chart":
        return picture(`<w:r>${drawings.get(part.chart) ?? ""}</w:r>`) + caption(smallRun.run(part.chart.caption));
    }
  };
  return (part: BriefingPart, page: PageLayout): void => {
    if (part.kind === "table") tableXml(part.table, page, out);
    else out(xmlOf(part));
  };
}

/** The task table's number, task and lead unit columns, written once per task. */
const MERGED_TASK_COLUMNS = 3;

function tableXml(data: BriefingTable, page: PageLayout, out: (xml: string) => void): void {
  let header =
    tableStartXml({
      textWidth: textWidth(page),
      columnCount: data.columns.length,
      widths: data.widths,
      border: { size: 4, color: "808080" },
      cellMargins: { top: 40, left: 80, bottom: 40, right: 80 },
    }) + rowStartXml(true, true);
  for (const column of data.columns) header += cellXml({ fill: HEADER_FILL }, centeredCell(tableHeaderRun.run(column)));
  out(header + ROW_END);
  const lightColumn = data.lights ? data.columns.length - 1 : -1;
  const rowStart = rowStartXml(false, true);
  data.rows.forEach((row, r) => {
    let xml = rowStart;
    // A task's number, title and lead units span all its target rows.
    const span = data.taskRowSpan?.[r];
    for (let c = 0; c < data.columns.length; c++) {
      const merged = c < MERGED_TASK_COLUMNS && span !== undefined;
      if (merged && span === 0) {
        xml += cellXml({ merge: "continue" }, "<w:p/>");
        continue;
      }
      const light = c === lightColumn ? data.lights?.[r] : undefined;
      const merge = merged && span > 1 ? "restart" : undefined;
      xml += cellXml(
        { fill: light ? LIGHT_FILL[light] : undefined, merge },
        tableParagraph(tableRun.lines(row[c] ?? "")),
      );
    }
    out(xml + ROW_END);
  });
  out(TABLE_END);
}
