import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";

import type { Light } from "../../core/chat/outbound.js";
import type { DigestContent } from "../../core/digest/digest-content.js";
import { digestT, type DigestRenderOptions, type DigestT } from "../digest-text.js";
import { buildBriefing, type Briefing, type BriefingSection } from "./briefing.js";

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

const LIGHT_FILL: Record<Light, string | undefined> = {
  green: "C6EFCE",
  yellow: "FFEB9C",
  red: "FFC7CE",
  done: "BDD7EE",
  none: undefined,
};

/** A digest as a Word briefing (title, date line, numbered sections, task table, problems), as .docx bytes. */
export async function digestToDocx(content: DigestContent, options: DigestRenderOptions = {}): Promise<Buffer> {
  const briefing = buildBriefing(content, options);
  const document = new Document({
    title: briefing.title,
    creator: content.group.name,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        children: briefingChildren(briefing, digestT(content)),
      },
    ],
  });
  return Packer.toBuffer(document);
}

function briefingChildren(briefing: Briefing, t: DigestT): (Paragraph | Table)[] {
  // `label：` in Chinese, `label: ` in English: the catalogue's field pattern with an empty value.
  const labelOf = (label: string) => t("plain.field", { label, value: "" });
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: briefing.title, bold: true, size: TITLE_SIZE, font: TITLE_FONT })],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(briefing.dateLine)] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: briefing.periodLine, size: 24 })],
    }),
  ];
  for (const section of briefing.sections) children.push(...sectionChildren(section, labelOf));
  return children;
}

function sectionChildren(section: BriefingSection, labelOf: (label: string) => string): (Paragraph | Table)[] {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      spacing: { before: 240, after: 120 },
      indent: { firstLine: FIRST_LINE_INDENT },
      children: [new TextRun({ text: section.number + section.heading, font: HEADING_FONT })],
    }),
  ];
  for (const paragraph of section.paragraphs) {
    children.push(new Paragraph({ indent: { firstLine: FIRST_LINE_INDENT }, children: lines(paragraph) }));
  }
  section.items.forEach((item, index) => {
    children.push(
      new Paragraph({
        indent: { firstLine: FIRST_LINE_INDENT },
        children: [new TextRun({ text: `${index + 1}. ${labelOf(item.label)}`, bold: true }), ...lines(item.text)],
      }),
    );
  });
  if (section.table) children.push(table(section.table));
  return children;
}

/** Text runs for a possibly multi-line string: each line after the first starts with a line break. */
function lines(text: string, size?: number): TextRun[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined, size }));
}

/** The task table's number, task and lead unit columns, written once per task. */
const MERGED_TASK_COLUMNS = 3;

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "808080" };

function table(data: NonNullable<BriefingSection["table"]>): Table {
  const cell = (text: string, fill?: string, bold = false, rowSpan?: number) =>
    new TableCell({
      rowSpan: rowSpan !== undefined && rowSpan > 1 ? rowSpan : undefined,
      verticalAlign: VerticalAlignTable.CENTER,
      shading: fill ? { type: ShadingType.CLEAR, fill, color: "auto" } : undefined,
      margins: { left: 80, right: 80, top: 40, bottom: 40 },
      children: [
        new Paragraph({ children: bold ? [new TextRun({ text, bold, size: TABLE_SIZE })] : lines(text, TABLE_SIZE) }),
      ],
    });
  const lightColumn = data.lights ? data.columns.length - 1 : -1;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [
      new TableRow({ tableHeader: true, children: data.columns.map((column) => cell(column, "D9D9D9", true)) }),
      ...data.rows.map(
        (row, r) =>
          new TableRow({
            children: data.columns.flatMap((_, c) => {
              // A task's number, title and lead units span all its target rows.
              const span = c < MERGED_TASK_COLUMNS ? data.taskRowSpan?.[r] : undefined;
              if (span === 0) return [];
              const light = c === lightColumn ? data.lights?.[r] : undefined;
              return [cell(row[c] ?? "", light ? LIGHT_FILL[light] : undefined, false, span)];
            }),
          }),
      ),
    ],
  });
}
