import { convertMillimetersToTwip, Document, Packer } from "docx";

import type { Light } from "../../core/chat/outbound.js";
import type { DigestContent } from "../../core/digest/digest-content.js";
import { digestT, type DigestRenderOptions, type DigestT } from "../digest-text.js";
import { buildBriefing, type Briefing, type BriefingSection } from "./briefing.js";
import {
  cellXml,
  documentXml,
  paragraphWriter,
  ROW_END,
  rowStartXml,
  runWriter,
  TABLE_END,
  tableStartXml,
  type PageLayout,
  type TableLayout,
} from "./wordml.js";
import { replaceZipEntries } from "./zip-replace.js";

// Sizes are in half-points. The layout follows the usual government document (GB/T 9704) loosely:
// a bold title, 仿宋 body text at 三号 (16pt), 黑体 section headings, A4 with wide margins.
const BODY_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "仿宋" };
const HEADING_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体" };
const TITLE_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "宋体" };
const TITLE_SIZE = 44;
const BODY_SIZE = 32;
const TABLE_SIZE = 21;
/** Two characters of 16pt body text, in twips. */
const FIRST_LINE_INDENT = 640;

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

const LIGHT_FILL: Record<Light, string | undefined> = {
  green: "C6EFCE",
  yellow: "FFEB9C",
  red: "FFC7CE",
  done: "BDD7EE",
  none: undefined,
};
const HEADER_FILL = "D9D9D9";

// Paragraph and run styles, their markup written once.
const title = paragraphWriter({ align: "center", spacing: { after: 240 } });
const centered = paragraphWriter({ align: "center" });
const heading = paragraphWriter({ spacing: { before: 240, after: 120 }, firstLineIndent: FIRST_LINE_INDENT });
const body = paragraphWriter({ firstLineIndent: FIRST_LINE_INDENT });
const tableParagraph = paragraphWriter();
const titleRun = runWriter({ bold: true, size: TITLE_SIZE, font: TITLE_FONT });
const plainRun = runWriter();
const smallRun = runWriter({ size: 24 });
const headingRun = runWriter({ font: HEADING_FONT });
const boldRun = runWriter({ bold: true });
const tableRun = runWriter({ size: TABLE_SIZE });
const tableHeaderRun = runWriter({ bold: true, size: TABLE_SIZE });

/** A digest as a Word briefing (title, date line, numbered sections, task table, problems), as .docx bytes. */
export async function digestToDocx(content: DigestContent, options: DigestRenderOptions = {}): Promise<Buffer> {
  const briefing = buildBriefing(content, options);
  // docx writes the package (styles with the default fonts, properties, relationships) around an
  // empty body; the body, which holds everything of size, is written as text (see wordml.ts) and
  // compressed natively (see zip-replace.ts).
  const document = new Document({
    title: briefing.title,
    creator: content.group.name,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [{ children: [] }],
  });
  const xml = documentXml(briefingXml(briefing, digestT(content)), PAGE);
  return replaceZipEntries(await Packer.toBuffer(document), new Map([["word/document.xml", xml]]));
}

function briefingXml(briefing: Briefing, t: DigestT): string {
  // `label：` in Chinese, `label: ` in English: the catalogue's field pattern with an empty value.
  const labelOf = (label: string) => t("plain.field", { label, value: "" });
  const parts = [
    title(titleRun.run(briefing.title)),
    centered(plainRun.run(briefing.dateLine)),
    title(smallRun.run(briefing.periodLine)),
  ];
  for (const section of briefing.sections) parts.push(sectionXml(section, labelOf));
  return parts.join("");
}

function sectionXml(section: BriefingSection, labelOf: (label: string) => string): string {
  const parts = [heading(headingRun.run(section.number + section.heading))];
  for (const paragraph of section.paragraphs) parts.push(body(plainRun.lines(paragraph)));
  section.items.forEach((item, index) => {
    parts.push(body(boldRun.run(`${index + 1}. ${labelOf(item.label)}`) + plainRun.lines(item.text)));
  });
  if (section.table) parts.push(tableXml(section.table));
  if (section.tableNote) parts.push(body(plainRun.lines(section.tableNote)));
  return parts.join("");
}

/** The task table's number, task and lead unit columns, written once per task. */
const MERGED_TASK_COLUMNS = 3;

function tableXml(data: NonNullable<BriefingSection["table"]>): string {
  const layout: TableLayout = {
    textWidth: PAGE.width - PAGE.margin.left - PAGE.margin.right,
    columnCount: data.columns.length,
    border: { size: 4, color: "808080" },
    cellMargins: { top: 40, left: 80, bottom: 40, right: 80 },
  };
  const parts = [tableStartXml(layout), rowStartXml(true)];
  for (const column of data.columns)
    parts.push(cellXml({ fill: HEADER_FILL }, tableParagraph(tableHeaderRun.run(column))));
  parts.push(ROW_END);
  const lightColumn = data.lights ? data.columns.length - 1 : -1;
  data.rows.forEach((row, r) => {
    parts.push(rowStartXml(false));
    // A task's number, title and lead units span all its target rows.
    const span = data.taskRowSpan?.[r];
    for (let c = 0; c < data.columns.length; c++) {
      const merged = c < MERGED_TASK_COLUMNS && span !== undefined;
      if (merged && span === 0) {
        parts.push(cellXml({ merge: "continue" }, "<w:p/>"));
        continue;
      }
      const light = c === lightColumn ? data.lights?.[r] : undefined;
      const merge = merged && span > 1 ? "restart" : undefined;
      parts.push(
        cellXml({ fill: light ? LIGHT_FILL[light] : undefined, merge }, tableParagraph(tableRun.lines(row[c] ?? ""))),
      );
    }
    parts.push(ROW_END);
  });
  parts.push(TABLE_END);
  return parts.join("");
}
