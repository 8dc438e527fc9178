// The message catalogue, read as its readers read it: every kind of message the bot sends, for the
// 民生 group of the seeded plan, rendered for each platform (console text, Telegram HTML, Slack
// blocks) into one file to review, test-output/message-catalogue.md (git-ignored). The checks
// below are the rules of docs/message-style.md that a machine can check.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackStore, renderTelegramHtml } from "../../adapters/telegram/index.js";
import { renderSlack } from "../../adapters/slack/render.js";
import { FormFlow } from "../../adapters/console/form-flow.js";
import type { InboundEvent } from "../../src/core/chat/inbound.js";
import type { Form, Outbound } from "../../src/core/chat/outbound.js";
import { digestUpdateToBlocks } from "../../src/render/digest-update-blocks.js";
import type { DigestContent } from "../../src/core/digest/digest-content.js";
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

async function say(kind: string, reader: string, user: string, text: string | { actionId: string; value: string }) {
  const { bot } = fullBot(db.prisma, clock);
  const inbound: InboundEvent =
    typeof text !== "string"
      ? { ...event(user, { kind: "text", text: "" }), kind: "action", actionId: text.actionId, value: text.value }
      : text.startsWith("/")
        ? event(user, {
            kind: "command",
            command: text.slice(1).split(" ")[0]!,
            args: text.split(" ").slice(1).join(" "),
          })
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
    med: { unit: "med-insurance" },
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
  await say("报送缺少指标数值", "联络人", "hrss", "报送 MS-03\n状态：正常推进\n进展：春风行动");
  // The form and the step-by-step questions, for targets of each kind (MS-05: a rate, then a level).
  const ms05 = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-05" }, include: { units: true } });
  const ms05Value = `${ms05.id}:${ms05.units[0]!.unitId}`;
  await say("表单（Slack 弹窗、控制台逐项）", "联络人", "med", { actionId: "report.form", value: ms05Value });
  const formBlock = catalogue.at(-1)!.message.blocks.find((b) => b.type === "form");
  const form = (formBlock as { form: Form }).form;
  const flow = new FormFlow(form, "zh-CN");
  const asked = [flow.intro()];
  for (const field of form.fields) {
    asked.push(flow.question());
    flow.answer(field.kind === "select" ? "1" : field.optional ? "-" : "春风行动");
  }
  catalogue.push({
    kind: "控制台表单的提问",
    reader: "联络人",
    message: { blocks: [{ type: "text", text: asked.join("\n") }], summary: asked[0]! },
  });
  await say("逐项填写：比率指标", "联络人", "med", { actionId: "report.guided", value: ms05Value });
  await say("逐项填写：水平指标", "联络人", "med", "96");
  await say("逐项填写：第三项指标", "联络人", "med", "-");
  await say("逐项填写：状态", "联络人", "med", "-");
  await say("逐项填写：进展", "联络人", "med", "1");
  await say("逐项填写：问题", "联络人", "med", "异地备案下沉到乡镇");
  await say("逐项填写：下步", "联络人", "med", "-");
  await say("逐项填写：协调事项", "联络人", "med", "-");
  await say("逐项填写：完成", "联络人", "med", "-");
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
  // A late report after the digest was posted: the update in the digest's thread.
  const before = await db.prisma.digest.findFirstOrThrow({ orderBy: { version: "desc" } });
  clock.set("2023-01-28T02:00:00Z");
  await say(
    "补报（旬简报之后）",
    "联络人",
    "gov",
    "报送 MS-02 2023年1月中旬\n“湘易办”用户数（突破）：2600万\n状态：正常推进\n进展：补报",
  );
  clock.set("2023-01-28T02:05:00Z");
  await fullBot(db.prisma, clock).bot.handle(event("boss", { kind: "command", command: "summary", args: "" }));
  const after = await db.prisma.digest.findFirstOrThrow({ orderBy: { version: "desc" } });
  catalogue.push({
    kind: "旬简报更新（发在原帖的跟帖里）",
    reader: "专班群",
    message: digestUpdateToBlocks(
      before.content as unknown as DigestContent,
      after.content as unknown as DigestContent,
    ),
  });
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

  it("asks each target by its kind in the guided report, and names the template's fields in errors", () => {
    const text = (kind: string) =>
      catalogue
        .filter((c) => c.kind === kind || c.kind.startsWith(`${kind} (`))
        .map((c) => renderPlainText(c.message))
        .join("\n");
    expect(text("逐项填写：比率指标")).toContain("的当前比率（单位：%，目标 100%）。没有请回复“-”。");
    expect(text("逐项填写：水平指标")).toContain("的当前值（单位：个，标准 43个）。没有请回复“-”。");
    expect(text("逐项填写：比率指标") + text("逐项填写：水平指标")).not.toContain("累计完成值");
    expect(text("逐项填写：完成")).toContain("已保存：MS-05");
    expect(text("报送缺少指标数值")).toContain("- 城镇新增就业、补贴性职业技能培训、其中创业培训：都未填写");
    expect(text("报送缺少指标数值")).not.toContain("完成值：");
  });

  it("names the fields alike and skips alike in the console form and the guided questions", () => {
    const form = renderPlainText(catalogue.find((c) => c.kind === "控制台表单的提问")!.message);
    const guided = renderPlainText(catalogue.find((c) => c.kind.startsWith("逐项填写：协调事项"))!.message);
    expect(form).toContain("协调事项（选填，没有请回复“-”）");
    expect(guided).toContain("协调事项：有需要专班协调的事项吗？没有请回复“-”。");
    expect(form + guided).not.toMatch(/需协调事项|直接回车跳过/);
  });

  it("posts a digest update that says 更新 and what changed, not the whole digest", () => {
    const update = renderPlainText(catalogue.find((c) => c.kind === "旬简报更新（发在原帖的跟帖里）")!.message);
    expect(update).toContain("【更新：省打好重点民生保障仗工作专班 2023年1月中旬 旬简报】");
    expect(update).toContain("【新报送】\n省政务局：MS-02（补报）");
    expect(update).toContain("MS-02 “湘易办”用户数（突破）：无数据 → 2600万");
    expect(update).not.toContain("任务进展");
  });

  it("uses the digest's words in /status, one missing unit a line, and says each figure once", () => {
    const status = renderPlainText(catalogue.find((c) => c.kind === "进度（召集人）")!.message);
    expect(status).toMatch(/^未报单位：\n省教育厅：MS-01、MS-12\n省政务局：MS-02$/m);
    expect(status).toContain("城镇新增就业 [██░░░░░░░░] 17.9% 12.5 / 70万人，时序进度");
    for (const { kind, text } of consoleText()) {
      expect(text, kind).not.toMatch(/按时已报|逾期未报|，完成 \d/);
      // One number style: no thousands separator (10000项, never 10,000项).
      expect(text, kind).not.toMatch(/\d,\d{3}/);
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
