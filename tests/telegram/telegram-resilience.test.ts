import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../adapters/telegram/index.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createLogger } from "../../src/runtime/logger.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createCore } from "../../src/runtime/wiring.js";
import { FakeBotApi, type FakeUpdate } from "../fakes/telegram/fake-bot-api.js";
import { manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// What Telegram does to a bot now and then, through the real client against the fake Bot API:
// a 429 in the middle of a split message, a group that became a supergroup, a 429 on an answer,
// polling cut off by another process, a button older than the process.
let db: TestDatabase;
let api: FakeBotApi;
let adapter: TelegramAdapter;
const log: { level: string; message: string }[] = [];
/** The adapter's own waits (a reply waiting out a 429, polling starting again): recorded, not waited. */
const waits: number[] = [];
const USER = { id: 5101, first_name: "测试" };

async function handled(update: FakeUpdate): Promise<string[]> {
  const before = api.textsTo(USER.id).length;
  await api.handled(update);
  await adapter.answersSettled();
  return api.textsTo(USER.id).slice(before);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  api = new FakeBotApi();
  await api.start();
  const core = createCore({
    prisma: db.prisma,
    calendar: createWorkCalendar(),
    clock: manualClock("2023-03-20T01:00:00Z"),
    locale: "zh-CN",
    log: createLogger("silent"),
  });
  const at = (level: string) => (_fields: object, message: string) => void log.push({ level, message });
  adapter = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: { info: at("info"), warn: at("warn"), error: at("error") },
    rateLimit: null,
    pollTimeoutSeconds: 5,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  await adapter.start(core);
});
afterAll(async () => {
  await adapter.stop();
  await api.stop();
  await db.drop();
});

describe("Telegram adapter under Telegram's errors", () => {
  const long: Outbound = {
    summary: "简报",
    blocks: [
      { type: "heading", text: "旬简报" },
      { type: "table", columns: ["单位", "状态"], rows: Array.from({ length: 900 }, (_, i) => [`单位${i}`, "未报送"]) },
    ],
  };

  it("resumes a split message at the part Telegram refused (429 on the second of several): nothing is posted twice", async () => {
    const to = { platform: "telegram" as const, chatId: "-1005001" };
    api.failNext("sendMessage", { status: 429, retryAfter: 7 }, { chatId: to.chatId, after: 1 });
    // What the dispatcher does: the send fails as rate limited, and is tried again later.
    await expect(adapter.send(to, long)).rejects.toMatchObject({ kind: "rate_limited", retryAfterMs: 7000 });
    expect(api.sentTo(to.chatId)).toHaveLength(1);
    const sent = await adapter.send(to, long);
    const parts = api.sentTo(to.chatId).map((c) => String(c.params.text));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(parts).size).toBe(parts.length);
    expect(parts.every((p) => p.startsWith("<pre>") || p.startsWith("<b>旬简报</b>"))).toBe(true);
    expect(sent.platformMessageId).toBe(
      String((api.sentTo(to.chatId).at(-1)?.result as { message_id: number }).message_id),
    );

    // The same message sent again later (a new message, not a retry) goes out whole.
    await adapter.send(to, long);
    expect(api.sentTo(to.chatId)).toHaveLength(parts.length * 2);
  });

  it("sends a chart as a photo after the text, and resumes at the photo when Telegram refuses it (429)", async () => {
    const to = { platform: "telegram" as const, chatId: "-1005003" };
    const withChart: Outbound = {
      summary: "简报",
      blocks: [
        { type: "heading", text: "旬简报" },
        {
          type: "chart",
          chart: { kind: "lights", title: "任务灯号分布", slices: [{ light: "green", label: "绿灯", count: 3 }] },
          alt: "图：任务灯号分布。绿灯 3 项",
        },
      ],
    };
    api.failNext("sendPhoto", { status: 429, retryAfter: 5 }, { chatId: to.chatId });
    await expect(adapter.send(to, withChart)).rejects.toMatchObject({ kind: "rate_limited", retryAfterMs: 5000 });
    expect(api.textsTo(to.chatId)).toEqual(["<b>旬简报</b>\n📊 任务灯号分布"]);
    const sent = await adapter.send(to, withChart);
    // The text went once; the photo on the retry, and it is the message the send reports.
    expect(api.textsTo(to.chatId)).toHaveLength(1);
    const photos = api.callsOf("sendPhoto").filter((c) => String(c.params.chat_id) === to.chatId);
    expect(photos.map((c) => c.status)).toEqual([429, 200]);
    expect(photos[1]?.params.caption).toBe("任务灯号分布");
    expect(sent.platformMessageId).toBe(String((photos[1]?.result as { message_id: number }).message_id));
  });

  it("follows a group that Telegram upgraded to a supergroup to its new chat id", async () => {
    api.failNext(
      "sendMessage",
      {
        status: 400,
        description: "Bad Request: group chat was upgraded to a supergroup chat",
        parameters: { migrate_to_chat_id: -1005002 },
      },
      { chatId: "-5002" },
    );
    const sent = await adapter.send(
      { platform: "telegram", chatId: "-5002" },
      { blocks: [{ type: "text", text: "旬简报" }], summary: "旬简报" },
    );
    expect(sent.chatId).toBe("-1005002");
    expect(api.textsTo(-1005002)).toEqual(["旬简报"]);
    expect(log.some((l) => l.level === "warn" && l.message.includes("upgraded to a supergroup"))).toBe(true);
  });

  it("waits out a short 429 on an answer to a user and answers once; gives up on a long one (no outbox here) and says so in the log", async () => {
    api.failNext("sendMessage", { status: 429, retryAfter: 3 }, { chatId: USER.id });
    const answer = await handled(api.say(USER, "/help"));
    expect(answer).toHaveLength(1);
    expect(answer[0]).toContain("专班助手可以做什么");
    expect(waits).toContain(3000);

    api.failNext("sendMessage", { status: 429, retryAfter: 600 }, { chatId: USER.id });
    expect(await handled(api.say(USER, "/help"))).toEqual([]);
    expect(log.some((l) => l.level === "error" && l.message.startsWith("answer not delivered"))).toBe(true);
  });

  it("starts polling again when Telegram cuts it off (409: another process polls the token), and handles nothing twice", async () => {
    const first = api.say(USER, "/help");
    api.failNext("getUpdates", { status: 409 });
    expect(await handled(first)).toHaveLength(1);
    // The refused getUpdates confirmed nothing, so the restarted poller is given `first` again.
    await api.waitFor((calls) => calls.filter((c) => c.method === "getUpdates" && c.status === 409).length === 1);
    const second = await handled(api.say(USER, "/help"));
    expect(second).toHaveLength(1);
    expect(log.some((l) => l.message.includes("another process polls this bot token"))).toBe(true);
    const helps = api.textsTo(USER.id).filter((t) => t.includes("专班助手可以做什么"));
    expect(helps).toHaveLength(3); // one from the 429 test, and one for each of these two
  });

  it("answers a photo sent instead of a report, instead of ignoring it", async () => {
    const photo = api.enqueueUpdate({
      message: {
        message_id: 77,
        from: USER,
        chat: { id: USER.id, type: "private" },
        date: 0,
        photo: [{ file_id: "p", file_unique_id: "p", width: 90, height: 90 }],
      },
    });
    const answer = await handled(photo);
    expect(answer).toHaveLength(1);
    expect(answer[0]).toContain("/bind 邀请码"); // this user is not bound yet: told how to start
  });

  it("answers a button from before a restart and says it expired", async () => {
    const answered = api.callsOf("answerCallbackQuery").length;
    const update = api.enqueueUpdate({
      callback_query: {
        id: "cq-old",
        from: USER,
        chat_instance: "ci",
        data: "~lost1",
        message: { message_id: 1, chat: { id: USER.id, type: "private" }, date: 0 },
      },
    });
    expect(await handled(update)).toEqual(["按钮已过期，请重新发送命令"]);
    expect(
      api
        .callsOf("answerCallbackQuery")
        .slice(answered)
        .map((c) => c.params.callback_query_id),
    ).toEqual(["cq-old"]);
  });
});
