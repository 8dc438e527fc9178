import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent, Reply } from "../../src/core/chat/inbound.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { bindUsers, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// A report pasted without its header line, by a contact with two tasks: the bot asks which task,
// and choosing it saves what was typed, instead of starting over with a blank template.

let db: TestDatabase;
const clock = manualClock("2023-01-18T02:00:00Z");

const action = (userId: string, value: string): InboundEvent => ({
  platform: "telegram",
  userId,
  chatId: `dm-${userId}`,
  chatKind: "direct",
  eventId: `a-${Math.random()}`,
  kind: "action",
  actionId: "report.start",
  value,
});

function buttonFor(reply: Reply, taskKey: string) {
  for (const block of reply.messages.flatMap((m) => m.blocks)) {
    if (block.type !== "buttons") continue;
    const button = block.buttons.find((b) => b.label.startsWith(taskKey));
    if (button) return button;
  }
  throw new Error(`no button for ${taskKey}`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindUsers(db.prisma, clock, { hrss: { unit: "hrss" } });
});
afterAll(async () => {
  await db.drop();
});

describe("a report without its header line", () => {
  it("keeps the typed values while the task is chosen, then saves them for that task", async () => {
    const { bot } = fullBot(db.prisma, clock);
    const asked = await bot.handle(
      event("hrss", { kind: "text", text: "城镇新增就业：12.5万人\n状态：正常推进\n进展：春风行动" }),
    );
    expect(replyText(asked)).toContain("请先选择要报送哪一项");
    expect(replyText(asked)).toContain("您刚才填写的内容已保留");
    expect(await db.prisma.report.count()).toBe(0);

    const saved = await bot.handle(action("hrss", buttonFor(asked, "MS-03").value));
    expect(replyText(saved)).toContain("已保存：MS-03");
    const report = await db.prisma.report.findFirstOrThrow({
      where: { task: { key: "MS-03" } },
      include: { values: true },
    });
    expect(report.progress).toBe("春风行动");
    expect(report.values.map((v) => v.value.toNumber())).toEqual([12.5]);

    // Used once: the next press of a task button shows its template again.
    const again = await bot.handle(action("hrss", buttonFor(asked, "MS-03").value));
    expect(replyText(again)).toContain("报送 MS-03 2023年1月中旬");
    expect(await db.prisma.report.count()).toBe(1);
  });
});
