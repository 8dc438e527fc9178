import { mkdtemp, rm } from "node:fs/promises";
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
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-contacts-"));
  expect((await runZhuanban(["seed", "--quiet"], env)).code).toBe(0);
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const HEADER = ["专班", "单位", "姓名", "角色", "手机", "邮箱"];
const ZHANG = ["minsheng", "省人社厅", "张三", "主联络人", "138 0013 8000", ""];
const LI = ["minsheng", "省人力资源社会保障厅", "李四", "备用联络人", "+86 139-0013-9000", ""];
const WANG = ["重点民生保障仗", "", "王五", "专班办公室", "", "wangwu@example.gov.cn"];

async function writeRoster(name: string, rows: unknown[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("联络人名单");
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

const contact = (name: string) =>
  db.prisma.contact.findFirstOrThrow({
    where: { name },
    include: { unitRoles: { include: { unit: true } }, groupRoles: true, identities: true },
  });

async function snapshot() {
  const contacts = await db.prisma.contact.findMany({
    orderBy: { key: "asc" },
    include: {
      unitRoles: { orderBy: { unitId: "asc" } },
      groupRoles: { orderBy: [{ groupId: "asc" }, { role: "asc" }] },
    },
  });
  return JSON.stringify(contacts);
}

describe("zhuanban import-contacts and export-contacts", () => {
  it("export writes the roster with a 填表说明 sheet, example contacts included", async () => {
    const out = path.join(dir, "roster.xlsx");
    const result = await runZhuanban(["export-contacts", "--out", out, "--group", "minsheng"], env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/export-contacts: \d+ people, \d+ roles → /);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["联络人名单", "填表说明"]);
    const header = (workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...HEADER, "职务", "编码", "Telegram", "Slack"]);
    const names = workbook.worksheets[0]!.getColumn(3).values;
    expect(names).toContain("示例联络人（省人社厅）");
    // Read back unchanged.
    const again = await runZhuanban(["import-contacts", out], env);
    expect(again.stdout).toMatch(/0 changes, the database already matches/);
  });

  it("--dry-run shows the changes and writes nothing; the import retires the units' example contacts", async () => {
    const file = await writeRoster("real.xlsx", [HEADER, ZHANG, LI, WANG]);
    const before = await snapshot();
    const dry = await runZhuanban(["import-contacts", file, "--dry-run"], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /\(dry run, nothing written\): \d+ changes \(3 contacts created, .*2 example contacts retired/,
    );
    expect(await snapshot()).toBe(before);

    const run = await runZhuanban(["import-contacts", file], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /example contacts retired: 示例专班办公室联络人（省人社厅）、示例联络人（省人社厅）|example contacts retired: 示例联络人（省人社厅）、示例专班办公室联络人（省人社厅）/,
    );
    expect(run.stdout).toMatch(/units with no contact bound to a chat yet: .*省人力资源社会保障厅（minsheng）/);
    expect(run.stdout).toMatch(/next: zhuanban invite --group minsheng --all --out invites-minsheng\.xlsx/);
    const zhang = await contact("张三");
    expect(zhang).toMatchObject({ phone: "13800138000", active: true, isExample: false });
    expect(zhang.unitRoles.map((r) => [r.unit.key, r.role])).toEqual([["hrss", "primary"]]);
    expect((await contact("李四")).phone).toBe("13900139000");
    expect((await contact("王五")).groupRoles.map((r) => r.role)).toEqual(["office"]);
    const example = await contact("示例联络人（省人社厅）");
    expect(example).toMatchObject({ active: false, isExample: true });
    expect(example.unitRoles).toHaveLength(1); // kept for history
    // Another unit's example contact is untouched.
    expect((await contact("示例联络人（省教育厅）")).active).toBe(true);

    const again = await runZhuanban(["import-contacts", file], env);
    expect(again.stdout).toMatch(/0 changes, the database already matches \[3 people in the sheet\]/);
  });

  it("a re-seed leaves the retired example contact retired and reports the conflict", async () => {
    const reseed = await runZhuanban(["seed", "--quiet"], env);
    expect(reseed.code).toBe(0);
    expect(reseed.stderr).toMatch(/^conflict: contact c-hrss was changed by an Excel import/m);
    expect((await contact("示例联络人（省人社厅）")).active).toBe(false);
  });

  it("removing a person deactivates them, unbinds their chat account and tells the office", async () => {
    const zhang = await contact("张三");
    const wang = await contact("王五");
    await db.prisma.chatIdentity.createMany({
      data: [
        { platform: "console", platformUserId: "zhangsan", contactId: zhang.id, boundAt: new Date() },
        { platform: "console", platformUserId: "wangwu", contactId: wang.id, boundAt: new Date() },
      ],
    });
    const file = await writeRoster("without-zhang.xlsx", [HEADER, LI, WANG]);
    const result = await runZhuanban(["import-contacts", file], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /deactivated: 张三 \(c-[0-9a-f]+\), no longer on the roster; 1 chat accounts unbound/,
    );
    expect(result.stdout).toMatch(/the office was told \(1 messages queued/);
    const after = await contact("张三");
    expect(after).toMatchObject({ active: false });
    expect(after.identities).toHaveLength(0);
    expect(await db.prisma.chatIdentity.findFirstOrThrow({ where: { platformUserId: "zhangsan" } })).toMatchObject({
      contactId: null,
      boundAt: null,
    });
    const notice = await db.prisma.outboxMessage.findFirstOrThrow({ where: { stage: "roster" } });
    expect(notice).toMatchObject({ kind: "notice", address: "dm:wangwu", recipientContactId: wang.id });
    const text = JSON.stringify(notice.payload);
    expect(text).toContain("张三");
    expect(text).toContain("省人力资源社会保障厅"); // left with no reachable contact: 李四 is not bound
  });

  it("lists every bad row with its column, exits 1 and changes nothing", async () => {
    const file = await writeRoster("bad.xlsx", [
      HEADER,
      ["minsheng", "省人社厅", "赵六", "联络员", "13800000001", ""],
      ["nope", "省人社厅", "钱七", "主联络人", "13800000002", ""],
      ["minsheng", "", "孙八", "主联络人", "13800000003", ""],
      ["minsheng", "省教育厅", "周九", "主联络人", "12345", "not-an-email"],
      ["minsheng", "省教育厅", "吴十", "备用联络人", "", ""],
      ["minsheng", "省统计局", "郑一", "主联络人", "13800000004", ""],
      ["minsheng", "省统计局", "冯二", "主联络人", "13800000005", ""],
    ]);
    const before = await snapshot();
    const result = await runZhuanban(["import-contacts", file], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toEqual([
      expect.stringMatching(/bad\.xlsx has 7 problems; nothing was imported:$/),
      "  第2行 角色：角色“联络员”无效，应为主联络人、备用联络人、召集人、副召集人或专班办公室",
      expect.stringMatching(/^ {2}第3行 专班：专班“nope”不存在（可填专班编码或名称：.*minsheng/),
      "  第4行 单位：主联络人、备用联络人须填写单位",
      "  第5行 手机：手机“12345”格式不对，应为11位手机号（可带 +86、空格或连字符）",
      "  第5行 邮箱：邮箱“not-an-email”格式不对，如 zhangsan@example.gov.cn",
      "  第6行 手机：手机和邮箱至少填一项（用来区分同名的人，也用于发送邀请码）",
      "  第8行 角色：“省统计局”已有主联络人（第7行）；每个单位只能有一个主联络人，其他人填备用联络人",
    ]);
    expect(await snapshot()).toBe(before);
  });

  it.each([
    [["import-contacts"], 2, /give exactly one FILE\.xlsx/],
    [["import-contacts", "nope.xlsx"], 1, /zhuanban import-contacts: nope\.xlsx does not exist/],
    [["export-contacts"], 2, /--out is required/],
    [["export-contacts", "--out", "x.csv"], 2, /--out must name an \.xlsx file/],
    [["export-contacts", "--out", "x.xlsx", "--group", "nope"], 2, /no work group "nope"/],
  ])("answers %j with one clear line", async (argv, code, message) => {
    const result = await runZhuanban(argv, env);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n")).toHaveLength(1);
  });

  it("a sheet without the roster header is refused with one line", async () => {
    const file = await writeRoster("header.xlsx", [
      ["编号", "任务"],
      ["MS-01", "x"],
    ]);
    const result = await runZhuanban(["import-contacts", file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /第1行：找不到表头：前10行中应有一行表头（专班、单位、姓名、角色、手机、邮箱）; nothing was imported$/,
    );
  });
});
