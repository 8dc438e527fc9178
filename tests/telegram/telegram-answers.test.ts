import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../adapters/telegram/index.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createLogger } from "../../src/runtime/logger.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createCore } from "../../src/runtime/wiring.js";
import { FakeBotApi } from "../fakes/telegram/fake-bot-api.js";
import { answerDelivery, type AnswerDelivery } from "../support/answer-delivery.js";
import { manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { waitUntil } from "../support/wait-until.js";

// Answers to users (issue 17, item 7), through the real adapter (polling), the fake Bot API, a real
// rate limiter and outbox, and a real dispatcher: a chat that waits out a retry_after holds up no
// other chat, and an answer refused for longer than the hand-off window comes later through the
// outbox, once.
let db: TestDatabase;
let api: FakeBotApi;
let adapter: TelegramAdapter;
let delivery: AnswerDelivery;
const log: { level: string; fields: object; message: string }[] = [];
const A = { id: 5301, first_name: "甲" };
const B = { id: 5302, first_name: "乙" };
/** What A writes: never to be seen in a log line. */
const A_TEXT = "甲的私密进展XYZ";

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  api = new FakeBotApi();
  await api.start();
  const clock = manualClock("2023-03-20T01:00:00Z");
  const core = createCore({
    prisma: db.prisma,
    calendar: createWorkCalendar(),
    clock,
    locale: "zh-CN",
    log: createLogger("silent"),
  });
  delivery = answerDelivery(db.prisma, clock, { handOffAfterMs: 3_000 });
  const at = (level: string) => (fields: object, message: string) => void log.push({ level, fields, message });
  adapter = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: { info: at("info"), warn: at("warn"), error: at("error") },
    pollTimeoutSeconds: 5,
    answers: delivery.transport,
  });
  await adapter.start(core);
  delivery.start("telegram", adapter);
}, 120_000);

afterAll(async () => {
  await adapter?.stop();
  await delivery?.stop();
  await api?.stop();
  await db?.drop();
});

const answered = (chatId: number) => api.sentTo(chatId);
const refused = (chatId: number) =>
  api.callsOf("sendMessage").filter((c) => c.status === 429 && String(c.params.chat_id) === String(chatId));

describe("answers to users on Telegram", () => {
  it(
    "answers B at once while A waits out a retry_after longer than the hand-off window; A's answer then comes once, through the outbox",
    { timeout: 120_000 },
    async () => {
      api.failNext("sendMessage", { status: 429, retryAfter: 6 }, { chatId: A.id });
      api.say(A, A_TEXT);
      api.say(B, "/help");

      await waitUntil(() => answered(B.id).length === 1, 30_000, "B's answer");
      const refusedAt = refused(A.id)[0]?.at;
      expect(refusedAt).toBeDefined();
      // B's answer went out within a second or two of A's refusal, not after A's 6 seconds.
      const bAfterMs = answered(B.id)[0]!.at - refusedAt!;
      process.stdout.write(`telegram answers: B answered ${bAfterMs} ms after A's 429\n`);
      expect(bAfterMs).toBeLessThan(3_000);
      expect(answered(A.id)).toHaveLength(0);

      // A's answer: handed to the outbox (3 s window < 6 s retry_after), sent once the 6 s are over.
      await waitUntil(() => answered(A.id).length === 1, 60_000, "A's answer through the outbox");
      expect(answered(A.id)[0]!.at - refusedAt!).toBeGreaterThanOrEqual(5_900);
      await waitUntil(
        async () => (await db.prisma.outboxMessage.findFirst({ where: { kind: "answer", state: "sent" } })) !== null,
        30_000,
        "the outbox to record the answer as sent",
      );
      const rows = await db.prisma.outboxMessage.findMany({ where: { kind: "answer" } });
      expect(rows.map((r) => [r.address, r.state, r.groupId])).toEqual([[String(A.id), "sent", null]]);
      expect(answered(A.id)).toHaveLength(1);
      expect(answered(B.id)).toHaveLength(1);

      // The log names the chat and the answer, never what A wrote.
      const handedOff = log.find((l) => l.message === "answer handed to the outbox");
      expect(handedOff?.fields).toMatchObject({ platform: "telegram", chatId: String(A.id) });
      expect(String((handedOff?.fields as { key?: string }).key)).toMatch(/^telegram:/);
      expect(log.some((l) => JSON.stringify(l).includes(A_TEXT))).toBe(false);
    },
  );

  it(
    "waits out a retry_after shorter than the window and answers once, without the outbox",
    { timeout: 60_000 },
    async () => {
      const C = { id: 5303, first_name: "丙" };
      api.failNext("sendMessage", { status: 429, retryAfter: 1 }, { chatId: C.id });
      api.say(C, "/help");
      await waitUntil(() => answered(C.id).length === 1, 30_000, "C's answer");
      expect(answered(C.id)[0]!.at - refused(C.id)[0]!.at).toBeGreaterThanOrEqual(950);
      await adapter.answersSettled();
      expect(await db.prisma.outboxMessage.count({ where: { kind: "answer", address: String(C.id) } })).toBe(0);
      expect(answered(C.id)).toHaveLength(1);
    },
  );
});
