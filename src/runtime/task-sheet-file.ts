import { readFile } from "node:fs/promises";
import type ExcelJS from "exceljs";
import type { SheetCell, SheetRow } from "../domain/task-sheet/types.js";

/** The file is missing, unreadable, not an .xlsx workbook, or lacks the asked-for worksheet. */
export class TaskSheetFileError extends Error {
  override readonly name = "TaskSheetFileError";
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Reads the task sheet of an .xlsx workbook into rows of plain cell values for the pure parser
 * (src/domain/task-sheet/parse-rows.ts): the worksheet named `sheet`, or the first one. Empty rows
 * are left out; row numbers are Excel's. Formulas give their cached result, rich text and
 * hyperlinks their text, merged cells the merged value.
 */
export async function readTaskSheetFile(
  file: string,
  options: { sheet?: string | undefined } = {},
): Promise<{ sheetName: string; rows: SheetRow[] }> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a directory, not an .xlsx file"
          : `cannot be read (${code ?? String(cause)})`;
    throw new TaskSheetFileError(file, `${file} ${reason}`, { cause });
  }
  const starts = (magic: number[]) => magic.every((byte, i) => buffer[i] === byte);
  if (starts(OLE_MAGIC)) {
    throw new TaskSheetFileError(file, `${file} is an old Excel 97-2003 (.xls) workbook; save it as .xlsx and retry`);
  }
  if (!starts(ZIP_MAGIC)) throw new TaskSheetFileError(file, `${file} is not an .xlsx workbook`);

  // exceljs loads only when a sheet is read (about 0.3 s), not with every CLI command.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (cause) {
    throw new TaskSheetFileError(file, `${file} is not a readable .xlsx workbook (${errorText(cause)})`, { cause });
  }
  const worksheets = workbook.worksheets;
  const worksheet =
    options.sheet === undefined ? worksheets[0] : worksheets.find((w) => w.name.trim() === options.sheet?.trim());
  if (!worksheet) {
    const names = worksheets.map((w) => `"${w.name}"`).join(", ");
    throw new TaskSheetFileError(
      file,
      options.sheet === undefined
        ? `${file} has no worksheet`
        : `${file} has no worksheet "${options.sheet}"; worksheets: ${names || "none"}`,
    );
  }
  const rows: SheetRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    for (let col = 1; col <= row.cellCount; col++) cells.push(plainValue(row.getCell(col).value));
    rows.push({ row: rowNumber, cells });
  });
  return { sheetName: worksheet.name, rows };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An exceljs cell value as a plain string, number, boolean, date or null. */
export function plainValue(value: ExcelJS.CellValue | undefined): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    return value.result === undefined ? null : plainValue(value.result);
  }
  if ("error" in value) return value.error;
  if ("text" in value) {
    const text: unknown = value.text;
    // A hyperlink's text may itself be rich text.
    if (typeof text === "string") return text;
    if (text && typeof text === "object" && "richText" in text) return plainValue(text as ExcelJS.CellRichTextValue);
    return null;
  }
  return null;
}
