import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashInviteCode } from "../../src/domain/invite/invite-code.js";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
let env: Record<string, string>;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-invites-"));
  expect((await runZhuanban(["seed", "--quiet"], env)).code).toBe(0);
  // Real people for the 民生 group: two unit contacts and the office.
  const roster = new ExcelJS.Workbook();
  const sheet = roster.addWorksheet("联络人名单");
  sheet.addRow(["专班", "单位", "姓名", "角色", "手机", "邮箱"]);
  sheet.addRow(["minsheng", "省人社厅", "张三", "主联络人", "13800138000", ""]);
  sheet.addRow(["minsheng", "省教育厅", "李四", "主联络人", "13900139000", "lisi@example.gov.cn"]);
  sheet.addRow(["minsheng", "", "王五", "专班办公室", "", "wangwu@example.gov.cn"]);
  const file = path.join(dir, "roster.xlsx");
  await roster.xlsx.writeFile(file);
  expect((await runZhuanban(["import-contacts", file], env)).code).toBe(0);
  // 李四 is already bound: no new code for him.
  const li = await db.prisma.contact.findFirstOrThrow({ where: { name: "李四" } });
  await db.prisma.chatIdentity.create({
    data: { platform: "telegram", platformUserId: "4242", contactId: li.id, boundAt: new Date() },
  });
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("zhuanban invite --group KEY --all", () => {
  it("writes one code per unbound real person: expiry in Beijing time, Telegram deep link and QR code", async () => {
    const out = path.join(dir, "invites.xlsx");
    const telegramEnv = { ...env, TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_BOT_USERNAME: "@zb_test_bot" };
    const result = await runZhuanban(["invite", "--group", "minsheng", "--all", "--out", out], telegramEnv);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /invite minsheng: 2 codes → .*invites\.xlsx \(valid until \d{4}-\d\d-\d\d \d\d:\d\d 北京时间\)/,
    );
    expect(result.stdout).toMatch(/on Telegram they open https:\/\/t\.me\/zb_test_bot\?start=CODE/);
    expect(result.stderr).toMatch(/example contacts left out/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      "姓名",
      "单位",
      "角色",
      "手机",
      "邮箱",
      "邀请码",
      "有效期至（北京时间）",
      "Telegram 链接",
      "Telegram 二维码",
    ]);
    const rows = [2, 3].map((r) => (sheet.getRow(r).values as unknown[]).slice(1));
    expect(rows.map((r) => r[0]).sort()).toEqual(["张三", "王五"]);
    const zhang = rows.find((r) => r[0] === "张三")!;
    const code = String(zhang[5]);
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(zhang[7]).toMatchObject({ text: `https://t.me/zb_test_bot?start=${code}` });
    // The expiry is 7 days on, written in UTC+8.
    const stored = await db.prisma.inviteCode.findUniqueOrThrow({ where: { codeHash: hashInviteCode(code) } });
    const beijing = new Date(stored.expiresAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
    expect(zhang[6]).toBe(beijing);
    // One QR image per row.
    expect(sheet.getImages()).toHaveLength(2);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["邀请码", "使用说明"]);
  });

  it("names the command in the configured platform's form", async () => {
    const slack = await runZhuanban(["invite", "--group", "minsheng", "--all"], {
      ...env,
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
    });
    expect(slack.code).toBe(0);
    expect(slack.stdout).toMatch(/on Slack they send "\/zhuanban bind CODE"/);
    expect(slack.stdout).not.toMatch(/Telegram/);
    const console = await runZhuanban(["invite", "--unit", "省人社厅"], env);
    expect(console.stdout).toMatch(/on the console type "\/as NAME"/);
  });

  it.each([
    [["invite", "--group", "minsheng"], 2, /--group needs --all/],
    [["invite", "--group", "nope", "--all"], 2, /no work group "nope"/],
    [["invite", "--group", "minsheng", "--all", "--out", "x.csv"], 2, /--out must name an \.xlsx file/],
    [["invite", "--group", "minsheng", "--unit", "hrss", "--all"], 2, /give --group, or --unit\/--contact, not both/],
    [["invite", "--all"], 2, /--all and --out go with --group/],
    [["invite"], 2, /--unit, --contact or --group is required/],
    [["invite", "--group", "minsheng", "--all", "--days", "0"], 2, /--days must be between 1 and 90/],
  ])("answers %j with one clear line", async (argv, code, message) => {
    const result = await runZhuanban(argv, env);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n")).toHaveLength(1);
  });
});
