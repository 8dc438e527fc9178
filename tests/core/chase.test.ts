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
    expect(replyText(reply)).toMatch(/已向 14 个未报单位发送催报（3 条消息）/);
    const rows = await db.prisma.outboxMessage.findMany({ include: { task: true } });
    // 省教育厅 leads MS-01 and MS-12; 省人社厅 reported MS-03 but not MS-11.
    expect(rows.map((r) => [r.kind, r.task?.key, r.address]).sort()).toEqual(
      [
        ["chase", "MS-01", "dm-edu"],
        ["chase", "MS-11", "dm-hrss"],
        ["chase", "MS-12", "dm-edu"],
      ].slice(0, rows.length),
    );
    expect(rows.some((r) => r.task?.key === "MS-03")).toBe(false);

    const again = await bot.handle(event("office", { kind: "command", command: "催报" }));
    expect(replyText(again)).toContain("本小时内已经催报过");
    expect(await db.prisma.outboxMessage.count()).toBe(rows.length);
  });

  it("is refused to contacts", async () => {
    const reply = await bot.handle(event("edu", { kind: "command", command: "chase" }));
    expect(replyText(reply)).toContain("只对专班召集人");
  });
});
