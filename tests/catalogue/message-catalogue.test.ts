// The message catalogue, read as its readers read it: every kind of message the bot sends, for the
// 民生 group of the seeded plan, rendered for each platform (console text, Telegram HTML, Slack
// blocks) into one file to review, test-output/message-catalogue.md (git-ignored). The checks
// below are the rules of docs/message-style.md that a machine can check.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackStore, renderTelegramHtml } from "../../adapters/telegram/index.js";
import { renderSlack } from "../../adapters/slack/render.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { escalationMessage, reminderMessage } from "../../src/core/scheduler/outbox-messages.js";
import { noticeUnreachable } from "../../src/core/scheduler/unreachable-notice.js";
import { parsePeriodId } from "../../src/domain/time/periods.js";
import { renderPlainText } from "../../src/render/plain-text.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createPlanStore } from "../../src/store/plan-store.js";
import { createOutboxWriter, createSchedulerStore } from "../../src/store/outbox-writer.js";
import { bindUsers, event, fullBot, manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
/** Each message kind, in the order a period brings them. */
const catalogue: { kind: string; reader: string; message: Outbound }[] = [];
const clock = manualClock("2023-01-18T09:00:00+08:00");

async function say(kind: string, reader: string, user: string, text: string) {
  const { bot } = fullBot(db.prisma, clock);
  const inbound = text.startsWith("/")
    ? event(user, { kind: "command", command: text.slice(1).split(" ")[0]!, args: text.split(" ").slice(1).join(" ") })
    : event(user, { kind: "text", text });
  const reply = await bot.handle(inbound);
  for (const [i, message] of reply.messages.entries()) {
    catalogue.push({ kind: reply.messages.length > 1 ? `${kind} (${i + 1})` : kind, reader, message });
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindUsers(db.prisma, clock, {
    hrss: { unit: "hrss" },
    gov: { unit: "gov-service" },
    office: { contact: "c-ms-office" },
    boss: { contact: "c-ms-convenor" },
  });
  const plan = createPlanStore(db.prisma);
  const [input] = await plan.groupsWithSettings([(await plan.findGroup("minsheng"))!.id]);
  const hrssUnit = await db.prisma.unit.findUniqueOrThrow({ where: { key: "hrss" } });
  const tasks = input!.tasks.filter((t) => t.leadUnits.some((u) => u.id === hrssUnit.id));
  const period = parsePeriodId("2023-01-X2");
  const dueAt = new Date("2023-01-20T09:00:00Z");
  const subject = { unit: hrssUnit, tasks, period, dueAt, timezone: "Asia/Shanghai" };
  const at = (local: string) => new Date(`${local}+08:00`);

  await say("帮助（联络人）", "联络人", "hrss", "/help");
  await say("帮助（办公室）", "专班办公室", "office", "/help");
  await say("我的任务", "联络人", "hrss", "/tasks");
  catalogue.push({
    kind: "提醒：截止前2个工作日",
    reader: "联络人",
    message: reminderMessage({ ...subject, kind: "reminder", at: at("2023-01-18T09:00") }, "zh-CN"),
  });
  catalogue.push({
    kind: "提醒：截止当天",
    reader: "联络人",
    message: reminderMessage({ ...subject, kind: "reminder", at: at("2023-01-20T09:00") }, "zh-CN"),
  });
  catalogue.push({
    kind: "提醒：只有一项任务",
    reader: "联络人",
    message: reminderMessage(
      { ...subject, tasks: tasks.slice(0, 1), kind: "reminder", at: at("2023-01-20T15:00") },
      "zh-CN",
    ),
  });
  await say("报送模板", "联络人", "hrss", "/report MS-03");
  await say("报送有误", "联络人", "hrss", "报送 MS-03\n城镇新增就业：很多\n状态：正常推进");
  await say(
    "报送成功",
    "联络人",
    "hrss",
    "报送 MS-03 2023年1月中旬\n城镇新增就业：12.5万人\n补贴性职业技能培训：8万人次\n状态：正常推进\n进展：春风行动\n问题：无\n下步：继续推进",
  );
  await say("未知任务", "联络人", "hrss", "报送 MS-99\n完成值：1\n状态：正常推进");
  clock.set("2023-01-20T10:00:00Z"); // 18:00 on the due day
  catalogue.push({
    kind: "催报",
    reader: "联络人",
    message: reminderMessage({ ...subject, tasks: tasks.slice(1), kind: "chase", at: clock.now() }, "zh-CN"),
  });
  await say("进度（召集人）", "召集人", "boss", "/status");
  await say("进度（联络人）", "联络人", "hrss", "/status");
  await say("催报结果", "专班办公室", "office", "/chase");
  await say("再次催报", "专班办公室", "office", "/chase");
  catalogue.push({
    kind: "升级：未报单位",
    reader: "召集人、专班办公室",
    message: escalationMessage(
      { group: input!.group, period, dueAt, now: at("2023-01-28T09:00"), timezone: "Asia/Shanghai" },
      [
        { name: "省教育厅", tasks: ["MS-01", "MS-12"] },
        { name: "省政务局", tasks: ["MS-02"] },
      ],
      "zh-CN",
    ),
  });
  const gov = await db.prisma.contact.findUniqueOrThrow({ where: { key: "c-gov-service" } }).catch(() => null);
  const contact = gov ?? (await db.prisma.contact.findFirstOrThrow({ where: { unitRoles: { some: {} } } }));
  await noticeUnreachable(
    {
      groupId: input!.group.id,
      platform: "telegram",
      address: "4242",
      taskId: null,
      unitId: null,
      recipientContactId: contact.id,
    },
    {
      scheduler: createSchedulerStore(db.prisma),
      outbox: createOutboxWriter(db.prisma),
      locale: "zh-CN",
      now: clock.now(),
    },
  );
  const notice = await db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "notice" } });
  catalogue.push({
    kind: "联络人无法接收消息",
    reader: "召集人、专班办公室",
    message: notice.payload as unknown as Outbound,
  });
  clock.set("2023-01-28T01:00:00Z");
  await say("旬简报", "专班群", "office", "/summary");
  await writeCatalogue();
});
afterAll(async () => {
  await db.drop();
});

/** One file a reviewer reads from top to bottom: each message on the console, Telegram and Slack. */
async function writeCatalogue() {
  const sections = catalogue.map(({ kind, reader, message }) => {
    const { html } = renderTelegramHtml(message, { callbacks: new CallbackStore() });
    const slack = renderSlack(message).flatMap((m) => m.blocks);
    return [
      `## ${kind}`,
      "",
      `读者：${reader}`,
      "",
      "### 控制台",
      "",
      "```text",
      renderPlainText(message),
      "```",
      "",
      "### Telegram (HTML)",
      "",
      "```html",
      html,
      "```",
      "",
      "### Slack (Block Kit)",
      "",
      "```json",
      JSON.stringify(slack, null, 2),
      "```",
      "",
    ].join("\n");
  });
  const dir = path.resolve("test-output");
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, "message-catalogue.md"),
    [
      "# 消息目录（省打好重点民生保障仗工作专班，2023年1月中旬）",
      "",
      "Written by tests/catalogue/message-catalogue.test.ts; the rules are docs/message-style.md.",
      "",
      ...sections,
    ].join("\n"),
  );
}

const consoleText = () => catalogue.map((c) => ({ kind: c.kind, text: renderPlainText(c.message) }));

describe("the message catalogue", () => {
  it("has every kind of message, none empty, on every platform", () => {
    expect(catalogue.map((c) => c.kind)).toEqual(
      expect.arrayContaining(["提醒：截止当天", "催报", "催报结果", "升级：未报单位", "联络人无法接收消息", "旬简报"]),
    );
    for (const { kind, message } of catalogue) {
      expect(renderPlainText(message).trim(), kind).not.toBe("");
      expect(renderTelegramHtml(message, { callbacks: new CallbackStore() }).html.trim(), kind).not.toBe("");
      expect(renderSlack(message).length, kind).toBeGreaterThan(0);
    }
  });

  it("writes periods for people, never as ids", () => {
    for (const { kind, text } of consoleText()) expect(text, kind).not.toMatch(/\b\d{4}-(\d\d-X[123]|M\d\d|Q[1-4])\b/);
  });

  it("names a unit once: no doubled parentheses such as （省教育厅）（省教育厅）", () => {
    for (const { kind, text } of consoleText()) expect(text, kind).not.toMatch(/（([^（）]+)）（\1）/);
  });

  it("never nests “” inside “”: inner quotes are 「」 or 《》", () => {
    for (const { kind, text } of consoleText()) expect(text, kind).not.toMatch(/“[^”\n]*“/);
  });

  it("says 今天 on the due day and how late in a chase", () => {
    const text = (kind: string) => renderPlainText(catalogue.find((c) => c.kind === kind)!.message);
    expect(text("提醒：截止当天")).toContain("今天截止：请省人力资源社会保障厅于今天 17:00 前报送");
    expect(text("提醒：截止前2个工作日")).toContain("1月20日 17:00");
    expect(text("催报")).toMatch(/已逾期 1小时/);
  });

  it("keeps platform English and chat ids out of what the office reads", () => {
    const notice = renderPlainText(catalogue.find((c) => c.kind === "联络人无法接收消息")!.message);
    expect(notice).not.toMatch(/Forbidden|blocked|4242|telegram\b/);
  });

  it("answers /chase with who was chased and who could not be reached, and a second /chase claims nothing", () => {
    const first = renderPlainText(catalogue.find((c) => c.kind === "催报结果")!.message);
    const again = renderPlainText(catalogue.find((c) => c.kind === "再次催报")!.message);
    expect(first).toMatch(/已向 \d+ 个未报单位发送催报/);
    expect(first).toContain("无法通过机器人催报");
    expect(again).not.toContain("已向");
    expect(again).toContain("本小时内已催报过");
  });

  it("uses no English words in Chinese messages beyond task keys, commands and platform names", () => {
    const allowed =
      /^(MS|ICU|Telegram|Slack|GDP|PM|Enter|help|tasks|report|status|summary|chase|bind|web|cancel|as|join|leave)$/i;
    for (const { kind, text } of consoleText()) {
      const words = (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.test(w));
      expect(words, kind).toEqual([]);
    }
  });
});
