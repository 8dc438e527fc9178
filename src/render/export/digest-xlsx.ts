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

/** The columns of the report sheet, in order: which field of a row, under which header. */
export const ROW_COLUMNS = [
  { field: "taskKey", header: "col.taskKey" },
  { field: "taskTitle", header: "col.taskTitle" },
  { field: "unitName", header: "col.unitName" },
  { field: "metric", header: "col.metric" },
  { field: "value", header: "col.value" },
  { field: "unitOfMeasure", header: "col.unitOfMeasure" },
  { field: "targetValue", header: "col.targetValue" },
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
 */
export async function digestToXlsx(content: DigestContent, options: DigestRenderOptions = {}): Promise<Buffer> {
  const t = digestT(content);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = content.group.name;
  workbook.title = digestTitle(content, t);

  addRowsSheet(workbook, content, t, timeZone);
  addSummarySheet(workbook, content, t, timeZone);

  if (content.missingUnits.length > 0) {
    const sheet = addTableSheet(workbook, t("sheet.missing"), [t("col.unit"), t("col.missingTasks")]);
    for (const unit of content.missingUnits) sheet.addRow([unit.name, unit.tasks.join(t("list.separator"))]);
    fitColumns(sheet);
  }
  const ranking = timelinessTable(content, t);
  if (ranking) {
    const sheet = addTableSheet(workbook, t("sheet.timeliness"), ranking.columns);
    for (const row of ranking.rows) sheet.addRow(row.map((cell, i) => (i === 1 ? cell : Number(cell))));
    fitColumns(sheet);
  }
  const trends = trendTable(content, t);
  if (trends && content.trends) {
    const sheet = addTableSheet(workbook, t("sheet.trends"), trends.columns);
    // The same period order as the table's columns: first appearance across the indicators.
    const ids = [...new Set(content.trends.flatMap((trend) => trend.points.map((point) => point.periodId)))];
    for (const trend of content.trends) {
      const values = new Map(trend.points.map((point) => [point.periodId, point.value]));
      sheet.addRow([trend.taskKey, trend.metric, trend.unitOfMeasure, ...ids.map((id) => values.get(id) ?? null)]);
    }
    fitColumns(sheet);
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addRowsSheet(workbook: ExcelJS.Workbook, content: DigestContent, t: DigestT, timeZone: string): void {
  const sheet = addTableSheet(
    workbook,
    t("sheet.rows"),
    ROW_COLUMNS.map((column) => t(column.header)),
  );
  for (const row of content.rows) {
    sheet.addRow(
      ROW_COLUMNS.map(({ field }) => {
        if (field === "late") return row.late ? t("yes") : t("no");
        if (field === "submittedAt") return row.submittedAt === null ? null : localDateCell(row.submittedAt, timeZone);
        return row[field];
      }),
    );
  }
  const submitted = ROW_COLUMNS.findIndex((column) => column.field === "submittedAt") + 1;
  sheet.getColumn(submitted).numFmt = "yyyy-mm-dd hh:mm";
  fitColumns(sheet);
  sheet.getColumn(submitted).width = 18;
  if (content.rows.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ROW_COLUMNS.length } };
  }
}

function addSummarySheet(workbook: ExcelJS.Workbook, content: DigestContent, t: DigestT, timeZone: string): void {
  const { headline } = content;
  const sheet = addTableSheet(workbook, t("sheet.summary"), [t("col.item"), t("col.itemValue")]);
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
  for (const row of rows) sheet.addRow(row);
  fitColumns(sheet);
}

function addTableSheet(workbook: ExcelJS.Workbook, name: string, headers: string[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  const header = sheet.addRow(headers);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
  });
  return sheet;
}

/**
 * Excel dates have no timezone: the cell holds the group's wall-clock time, so a report made at
 * 16:30 in Changsha reads 16:30 whatever the reader's machine.
 */
function localDateCell(iso: string, timeZone: string): Date | string {
  const local = formatInstant(iso, timeZone);
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(local);
  if (!match) return iso;
  const [, y, mo, d, h, mi] = match.map(Number);
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0));
}

/** Column widths from the widest cell (CJK counts double), capped so long texts wrap. */
function fitColumns(sheet: ExcelJS.Worksheet): void {
  sheet.columns.forEach((column) => {
    let width = 6;
    column.eachCell?.({ includeEmpty: false }, (cell) => {
      const text = cell.value instanceof Date ? "yyyy-mm-dd hh:mm" : String(cell.value ?? "");
      for (const line of text.split("\n")) width = Math.max(width, displayWidth(line) + 2);
    });
    column.width = Math.min(width, 60);
    if (width > 60) column.alignment = { wrapText: true, vertical: "top" };
  });
}
