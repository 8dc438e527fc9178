import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// Seed files and Excel imports: an import wins until `seed --force` (README "Seed files and Excel imports").
let db: TestDatabase;
let env: Record<string, string>;
let dir: string;
let seedDir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-precedence-"));
  seedDir = path.join(dir, "seed");
  expect((await runZhuanban(["init", seedDir], env)).code).toBe(0);
  expect((await runZhuanban(["seed", seedDir], env)).code).toBe(0);
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const HEADER = ["编号", "任务", "清单类型", "牵头单位", "参与单位", "指标", "单位", "目标值", "完成时限"];
const MY_01 = ["MY-01", "示例任务：新增就业岗位", "项目清单", "牵头单位", "单位甲", "新增就业岗位", "个"];
const MY_02 = ["MY-02", "示例任务：办事事项网上可办率", "指标清单", "单位甲", "", "政务服务事项网上可办率", "%", 98];

async function importSheet(name: string, rows: unknown[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("任务清单");
  for (const row of [HEADER, ...rows]) sheet.addRow(row);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return runZhuanban(["import", file, "--group", "my-group"], env);
}

const targetValue = async (metric: string) =>
  (await db.prisma.target.findFirstOrThrow({ where: { metric } })).targetValue.toNumber();
const task = (key: string) => db.prisma.task.findFirstOrThrow({ where: { key } });

describe("seed after an Excel import", () => {
  it("an imported change is kept and reported as a conflict; --force takes the seed's version", async () => {
    const imported = await importSheet("edit.xlsx", [
      [...MY_01, 12000, "2026-12-31"],
      [...MY_02, "2026-12-31"],
    ]);
    expect(imported.code).toBe(0);
    expect(await targetValue("新增就业岗位")).toBe(12000);
    expect((await task("MY-01")).importedAt).toBeInstanceOf(Date);
    expect((await task("MY-02")).importedAt).toBeNull(); // unchanged by the import: not marked

    const reseed = await runZhuanban(["seed", seedDir], env);
    expect(reseed.code).toBe(0);
    expect(reseed.stderr).toMatch(
      /^conflict: task MY-01 \(my-group\) was changed by an Excel import at .* UTC; the seed files would change it; left as imported$/m,
    );
    expect(reseed.stdout).toMatch(
      /0 changes, the database already matches; 1 conflicts with Excel imports left as imported/,
    );
    expect(await targetValue("新增就业岗位")).toBe(12000);

    const forced = await runZhuanban(["seed", seedDir, "--force"], env);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/^overwritten: task MY-01 \(my-group\)/m);
    expect(forced.stdout).toMatch(/1 targets updated.*1 imported rows overwritten \(--force\)/);
    expect(await targetValue("新增就业岗位")).toBe(10000);
    expect((await task("MY-01")).importedAt).toBeNull();

    const again = await runZhuanban(["seed", seedDir], env);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toMatch(/0 changes, the database already matches$/);
  });

  it("a task an import added stays active; a task the import did not touch follows the seed files", async () => {
    const imported = await importSheet("add.xlsx", [
      [...MY_01, 10000, "2026-12-31"],
      [...MY_02, "2026-12-31"],
      ["MY-03", "办公室新增的任务", "任务清单", "单位乙", "", "", "", "", "2026-12-31"],
    ]);
    expect(imported.code).toBe(0);
    const tasksFile = path.join(seedDir, "tasks.yaml");
    await writeFile(tasksFile, (await readFile(tasksFile, "utf8")).replace("targetValue: 98", "targetValue: 99"));

    const reseed = await runZhuanban(["seed", seedDir], env);
    expect(reseed.code).toBe(0);
    expect(reseed.stderr).toMatch(
      /^conflict: task MY-03 \(my-group\) .* the seed files would deactivate it; left as imported$/m,
    );
    expect(reseed.stderr).not.toMatch(/MY-02/);
    expect(reseed.stdout).toMatch(/1 targets updated/);
    expect((await task("MY-03")).active).toBe(true);
    expect(await targetValue("政务服务事项网上可办率")).toBe(99);
  });

  it("a seed folder that does not validate changes nothing and names the file", async () => {
    const broken = path.join(dir, "broken");
    await cp(seedDir, broken, { recursive: true });
    const tasksFile = path.join(broken, "tasks.yaml");
    await writeFile(tasksFile, (await readFile(tasksFile, "utf8")).replace("targetValue: 10000", "targetValue: 一万"));
    const result = await runZhuanban(["seed", broken], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/tasks\.yaml:\d+:\d+ tasks\[0\]\.targets\[0\]\.targetValue/);
  });
});
