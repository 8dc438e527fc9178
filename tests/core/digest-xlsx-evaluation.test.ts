import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildDigest } from "../../src/core/digest/build-digest.js";
import { evaluateGroup, rankAcross, type GroupPeriodEvaluation } from "../../src/core/evaluation/index.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { parsePeriodId } from "../../src/domain/time/periods.js";
import { digestToXlsx, ROW_COLUMNS } from "../../src/render/export/digest-xlsx.js";
import { displayWidth } from "../../src/render/width.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { bindUsers, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { dekadDigest } from "../render/fixtures.js";

// The .xlsx of a digest built from the seeded 2023 plan: its 完成率, 时序进度 and 灯号 cells and its
// 报送及时性排名 sheet hold exactly what the one evaluation (src/core/evaluation) says.

let db: TestDatabase;
const clock = manualClock("2023-01-16T02:00:00Z"); // 1月16日 10:00, inside 2023年1月中旬
const calendar = createWorkCalendar();
const LIGHT_NAME = { green: "绿灯", yellow: "黄灯", red: "红灯", done: "已完成", none: "无数据" } as const;

function deps() {
  return { status: createStatusStore(db.prisma), reports: createReportStore(db.prisma), calendar };
}
async function minsheng() {
  return (await createStatusStore(db.prisma).findGroup("minsheng"))!;
}

async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(buffer).buffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`sheet ${name} missing: ${workbook.worksheets.map((s) => s.name).join(", ")}`);
  return sheet;
}

const column = (field: (typeof ROW_COLUMNS)[number]["field"]) => ROW_COLUMNS.findIndex((c) => c.field === field) + 1;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindUsers(db.prisma, clock, { hrss: { unit: "hrss" }, civil: { unit: "civil-affairs" } });
  const { bot } = fullBot(db.prisma, clock);
  const say = async (user: string, text: string) => {
    const reply = replyText(await bot.handle(event(user, { kind: "text", text })));
    if (!reply.includes("已")) throw new Error(`the report was not taken: ${reply}`);
  };
  // On time for 1月中旬: 城镇新增就业 12.5 of 70万人 (completion 17.9%), 城市低保标准 met.
  await say("hrss", "报送 MS-03 2023年1月中旬\n城镇新增就业：12.5万人\n状态：正常推进\n进展：春风行动");
  await say("civil", "报送 MS-07 2023年1月中旬\n城市低保标准（不低于）：650元/月\n状态：正常推进\n进展：已提标");
  // 1月下旬: 民政 reports 1月上旬 late (补报), 人社 reports 下旬 on time.
  clock.set("2023-01-30T02:00:00Z");
  await say("civil", "报送 MS-07 2023年1月上旬\n城市低保标准（不低于）：650元/月\n状态：正常推进\n进展：补报");
  await say("hrss", "报送 MS-03 2023年1月下旬\n城镇新增就业：20万人\n状态：正常推进\n进展：春风行动");
}, 120_000);
afterAll(async () => {
  await db.drop();
});

describe("the .xlsx reads its figures from the evaluation", () => {
  it("fills 完成率, 时序进度 and 灯号 of every report row with the evaluation's own values", async () => {
    const at = new Date("2023-01-20T10:00:00Z"); // past the 中旬 deadline, still in 中旬
    const group = await minsheng();
    const period = parsePeriodId("2023-01-X2");
    const evaluation = await evaluateGroup(deps(), group, at, { period });
    const content = await buildDigest(deps(), group, period, at, "zh-CN");
    const workbook = await readWorkbook(await digestToXlsx(content, { timeZone: group.timezone }));
    const sheet = sheetOf(workbook, "报送明细");

    const header = sheet.getRow(1);
    expect(header.getCell(column("completion")).value).toBe("完成率");
    expect(header.getCell(column("pace")).value).toBe("时序进度");
    expect(header.getCell(column("light")).value).toBe("灯号");
    expect(sheet.rowCount).toBe(1 + content.rows.length);

    let withValue = 0;
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const task = evaluation.tasks.find((t) => t.task.key === row.getCell(column("taskKey")).value);
      if (!task) throw new Error(`row ${r}: no task ${String(row.getCell(column("taskKey")).value)}`);
      const metric = row.getCell(column("metric")).value;
      const judged = task.targets.find((x) => x.target.metric === metric);
      const completion = row.getCell(column("completion"));
      const pace = row.getCell(column("pace"));
      // A row without a target shows the task's light, and no ratios.
      expect(completion.value ?? null, `row ${r} 完成率`).toBe(judged?.completion ?? null);
      expect(pace.value ?? null, `row ${r} 时序进度`).toBe(judged?.pace ?? null);
      expect(row.getCell(column("light")).value, `row ${r} 灯号`).toBe(LIGHT_NAME[judged?.light ?? task.light]);
      expect(completion.numFmt).toBe("0.0%");
      expect(pace.numFmt).toBe("0.0%");
      if (judged?.completion != null) withValue += 1;
    }
    // The test sees real figures: 城镇新增就业 12.5 / 70 with its pace, and the met 低保标准.
    expect(withValue).toBeGreaterThanOrEqual(2);
    const jobs = evaluation.tasks.find((t) => t.task.key === "MS-03")?.targets.find((x) => x.value === 12.5);
    expect(jobs?.completion).toBeCloseTo(12.5 / 70, 10);
    expect(jobs?.pace).toBeGreaterThan(0);
  });

  it("writes the 月通报's 报送及时性排名 sheet as the evaluation ranks the units, with its rule line", async () => {
    const at = new Date("2023-02-01T10:00:00Z");
    const group = await minsheng();
    const content = await buildDigest(deps(), group, parsePeriodId("2023-M01"), at, "zh-CN");
    const workbook = await readWorkbook(await digestToXlsx(content, { timeZone: group.timezone }));
    expect(workbook.worksheets.map((s) => s.name)).toContain("报送及时性排名");
    const sheet = sheetOf(workbook, "报送及时性排名");

    // The ranking of the month's three 旬, straight from the evaluation.
    const evaluations: GroupPeriodEvaluation[] = [];
    for (const id of ["2023-01-X1", "2023-01-X2", "2023-01-X3"]) {
      evaluations.push(await evaluateGroup(deps(), group, at, { period: parsePeriodId(id) }));
    }
    const ranked = rankAcross(evaluations);
    expect(ranked.some((u) => u.late > 0)).toBe(true);
    expect(ranked.some((u) => u.missing > 0)).toBe(true);

    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      rows.push(Array.from({ length: 7 }, (_, i) => row.getCell(i + 1).value ?? null));
    });
    expect(rows[0]).toEqual(["名次", "单位", "应报", "按时", "补报", "未报", "得分"]);
    expect(rows.slice(1, 1 + ranked.length)).toEqual(
      ranked.map((u) => [u.rank, u.unit.name, u.expected - u.pending, u.onTime, u.late, u.missing, u.score]),
    );
    expect(sheet.getRow(2).getCell(7).numFmt).toBe("0.00");
    // An empty row, then the rule across the table, wrapped.
    expect(rows[1 + ranked.length]).toEqual(Array.from({ length: 7 }, () => null));
    const rule = sheet.getRow(2 + ranked.length + 1).getCell(1);
    expect(rule.value).toBe(
      "排名规则：得分 =（按时 × 1 + 补报 × 0.5 + 未报 × 0）÷ 应报（已过截止时间的）；得分高者在前；得分相同者并列同一名次，其后名次顺延（如 1、2、2、4）；报送以首次报送时间计，之后的更正不改变按时或补报。",
    );
    expect(rule.alignment).toMatchObject({ wrapText: true });
    expect(sheet.getRow(rule.row as unknown as number).getCell(7).isMerged).toBe(true);
    // The 名次 column stays narrow: the long rule is not what sizes it.
    expect(sheet.getColumn(1).width).toBe(6);
    expect(sheet.getColumn(2).width).toBe(Math.max(...ranked.map((u) => displayWidth(u.unit.name))) + 2);
  });
});

describe("the .xlsx's columns fit their text", () => {
  it("sizes each column to its widest shown cell, CJK counting double, ratios as they read", async () => {
    const workbook = await readWorkbook(await digestToXlsx(dekadDigest()));
    const sheet = sheetOf(workbook, "报送明细");
    // 报送单位: 省人力资源社会保障厅, 10 hanzi = 20, plus 2.
    expect(sheet.getColumn(column("unitName")).width).toBe(22);
    // 完成率 (6 wide) is wider than any 17.9% it shows, not the 0.17857142857142858 it holds.
    expect(sheet.getColumn(column("completion")).width).toBe(8);
    expect(sheet.getColumn(column("pace")).width).toBe(10);
    // 灯号: 无数据 and 已完成 are 6 wide.
    expect(sheet.getColumn(column("light")).width).toBe(8);
  });

  it("leaves the three cells empty for a digest stored before they existed", async () => {
    const content = dekadDigest();
    content.rows = content.rows.map(({ completion: _c, pace: _p, light: _l, ...row }) => row);
    const workbook = await readWorkbook(await digestToXlsx(content));
    const row = sheetOf(workbook, "报送明细").getRow(2);
    expect(row.getCell(column("completion")).value).toBeNull();
    expect(row.getCell(column("pace")).value).toBeNull();
    expect(row.getCell(column("light")).value).toBeNull();
    expect(row.getCell(column("value")).value).toBe(12.5);
  });
});
