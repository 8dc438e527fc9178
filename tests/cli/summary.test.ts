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
    expect(md).toContain("# 省打好重点民生保障仗工作专班 简报");
    expect(md).toContain("第1期");
    expect(md).not.toContain("<script>");

    const docx = path.join(out, "minsheng-2023-01-X2.docx");
    const documentXml = execFileSync("unzip", ["-p", docx, "word/document.xml"]).toString("utf8");
    expect(documentXml).toContain(">简报<");
    expect(documentXml).toContain(">第1期<");
    expect(documentXml).toContain("<w:drawing>");
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

  it("numbers briefings per group, cycle and year, keeps a period's number, and marks a later version 更新", async () => {
    const summary = async (period: string) => {
      const dir = path.join(out, `issue-${period}-${Math.random().toString(36).slice(2)}`);
      const result = await runZhuanban(
        [
          "summary",
          "--group",
          "minsheng",
          "--period",
          period,
          "--format",
          "docx,md",
          "--out",
          dir,
          "--at",
          "2023-01-21T09:00+08:00",
        ],
        { DATABASE_URL: db.url },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const docx = path.join(dir, `minsheng-${period}.docx`);
      const xml = execFileSync("unzip", ["-p", docx, "word/document.xml"]).toString("utf8");
      const issue = /第\d+期(?:（更新）)?/.exec(xml)?.[0];
      return { dir, issue, result };
    };
    // The first test exported 2023-01-X2 and numbered it: 第1期 of 2023's 旬简报.
    expect((await summary("2023-01-X2")).issue).toBe("第1期");
    expect((await summary("2023-01-X1")).issue).toBe("第2期");
    // Another cycle counts on its own.
    expect((await summary("2023-M01")).issue).toBe("第1期");
    // Exported again: the same number.
    const again = await summary("2023-01-X2");
    expect(again.issue).toBe("第1期");
    // The charts are written beside the Markdown, which names them.
    const md = await readFile(path.join(again.dir, "minsheng-2023-01-X2.md"), "utf8");
    expect(md).toContain("](minsheng-2023-01-X2-progress.svg)");
    const svg = await readFile(path.join(again.dir, "minsheng-2023-01-X2-progress.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("城镇");
    expect(again.result.stdout).toContain("minsheng-2023-01-X2-progress.svg");

    // Two stored versions of the period's digest (the bot built it twice): the briefing says 更新.
    const period = await db.prisma.period.findFirstOrThrow({ where: { periodKey: "2023-01-X2" } });
    for (const version of [1, 2]) {
      await db.prisma.digest.create({
        data: { groupId: period.groupId, periodId: period.id, version, builtAt: new Date(), content: {} },
      });
    }
    expect((await summary("2023-01-X2")).issue).toBe("第1期（更新）");
    // Five CLI runs, each a process that loads the charts: minutes on a loaded machine.
  }, 180_000);

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
