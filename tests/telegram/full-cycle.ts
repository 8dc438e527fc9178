// The "done when", run once per mode (telegram-cycle-polling / -webhook.test.ts): a 旬 of
// the seeded 民生专班 on simulated time, through the real client, the real core, the real scheduler
// and dispatcher, and the fake Bot API. Monday 2023-03-20 is the due day of 2023年3月中旬 (17:00):
// reminders at 09:00, 15:00, a chase at 18:00, the escalation and the group digest at 09:00 on
// Tuesday.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackStore, renderTelegramHtml } from "../../adapters/telegram/index.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { isFakeUpload, type RecordedCall } from "../fakes/telegram/fake-bot-api.js";
import { parseTelegramHtml } from "../fakes/telegram/telegram-html.js";
import {
  buttonsOf,
  GROUP_CHAT,
  LOOP_MS,
  PEOPLE,
  sh,
  startTelegramWorld,
  type TelegramWorld,
} from "../support/telegram-world.js";

/** A long note with characters that must be escaped, so that the digest outgrows one message. */
const note = (what: string) =>
  `${what}：${"因春季开学和返乡人员集中，部分县市区<重点群体>就业服务 & 培训资源不足，需要统筹调度；".repeat(12)}`;

const messageId = (call: RecordedCall) => (call.result as { message_id: number }).message_id;
const atOf = (call: RecordedCall) => new Date(call.at).toISOString();

export function describeFullCycle(mode: "polling" | "webhook"): void {
  describe(`the full cycle on Telegram (${mode})`, () => {
    let w: TelegramWorld;
    const { hrss, gov, edu, convenor, office } = PEOPLE;

    beforeAll(async () => {
      w = await startTelegramWorld(mode, sh("2023-03-20 08:30"));
    });
    afterAll(async () => {
      await w.close();
    });

    it("binds contacts by invite code in private chats, and the group by /bind@bot from an office member", async () => {
      await w.bind("hrss", "gov", "edu", "convenor", "office");
      for (const person of [hrss, gov, edu, convenor, office]) {
        expect(w.api.textsTo(person.id).at(-1)).toContain("绑定成功");
      }
      const bound = await w.say(office, "/bind@zhuanban_test_bot", { chat: GROUP_CHAT });
      expect(bound).toHaveLength(1);
      expect(bound[0]).toMatch(/已将本群绑定到省打好重点民生保障仗工作专班。今后该专班的简报会发布在这里。$/);

      if (mode === "polling") {
        expect(w.api.deliveries).toHaveLength(0);
        expect(w.api.callsOf("setWebhook")).toHaveLength(0);
      } else {
        expect(w.api.callsOf("getUpdates")).toHaveLength(0);
        expect(w.api.deliveries.length).toBeGreaterThanOrEqual(6);
        expect(w.api.deliveries.every((d) => d.status === 200)).toBe(true);
      }
    });

    it("09:00: the scheduler's reminders reach the contacts through Telegram, with the template and a 填报 button", async () => {
      // Two contacts will not be easy to reach: one blocked the bot, and Telegram is rate limiting the other.
      w.api.failNext(
        "sendMessage",
        { status: 403, description: "Forbidden: bot was blocked by the user" },
        { chatId: gov.id },
      );
      w.api.failNext("sendMessage", { status: 429, retryAfter: 1200 }, { chatId: edu.id });
      await w.advanceTo("2023-03-20 09:05");

      // One reminder for the unit, listing both of its tasks, each with its template and button.
      const reminders = w.api.sentTo(hrss.id).slice(1);
      expect(reminders.map((c) => String(c.params.text).split("\n")[0])).toEqual([
        "<b>报送提醒：2023年3月中旬 2 项任务</b>",
      ]);
      for (const reminder of reminders) {
        expect(atOf(reminder).slice(0, 16)).toBe("2023-03-20T01:00"); // 09:00 in Shanghai
        expect(reminder.params.parse_mode).toBe("HTML");
        expect(String(reminder.params.text)).toContain("今天截止：请省人力资源社会保障厅于今天 17:00 前报送");
        expect(String(reminder.params.text)).toContain("报送 MS-03 2023年3月中旬");
        expect(String(reminder.params.text)).toContain("报送 MS-11 2023年3月中旬");
        expect(buttonsOf(reminder).map((b) => b.text)).toEqual(["填报 MS-03", "填报 MS-11"]);
      }
      // The outbox knows which Telegram message each reminder became (replies are matched by it).
      const rows = await w.db.prisma.outboxMessage.findMany({ where: { address: String(hrss.id) } });
      expect(rows.map((r) => r.state)).toEqual(["sent"]);
      expect(rows.map((r) => Number(r.platformMessageId)).sort()).toEqual(reminders.map(messageId).sort());
    });

    it("403 from Telegram (the contact blocked the bot): the reminder is marked unreachable and the office is told once", async () => {
      const attempts = w.api
        .callsOf("sendMessage")
        .filter((c) => String(c.params.chat_id) === String(gov.id) && c.at >= sh("2023-03-20 09:00").getTime());
      expect(attempts.map((c) => c.status)).toEqual([403]);
      const rows = await w.db.prisma.outboxMessage.findMany({ where: { address: String(gov.id) } });
      expect(rows.map((r) => r.state)).toEqual(["unreachable"]);
      expect(rows[0]?.lastError).toContain("bot was blocked by the user");

      await w.advanceTo("2023-03-20 09:35");
      for (const leader of [office, convenor]) {
        const notices = w.api.textsTo(leader.id).filter((t) => t.includes("联络人无法接收消息"));
        expect(notices).toHaveLength(1);
        // The office reads the unit and contact and what to do; Telegram's English stays in the log.
        expect(notices[0]).toMatch(/省政务局的联络人.+已无法在 Telegram 上接收机器人的消息/);
        expect(notices[0]).toContain("请办公室电话联系");
        expect(notices[0]).not.toMatch(/Forbidden|403/);
        expect(notices[0]).not.toContain(String(gov.id));
      }
    });

    it("429 with retry_after: the reminder waits that long on the simulated clock, then goes out once", async () => {
      const attempts = w.api.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === String(edu.id));
      const [limited, ...rest] = attempts.filter((c) => c.at >= sh("2023-03-20 09:00").getTime());
      expect(limited?.status).toBe(429);
      const delivered = rest.filter((c) => c.status === 200);
      expect(delivered).toHaveLength(1); // the one refused, once (both tasks of 省教育厅 are in it)
      const firstTry = limited!.at;
      const retried = delivered.find((c) => c.params.text === limited!.params.text)!;
      expect(retried.at - firstTry).toBeGreaterThanOrEqual(1200 * 1000);
      expect(retried.at - firstTry).toBeLessThan(1200 * 1000 + LOOP_MS);
      expect(delivered.every((c) => c.at >= retried.at)).toBe(true);
      const texts = w.api.textsTo(edu.id);
      expect(texts.filter((t) => t === limited!.params.text)).toHaveLength(1);
      const row = await w.db.prisma.outboxMessage.findFirstOrThrow({ where: { address: String(edu.id) } });
      expect(row).toMatchObject({ state: "sent", attempts: 2, platformMessageId: String(messageId(retried)) });
    });

    it("the contact reports step by step: 填报 on the reminder, then keyboard choices; every button press is answered", async () => {
      const reminder = w.api.sentTo(hrss.id).find((c) => String(c.params.text).includes("MS-03"))!;
      const pressesBefore = w.api.calls.length;
      const template = await w.press(hrss, reminder, "填报 MS-03");
      expect(template.join("\n")).toContain("报送 MS-03 2023年3月中旬");
      const withChoices = w.api.sentTo(hrss.id).at(-1)!;
      expect(buttonsOf(withChoices).map((b) => b.text)).toEqual(["表单填写", "逐项填写"]);

      const started = await w.press(hrss, withChoices, "逐项填写");
      expect(started).toEqual([
        "开始逐项报送：MS-03 促进高质量充分就业（2023年3月中旬）。随时发送 /cancel 退出。",
        "请填写“城镇新增就业”的累计完成值（单位：万人，目标 70万人）。没有请回复“-”。",
      ]);
      expect(await w.say(hrss, "12.5")).toEqual([
        "请填写“补贴性职业技能培训”的累计完成值（单位：万人次，目标 40万人次）。没有请回复“-”。",
      ]);
      await w.say(hrss, "30");
      expect(await w.say(hrss, "2")).toEqual(["状态：当前推进状态是？（点按钮或回复序号）"]);
      const statusQuestion = w.api.sentTo(hrss.id).at(-1)!;
      expect(buttonsOf(statusQuestion).map((b) => b.text)).toEqual(["正常推进", "存在风险", "滞后", "已完成"]);
      expect(await w.press(hrss, statusQuestion, "正常推进")).toEqual(["进展：请简要说明本期工作进展（必填）。"]);
      await w.say(hrss, "一季度新增就业稳步推进，<返乡>人员专场招聘 & 培训同步开展");
      await w.say(hrss, "无");
      await w.say(hrss, "继续开展春风行动");
      const saved = (await w.say(hrss, "无")).join("\n");
      expect(saved).toContain("<b>已保存：MS-03 促进高质量充分就业 2023年3月中旬</b>");
      expect(saved).toContain("截止时间 3月20日 17:00，按时报送。");
      expect(saved).toContain("&lt;返乡&gt;人员专场招聘 &amp; 培训同步开展"); // user text shown literally

      // Each press was a callback query, and each was answered (no spinning button).
      const presses = w.api.calls.slice(pressesBefore).filter((c) => c.method === "answerCallbackQuery");
      expect(presses.map((c) => c.params.callback_query_id)).toEqual(["cq-1", "cq-2", "cq-3"]);
      const report = await w.db.prisma.report.findFirstOrThrow({
        where: { task: { key: "MS-03" }, isCurrent: true },
        include: { values: { include: { target: true } } },
      });
      expect(report).toMatchObject({ status: "on_track", isLate: false, sourcePlatform: "telegram" });
      expect(report.values.map((v) => Number(v.value)).sort((a, b) => a - b)).toEqual([2, 12.5, 30]);
    });

    it("the convenor's /status shows the unit reported, in a private chat and as /status@bot in the group", async () => {
      const status = (await w.say(convenor, "/status")).join("\n");
      expect(status).toContain("<b>省打好重点民生保障仗工作专班 2023年3月中旬 报送情况</b>");
      expect(status).toContain("<b>按时报送</b>：1");
      expect(status).toContain("MS-03 促进高质量充分就业（省人力资源社会保障厅✓）");
      expect(status).toContain("🟡 城镇新增就业 [██░░░░░░░░] 17.9% 12.5 / 70万人");
      expect(status).toContain("MS-02 “湘易办”超级服务端用户突破3000万（省政务局✗）");
      // The office sees what could not be delivered.
      expect(status).toContain("示例联络人（省政务局）（Telegram）：无法联系");

      const inGroup = (await w.say(convenor, "/status@zhuanban_test_bot", { chat: GROUP_CHAT })).join("\n");
      expect(inGroup).toContain("MS-03 促进高质量充分就业（省人力资源社会保障厅✓）");
      // In the group the answer quotes the command it answers.
      const command = w.api.enqueued.at(-1)?.message as { message_id: number };
      expect(w.api.sentTo(GROUP_CHAT.id).at(-1)?.params.reply_parameters).toEqual({
        message_id: command.message_id,
        allow_sending_without_reply: true,
      });
      expect(await w.say(convenor, "/status@someone_else_bot", { chat: GROUP_CHAT })).toEqual([]);
    });

    it("other units report by replying to their reminder and by sending the template", async () => {
      const eduReminder = w.api.sentTo(edu.id).find((c) => String(c.params.text).includes("MS-01"))!;
      // 省教育厅's reminder lists two tasks, so the reply names the one it is about.
      const byReply = await w.say(
        edu,
        `报送 MS-01\n完成值：40\n状态：正常推进\n进展：已开工\n${note("问题")}\n${note("下步")}`,
        {
          replyTo: messageId(eduReminder),
        },
      );
      expect(byReply.join("\n")).toContain("<b>已保存：MS-01 启动建设100所县域普通高中“徐特立项目” 2023年3月中旬</b>");
      const byTemplate = await w.say(
        hrss,
        `报送 MS-11 2023-03-X2\n基本养老保险参保人数（万人）：3600\n状态：正常推进\n进展：扩面\n${note("问题")}\n${note("下步")}\n${note("协调事项")}`,
      );
      expect(byTemplate.join("\n")).toContain("<b>已保存：MS-11 扩大社会保险覆盖面 2023年3月中旬</b>");
    });

    it("next working day 09:00: the escalation to the convenor and office, and the digest in the group, split at 4096 characters on line boundaries", async () => {
      await w.advanceTo("2023-03-21 09:05");

      for (const leader of [office, convenor]) {
        const escalation = w.api.textsTo(leader.id).find((t) => t.includes("未报单位</b>"))!;
        expect(escalation).toContain("截至 3月21日 09:00 仍有 13 个单位未报送");
        expect(escalation).toContain("<b>省政务局</b>：MS-02");
        expect(escalation).not.toContain("省人力资源社会保障厅");
      }

      const digest = w.api.sentTo(GROUP_CHAT.id).filter((c) => c.at >= sh("2023-03-21 09:00").getTime());
      expect(digest.length).toBeGreaterThanOrEqual(2);
      const chunks = digest.map((c) => String(c.params.text));
      // Telegram (the fake checks as Telegram does) took each part: valid HTML, within 4096 characters.
      for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(4096);
      expect(digest.every((c) => c.status === 200 && c.params.parse_mode === "HTML")).toBe(true);
      expect(chunks[0]).toMatch(/^<b>省打好重点民生保障仗工作专班 2023年3月中旬 旬简报<\/b>\n/);
      // Nothing lost, nothing cut mid-line: the parts put back together are the digest the core built.
      const row = await w.db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "digest" } });
      const whole = renderTelegramHtml(row.payload as unknown as Outbound, { callbacks: new CallbackStore() }).html;
      expect(whole.length).toBeGreaterThan(4096);
      expect(chunks.map((c) => parseTelegramHtml(c)).join("\n")).toBe(parseTelegramHtml(whole));
      const text = chunks.map((c) => parseTelegramHtml(c)).join("\n");
      expect(text).toContain("🟡 MS-03 促进高质量充分就业 [██░░░░░░░░] 17.9%");
      expect(text).toContain(note("").slice(1)); // the long notes in full, `<` and `&` as typed
      // The chart follows the text as a photo (multipart sendPhoto), part of the same outbox row.
      // The chart is drawn when the digest is sent (the chart module loads with the first one): wait for it.
      await w.api.waitFor((calls) => calls.some((c) => c.method === "sendPhoto" && c.status !== undefined), 60_000);
      const photos = w.api.callsOf("sendPhoto").filter((c) => String(c.params.chat_id) === String(GROUP_CHAT.id));
      expect(photos).toHaveLength(1);
      const [photo] = photos;
      expect(photo?.status).toBe(200);
      expect(photo?.at).toBeGreaterThanOrEqual(digest.at(-1)!.at);
      expect(String(photo?.params.caption)).toBe("2023年3月中旬各任务完成率与时序进度");
      const upload = photo?.params.photo;
      if (!isFakeUpload(upload)) throw new Error("the chart was not uploaded as a file");
      expect(upload.contentType).toBe("image/png");
      expect(upload.bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(text).toContain("📊 2023年3月中旬各任务完成率与时序进度");
      // The text went first, then the photo: the whole message is one outbox row, posted once.
      expect(row).toMatchObject({ kind: "digest" });
      expect(await w.db.prisma.digestPost.count()).toBe(1);
    }, 120_000);

    it("over the whole day: the blocked contact got nothing more, the office was told once, the reporting units were not chased", async () => {
      await w.advanceTo("2023-03-21 10:05");
      const toGov = w.api.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === String(gov.id));
      expect(toGov.filter((c) => c.at >= sh("2023-03-20 09:00").getTime())).toHaveLength(1);
      for (const leader of [office, convenor]) {
        expect(w.api.textsTo(leader.id).filter((t) => t.includes("联络人无法接收消息"))).toHaveLength(1);
      }
      expect(w.api.textsTo(hrss.id).filter((t) => t.includes("催报"))).toEqual([]);
      // 省教育厅 reported MS-01 but not MS-12: reminded again at 15:00, chased at 18:00, for MS-12 only.
      const eduLater = w.api.sentTo(edu.id).filter((c) => c.at > sh("2023-03-20 12:00").getTime());
      expect(eduLater.map((c) => [atOf(c).slice(11, 16), String(c.params.text).split("\n")[0]])).toEqual([
        ["07:00", "<b>报送提醒：MS-12 改善中职学校办学条件（2023年3月中旬）</b>"],
        ["10:00", "<b>催报：MS-12 改善中职学校办学条件（2023年3月中旬，已逾期 1小时）</b>"],
      ]);
      // The digest went out once.
      expect(w.api.sentTo(GROUP_CHAT.id).filter((c) => c.at >= sh("2023-03-21 09:30").getTime())).toEqual([]);
      expect(w.log.filter((l) => l.level === "error")).toEqual([]);
    });
  });
}
