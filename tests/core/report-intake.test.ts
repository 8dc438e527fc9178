// What every inbound report goes through before and after the report flow: dedupe, the sender's
// identity and contact, the conversation state, the tasks and cycle settings, the period; and
// what that costs in database round trips (issue 8's target is at most 4 per report).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installQueryCounter } from "../../bench/lib/pg-counter.js";
import type { InboundEvent } from "../../src/core/chat/inbound.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { basicBot, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
// Monday 2023-01-16 10:00 in Shanghai: inside 2023年1月中旬.
const clock = manualClock("2023-01-16T02:00:00Z");
const report = (value: string) =>
  `报送 MS-03 2023-01-X2\n城镇新增就业：${value}万人\n状态：正常推进\n进展：春风行动已启动\n问题：无\n下步：继续推进`;

async function reportsOf(taskKey: string) {
  return db.prisma.report.findMany({
    where: { task: { key: taskKey } },
    include: { period: true },
    orderBy: { version: "asc" },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  const basic = basicBot(db.prisma, clock);
  for (const unit of ["hrss", "civil-affairs"]) {
    const code = await basic.invite(unit);
    await basic.bot.handle(event(unit, { kind: "command", command: "bind", args: code }));
  }
});
afterAll(async () => {
  await db.drop();
});

describe("an inbound report", () => {
  it("delivered twice, to two bot processes, is stored and confirmed once", async () => {
    const first = fullBot(db.prisma, clock).bot;
    const second = fullBot(db.prisma, clock).bot;
    const update = event("hrss", { kind: "text", text: report("10") }, { eventId: "tg:m:1:77" });
    const answers = await Promise.all([first.handle(update), second.handle(update)]);
    expect(answers.map((a) => a.messages.length).sort()).toEqual([0, 1]);
    expect(replyText(answers.find((a) => a.messages.length === 1)!)).toContain("已保存：MS-03");
    expect(await reportsOf("MS-03")).toHaveLength(1);
    // Once more, later (a redelivery after a lost webhook answer): still nothing new.
    expect((await first.handle(update)).messages).toEqual([]);
    expect(await reportsOf("MS-03")).toHaveLength(1);
  });

  it("costs at most 3 database round trips once its period is known (4 the first time)", async () => {
    const bot = fullBot(db.prisma, clock).bot;
    const counter = installQueryCounter();
    counter.reset();
    await bot.handle(event("hrss", { kind: "text", text: report("11") }));
    const first = counter.count;
    counter.reset();
    const reply = await bot.handle(event("hrss", { kind: "text", text: report("12") }));
    const later = counter.count;
    expect(replyText(reply)).toContain("第 3 版");
    expect(first).toBeLessThanOrEqual(4);
    expect(later).toBeLessThanOrEqual(3);
  });

  it("makes an unreachable contact reachable again and remembers their direct chat", async () => {
    await db.prisma.chatIdentity.updateMany({
      where: { platformUserId: "hrss" },
      data: { unreachableAt: clock.now(), directChatId: null },
    });
    const bot = fullBot(db.prisma, clock).bot;
    await bot.handle(event("hrss", { kind: "command", command: "tasks" }, { chat: "dm-hrss-2" }));
    const identity = await db.prisma.chatIdentity.findFirstOrThrow({ where: { platformUserId: "hrss" } });
    expect(identity).toMatchObject({ unreachableAt: null, directChatId: "dm-hrss-2" });
  });

  it("from someone the bot does not know gets the binding hint, and nothing is stored", async () => {
    const bot = fullBot(db.prisma, clock).bot;
    const before = await db.prisma.report.count();
    const reply = await bot.handle(event("stranger", { kind: "text", text: report("13") }));
    expect(replyText(reply)).toContain("您还没有绑定身份");
    expect(await db.prisma.report.count()).toBe(before);
    expect(await db.prisma.chatIdentity.count({ where: { platformUserId: "stranger", contactId: null } })).toBe(1);
  });

  it("goes to the cycle the group runs now: a setting changed between two reports applies to the second", async () => {
    const bot = fullBot(db.prisma, clock).bot;
    const text = "报送 MS-07\n城市低保标准（不低于）：650元/月\n状态：已完成\n进展：已发文";
    expect(JSON.stringify(await bot.handle(event("civil-affairs", { kind: "text", text })))).toContain("2023年1月中旬");
    const group = await db.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
    await db.prisma.cycleSetting.update({
      where: { groupId_cycle: { groupId: group.id, cycle: "dekad" } },
      data: { enabled: false },
    });
    try {
      const reply = await bot.handle(event("civil-affairs", { kind: "text", text }));
      expect(JSON.stringify(reply)).toContain("已保存：MS-07 提高困难群体救助标准 2023年1月");
      expect((await reportsOf("MS-07")).map((r) => r.period.periodKey)).toEqual(["2023-01-X2", "2023-M01"]);
    } finally {
      await db.prisma.cycleSetting.update({
        where: { groupId_cycle: { groupId: group.id, cycle: "dekad" } },
        data: { enabled: true },
      });
    }
  });
});

describe("a guided report", () => {
  const action = (userId: string, actionId: string, value: string): InboundEvent => ({
    platform: "telegram",
    userId,
    chatId: `dm-${userId}`,
    chatKind: "direct",
    kind: "action",
    actionId,
    value,
    eventId: `a-${Math.random()}`,
  });

  it("left for more than a day is forgotten: an answer is then ordinary text", async () => {
    const bot = fullBot(db.prisma, clock).bot;
    const task = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-06" }, include: { units: true } });
    const q1 = await bot.handle(action("civil-affairs", "report.guided", `${task.id}:${task.units[0]!.unitId}`));
    expect(replyText(q1)).toContain("累计完成值");
    const soon = await bot.handle(event("civil-affairs", { kind: "text", text: "很多" }));
    expect(replyText(soon)).toContain("“很多”不是有效的数字");
    clock.advance(25 * 3600 * 1000);
    try {
      const late = await bot.handle(event("civil-affairs", { kind: "text", text: "很多" }));
      expect(replyText(late)).toContain("没有看懂这条消息");
    } finally {
      clock.set("2023-01-16T02:00:00Z");
    }
  });
});
