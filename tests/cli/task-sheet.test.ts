import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
let env: Record<string, string>;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-task-sheet-"));
  const seeded = await runZhuanban(["seed", "--quiet"], env);
  expect(seeded.code).toBe(0);
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const HEADER = ["编号", "任务", "清单类型", "牵头单位", "参与单位", "指标", "单位", "目标值", "完成时限"];

async function writeWorkbook(file: string, rows: unknown[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("任务清单");
  for (const row of rows) sheet.addRow(row);
  const full = path.join(dir, file);
  await workbook.xlsx.writeFile(full);
  return full;
}

/** Everything import may touch, for "the database is unchanged" checks. */
async function snapshot() {
  const tasks = await db.prisma.task.findMany({
    orderBy: [{ groupId: "asc" }, { key: "asc" }],
    include: { units: { orderBy: { unitId: "asc" } }, targets: { orderBy: { key: "asc" } } },
  });
  return JSON.stringify(tasks);
}

describe("zhuanban export-tasks and import", () => {
  let exported: string;

  it("exports minsheng and importing it back reports zero changes", async () => {
    exported = path.join(dir, "minsheng.xlsx");
    const exportRun = await runZhuanban(["export-tasks", "--group", "minsheng", "--out", exported], env);
    expect(exportRun).toMatchObject({ code: 0, stderr: "" });
    expect(exportRun.stdout).toMatch(/export-tasks minsheng: 14 tasks, \d+ targets → /);

    const before = await snapshot();
    const importRun = await runZhuanban(["import", exported, "--group", "minsheng"], env);
    expect(importRun).toMatchObject({ code: 0, stderr: "" });
    expect(importRun.stdout).toMatch(
      /: 0 changes, the database already matches \[14 tasks, \d+ targets in the sheet\]/,
    );
    expect(await snapshot()).toBe(before);
  });

  it("every seeded group survives export and import with zero changes", async () => {
    const groups = await db.prisma.workGroup.findMany({ select: { key: true } });
    expect(groups.length).toBe(6);
    for (const { key } of groups) {
      const file = path.join(dir, `${key}.xlsx`);
      expect((await runZhuanban(["export-tasks", "--group", key, "--out", file], env)).code).toBe(0);
      const result = await runZhuanban(["import", file, "--group", key], env);
      expect(result.stdout, key).toMatch(/: 0 changes, the database already matches/);
    }
  });

  it("writes a workbook with the documented header, one row per target and date cells", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(exported);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 9)).toEqual(HEADER);
    expect(header).toContain("指标编码");
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    const ms03 = rows.filter((r) => r[0] === "MS-03");
    expect(ms03).toHaveLength(3);
    expect(ms03[0]?.slice(0, 9)).toEqual([
      "MS-03",
      "促进高质量充分就业",
      "项目清单",
      "省人力资源社会保障厅",
      undefined,
      "城镇新增就业",
      "万人",
      70,
      new Date("2023-12-31T00:00:00Z"),
    ]);
    expect(workbook.worksheets.map((w) => w.name)).toContain("填表说明");
  });

  it("an edited target value is one update; importing the edited file again changes nothing", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(exported);
    const sheet = workbook.worksheets[0]!;
    sheet.eachRow((row) => {
      if (row.getCell(6).value === "城镇新增就业") row.getCell(8).value = 75;
    });
    const edited = path.join(dir, "edited.xlsx");
    await workbook.xlsx.writeFile(edited);

    const dry = await runZhuanban(["import", edited, "--group", "minsheng", "--dry-run"], env);
    expect(dry.stdout).toMatch(/dry run, nothing written\): 1 change \(1 targets updated\)/);
    // It says which target would change, not only how many.
    expect(dry.stdout).toContain("targets updated: MS-03 城镇新增就业");

    const first = await runZhuanban(["import", edited, "--group", "minsheng"], env);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/: 1 change \(1 targets updated\)/);
    const target = await db.prisma.target.findFirst({ where: { key: "new-urban-jobs" } });
    expect(target?.targetValue.toNumber()).toBe(75);

    const again = await runZhuanban(["import", edited, "--group", "minsheng"], env);
    expect(again.stdout).toMatch(/: 0 changes/);
    const back = await runZhuanban(["import", exported, "--group", "minsheng"], env);
    expect(back.stdout).toMatch(/: 1 change \(1 targets updated\)/);
  });

  it("a hand-written sheet with only the nine columns matches seeded targets by their text", async () => {
    const file = await writeWorkbook("hand.xlsx", [
      HEADER,
      ["MS-03", "促进高质量充分就业", "项目清单", "省人社厅", "", "城镇新增就业", "万人", "７０", "2023年底"],
      ["MS-03", "", "", "", "", "补贴性职业技能培训", "万人次", "40", ""],
      ["", "", "", "", "", "其中创业培训", "万人次", 10, ""],
      ["MS-99", "新增的任务", "任务", "hrss、省财政厅", "省教育厅", "", "", "", "2023年6月底"],
      ["MS-99", "", "", "", "", "新指标", "个", "1,200", ""],
    ]);
    const before = await db.prisma.task.count({ where: { group: { key: "minsheng" }, active: true } });
    const result = await runZhuanban(["import", file, "--group", "minsheng"], env);
    expect(result.code).toBe(0);
    // MS-03 keeps its targets; MS-99 is new; the other 13 tasks are not in this sheet and are deactivated.
    expect(result.stdout).toMatch(/1 tasks created/);
    expect(result.stdout).toMatch(/1 targets created/);
    expect(result.stdout).toMatch(new RegExp(`${before - 1} tasks deactivated`));
    expect(result.stdout).not.toMatch(/targets (updated|removed)/);
    const ms99 = await db.prisma.task.findFirst({
      where: { key: "MS-99" },
      include: { targets: true, units: { include: { unit: true } } },
    });
    expect(ms99).toMatchObject({ title: "新增的任务", listKind: "task", endDate: new Date("2023-06-30T00:00:00Z") });
    expect(ms99?.targets[0]?.key).toMatch(/^m-[0-9a-f]{8}$/);
    expect(ms99?.targets[0]?.targetValue.toNumber()).toBe(1200);
    expect(ms99?.units.map((u) => `${u.unit.key}:${u.role}`).sort()).toEqual([
      "edu:participant",
      "finance:lead",
      "hrss:lead",
    ]);

    // The full export brings everything back: the deactivated tasks are active again, MS-99 is deactivated.
    const restored = await runZhuanban(["import", exported, "--group", "minsheng"], env);
    expect(restored.stdout).toMatch(new RegExp(`${before - 1} tasks reactivated`));
    expect(restored.stdout).toMatch(/1 tasks deactivated/);
  });

  it("reports every bad row with its row number, exits non-zero and leaves the database unchanged", async () => {
    const file = await writeWorkbook("bad.xlsx", [
      HEADER,
      ["MS-01", "好的任务", "项目清单", "省教育厅", "", "指标一", "所", 100, "2023-12-31"],
      ["MS-02", "未知单位", "项目清单", "省不存在厅", "", "指标", "项", 1, "2023-12-31"],
      ["MS-03", "目标值不是数字", "项目清单", "省人社厅", "", "城镇新增就业", "万人", "七十万", "2023-12-31"],
      ["MS-04", "", "项目清单", "省卫生健康委", "", "指标", "个", 48, "2023-12-31"],
      ["MS-05", "日期不对", "项目清单", "省医保局", "", "指标", "%", 100, "明年"],
      ["MS-06", "清单类型不对", "工作清单", "省民政厅", "", "指标", "张", 5000, "2023-12-31"],
    ]);
    const before = await snapshot();
    const result = await runZhuanban(["import", file, "--group", "minsheng"], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n");
    expect(lines[0]).toMatch(/bad\.xlsx has 5 problems; nothing was imported/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}第3行 牵头单位：单位“省不存在厅”不存在/),
      expect.stringMatching(/^ {2}第4行 目标值：目标值“七十万”不是数字/),
      expect.stringMatching(/^ {2}第5行 编号：编号“MS-04”与上面的任务都不对应/),
      expect.stringMatching(/^ {2}第6行 完成时限：完成时限“明年”不是日期/),
      expect.stringMatching(/^ {2}第7行 清单类型：清单类型“工作清单”无效/),
    ]);
    expect(await snapshot()).toBe(before);
  });

  it.each([
    [["import", "nope.xlsx", "--group", "minsheng"], 1, /zhuanban import: nope\.xlsx does not exist/],
    [["import", "--group", "minsheng"], 2, /give exactly one FILE\.xlsx/],
    [["import", "x.xlsx"], 2, /--group is required/],
    [["export-tasks", "--group", "minsheng", "--out", "x.csv"], 2, /--out must name an \.xlsx file/],
    [["export-tasks", "--group", "nope", "--out", "x.xlsx"], 2, /no work group "nope"/],
  ])("answers %j with one clear line", async (argv, code, message) => {
    const result = await runZhuanban(argv, env);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n")).toHaveLength(1);
  });

  it("rejects a file that is not a workbook, and a wrong header, with one clear line", async () => {
    const text = path.join(dir, "tasks.xlsx");
    await writeFile(text, "编号,任务\nMS-01,x\n");
    const notXlsx = await runZhuanban(["import", text, "--group", "minsheng"], env);
    expect(notXlsx.code).toBe(1);
    expect(notXlsx.stderr).toMatch(/tasks\.xlsx is not an \.xlsx workbook$/);

    const wrong = await writeWorkbook("wrong-header.xlsx", [
      ["编号", "任务", "清单类型", "牵头单位", "参与单位", "指标", "单位", "数值", "时间"],
      ["MS-01", "任务", "项目清单", "省教育厅", "", "指标", "所", 100, "2023-12-31"],
    ]);
    const result = await runZhuanban(["import", wrong, "--group", "minsheng"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/wrong-header\.xlsx: 第1行：表头缺少列：目标值、完成时限/);
    expect(result.stderr.split("\n")).toHaveLength(1);
  });
});
