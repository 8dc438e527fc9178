import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../adapters/telegram/index.js";
import { DeliveryError } from "../../src/core/chat/inbound.js";
import { issueInvites } from "../../src/core/invites.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createLogger } from "../../src/runtime/logger.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createCore } from "../../src/runtime/wiring.js";
import { createInviteStore } from "../../src/store/invite-store.js";
import { FakeBotApi, type RecordedCall } from "../fakes/telegram/fake-bot-api.js";
import { manualClock, recordingLog } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// The real node-telegram-bot-api client, long-polling a fake Bot API, in front of the real core.
let db: TestDatabase;
let api: FakeBotApi;
let adapter: TelegramAdapter;
const clock = manualClock("2023-01-18T01:00:00Z"); // Wednesday 09:00 in Shanghai, 2023年1月中旬
const log = recordingLog();

const HRSS = { id: 4201, first_name: "人社", last_name: "联络人" };
const BOSS = { id: 4202, first_name: "召集人" };
const GROUP = { id: -1001234, type: "supergroup", title: "民生专班群" };
let messageId = 1;

function say(from: { id: number }, text: string, extra: Record<string, unknown> = {}, chat?: object) {
  return api.enqueueUpdate({
    message: {
      message_id: messageId++,
      from,
      chat: chat ?? { id: from.id, type: "private" },
      date: 0,
      text,
      ...extra,
    },
  });
}

const sentTo = (chatId: number) => (c: RecordedCall) =>
  c.method === "sendMessage" && String(c.params.chat_id) === String(chatId);

/** Sends an update and waits for the bot's answer(s) to that chat; returns the new texts. */
async function converse(chatId: number, send: () => unknown, count = 1): Promise<string[]> {
  const before = api.calls.filter(sentTo(chatId)).length;
  send();
  await api.waitFor((calls) => calls.filter(sentTo(chatId)).length >= before + count);
  return api.calls
    .filter(sentTo(chatId))
    .slice(before)
    .map((c) => String(c.params.text));
}

async function invite(query: { unit?: string; contact?: string }): Promise<string> {
  const issued = await issueInvites(
    { ...query, validDays: 7 },
    { store: createInviteStore(db.prisma), clock, randomBytes },
  );
  return issued[0]?.code ?? "";
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  api = new FakeBotApi();
  await api.start();
  const core = createCore({
    prisma: db.prisma,
    calendar: createWorkCalendar(),
    clock,
    locale: "zh-CN",
    log: createLogger("silent"),
  });
  adapter = createTelegramAdapter({ token: api.token, apiRoot: api.url, log, rateLimit: null, pollTimeoutSeconds: 5 });
  await adapter.start(core);
});
afterAll(async () => {
  await adapter.stop();
  await api.stop();
  await db.drop();
});

describe("Telegram adapter in polling mode", () => {
  it("registers Chinese command descriptions and clears any webhook at start", () => {
    const commands = api.callsOf("setMyCommands")[0]?.params.commands as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(["help", "bind", "tasks", "report", "status", "summary", "chase"]);
    expect(commands.find((c) => c.command === "status")?.description).toMatch(/报送情况/);
    expect(api.callsOf("deleteWebhook")).toHaveLength(1);
    // /healthz reports the poller as running.
    expect(adapter.healthy()).toBe(true);
  });

  it("binds with an invite, takes a report as template text and escapes HTML in the confirmation", async () => {
    const bound = await converse(HRSS.id, () => say(HRSS, `/bind ${"x"}`));
    expect(bound.join("\n")).not.toBe("");
    const code = await invite({ unit: "hrss" });
    const ok = await converse(HRSS.id, () => say(HRSS, `/bind ${code}`));
    expect(ok.join("\n")).toContain("省人社厅");

    const saved = await converse(HRSS.id, () =>
      say(
        HRSS,
        "报送 MS-03 2023-01-X2\n城镇新增就业：12.5万人\n状态：正常推进\n进展：<script>alert(1)</script> & <b>x</b>\n问题：返乡人员就业压力大",
      ),
    );
    const text = saved.join("\n");
    expect(text).toContain("已保存：MS-03");
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;");
    expect(text).not.toContain("<script>");
    expect(api.callsOf("sendMessage").every((c) => c.params.parse_mode === "HTML")).toBe(true);
    expect(await db.prisma.report.count()).toBe(1);
  });

  it("answers an invalid report with what was wrong", async () => {
    const answer = await converse(HRSS.id, () =>
      say(HRSS, "报送 MS-03 2023-01-X2\n城镇新增就业：很多\n状态：正常推进"),
    );
    expect(answer.join("\n")).not.toContain("已保存");
    expect(answer.join("\n").length).toBeGreaterThan(0);
  });

  it("handles a redelivered update once", async () => {
    const before = await db.prisma.report.count();
    const update = say(HRSS, "/status");
    await api.waitFor((calls) => calls.filter(sentTo(HRSS.id)).length > 0);
    const count = api.calls.filter(sentTo(HRSS.id)).length;
    await converse(HRSS.id, () => {
      api.enqueueUpdate({ ...update }); // the same update_id again
      say(HRSS, "/help");
    });
    const after = api.calls.filter(sentTo(HRSS.id)).slice(count);
    expect(after).toHaveLength(1);
    expect(await db.prisma.report.count()).toBe(before);
  });

  it("shows /status to the convenor, also as /status@botname in a bound group", async () => {
    const code = await invite({ contact: "c-ms-convenor" });
    await converse(BOSS.id, () => say(BOSS, `/bind ${code}`));
    const status = (await converse(BOSS.id, () => say(BOSS, "/status"))).join("\n");
    expect(status).toContain("2023年1月中旬");
    expect(status).toMatch(/🟢 城镇新增就业 .*12\.5 \/ 70万人/);

    const bind = await converse(GROUP.id, () => say(BOSS, "/bind@zhuanban_test_bot", {}, GROUP));
    expect(bind.join("\n").length).toBeGreaterThan(0);
    expect(
      await db.prisma.groupChannel.findUnique({
        where: { platform_chatId: { platform: "telegram", chatId: String(GROUP.id) } },
      }),
    ).toMatchObject({ title: "民生专班群" });
    const inGroup = (await converse(GROUP.id, () => say(BOSS, "/status@zhuanban_test_bot", {}, GROUP))).join("\n");
    expect(inGroup.length).toBeGreaterThan(0);
    const ignored = api.calls.length;
    say(BOSS, "/status@someone_else_bot", {}, GROUP);
    await converse(BOSS.id, () => say(BOSS, "/help"));
    expect(api.calls.slice(ignored).filter(sentTo(GROUP.id))).toHaveLength(0);
  });

  it("answers callback queries and runs the guided flow from the keyboard", async () => {
    const template = await converse(HRSS.id, () => say(HRSS, "/report MS-03"));
    expect(template.join("\n")).toContain("报送 MS-03 2023年1月中旬");
    const withKeyboard = api.calls.filter(sentTo(HRSS.id)).at(-1);
    const keyboard = (
      withKeyboard?.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard;
    const guided = keyboard.flat().find((b) => /^\^?report\.guided\|/.test(b.callback_data));
    expect(guided).toBeDefined();
    const answersBefore = api.callsOf("answerCallbackQuery").length;
    const prompt = await converse(HRSS.id, () =>
      api.enqueueUpdate({
        callback_query: {
          id: "cq-1",
          from: HRSS,
          data: guided?.callback_data,
          message: { message_id: 9999, chat: { id: HRSS.id, type: "private" }, date: 0 },
        },
      }),
    );
    expect(prompt.join("\n")).toContain("开始逐项报送：MS-03");
    expect(api.callsOf("answerCallbackQuery").length).toBe(answersBefore + 1);
    expect(api.callsOf("answerCallbackQuery").at(-1)?.params.callback_query_id).toBe("cq-1");

    // Answer each question; the status is chosen by pressing its inline button.
    const PROMPT = /请填写|推进状态|进展|问题或困难|下步打算|协调|已保存/;
    let seen = api.calls.filter(sentTo(HRSS.id)).length;
    let saved = "";
    for (let step = 0; step < 12 && !saved; step++) {
      await api.waitFor((calls) => {
        const mine = calls.filter(sentTo(HRSS.id));
        return mine.length > seen && PROMPT.test(String(mine.at(-1)?.params.text));
      });
      const last = api.calls.filter(sentTo(HRSS.id)).at(-1);
      seen = api.calls.filter(sentTo(HRSS.id)).length;
      const text = String(last?.params.text);
      if (text.includes("已保存")) {
        saved = text;
        break;
      }
      const markup = last?.params.reply_markup as { inline_keyboard: { callback_data: string }[][] } | undefined;
      const choice = markup?.inline_keyboard.flat()[0];
      if (choice) {
        api.enqueueUpdate({
          callback_query: {
            id: `cq-step-${step}`,
            from: HRSS,
            data: choice.callback_data,
            message: { message_id: 9999, chat: { id: HRSS.id, type: "private" }, date: 0 },
          },
        });
      } else {
        say(
          HRSS,
          text.includes("城镇新增就业")
            ? "13"
            : text.includes("请填写")
              ? "-"
              : text.includes("进展")
                ? "逐项填写的进展"
                : "无",
        );
      }
    }
    expect(saved).toContain("已保存：MS-03");
    expect(
      api.callsOf("answerCallbackQuery").some((c) => String(c.params.callback_query_id).startsWith("cq-step-")),
    ).toBe(true);
  });

  it("takes a report by a reply to a reminder, with the fields only", async () => {
    const first = await db.prisma.report.findFirstOrThrow({ where: { task: { key: "MS-03" } } });
    const versions = await db.prisma.report.count({ where: { taskId: first.taskId } });
    const reminder = { blocks: [{ type: "text" as const, text: "请报送 MS-03" }], summary: "提醒" };
    const sent = await adapter.send({ platform: "telegram", chatId: String(HRSS.id) }, reminder);
    // What the outbox dispatcher records after a send, so a reply can be traced to its task and period.
    await db.prisma.outboxMessage.create({
      data: {
        dedupeKey: "tg-test-reminder",
        kind: "reminder",
        stage: "due-day",
        groupId: (await db.prisma.task.findUniqueOrThrow({ where: { id: first.taskId } })).groupId,
        periodId: first.periodId,
        taskId: first.taskId,
        unitId: first.unitId,
        platform: "telegram",
        address: String(HRSS.id),
        payload: reminder,
        dueAt: clock.now(),
        nextAttemptAt: clock.now(),
        state: "sent",
        sentAt: clock.now(),
        platformMessageId: sent.platformMessageId,
      },
    });
    const answer = await converse(HRSS.id, () =>
      say(HRSS, "城镇新增就业：14万人\n状态：正常推进\n进展：回复提醒报送", {
        reply_to_message: {
          message_id: Number(sent.platformMessageId),
          chat: { id: HRSS.id, type: "private" },
          date: 0,
        },
      }),
    );
    expect(answer.join("\n")).toContain("已保存：MS-03");
    expect(await db.prisma.report.count({ where: { taskId: first.taskId } })).toBe(versions + 1);
  });

  it("posts the digest to the bound group on /summary@botname", async () => {
    clock.set("2023-01-21T01:00:00Z");
    const before = api.calls.filter(sentTo(GROUP.id)).length;
    say(BOSS, "/summary@zhuanban_test_bot", {}, GROUP);
    await api.waitFor((calls) => calls.filter(sentTo(GROUP.id)).some((c) => String(c.params.text).includes("旬简报")));
    const digest = api.calls
      .filter(sentTo(GROUP.id))
      .slice(before)
      .map((c) => String(c.params.text))
      .join("\n");
    expect(digest).toContain("2023年1月中旬");
    expect(digest).toMatch(/MS-03 促进高质量充分就业 .*城镇新增就业 14\/70万人/); // the latest version
    for (const c of api.calls.filter(sentTo(GROUP.id))) expect(String(c.params.text).length).toBeLessThanOrEqual(4096);
    expect(await db.prisma.digest.count()).toBe(1);
    clock.set("2023-01-18T01:00:00Z");
  });

  it("surfaces 429 as rate_limited with retry_after, 403 as unreachable, 5xx as transient, 400 as rejected", async () => {
    const to = { platform: "telegram" as const, chatId: String(HRSS.id) };
    const message = { blocks: [{ type: "text" as const, text: "提醒" }], summary: "提醒" };
    api.failNext("sendMessage", { status: 429, retryAfter: 7 });
    await expect(adapter.send(to, message)).rejects.toMatchObject({ kind: "rate_limited", retryAfterMs: 7000 });
    api.failNext("sendMessage", { status: 403 });
    await expect(adapter.send(to, message)).rejects.toMatchObject({ kind: "unreachable" });
    api.failNext("sendMessage", { status: 500 });
    await expect(adapter.send(to, message)).rejects.toBeInstanceOf(DeliveryError);
    api.failNext("sendMessage", { status: 500 });
    await expect(adapter.send(to, message)).rejects.toMatchObject({ kind: "transient" });
    api.failNext("sendMessage", { status: 400 });
    await expect(adapter.send(to, message)).rejects.toMatchObject({ kind: "rejected" });
    const sent = await adapter.send({ ...to, threadId: "55" }, message);
    expect(sent.chatId).toBe(String(HRSS.id));
    expect(api.callsOf("sendMessage").at(-1)?.params.reply_parameters).toMatchObject({ message_id: 55 });
  });

  it("splits a long message at 4096 characters and keeps the keyboard on the last part", async () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`单位${i}`, "未报送", "<无>"]);
    const before = api.callsOf("sendMessage").length;
    await adapter.send(
      { platform: "telegram", chatId: String(GROUP.id) },
      {
        summary: "简报",
        blocks: [
          { type: "heading", text: "旬简报" },
          { type: "table", columns: ["单位", "状态", "备注"], rows },
          { type: "buttons", buttons: [{ actionId: "report.start", label: "报送", value: "t:u" }] },
        ],
      },
    );
    const parts = api.callsOf("sendMessage").slice(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(String(part.params.text).length).toBeLessThanOrEqual(4096);
    expect(parts.at(-1)?.params.reply_markup).toBeDefined();
    expect(parts[0]?.params.reply_markup).toBeUndefined();
  });
});
