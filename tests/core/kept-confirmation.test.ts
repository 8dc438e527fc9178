// A report's confirmation is kept in the outbox in the report's own write (issue 17: a crash after
// the report is stored must not lose the "已保存" the user waits for). The row is held by the
// process that sends it; another process takes it over once that one stops beating, and never
// while it beats; once sent it is marked sent and nothing sends it again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address, InboundEvent } from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createAnswerOutboxStore } from "../../src/store/answer-outbox-store.js";
import { createOutboxStore } from "../../src/store/outbox-store.js";
import { bindUsers, event, fullBot, manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
let bot: ReturnType<typeof fullBot>["bot"];
// Monday 2023-01-16 10:00 in Shanghai: inside 2023年1月中旬.
const clock = manualClock("2023-01-16T02:00:00Z");
const to: Address = { platform: "telegram", chatId: "hrss-dm" };
const report = (value: string, eventId: string): InboundEvent => ({
  ...event(
    "hrss",
    { kind: "text", text: `报送 MS-03 2023-01-X2\n城镇新增就业：${value}万人\n状态：正常推进\n进展：春风行动已启动` },
    { eventId },
  ),
  answerTo: { to, keyPrefix: `telegram:${eventId}` },
});
const row = (key: string) => db.prisma.outboxMessage.findUnique({ where: { dedupeKey: `answer|${key}` } });
const withoutKey = ({ keptKey: _key, ...message }: Outbound) => message;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindUsers(db.prisma, clock, { hrss: { unit: "hrss" } });
  bot = fullBot(db.prisma, clock, { keptAnswers: { owner: "proc-a", now: () => new Date() } }).bot;
});
afterAll(async () => {
  await db.drop();
});

describe("a report's confirmation", () => {
  it("is written with the report, held by the sending process, word for word what the user gets", async () => {
    const first = await bot.handle(report("10", "m:1:90"));
    const message = first.messages[0]!;
    expect(message.keptKey).toBe("telegram:m:1:90#report");
    const kept = await row("telegram:m:1:90#report");
    expect(kept).toMatchObject({ kind: "answer", state: "sending", claimedBy: "proc-a", address: "hrss-dm" });
    expect(kept!.payload).toEqual(JSON.parse(JSON.stringify(withoutKey(message))));

    // A correction: the version the write gave it is in the kept text too.
    const second = await bot.handle(report("11", "m:1:91"));
    const correction = (await row("telegram:m:1:91#report"))!;
    expect(JSON.stringify(correction.payload)).toContain("第 2 版");
    expect(correction.payload).toEqual(JSON.parse(JSON.stringify(withoutKey(second.messages[0]!))));
  });

  it("is taken over by another process only once its holder stops beating, and not once marked sent", async () => {
    const outbox = createOutboxStore(db.prisma);
    const claim = () =>
      outbox.claimDue({
        now: clock.now(),
        transportNow: new Date(),
        limit: 10,
        workerId: "proc-b",
        leaseMs: 60_000,
        deadAfterMs: 15_000,
        platforms: ["telegram"],
      });
    await db.prisma.dispatchProcess.create({ data: { id: "proc-a", seenAt: new Date() } });
    expect(await claim()).toEqual([]);

    // proc-a sent the first and marked it; then it died (its beats stopped 20 s ago).
    await createAnswerOutboxStore(db.prisma, () => clock.now()).sent("telegram:m:1:90#report");
    expect((await row("telegram:m:1:90#report"))!.state).toBe("sent");
    await db.prisma.dispatchProcess.update({
      where: { id: "proc-a" },
      data: { seenAt: new Date(Date.now() - 20_000) },
    });
    const taken = await claim();
    expect(taken.map((r) => r.dedupeKey)).toEqual(["answer|telegram:m:1:91#report"]);
  });
});
