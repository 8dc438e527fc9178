import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { bindUsers, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
const clock = manualClock("2023-01-20T10:00:00Z"); // 18:00 on the 中旬 due day: the deadline has passed
let bot: ReturnType<typeof fullBot>["bot"];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindUsers(db.prisma, clock, {
    hrss: { unit: "hrss" },
    edu: { unit: "edu" },
    office: { contact: "c-ms-office" },
  });
  bot = fullBot(db.prisma, clock).bot;
  await bot.handle(event("hrss", { kind: "text", text: "报送 MS-03\n城镇新增就业：12万人\n状态：正常推进\n进展：x" }));
});
afterAll(async () => {
  await db.drop();
});

describe("/chase", () => {
  it("chases every bound contact of a unit still missing, once an hour, and never a unit that reported", async () => {
    const reply = await bot.handle(event("office", { kind: "command", command: "chase" }));
    const text = replyText(reply);
    // Who was chased (one message per unit, with its tasks), who could not be reached and why.
    expect(text).toContain("已向 2 个未报单位发送催报（2 条消息，将依次送达）：");
    expect(text).toContain("省教育厅：MS-01、MS-12");
    expect(text).toContain("省人力资源社会保障厅：MS-11");
    expect(text).toMatch(/以下 12 个单位无法通过机器人催报，请电话联系：/);
    expect(text).toMatch(/省政务局：MS-02（联络人尚未绑定聊天账号）/);
    expect(text).not.toContain("省人力资源社会保障厅：MS-03");
    const rows = await db.prisma.outboxMessage.findMany({ include: { task: true, unit: true } });
    // 省教育厅 leads MS-01 and MS-12 (one message for both); 省人社厅 reported MS-03 but not MS-11.
    expect(rows.map((r) => [r.kind, r.task?.key ?? "-", r.unit?.key, r.address]).sort()).toEqual([
      ["chase", "-", "edu", "dm-edu"],
      ["chase", "MS-11", "hrss", "dm-hrss"],
    ]);
    expect(JSON.stringify(rows.find((r) => r.unit?.key === "edu")!.payload)).toMatch(/报送 MS-01 .*报送 MS-12 /);

    // Again within the hour: nothing new, and it says so per unit instead of claiming a chase.
    const again = replyText(await bot.handle(event("office", { kind: "command", command: "催报" })));
    expect(again).not.toContain("已向");
    expect(again).toContain("以下 2 个单位本小时内已催报过，未重复发送：");
    expect(again).toContain("省教育厅：MS-01、MS-12");
    expect(again).toContain("以下 12 个单位无法通过机器人催报");
    expect(await db.prisma.outboxMessage.count()).toBe(rows.length);
  });

  it("is refused to contacts", async () => {
    const reply = await bot.handle(event("edu", { kind: "command", command: "chase" }));
    expect(replyText(reply)).toContain("只对专班召集人");
  });
});
