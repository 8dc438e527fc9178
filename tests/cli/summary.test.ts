import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { basicBot, event, fullBot, manualClock } from "../support/bot-harness.js";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
let out: string;
const clock = manualClock("2023-01-16T02:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  out = await mkdtemp(path.join(os.tmpdir(), "zhuanban-summary-"));
  await seedFromDir(db.prisma);
  const basic = basicBot(db.prisma, clock);
  const code = await basic.invite("hrss");
  await basic.bot.handle(event("hrss", { kind: "command", command: "bind", args: code }));
  const { bot } = fullBot(db.prisma, clock);
  await bot.handle(
    event("hrss", {
      kind: "text",
      text: "报送 MS-03\n城镇新增就业：12.5万人\n补贴性职业技能培训：8万人次\n状态：正常推进\n进展：春风行动\n问题：<script>x</script>",
    }),
  );
});
afterAll(async () => {
  await db.drop();
  await rm(out, { recursive: true, force: true });
});

describe("zhuanban summary", () => {
  it("writes the 旬简报 as Markdown, a Word briefing and an Excel sheet whose rows match the database", async () => {
    const result = await runZhuanban(
      [
        "summary",
        "--group",
        "minsheng",
        "--period",
        "2023-01-X2",
        "--format",
        "md,docx,xlsx",
        "--out",
        out,
        "--at",
        "2023-01-21T09:00+08:00",
      ],
      { DATABASE_URL: db.url },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const md = await readFile(path.join(out, "minsheng-2023-01-X2.md"), "utf8");
    expect(md).toContain("2023年1月中旬");
    expect(md).toContain("旬简报");
    expect(md).not.toContain("<script>");

    const docx = path.join(out, "minsheng-2023-01-X2.docx");
    const documentXml = execFileSync("unzip", ["-p", docx, "word/document.xml"]).toString("utf8");
    expect(documentXml).toContain("旬简报");
    expect(documentXml).toContain("省人力资源社会保障厅");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(out, "minsheng-2023-01-X2.xlsx"));
    const sheet = workbook.worksheets[0]!;
    const values: { unit: string; metric: string; value: number }[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const cells = row.values as unknown[];
      if (typeof cells[5] === "number")
        values.push({ unit: String(cells[3]), metric: String(cells[4]), value: cells[5] });
    });
    const stored = await db.prisma.reportValue.findMany({
      where: { report: { isCurrent: true, period: { periodKey: "2023-01-X2" } } },
      include: { target: true, report: { include: { unit: true } } },
    });
    expect(values.sort((a, b) => a.metric.localeCompare(b.metric))).toEqual(
      stored
        .map((v) => ({ unit: v.report.unit.name, metric: v.target.metric, value: v.value.toNumber() }))
        .sort((a, b) => a.metric.localeCompare(b.metric)),
    );
  });

  it.each([
    [["summary", "--group", "minsheng"], /--period is required/],
    [["summary", "--group", "minsheng", "--period", "2023-13"], /not a period/],
    [["summary", "--group", "minsheng", "--period", "2023-Q1", "--format", "pdf"], /unknown --format pdf/],
    [["summary", "--group", "nope", "--period", "2023-Q1"], /no work group "nope"/],
  ])("answers %j with one line", async (argv, message) => {
    const result = await runZhuanban(argv, { DATABASE_URL: db.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
