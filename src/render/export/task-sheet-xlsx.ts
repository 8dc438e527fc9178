import ExcelJS from "exceljs";
import { KIND_WORDS, DIRECTION_WORDS, LIST_KIND_WORDS } from "../../domain/task-sheet/cells.js";
import { columnOf, type TaskSheetField } from "../../domain/task-sheet/columns.js";
import type { TaskSheetTable } from "../../domain/task-sheet/format-rows.js";
import { TASK_SHEET_GUIDE } from "../../domain/task-sheet/messages.js";

/** Column widths in characters; Chinese characters count about double. */
const WIDTHS: Partial<Record<TaskSheetField, number>> = {
  key: 10,
  title: 40,
  listKind: 11,
  lead: 24,
  participants: 30,
  metric: 40,
  unitOfMeasure: 9,
  targetValue: 11,
  endDate: 12,
  targetKey: 24,
  targetLead: 18,
  direction: 7,
  baseline: 10,
  kind: 9,
  startDate: 12,
  cycles: 10,
  description: 50,
  source: 30,
};

/** Drop-down choices for the columns that take a fixed word. */
const CHOICES: Partial<Record<TaskSheetField, readonly string[]>> = {
  listKind: Object.values(LIST_KIND_WORDS).map((w) => w[0] ?? ""),
  direction: Object.values(DIRECTION_WORDS).map((w) => w[0] ?? ""),
  kind: Object.values(KIND_WORDS).map((w) => w[0] ?? ""),
};

const DATE_FIELDS = new Set<TaskSheetField>(["endDate", "startDate"]);

/**
 * Writes a task sheet as an .xlsx workbook: the task list on the first worksheet (bold, frozen
 * header; dates as date cells; drop-downs for 清单类型, 方向 and 指标类型), then a 填表说明 sheet.
 * `zhuanban import` reads the file back unchanged.
 */
export async function writeTaskSheetXlsx(table: TaskSheetTable, options: { sheetName: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "zhuanban";
  const sheet = workbook.addWorksheet(safeSheetName(options.sheetName), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = table.fields.map((field, i) => ({
    header: table.header[i] ?? field,
    key: field,
    width: WIDTHS[field] ?? 12,
    style: DATE_FIELDS.has(field) ? { numFmt: "yyyy-mm-dd" } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  table.fields.forEach((field, i) => {
    if (columnOf(field).required) {
      header.getCell(i + 1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
    }
  });
  for (const cells of table.rows) {
    const row = sheet.addRow(cells.map((c) => (c === null ? null : c)));
    row.alignment = { vertical: "top", wrapText: true };
  }
  const last = Math.max(table.rows.length + 1, 200);
  table.fields.forEach((field, i) => {
    const choices = CHOICES[field];
    if (!choices) return;
    const letter = sheet.getColumn(i + 1).letter;
    for (let r = 2; r <= last; r++) {
      sheet.getCell(`${letter}${r}`).dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [`"${choices.join(",")}"`],
      };
    }
  });

  const guide = workbook.addWorksheet("填表说明");
  guide.getColumn(1).width = 120;
  for (const line of TASK_SHEET_GUIDE) guide.addRow([line]).alignment = { wrapText: true };
  guide.getRow(1).font = { bold: true };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  return (
    name
      .replace(/[:\\/?*[\]]/g, " ")
      .slice(0, 31)
      .trim() || "任务清单"
  );
}
