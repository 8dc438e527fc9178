import ExcelJS from "exceljs";
import { CONTACT_SHEET_COLUMNS, ROSTER_ROLES, rosterRoleLabel } from "../../domain/contact-sheet/columns.js";
import { ROSTER_GUIDE } from "../../domain/contact-sheet/messages.js";
import type { RosterExportRow } from "../../core/contact-import.js";

const WIDTHS: Record<(typeof CONTACT_SHEET_COLUMNS)[number]["field"], number> = {
  group: 12,
  unit: 24,
  name: 12,
  role: 12,
  phone: 15,
  email: 28,
  title: 20,
  key: 16,
  telegram: 16,
  slack: 16,
};

/**
 * Writes a roster as an .xlsx workbook: the people on the first worksheet (bold, frozen header,
 * a drop-down for 角色, phone numbers as text so Excel keeps them whole), then a 填表说明 sheet.
 * `zhuanban import-contacts` reads it back unchanged.
 */
export async function writeContactSheetXlsx(rows: readonly RosterExportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("联络人名单", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = CONTACT_SHEET_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: WIDTHS[c.field] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn("phone").numFmt = "@";
  for (const row of rows) {
    sheet.addRow({ ...row, role: rosterRoleLabel(row.role), unit: row.unit ?? "" });
  }
  const roleColumn = sheet.getColumn("role").letter;
  const last = Math.max(rows.length + 200, 500);
  for (let r = 2; r <= last; r++) {
    sheet.getCell(`${roleColumn}${r}`).dataValidation = {
      type: "list",
      allowBlank: true,
      formulae: [`"${ROSTER_ROLES.map((x) => x.label).join(",")}"`],
    };
  }
  const guide = workbook.addWorksheet("填表说明");
  guide.getColumn(1).width = 110;
  for (const line of ROSTER_GUIDE) guide.addRow([line]).alignment = { wrapText: true };
  guide.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
