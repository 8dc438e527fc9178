import ExcelJS from "exceljs";
import QRCode from "qrcode";

/** One person's invite as the office mail-merges it. */
export interface InviteSheetRow {
  name: string;
  unit: string;
  roles: string;
  phone: string;
  email: string;
  code: string;
  /** Already in the group's time, e.g. `2026-12-09 17:30`. */
  expires: string;
}

/** The platforms the deployment runs, each with how a person uses a code there. */
export interface InvitePlatforms {
  /** The bot's @username: the sheet gets its deep link and a QR code of it. */
  telegramBot?: string | undefined;
  slack: boolean;
  console: boolean;
}

const QR_PIXELS = 150;

/** `https://t.me/<bot>?start=<code>`: opening it starts the chat with `/start CODE`, which binds. */
export function telegramDeepLink(bot: string, code: string): string {
  return `https://t.me/${bot.replace(/^@/, "")}?start=${encodeURIComponent(code)}`;
}

/**
 * Writes the invite sheet of `zhuanban invite --group KEY --all --out FILE.xlsx`: one row per
 * person with the code, its expiry in the group's time (Beijing time for the Hunan groups), and
 * for each platform in use how to bind with it (Telegram: the deep link and its QR code as an
 * image; Slack: `/zhuanban bind CODE`; the console: `/as NAME`), then a sheet of instructions.
 */
export async function writeInviteSheetXlsx(
  rows: readonly InviteSheetRow[],
  platforms: InvitePlatforms,
  labels: { expiresHeader: string; guide: readonly string[] },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("邀请码", { views: [{ state: "frozen", ySplit: 1 }] });
  const columns: Partial<ExcelJS.Column>[] = [
    { header: "姓名", key: "name", width: 12 },
    { header: "单位", key: "unit", width: 24 },
    { header: "角色", key: "roles", width: 16 },
    { header: "手机", key: "phone", width: 14 },
    { header: "邮箱", key: "email", width: 26 },
    { header: "邀请码", key: "code", width: 12 },
    { header: labels.expiresHeader, key: "expires", width: 22 },
  ];
  if (platforms.telegramBot) {
    columns.push({ header: "Telegram 链接", key: "telegram", width: 44 });
    columns.push({ header: "Telegram 二维码", key: "qr", width: 22 });
  }
  if (platforms.slack) columns.push({ header: "Slack", key: "slack", width: 26 });
  if (platforms.console) columns.push({ header: "控制台", key: "console", width: 20 });
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn("phone").numFmt = "@";
  const qrColumn = platforms.telegramBot ? columns.findIndex((c) => c.key === "qr") : -1;
  for (const [index, row] of rows.entries()) {
    const link = platforms.telegramBot ? telegramDeepLink(platforms.telegramBot, row.code) : undefined;
    const added = sheet.addRow({
      ...row,
      ...(link && { telegram: { text: link, hyperlink: link } }),
      ...(platforms.slack && { slack: `/zhuanban bind ${row.code}` }),
      ...(platforms.console && { console: `/as ${row.name}` }),
    });
    if (link) {
      const png = await QRCode.toBuffer(link, { type: "png", width: QR_PIXELS, margin: 1, errorCorrectionLevel: "M" });
      const image = workbook.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: "png" });
      // Rows are in points (3/4 of a pixel); the image sits in its cell with a small margin.
      added.height = QR_PIXELS * 0.75 + 6;
      sheet.addImage(image, {
        tl: { col: qrColumn + 0.1, row: index + 1 + 0.05 },
        ext: { width: QR_PIXELS, height: QR_PIXELS },
      });
    }
  }
  const guide = workbook.addWorksheet("使用说明");
  guide.getColumn(1).width = 110;
  for (const line of labels.guide) guide.addRow([line]).alignment = { wrapText: true };
  guide.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
