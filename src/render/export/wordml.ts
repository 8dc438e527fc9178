/**
 * Just enough WordprocessingML (the XML inside a .docx) for a briefing: paragraphs of runs, and
 * tables with shaded and vertically merged cells, written straight to text.
 *
 * Why not docx's object model: it builds several objects per run, paragraph and cell and then walks
 * them twice (to an intermediate tree, then to text). A full-period 旬简报 has tens of thousands of
 * table cells and note paragraphs, and that tree took about 5 s per group; writing the same
 * elements as strings takes a small fraction of it. The markup written here is what docx 9 writes
 * for the same options, element for element, so Word shows the same document.
 */

export interface Fonts {
  ascii: string;
  hAnsi: string;
  eastAsia: string;
}

export interface RunStyle {
  bold?: boolean;
  /** In half-points. */
  size?: number;
  font?: Fonts;
  /** RRGGBB */
  color?: string;
  /** Extra space between characters, in twips (a masthead's 简  报). */
  characterSpacing?: number;
}

export interface ParagraphStyle {
  align?: "center" | "right" | "both";
  /** In twips. */
  spacing?: { before?: number; after?: number };
  /** In twips. */
  firstLineIndent?: number;
  /** Kept on the page of the paragraph that follows it (a heading never ends a page). */
  keepNext?: boolean;
  /** A rule under the paragraph (the masthead's red line) or over it (the closing block's lines). */
  borderBottom?: Border;
  borderTop?: Border;
  /** A right-aligned tab stop at this position, in twips (office left, date right on one line). */
  rightTab?: number;
}

/** Characters that XML 1.0 does not allow at all: dropped, as docx does. */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F]/;
// eslint-disable-next-line no-control-regex
const SPECIAL_ALL = /[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text or an attribute value escaped for XML; most text has nothing to escape, so test before replacing. */
export function escapeXml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (char) => ENTITIES[char] ?? "") : text;
}

function runPropertiesXml(style: RunStyle): string {
  let xml = "";
  if (style.font) {
    const { ascii, eastAsia, hAnsi } = style.font;
    xml += `<w:rFonts w:ascii="${escapeXml(ascii)}" w:eastAsia="${escapeXml(eastAsia)}" w:hAnsi="${escapeXml(hAnsi)}"/>`;
  }
  if (style.bold) xml += "<w:b/><w:bCs/>";
  if (style.color) xml += `<w:color w:val="${style.color}"/>`;
  if (style.characterSpacing !== undefined) xml += `<w:spacing w:val="${style.characterSpacing}"/>`;
  if (style.size !== undefined) xml += `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>`;
  return xml === "" ? "" : `<w:rPr>${xml}</w:rPr>`;
}

/**
 * A run factory for one style: the run properties are written once, not per run (a table of 40,000
 * cells shares three styles).
 */
export function runWriter(style: RunStyle = {}): {
  /** One run of text, after a line break when `lineBreak`. */
  run(text: string, lineBreak?: boolean): string;
  /** Runs for a possibly multi-line text: each line after the first starts with a line break. */
  lines(text: string): string;
} {
  const properties = runPropertiesXml(style);
  const run = (text: string, lineBreak = false) =>
    `<w:r>${properties}${lineBreak ? "<w:br/>" : ""}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
  return {
    run,
    lines(text) {
      if (!text.includes("\n") && !text.includes("\r")) return run(text);
      return text
        .replace(/\r\n?/g, "\n")
        .split("\n")
        .map((line, index) => run(line, index > 0))
        .join("");
    },
  };
}

/** A paragraph's properties, written once for all paragraphs of one style. */
export function paragraphWriter(style: ParagraphStyle = {}): (runs: string) => string {
  // Children of w:pPr in the order the schema requires.
  let xml = "";
  if (style.keepNext) xml += "<w:keepNext/><w:keepLines/>";
  if (style.borderTop || style.borderBottom) {
    const side = (name: string, border: Border | undefined) =>
      border ? `<w:${name} w:val="single" w:color="${border.color}" w:sz="${border.size}" w:space="1"/>` : "";
    xml += `<w:pBdr>${side("top", style.borderTop)}${side("bottom", style.borderBottom)}</w:pBdr>`;
  }
  if (style.rightTab !== undefined) xml += `<w:tabs><w:tab w:val="right" w:pos="${style.rightTab}"/></w:tabs>`;
  if (style.spacing) {
    const { before, after } = style.spacing;
    xml += `<w:spacing${after === undefined ? "" : ` w:after="${after}"`}${before === undefined ? "" : ` w:before="${before}"`}/>`;
  }
  if (style.firstLineIndent !== undefined) xml += `<w:ind w:firstLine="${style.firstLineIndent}"/>`;
  if (style.align) xml += `<w:jc w:val="${style.align}"/>`;
  const open = xml === "" ? "<w:p>" : `<w:p><w:pPr>${xml}</w:pPr>`;
  return (runs) => `${open}${runs}</w:p>`;
}

export interface Border {
  /** In eighths of a point. */
  size: number;
  /** RRGGBB */
  color: string;
}

export interface TableLayout {
  /** The width of the text area in twips: the table spans it. */
  textWidth: number;
  columnCount: number;
  /** Relative column widths; equal columns without. The layout is fixed: Word keeps these widths. */
  widths?: readonly number[];
  border: Border;
  /** Cell margins in twips, for every cell of the table. */
  cellMargins: { top: number; left: number; bottom: number; right: number };
}

/**
 * The opening of a full-width table with single borders: properties and column grid. Cell margins
 * are set once for the table rather than on each cell (what docx writes): the same layout in a
 * fraction of the markup.
 */
export function tableStartXml(layout: TableLayout): string {
  const { size, color } = layout.border;
  const border = (side: string) => `<w:${side} w:val="single" w:color="${color}" w:sz="${size}"/>`;
  const margin = (side: "top" | "left" | "bottom" | "right") =>
    `<w:${side} w:type="dxa" w:w="${layout.cellMargins[side]}"/>`;
  const weights = layout.widths ?? Array.from({ length: layout.columnCount }, () => 1);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const columns = weights
    .map((weight) => `<w:gridCol w:w="${Math.round((layout.textWidth * weight) / total)}"/>`)
    .join("");
  return (
    `<w:tbl><w:tblPr><w:tblW w:type="pct" w:w="5000"/>` +
    `<w:tblBorders>${["top", "left", "bottom", "right", "insideH", "insideV"].map(border).join("")}</w:tblBorders>` +
    (layout.widths ? `<w:tblLayout w:type="fixed"/>` : "") +
    `<w:tblCellMar>${margin("top")}${margin("left")}${margin("bottom")}${margin("right")}</w:tblCellMar>` +
    `</w:tblPr><w:tblGrid>${columns}</w:tblGrid>`
  );
}

export const TABLE_END = "</w:tbl>";

/**
 * A row's opening; a header row is repeated at the top of every page the table runs onto. With
 * `keepWhole` a row is never split across two pages.
 */
export function rowStartXml(header: boolean, keepWhole = false): string {
  if (keepWhole)
    return header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
  return header ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>";
}

export const ROW_END = "</w:tr>";

export interface CellStyle {
  /** Background, RRGGBB. */
  fill?: string;
  /** The first cell of a vertical merge, or one that it covers. */
  merge?: "restart" | "continue";
}

/** A vertically centred cell holding one paragraph (a merged-over cell holds an empty one). */
export function cellXml(style: CellStyle, paragraph: string): string {
  const merge = style.merge ? `<w:vMerge w:val="${style.merge}"/>` : "";
  const fill = style.fill ? `<w:shd w:fill="${style.fill}" w:color="auto" w:val="clear"/>` : "";
  return `<w:tc><w:tcPr>${merge}${fill}<w:vAlign w:val="center"/></w:tcPr>${paragraph}</w:tc>`;
}

export interface PageLayout {
  /** All in twips. */
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** The same page turned: for the wide tables of an attachment. */
export function landscape(page: PageLayout): PageLayout {
  const { top, right, bottom, left } = page.margin;
  return { width: page.height, height: page.width, margin: { top: left, right: top, bottom: right, left: bottom } };
}

/**
 * A section's page setup. `footer` is the footer part's relationship element
 * (`<w:footerReference w:type="default" r:id="…"/>`); `footerDistance` in twips from the page's foot.
 */
export function sectionPropertiesXml(page: PageLayout, footer = "", footerDistance = 708): string {
  const { top, right, bottom, left } = page.margin;
  const orient = page.width > page.height ? "landscape" : "portrait";
  return (
    `<w:sectPr>${footer}<w:pgSz w:w="${page.width}" w:h="${page.height}" w:orient="${orient}"/>` +
    `<w:pgMar w:top="${top}" w:right="${right}" w:bottom="${bottom}" w:left="${left}" w:header="708" w:footer="${footerDistance}" w:gutter="0"/>` +
    `<w:pgNumType/><w:docGrid w:linePitch="360"/></w:sectPr>`
  );
}

/** Ends a section (and its page setup) inside the body: the next section starts on a new page. */
export function sectionBreakXml(sectionProperties: string): string {
  return `<w:p><w:pPr>${sectionProperties}</w:pPr></w:p>`;
}

const DOCUMENT_OPEN =
  `<w:document xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
  `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`;

/**
 * word/document.xml around a body written in pieces: what comes before the body, and after it and
 * its last section's page setup. `open` is the root's opening tag when the body needs more
 * namespaces (drawings).
 */
export function documentXmlAround(open = DOCUMENT_OPEN): [string, string] {
  return [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${open}<w:body>`, "</w:body></w:document>"];
}
