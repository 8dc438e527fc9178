import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { basicBot, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
// Monday 2023-01-16 10:00 in Shanghai: inside 2023年1月中旬, due Friday 2023-01-20 17:00 (09:00Z).
const clock = manualClock("2023-01-16T02:00:00Z");
let bot: ReturnType<typeof fullBot>["bot"];

const template = (body: string) => `报送 MS-03 2023-01-X2\n${body}`;
const valid = "城镇新增就业：12.5万人\n状态：正常推进\n进展：春风行动已启动\n问题：无\n下步：继续推进";

async function reportsOfHrss() {
  return db.prisma.report.findMany({
    where: { task: { key: "MS-03" } },
    include: { values: { include: { target: true } } },
    orderBy: { version: "asc" },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  const basic = basicBot(db.prisma, clock);
  const code = await basic.invite("hrss");
  await basic.bot.handle(event("hrss", { kind: "command", command: "bind", args: code }));
  bot = fullBot(db.prisma, clock).bot;
});
afterAll(async () => {
  await db.drop();
});

describe("reporting by text template", () => {
  it("asks which task when a contact leads several and the text names none", async () => {
    const reply = await bot.handle(event("hrss", { kind: "text", text: valid }));
    expect(replyText(reply)).toContain("您负责多项任务");
    const buttons = reply.messages[0]!.blocks.find((b) => b.type === "buttons");
    expect(buttons && "buttons" in buttons ? buttons.buttons.map((b) => b.label) : []).toEqual(
      expect.arrayContaining([expect.stringContaining("MS-03")]),
    );
    expect(await reportsOfHrss()).toHaveLength(0);
  });

  it("stores a valid report before confirming it, and repeats values against target and pace", async () => {
    const reply = await bot.handle(event("hrss", { kind: "text", text: template(valid) }));
    const text = JSON.stringify(reply);
    expect(text).toContain("已保存：MS-03 促进高质量充分就业 2023年1月中旬");
    // The bar names the metric and shows 17.9%; the line beside it says neither again.
    const jobs = reply.messages[0]!.blocks.find((b) => b.type === "progress" && b.label === "城镇新增就业");
    expect(jobs).toMatchObject({ detail: "12.5万人，目标 70万人，时序进度 4.1%" });
    expect(text).not.toContain("完成 17.9%");
    expect(text).toContain("按时报送");
    const stored = await reportsOfHrss();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ version: 1, isCurrent: true, isLate: false, status: "on_track" });
    expect(stored[0]!.values.map((v) => [v.target.key, v.value.toNumber()])).toEqual([["new-urban-jobs", 12.5]]);
    // 1月16日 is day 15 of 365: pace 4.1%, so 17.9% is ahead of pace: green.
    const progress = reply.messages[0]!.blocks.find((b) => b.type === "progress");
    expect(progress).toMatchObject({ light: "green" });
  });

  it("accepts full-width digits, ASCII colons, synonyms and units, and keeps earlier versions", async () => {
    const reply = await bot.handle(
      event("hrss", {
        kind: "text",
        text: "报送 MS-03\n城镇新增就业: １３０,０００人\n状态: 存在风险\n工作进展: 招聘会 3 场\n存在问题: 返乡人员多\n下一步: 加大帮扶",
      }),
    );
    expect(replyText(reply) + JSON.stringify(reply)).toContain("第 2 版");
    const stored = await reportsOfHrss();
    expect(stored.map((r) => [r.version, r.isCurrent])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(stored[1]!.values[0]!.value.toNumber()).toBe(13);
    expect(stored[1]!.problems).toBe("返乡人员多");
  });

  it("flags a report after the deadline as late (补报) and still accepts it", async () => {
    clock.set("2023-01-20T09:30:00Z"); // 17:30 on the due day
    const reply = await bot.handle(event("hrss", { kind: "text", text: template(valid) }));
    expect(JSON.stringify(reply)).toContain("补报");
    const latest = (await reportsOfHrss()).at(-1)!;
    expect(latest).toMatchObject({ isLate: true, isCurrent: true, version: 3 });
    clock.set("2023-01-16T02:00:00Z");
  });

  it("answers an invalid report with one message naming each bad field and a valid example; nothing is stored", async () => {
    const before = (await reportsOfHrss()).length;
    const reply = await bot.handle(
      event("hrss", {
        kind: "text",
        text: "报送 MS-03\n城镇新增就业：很多\n状态：还行\n进展：",
      }),
    );
    expect(reply.messages).toHaveLength(1);
    const text = replyText(reply);
    expect(text).toContain("报送没有保存");
    expect(text).toContain("“很多”不是数字");
    expect(text).toContain("“还行”不是可选状态");
    expect(text).toMatch(/进展：(是空的|未填写)/);
    expect(text).toContain("报送 MS-03 2023年1月中旬"); // the example
    expect((await reportsOfHrss()).length).toBe(before);
  });

  it.each([
    ["a value that is not a number", "城镇新增就业：七十万\n状态：正常推进\n进展：x", "“七十万”不是数字"],
    ["a unit that does not match", "城镇新增就业：65%\n状态：正常推进\n进展：x", "与指标单位“万人”不一致"],
    ["a missing status", "城镇新增就业：12万人\n进展：x", "状态：未填写"],
    [
      "a missing value, naming the template's fields rather than a 完成值 it does not have",
      "状态：正常推进\n进展：x",
      "城镇新增就业、补贴性职业技能培训、其中创业培训：都未填写，请至少填写一项",
    ],
    ["an oversized text", `城镇新增就业：12万人\n状态：正常推进\n进展：${"很".repeat(2001)}`, "太长了（最多 2000 字）"],
    ["an unknown field", "心情：好\n城镇新增就业：12万人\n状态：正常推进\n进展：x", "“心情”不是报送字段"],
    ["a bad period", "报送 MS-03 2023-99-X9\n城镇新增就业：12万人\n状态：正常推进\n进展：x", "不是有效的期次"],
  ])("rejects %s with a message naming it, and stores nothing", async (_name, text, message) => {
    const before = (await reportsOfHrss()).length;
    const body = text.startsWith("报送") ? text : `报送 MS-03\n${text}`;
    const reply = await bot.handle(event("hrss", { kind: "text", text: body }));
    expect(replyText(reply)).toContain(message);
    expect(replyText(reply)).not.toContain("完成值：");
    expect((await reportsOfHrss()).length).toBe(before);
  });

  it("refuses a report on a task of another unit and a period that has not started", async () => {
    const before = (await reportsOfHrss()).length;
    const other = await bot.handle(
      event("hrss", { kind: "text", text: "报送 MS-01\n完成值：3\n状态：正常推进\n进展：x" }),
    );
    expect(replyText(other)).toContain("没有您可以报送的任务“MS-01”");
    const future = await bot.handle(
      event("hrss", { kind: "text", text: template(valid).replace("2023-01-X2", "2023-02-X1") }),
    );
    expect(replyText(future)).toContain("2023年2月上旬还没有开始");
    expect((await reportsOfHrss()).length).toBe(before);
  });

  it("keeps injection-looking text verbatim in the record", async () => {
    await bot.handle(
      event("hrss", {
        kind: "text",
        text: template("城镇新增就业：13万人\n状态：正常推进\n进展：<script>alert(1)</script> *bold* <@U123>"),
      }),
    );
    const latest = (await reportsOfHrss()).at(-1)!;
    expect(latest.progress).toBe("<script>alert(1)</script> *bold* <@U123>");
  });

  it("gives the blank template for /report MS-03 with the period and deadline", async () => {
    const reply = await bot.handle(event("hrss", { kind: "command", command: "report", args: "ms-03" }));
    const text = replyText(reply);
    expect(text).toContain("MS-03 促进高质量充分就业（2023年1月中旬，截止 1月20日 17:00）");
    expect(text).toContain("报送 MS-03 2023年1月中旬");
  });
});
