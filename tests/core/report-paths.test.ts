import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/core/chat/inbound.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { basicBot, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
const clock = manualClock("2023-01-16T02:00:00Z");

const action = (userId: string, actionId: string, value: string): InboundEvent => ({
  platform: "telegram",
  userId,
  chatId: `dm-${userId}`,
  chatKind: "direct",
  kind: "action",
  actionId,
  value,
});

async function reports(taskKey: string) {
  return db.prisma.report.findMany({
    where: { task: { key: taskKey }, isCurrent: true },
    include: { values: { include: { target: true } } },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  const basic = basicBot(db.prisma, clock);
  for (const unit of ["hrss", "civil-affairs", "med-insurance"]) {
    const code = await basic.invite(unit);
    await basic.bot.handle(event(unit, { kind: "command", command: "bind", args: code }));
  }
});
afterAll(async () => {
  await db.drop();
});

describe("the guided report", () => {
  it("asks field by field, re-asks a bad answer, survives a restart, and stores the same record", async () => {
    const first = fullBot(db.prisma, clock).bot;
    const template = await first.handle(event("hrss", { kind: "command", command: "report", args: "MS-03" }));
    const buttons = template.messages[0]!.blocks.find((b) => b.type === "buttons");
    const guided =
      buttons && "buttons" in buttons ? buttons.buttons.find((b) => b.actionId === "report.guided") : undefined;
    expect(guided).toBeDefined();

    const q1 = await first.handle(action("hrss", "report.guided", guided!.value));
    expect(replyText(q1)).toContain("“城镇新增就业”的累计完成值");
    const bad = await first.handle(event("hrss", { kind: "text", text: "很多" }));
    expect(replyText(bad)).toContain("“很多”不是有效的数字");
    await first.handle(event("hrss", { kind: "text", text: "125000人" }));

    // The bot restarts: a new instance on the same database picks up the conversation.
    const second = fullBot(db.prisma, clock).bot;
    await second.handle(event("hrss", { kind: "text", text: "-" }));
    const q3 = await second.handle(event("hrss", { kind: "text", text: "2万人次" }));
    expect(q3.messages.flatMap((m) => m.blocks).some((b) => b.type === "buttons")).toBe(true);
    await second.handle(action("hrss", "guided.status", "at_risk"));
    await second.handle(event("hrss", { kind: "text", text: "招聘会三场" }));
    await second.handle(event("hrss", { kind: "text", text: "无" }));
    await second.handle(event("hrss", { kind: "text", text: "加大帮扶" }));
    const done = await second.handle(event("hrss", { kind: "text", text: "无" }));
    expect(JSON.stringify(done)).toContain("已保存：MS-03");
    const [stored] = await reports("MS-03");
    expect(stored).toMatchObject({ status: "at_risk", progress: "招聘会三场", nextSteps: "加大帮扶" });
    expect(stored!.values.map((v) => [v.target.key, v.value.toNumber()]).sort()).toEqual([
      ["new-urban-jobs", 12.5],
      ["startup-training", 2],
    ]);
    expect(await db.prisma.conversationState.count()).toBe(0);
  });

  it("asks each target by its kind, naming the metric and its unit; “-” skips an optional text", async () => {
    const bot = fullBot(db.prisma, clock).bot;
    const task = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-05" }, include: { units: true } });
    const q1 = replyText(
      await bot.handle(action("med-insurance", "report.guided", `${task.id}:${task.units[0]!.unitId}`)),
    );
    expect(q1).toContain(
      "请填写“县区普通门诊异地结算二级以上定点医疗机构覆盖率（全覆盖）”的当前比率（单位：%，目标 100%）。没有请回复“-”。",
    );
    expect(q1).not.toContain("累计完成值");
    const q2 = replyText(await bot.handle(event("med-insurance", { kind: "text", text: "98" })));
    expect(q2).toContain("请填写“每个统筹区门诊慢特病治疗费用省内异地直接结算病种”的当前值（单位：个，标准 43个）");
    await bot.handle(event("med-insurance", { kind: "text", text: "40" }));
    await bot.handle(event("med-insurance", { kind: "text", text: "-" }));
    const progress = replyText(await bot.handle(action("med-insurance", "guided.status", "on_track")));
    expect(progress).toBe("进展：请简要说明本期工作进展（必填）。");
    // 进展 is required: "-" does not skip it.
    expect(replyText(await bot.handle(event("med-insurance", { kind: "text", text: "-" })))).toContain("不能为空");
    await bot.handle(event("med-insurance", { kind: "text", text: "备案服务下沉到乡镇" }));
    expect(replyText(await bot.handle(event("med-insurance", { kind: "text", text: "-" })))).toContain(
      "下步：下步打算是什么？没有请回复“-”。",
    );
    await bot.handle(event("med-insurance", { kind: "text", text: "-" }));
    expect(replyText(await bot.handle(event("med-insurance", { kind: "text", text: "－" })))).toContain(
      "已保存：MS-05",
    );
    const [stored] = await reports("MS-05");
    expect(stored).toMatchObject({ problems: "", nextSteps: "", coordinationNeeded: "" });
  });

  it("/cancel leaves a guided report and saves nothing", async () => {
    const bot = fullBot(db.prisma, clock).bot;
    const tasks = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-06" }, include: { units: true } });
    await bot.handle(action("civil-affairs", "report.guided", `${tasks.id}:${tasks.units[0]!.unitId}`));
    const cancelled = await bot.handle(event("civil-affairs", { kind: "command", command: "cancel" }));
    expect(replyText(cancelled)).toContain("已退出报送");
    expect(await reports("MS-06")).toHaveLength(0);
    const again = await bot.handle(event("civil-affairs", { kind: "command", command: "取消" }));
    expect(replyText(again)).toContain("没有进行中的报送");
  });
});

describe("the report form", () => {
  it("returns a form block and stores its submission through the same validation", async () => {
    const bot = fullBot(db.prisma, clock).bot;
    const task = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-06" }, include: { units: true } });
    const value = `${task.id}:${task.units[0]!.unitId}`;
    const reply = await bot.handle(action("civil-affairs", "report.form", value));
    const form = reply.messages[0]!.blocks.find((b) => b.type === "form");
    expect(form && "form" in form ? form.form.fields.map((f) => f.id) : []).toEqual([
      "value:nursing-beds",
      "value:home-ageing-adaptation",
      "status",
      "progress",
      "problems",
      "nextSteps",
      "coordination",
    ]);
    const context = form && "form" in form ? form.form.context : "";
    const invalid = await bot.handle({
      ...action("civil-affairs", "x", "x"),
      kind: "form",
      formId: "report",
      context,
      values: { "value:nursing-beds": "abc", status: "on_track", progress: "" },
    });
    expect(replyText(invalid)).toContain("报送没有保存");
    expect(await reports("MS-06")).toHaveLength(0);
    const ok = await bot.handle({
      ...action("civil-affairs", "x", "x"),
      kind: "form",
      formId: "report",
      context,
      values: { "value:nursing-beds": "1,200", status: "on_track", progress: "新增床位" },
    });
    expect(JSON.stringify(ok)).toContain("已保存：MS-06");
    expect((await reports("MS-06"))[0]!.values[0]!.value.toNumber()).toBe(1200);
  });
});

describe("a reply to a reminder", () => {
  it("reports on the reminder's task and period with the fields only", async () => {
    const bot = fullBot(db.prisma, clock).bot;
    const task = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-07" }, include: { units: true } });
    const group = await db.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
    const period = await db.prisma.period.findFirstOrThrow({ where: { groupId: group.id, periodKey: "2023-01-X2" } });
    // A reminder as the scheduler records it once sent (issue 5 writes these rows).
    await db.prisma.outboxMessage.create({
      data: {
        dedupeKey: "test-reminder",
        kind: "reminder",
        stage: "due-day",
        groupId: group.id,
        periodId: period.id,
        taskId: task.id,
        unitId: task.units[0]!.unitId,
        platform: "telegram",
        address: "dm-civil-affairs",
        payload: {},
        dueAt: clock.now(),
        nextAttemptAt: clock.now(),
        state: "sent",
        platformMessageId: "9001",
      },
    });
    const reply = await bot.handle(
      event("civil-affairs", {
        kind: "text",
        text: "城市低保标准（不低于）：650元/月\n状态：已完成\n进展：已发文",
        replyToMessageId: "9001",
      }),
    );
    expect(JSON.stringify(reply)).toContain("已保存：MS-07 提高困难群体救助标准 2023年1月中旬");
    expect(await reports("MS-07")).toHaveLength(1);
  });
});
