import { Writable } from "node:stream";

import ExcelJS from "exceljs";

import type { DigestContent, DigestRow } from "../../core/digest/digest-content.js";
import {
  DEFAULT_TIME_ZONE,
  digestT,
  digestTitle,
  formatInstant,
  kindLabel,
  LIGHTS,
  lightLabel,
  timelinessTable,
  trendTable,
  type DigestRenderOptions,
  type DigestT,
} from "../digest-text.js";
import { displayWidth } from "../width.js";
import { wallClockMinute } from "./wall-clock.js";

/** The columns of the report sheet, in order: which field of a row, under which header. */
export const ROW_COLUMNS = [
  { field: "taskKey", header: "col.taskKey" },
  { field: "taskTitle", header: "col.taskTitle" },
  { field: "unitName", header: "col.unitName" },
  { field: "metric", header: "col.metric" },
  { field: "value", header: "col.value" },
  { field: "unitOfMeasure", header: "col.unitOfMeasure" },
  { field: "targetValue", header: "col.targetValue" },
  { field: "completion", header: "col.completion" },
  { field: "pace", header: "col.pace" },
  { field: "light", header: "col.light" },
  { field: "status", header: "col.status" },
  { field: "submittedAt", header: "col.submittedAt" },
  { field: "late", header: "col.lateFlag" },
  { field: "version", header: "col.version" },
  { field: "progress", header: "col.progressText" },
  { field: "problems", header: "col.problems" },
  { field: "nextSteps", header: "col.nextSteps" },
  { field: "coordination", header: "col.coordination" },
] as const satisfies readonly { field: keyof DigestRow; header: string }[];

/**
 * A digest as an Excel workbook: a sheet of every report row (header row, frozen and filtered), a
 * summary sheet, and the missing units, timeliness ranking and trends when there are any.
 * Submission times are real date cells showing the group's local time.
 *
 * Written with exceljs's streaming writer: each row is written out as it is added instead of kept
 * as cell objects until the end, and the package is compressed by Node's zlib rather than in
 * JavaScript. Streaming fixes the columns before the first row, so their widths are measured from
 * the values first (`columnWidths`).
 */
export async function digestToXlsx(content: DigestContent, options: DigestRenderOptions = {}): Promise<Buffer> {
  const t = digestT(content);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
    // Its default is the fastest level, a quarter larger than the files exceljs wrote before.
    zip: { zlib: { level: 6 } },
  });
  workbook.creator = content.group.name;
  workbook.lastModifiedBy = content.group.name;
  // The streaming writer's types lack the title; its core properties part writes it all the same.
  Object.assign(workbook, { title: digestTitle(content, t) });

  addRowsSheet(workbook, content, t, timeZone);
  addSummarySheet(workbook, content, t, timeZone);

  if (content.missingUnits.length > 0) {
    addTableSheet(
      workbook,
      t("sheet.missing"),
      [t("col.unit"), t("col.missingTasks")],
      content.missingUnits.map((unit) => [unit.name, unit.tasks.join(t("list.separator"))]),
    );
  }
  if (content.timeliness && content.timeliness.length > 0) addRankingSheet(workbook, content, t);
  const trends = trendTable(content, t);
  if (trends && content.trends) {
    // The same period order as the table's columns: first appearance across the indicators.
    const ids = [...new Set(content.trends.flatMap((trend) => trend.points.map((point) => point.periodId)))];
    addTableSheet(
      workbook,
      t("sheet.trends"),
      trends.columns,
      content.trends.map((trend) => {
        const values = new Map(trend.points.map((point) => [point.periodId, point.value]));
        return [trend.taskKey, trend.metric, trend.unitOfMeasure, ...ids.map((id) => values.get(id) ?? null)];
      }),
    );
  }

  await workbook.commit();
  return Buffer.concat(chunks);
}

type CellValue = string | number | Date | null;

function addRowsSheet(workbook: WorkbookWriter, content: DigestContent, t: DigestT, timeZone: string): void {
  const rows = content.rows.map((row) =>
    ROW_COLUMNS.map(({ field }): CellValue => {
      if (field === "late") return row.late ? t("yes") : t("no");
      if (field === "submittedAt") return row.submittedAt === null ? null : localDateCell(row.submittedAt, timeZone);
      // The evaluation's figures as they are: a ratio in a percent-formatted cell, the light's name.
      if (field === "light") return row.light === undefined ? null : lightLabel(row.light, t);
      return row[field] ?? null;
    }),
  );
  const submitted = ROW_COLUMNS.findIndex((column) => column.field === "submittedAt");
  const ratios = new Set<number>(
    ROW_COLUMNS.flatMap((column, index) => (column.field === "completion" || column.field === "pace" ? [index] : [])),
  );
  addTableSheet(
    workbook,
    t("sheet.rows"),
    ROW_COLUMNS.map((column) => t(column.header)),
    rows,
    {
      adjust: (column, index) =>
        index === submitted
          ? { ...column, width: 18, style: { numFmt: "yyyy-mm-dd hh:mm" } }
          : ratios.has(index)
            ? { ...column, style: { ...column.style, numFmt: PERCENT_FORMAT } }
            : column,
      ...(content.rows.length > 0
        ? { autoFilter: { from: { row: 1, column: 1 }, to: { row: 1, column: ROW_COLUMNS.length } } }
        : {}),
      shown: (value, index) => (ratios.has(index) && typeof value === "number" ? percentText(value) : undefined),
    },
  );
}

/**
 * 月通报 and 季总结: the 报送及时性排名 as the evaluation ranked the units (rank, counts, score),
 * then the rule the ranking follows, on a line of its own across the table.
 */
function addRankingSheet(workbook: WorkbookWriter, content: DigestContent, t: DigestT): void {
  const ranking = timelinessTable(content, t);
  const units = content.timeliness ?? [];
  if (!ranking) return;
  const scoreColumn = ranking.columns.length;
  addTableSheet(
    workbook,
    t("sheet.timeliness"),
    [...ranking.columns, t("col.score")],
    ranking.rows.map((row, i) => [
      ...row.map((cell, column) => (column === 1 ? cell : Number(cell))),
      units[i]?.score ?? null,
    ]),
    {
      adjust: (column, index) =>
        index === scoreColumn ? { ...column, style: { ...column.style, numFmt: SCORE_FORMAT } } : column,
      ...(ranking.note ? { note: ranking.note } : {}),
    },
  );
}

function addSummarySheet(workbook: WorkbookWriter, content: DigestContent, t: DigestT, timeZone: string): void {
  const { headline } = content;
  const rows: [string, string | number][] = [
    [t("summary.group"), content.group.name],
    [t("summary.period"), content.period.label],
    [t("summary.kind"), kindLabel(content, t)],
    [t("headline.due"), formatInstant(content.period.dueAt, timeZone)],
    [t("summary.builtAt"), formatInstant(content.builtAt, timeZone)],
    [t("headline.tasks"), headline.tasks],
    [t("headline.expected"), headline.expected],
    [t("headline.onTime"), headline.onTime],
    [t("headline.late"), headline.late],
    [t("headline.missing"), headline.missing],
    ...LIGHTS.map((light): [string, number] => [lightLabel(light, t), headline.lights[light]]),
  ];
  addTableSheet(workbook, t("sheet.summary"), [t("col.item"), t("col.itemValue")], rows);
}

type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;
type ColumnDefinition = Partial<ExcelJS.Column>;

interface TableOptions {
  /** Changes a column's definition (its width, its cells' number format) after it is measured. */
  adjust?: (column: ColumnDefinition, index: number) => ColumnDefinition;
  autoFilter?: ExcelJS.AutoFilter;
  /** The text a cell shows when it is not its value's plain text (a ratio shown as 17.9%), to measure it. */
  shown?: (value: CellValue, index: number) => string | undefined;
  /** A line under the table, after an empty row, across all its columns and wrapped (a ranking's rule). */
  note?: string;
}

/**
 * A sheet with a bold, shaded header row frozen at the top, then the rows; columns as wide as
 * their widest cell, CJK counting double (the note is not measured: it spans the columns and wraps).
 */
function addTableSheet(
  workbook: WorkbookWriter,
  name: string,
  headers: string[],
  rows: CellValue[][],
  options: TableOptions = {},
): void {
  const { adjust = (column) => column, autoFilter, shown, note } = options;
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  const columns = columnWidths([headers, ...rows], shown).map((width, index) =>
    adjust(
      width > MAX_WIDTH ? { width: MAX_WIDTH, style: { alignment: { wrapText: true, vertical: "top" } } } : { width },
      index,
    ),
  );
  sheet.columns = columns;
  if (autoFilter) sheet.autoFilter = autoFilter;
  const header = sheet.addRow(headers);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
  });
  header.commit();
  // Every data cell of a column gets one shared style object (the column's style, which a new cell
  // copies anyway): exceljs remembers the style id of a style object it has seen, where a copy per
  // cell made it build and look up each cell's style afresh, half of the export's time.
  const styles = columns.map((column): Partial<ExcelJS.Style> => ({ ...column.style }));
  for (const values of rows) {
    const row = sheet.addRow(values);
    row.eachCell((cell, column) => {
      cell.style = styles[column - 1] ?? {};
    });
    row.commit();
  }
  if (note) addNote(sheet, note, columns);
  sheet.commit();
}

/** A wrapped line merged across the table's columns, tall enough for its text (Excel does not fit merged rows). */
function addNote(sheet: ExcelJS.Worksheet, note: string, columns: ColumnDefinition[]): void {
  sheet.addRow([]).commit();
  const row = sheet.addRow([note]);
  const span = columns.reduce((sum, column) => sum + (column.width ?? MIN_WIDTH), 0);
  row.height = NOTE_LINE_HEIGHT * Math.max(1, Math.ceil(displayWidth(note) / Math.max(1, span - 2)));
  row.getCell(1).alignment = { wrapText: true, vertical: "top" };
  sheet.mergeCells(row.number, 1, row.number, Math.max(1, columns.length));
  row.commit();
}

/**
 * Excel dates have no timezone: the cell holds the group's wall-clock time, so a report made at
 * 16:30 in Changsha reads 16:30 whatever the reader's machine.
 */
function localDateCell(iso: string, timeZone: string): Date | string {
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : wallClockMinute(instant, timeZone);
}

const MIN_WIDTH = 6;
/** Wider columns are capped and their text wraps. */
const MAX_WIDTH = 60;
/** Points per line of a wrapped note (11-point text). */
const NOTE_LINE_HEIGHT = 15;
/** One decimal, as every percentage is written (docs/design.md, Figures); the cell keeps the evaluation's ratio. */
const PERCENT_FORMAT = "0.0%";
/** The ranking's score: (按时 + 补报 × 0.5) ÷ 应报, a share between 0 and 1. */
const SCORE_FORMAT = "0.00";

/** How a ratio cell reads under {@link PERCENT_FORMAT} (0.1786 reads 17.9%), for measuring only. */
function percentText(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/**
 * Each column's width from its widest cell (CJK counts double), up to just past the cap; `shown`
 * gives the text of a cell whose format shows it otherwise than its value's plain text.
 */
function columnWidths(rows: CellValue[][], shown?: TableOptions["shown"]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((value, index) => {
      if (value === null || value === undefined) return;
      const width = widths[index] ?? MIN_WIDTH;
      // Past the cap the exact width no longer matters; and no text is wider than two columns a
      // character, so most cells need no measuring once a column has its width (24,000 rows).
      if (width > MAX_WIDTH) return;
      const text = value instanceof Date ? "yyyy-mm-dd hh:mm" : (shown?.(value, index) ?? String(value));
      if (text.length * 2 + 2 <= width) return;
      widths[index] = text.includes("\n")
        ? Math.max(width, ...text.split("\n").map((line) => displayWidth(line) + 2))
        : Math.max(width, displayWidth(text) + 2);
    });
  }
  return Array.from({ length: Math.max(...rows.map((row) => row.length)) }, (_, i) => widths[i] ?? MIN_WIDTH);
}
