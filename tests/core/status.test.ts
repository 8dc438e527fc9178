import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPlainText } from "../../src/render/plain-text.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { bindUsers, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
const clock = manualClock("2023-01-16T02:00:00Z");
let bot: ReturnType<typeof fullBot>["bot"];

const blocksOf = (reply: Awaited<ReturnType<typeof bot.handle>>) => reply.messages.flatMap((m) => m.blocks);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindUsers(db.prisma, clock, {
    hrss: { unit: "hrss" },
    edu: { unit: "edu" },
    boss: { contact: "c-ms-convenor" },
  });
  bot = fullBot(db.prisma, clock).bot;
  await bot.handle(
    event("hrss", {
      kind: "text",
      text: "报送 MS-03\n城镇新增就业：12.5万人\n状态：正常推进\n进展：春风行动\n问题：返乡人员就业压力大\n需协调事项：请财政厅加快资金拨付",
    }),
  );
});
afterAll(async () => {
  await db.drop();
});

describe("/status and /tasks", () => {
  it("shows the convenor the whole group: counts, missing units by name, lights, problems, time left", async () => {
    const reply = await bot.handle(event("boss", { kind: "command", command: "status" }));
    const text = replyText(reply);
    expect(text).toContain("省打好重点民生保障仗工作专班 2023年1月中旬 报送情况");
    expect(text).toContain("截止 1月20日 17:00，还剩 4 天 7 小时");
    // One unit a line, as the digest lists them; the digest's words for timeliness.
    expect(text).toMatch(/^未报单位：\n(.+\n)*省教育厅：MS-01、MS-12$/m);
    expect(text).not.toContain("；省政务局");
    expect(text).not.toMatch(/逾期未报|尚未报送|按时已报/);
    expect(text).toContain("MS-03（省人力资源社会保障厅）：返乡人员就业压力大");
    expect(text).toContain("请财政厅加快资金拨付");
    const jobs = blocksOf(reply).find((b) => b.type === "progress" && b.label === "城镇新增就业");
    expect(jobs).toMatchObject({ light: "green", detail: expect.stringContaining("12.5 / 70万人") });
    // The bar shows the percentage done; the line beside it does not say it again.
    const plain = reply.messages.map((m) => renderPlainText(m)).join("\n");
    expect(plain).toMatch(/城镇新增就业 \[[█░]+\] 17\.9% 12\.5 \/ 70万人，时序进度/);
    expect(plain).not.toContain("完成 17.9%");
    const fields = blocksOf(reply).find((b) => b.type === "fields");
    expect(fields && "fields" in fields ? fields.fields.find((f) => f.label === "按时报送")?.value : null).toBe("1");
  });

  it("shows a contact only their own units", async () => {
    const reply = await bot.handle(event("edu", { kind: "command", command: "status" }));
    const text = replyText(reply);
    expect(text).toContain("MS-01");
    expect(text).not.toContain("MS-03");
    expect(text).not.toContain("返乡人员");
  });

  it("lists a contact's tasks with period, deadline and what is missing", async () => {
    const reply = await bot.handle(event("hrss", { kind: "command", command: "tasks" }));
    const text = replyText(reply);
    expect(text).toMatch(/MS-03 促进高质量充分就业｜省人力资源社会保障厅｜2023年1月中旬 截止 1月20日 17:00｜✅ 已报/);
  });

  it("marks a unit missing after the deadline and shows a task's history", async () => {
    clock.set("2023-01-20T10:00:00Z"); // 18:00 on the due day: still 中旬, deadline passed
    const reply = await bot.handle(event("boss", { kind: "command", command: "进度" }));
    expect(replyText(reply)).toContain("已过截止时间");
    const fields = blocksOf(reply).find((b) => b.type === "fields");
    expect(
      fields && "fields" in fields ? Number(fields.fields.find((f) => f.label === "未报")?.value) : 0,
    ).toBeGreaterThan(0);
    const history = await bot.handle(event("boss", { kind: "command", command: "status", args: "MS-03" }));
    const table = blocksOf(history).find((b) => b.type === "table");
    expect(table && "rows" in table ? table.rows[0]?.slice(0, 2) : null).toEqual([
      "2023-01-X2",
      "省人力资源社会保障厅",
    ]);
    clock.set("2023-01-16T02:00:00Z");
  });

  it("warns convenors when the year's holiday arrangement is not published yet", async () => {
    clock.set("2027-03-01T02:00:00Z");
    const reply = await bot.handle(event("boss", { kind: "command", command: "status" }));
    expect(replyText(reply)).toContain("2027 年节假日安排尚未发布，按周一至周五计算");
    const contact = await bot.handle(event("edu", { kind: "command", command: "status" }));
    expect(replyText(contact)).not.toContain("节假日安排尚未发布");
    clock.set("2023-01-16T02:00:00Z");
  });

  it("shows the office the messages that could not be delivered", async () => {
    const group = await db.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
    const edu = await db.prisma.contact.findUniqueOrThrow({ where: { key: "c-edu" } });
    await db.prisma.outboxMessage.create({
      data: {
        dedupeKey: "undelivered-test",
        kind: "reminder",
        stage: "due-day",
        groupId: group.id,
        recipientContactId: edu.id,
        platform: "telegram",
        address: "dm-edu",
        payload: {},
        dueAt: clock.now(),
        nextAttemptAt: clock.now(),
        state: "unreachable",
        lastError: "unreachable: Forbidden: bot was blocked by the user",
      },
    });
    const reply = await bot.handle(event("boss", { kind: "command", command: "status" }));
    // The platform by its name; its English error stays in the log.
    expect(replyText(reply)).toMatch(
      /未能送达的消息（1 条）[\s\S]*示例联络人（省教育厅）（Telegram）：无法联系（已屏蔽机器人或已退出）$/m,
    );
    expect(replyText(reply)).not.toContain("Forbidden");
    const contact = await bot.handle(event("edu", { kind: "command", command: "status" }));
    expect(replyText(contact)).not.toContain("未能送达");
  });

  it("refuses a contact another group's status, politely", async () => {
    const reply = await bot.handle(event("hrss", { kind: "command", command: "status", args: "jingji" }));
    expect(replyText(reply)).toContain("只对专班召集人");
  });
});
