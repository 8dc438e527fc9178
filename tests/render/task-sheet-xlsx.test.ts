import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskSheetTable } from "../../src/domain/task-sheet/format-rows.js";
import { formatSheetIssue } from "../../src/domain/task-sheet/messages.js";
import { parseTaskSheet } from "../../src/domain/task-sheet/parse-rows.js";
import type { TaskListEntry } from "../../src/domain/task-sheet/types.js";
import { writeTaskSheetXlsx } from "../../src/render/export/task-sheet-xlsx.js";
import { readTaskSheetFile, TaskSheetFileError } from "../../src/runtime/task-sheet-file.js";
import { HEADER, UNITS } from "../domain/task-sheet/fixtures.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-xlsx-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ENTRY: TaskListEntry = {
  key: "MS-03",
  title: "促进高质量充分就业",
  listKind: "project",
  lead: ["hrss"],
  participants: ["finance", "edu"],
  startDate: null,
  endDate: "2023-12-31",
  cycles: [],
  description: "城镇新增就业70万人；\n开展培训。",
  source: null,
  targets: [
    {
      key: "new-urban-jobs",
      metric: "城镇新增就业",
      unitOfMeasure: "万人",
      targetValue: 70.25,
      baseline: null,
      direction: "increase",
      kind: "cumulative",
      lead: null,
    },
  ],
};

describe("task sheet .xlsx files", () => {
  it("writes a workbook that reads back as the same task", async () => {
    const table = taskSheetTable([ENTRY], UNITS);
    const file = path.join(dir, "out.xlsx");
    await writeFile(file, await writeTaskSheetXlsx(table, { sheetName: "民生/专班" }));
    const read = await readTaskSheetFile(file);
    expect(read.sheetName).toBe("民生 专班");
    const parsed = parseTaskSheet(read.rows, { units: UNITS });
    if (!parsed.ok) throw new Error(parsed.errors.map(formatSheetIssue).join("\n"));
    expect(parsed.tasks[0]).toMatchObject({
      key: "MS-03",
      participants: ["finance", "edu"],
      endDate: "2023-12-31",
      description: "城镇新增就业70万人；\n开展培训。",
      targets: [{ key: "new-urban-jobs", targetValue: 70.25, direction: "increase", kind: "cumulative" }],
    });
  });

  it("reads merged cells, rich text, hyperlinks, formulas and date cells as plain values", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("说明在前").addRow(["这不是任务表"]);
    const sheet = workbook.addWorksheet("任务");
    sheet.addRow(HEADER);
    sheet.addRow([
      "MS-03",
      { richText: [{ text: "促进" }, { text: "就业", font: { bold: true } }] },
      "项目清单",
      { text: "省人社厅", hyperlink: "https://example.gov.cn" },
      null,
      "城镇新增就业",
      "万人",
      { formula: "60+10", result: 70 },
      new Date("2023-12-31T00:00:00Z"),
    ]);
    sheet.addRow([null, null, null, null, null, "补贴性职业技能培训", "万人次", 40, null]);
    sheet.mergeCells("A2:A3");
    sheet.mergeCells("B2:B3");
    const file = path.join(dir, "merged.xlsx");
    await workbook.xlsx.writeFile(file);

    const read = await readTaskSheetFile(file, { sheet: "任务" });
    expect(read.rows[1]?.cells.slice(0, 9)).toEqual([
      "MS-03",
      "促进就业",
      "项目清单",
      "省人社厅",
      null,
      "城镇新增就业",
      "万人",
      70,
      new Date("2023-12-31T00:00:00Z"),
    ]);
    expect(read.rows[2]?.cells.slice(0, 2)).toEqual(["MS-03", "促进就业"]);
    const parsed = parseTaskSheet(read.rows, { units: UNITS });
    expect(parsed.ok && parsed.tasks[0]?.targets.map((t) => t.targetValue)).toEqual([70, 40]);
  });

  it.each([
    ["missing.xlsx", null, /missing\.xlsx does not exist$/],
    ["tasks.csv.xlsx", "编号,任务\n", /is not an \.xlsx workbook$/],
    ["old.xlsx", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /old Excel 97-2003 \(\.xls\) workbook/],
    ["broken.xlsx", Buffer.from("PK\u0003\u0004 not really a zip"), /is not a readable \.xlsx workbook/],
  ])("explains why %s cannot be read", async (name, content, message) => {
    const file = path.join(dir, name);
    if (content !== null) await writeFile(file, content);
    const error = await readTaskSheetFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskSheetFileError);
    expect((error as Error).message).toMatch(message);
  });

  it("names the worksheets when the asked-for one is missing", async () => {
    const file = path.join(dir, "two-sheets.xlsx");
    await writeFile(file, await writeTaskSheetXlsx(taskSheetTable([ENTRY], UNITS), { sheetName: "民生专班" }));
    await expect(readTaskSheetFile(file, { sheet: "没有" })).rejects.toThrow(
      /has no worksheet "没有"; worksheets: "民生专班", "填表说明"/,
    );
  });
});
