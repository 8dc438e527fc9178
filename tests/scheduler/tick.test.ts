// The scheduler on the seeded Hunan plan: 2023年1月中旬 (2023-01-X2) is due Friday 20 January at
// 17:00; its ladder is early (18th 09:00), due-day (20th 09:00), before (20th 15:00), chase (20th
// 18:00); 春节 (21-27 January) moves the escalation and the digest to Saturday the 28th (a make-up
// working day) at 09:00.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { catchUp, schedulerTick, type TickResult } from "../../src/core/scheduler/tick.js";
import { renderPlainText } from "../../src/render/plain-text.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { bindContacts, describeRows, outboxRows, schedulerDeps, sh } from "./harness.js";

let db: TestDatabase;
/** Every (task, lead unit) of minsheng: one plan item per ladder step. */
let leadPairs: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindContacts(db.prisma);
  leadPairs = await db.prisma.taskUnit.count({ where: { role: "lead", task: { active: true } } });
});
afterAll(async () => {
  await db.drop();
});

/** A tick at this Shanghai instant, as the loop runs it after a tick a minute earlier. */
async function tickAt(local: string): Promise<TickResult> {
  const now = sh(local);
  const window = catchUp(new Date(now.getTime() - 60_000), now);
  return schedulerTick(window, schedulerDeps(db.prisma));
}

// One message per unit and stage, listing the unit's tasks (省人社厅 leads MS-03 and MS-11).
const early = [
  "reminder early 2023-01-X2 MS-01+MS-12 edu -> console:dm:c-edu",
  "reminder early 2023-01-X2 MS-02 gov-service -> telegram:dm-gov",
  "reminder early 2023-01-X2 MS-03+MS-11 hrss -> telegram:dm-hrss",
  "reminder early 2023-01-X2 MS-04+MS-13 health -> slack:U0HEALTH",
];

describe("schedulerTick on the 2023 plan", () => {
  it("enqueues the early reminders of 2023-01-X2 at 18 January 09:00 to every bound lead-unit contact", async () => {
    const result = await tickAt("2023-01-18 09:00");
    expect(result.planned).toBe(leadPairs);
    expect(result.enqueued).toBe(4);
    // 省妇联 has no direct chat; the other units have no bound contact at all (counted per task).
    expect(result.skipped.noRecipient).toBe(leadPairs - 7);

    const rows = await outboxRows(db.prisma);
    expect(describeRows(rows)).toEqual(early);
    const row = rows.find((r) => r.unit?.key === "hrss")!;
    expect(row.taskId).toBeNull();
    expect(row).toMatchObject({
      kind: "reminder",
      stage: "early",
      state: "pending",
      attempts: 0,
      dueAt: sh("2023-01-18 09:00"),
      nextAttemptAt: sh("2023-01-18 09:00"),
      recipientChannelId: null,
      recipientContact: { key: "c-hrss" },
    });
    expect(row.dedupeKey).toBe(`${row.periodId}|unit|${row.unitId}|contact:${row.recipientContactId}@telegram|early`);
    // A unit with one task: the row keeps it, so a reply reports on that task.
    expect(rows.find((r) => r.unit?.key === "gov-service")?.task?.key).toBe("MS-02");
  });

  it("writes nothing twice: the same tick again (a retry, a second process) adds no row", async () => {
    const before = await db.prisma.outboxMessage.count();
    const again = await tickAt("2023-01-18 09:00");
    expect(again.rows).toBe(4);
    expect(again.enqueued).toBe(0);
    expect(await db.prisma.outboxMessage.count()).toBe(before);
  });

  it("lists each task the unit owes with its template and a 填报 button, the period written for people", async () => {
    const [row] = await outboxRows(db.prisma).then((rows) => rows.filter((r) => r.unit?.key === "hrss"));
    const payload = row!.payload as unknown as Outbound;
    const text = renderPlainText(payload);
    expect(text).toContain("报送提醒：2023年1月中旬 2 项任务");
    expect(text).toContain("请省人力资源社会保障厅于 1月20日 17:00 前报送2023年1月中旬进展。");
    expect(text).toContain("【MS-03 促进高质量充分就业】");
    expect(text).toContain("报送 MS-03 2023年1月中旬\n城镇新增就业（万人）：\n");
    expect(text).toContain("报送 MS-11 2023年1月中旬\n");
    expect(text).toContain("状态：\n进展：\n问题：\n下步：\n协调事项：");
    expect(text).not.toContain("2023-01-X2");
    const buttons = payload.blocks.at(-1);
    expect(buttons?.type === "buttons" && buttons.buttons.map((b) => b.label)).toEqual(["填报 MS-03", "填报 MS-11"]);
    expect(buttons?.type === "buttons" && buttons.buttons[0]!.value).toBe(
      `${(await db.prisma.task.findFirstOrThrow({ where: { key: "MS-03" } })).id}:${row!.unitId}`,
    );
    // One task: the heading names it, and the button is just 填报.
    const gov = (await outboxRows(db.prisma)).find((r) => r.unit?.key === "gov-service")!;
    const govText = renderPlainText(gov.payload as unknown as Outbound);
    expect(govText).toMatch(/报送提醒：MS-02 .*（2023年1月中旬）/);
    expect(govText).toContain("[1] 填报");
    // A contact who reads English gets the English sentences; the template keys stay the parser's.
    const health = (await outboxRows(db.prisma)).find((r) => r.unit?.key === "health")!;
    const english = renderPlainText(health.payload as unknown as Outbound, "en");
    expect(english).toContain("Reminder: 2 tasks for Jan 2023, 2nd dekad");
    expect(english).toContain("before Jan 20, 17:00");
    expect(english).toContain("报送 MS-04 2023年1月中旬");
  });

  it("takes a reply to the reminder as the report on that task and period", async () => {
    const row = (await outboxRows(db.prisma)).find((r) => r.unit?.key === "hrss")!;
    // What the dispatcher records once Telegram has accepted the message.
    await db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { state: "sent", sentAt: sh("2023-01-18 09:00"), platformMessageId: "701" },
    });
    const clock = manualClock("2023-01-19T10:00:00+08:00");
    const { bot } = fullBot(db.prisma, clock);
    const reply = await bot.handle(
      event("hrss", {
        kind: "text",
        text: "报送 MS-03\n城镇新增就业：12.5万人\n状态：正常推进\n进展：春风行动",
        replyToMessageId: "701",
      }),
    );
    expect(replyText(reply)).toContain("已保存：MS-03");
    const saved = await db.prisma.report.findFirstOrThrow({
      where: { task: { key: "MS-03" }, isCurrent: true },
      include: { period: true },
    });
    expect(saved.period.periodKey).toBe("2023-01-X2");
  });

  it("sends no further reminder or chase for a unit that has reported", async () => {
    const clock = manualClock("2023-01-20T10:00:00+08:00");
    const { bot } = fullBot(db.prisma, clock);
    // 省政务局 reports its only task after the due-day reminder.
    const dueDay = await tickAt("2023-01-20 09:00");
    expect(dueDay.skipped.reported).toBe(1);
    const reply = await bot.handle(
      event("gov", {
        kind: "text",
        text: "报送 MS-02 2023-01-X2\n“湘易办”上线服务事项：4200项\n状态：正常推进\n进展：一网通办",
      }),
    );
    expect(replyText(reply)).toContain("已保存：MS-02");

    const before = await tickAt("2023-01-20 15:00");
    expect(before.skipped.reported).toBe(2);
    const chase = await tickAt("2023-01-20 18:00");
    expect(chase.skipped.reported).toBe(2);

    const rows = describeRows(await outboxRows(db.prisma, {}));
    const later = rows.filter((r) => !r.startsWith("reminder early"));
    expect(later).toEqual(
      [
        "reminder due-day 2023-01-X2 MS-01+MS-12 edu -> console:dm:c-edu",
        "reminder due-day 2023-01-X2 MS-02 gov-service -> telegram:dm-gov",
        "reminder due-day 2023-01-X2 MS-04+MS-13 health -> slack:U0HEALTH",
        "reminder due-day 2023-01-X2 MS-11 hrss -> telegram:dm-hrss",
        "reminder before 2023-01-X2 MS-01+MS-12 edu -> console:dm:c-edu",
        "reminder before 2023-01-X2 MS-04+MS-13 health -> slack:U0HEALTH",
        "reminder before 2023-01-X2 MS-11 hrss -> telegram:dm-hrss",
        "chase chase 2023-01-X2 MS-01+MS-12 edu -> console:dm:c-edu",
        "chase chase 2023-01-X2 MS-04+MS-13 health -> slack:U0HEALTH",
        "chase chase 2023-01-X2 MS-11 hrss -> telegram:dm-hrss",
      ].sort(),
    );
    // The due-day reminder says 今天.
    const dueDayRow = (await outboxRows(db.prisma, { stage: "due-day" })).find((r) => r.unit?.key === "gov-service")!;
    expect(renderPlainText(dueDayRow.payload as unknown as Outbound)).toContain(
      "今天截止：请省政务局于今天 17:00 前报送",
    );
    // The chase says how late.
    const chaseRow = (await outboxRows(db.prisma, { kind: "chase" })).find((r) => r.task?.key === "MS-11")!;
    const text = renderPlainText(chaseRow.payload as unknown as Outbound);
    expect(text).toContain("催报：MS-11");
    expect(text).toContain("已逾期 1小时");
    expect(text).toContain("报送截止时间 1月20日 17:00 已过 1小时");
    expect(text).toContain("报送 MS-11 2023年1月中旬");
  });

  it("escalates on the next working day to the convenor and the office, listing only the units still missing", async () => {
    const result = await tickAt("2023-01-28 09:00");
    const rows = await outboxRows(db.prisma, { kind: "escalation" });
    expect(describeRows(rows)).toEqual([
      "escalation escalation 2023-01-X2 - - -> telegram:dm-convenor",
      "escalation escalation 2023-01-X2 - - -> telegram:dm-office",
    ]);
    expect(rows.map((r) => r.recipientContact?.key).sort()).toEqual(["c-ms-convenor", "c-ms-office"]);
    expect(rows[0]!.dedupeKey).toBe(
      `${rows[0]!.periodId}|group|-|contact:${rows[0]!.recipientContactId}@telegram|escalation`,
    );
    expect(result.skipped.noneMissing).toBe(0);

    const payload = rows[0]!.payload as unknown as Outbound;
    const fields = payload.blocks.find((b) => b.type === "fields");
    const missing = new Map(fields?.type === "fields" ? fields.fields.map((f) => [f.label, f.value]) : []);
    // 省人社厅 reported MS-03 but not MS-11; 省政务局 reported everything it owed.
    expect(missing.get("省人力资源社会保障厅")).toBe("MS-11");
    expect(missing.get("省教育厅")).toBe("MS-01、MS-12");
    expect(missing.has("省政务局")).toBe(false);
    const text = renderPlainText(payload);
    expect(text).toContain("民生");
    expect(text).toContain("2023年1月中旬未报单位");
    expect(text).toContain(`仍有 ${missing.size} 个单位未报送`);
  });

  it("posts the digest once to each bound group chat after the deadline, and stores it as a digest version", async () => {
    const rows = await outboxRows(db.prisma, { kind: "digest" });
    expect(describeRows(rows)).toEqual([
      "digest digest 2023-01-X2 - - -> console:group:minsheng",
      "digest digest 2023-01-X2 - - -> telegram:grp-minsheng",
    ]);
    expect(rows.every((r) => r.recipientContactId === null && r.recipientChannelId !== null)).toBe(true);
    expect(rows[0]!.dedupeKey).toBe(`${rows[0]!.periodId}|group|-|channel:${rows[0]!.recipientChannelId}|digest`);
    const text = renderPlainText(rows[0]!.payload as unknown as Outbound);
    expect(text).toContain("旬简报");
    expect(text).toContain("2023年1月中旬");
    expect(await db.prisma.digest.count({ where: { period: { periodKey: "2023-01-X2" } } })).toBe(1);

    // The same tick again builds no new version and enqueues nothing.
    const again = await tickAt("2023-01-28 09:00");
    expect(again.enqueued).toBe(0);
    expect(await db.prisma.digest.count({ where: { period: { periodKey: "2023-01-X2" } } })).toBe(1);
    expect(await db.prisma.outboxMessage.count({ where: { kind: "digest" } })).toBe(2);
  });

  it("writes no escalation when every unit owing a report has reported", async () => {
    // A group of one task whose only lead unit reported: its escalation has nobody to name.
    const group = await db.prisma.workGroup.create({
      data: {
        key: "solo",
        name: "单任务专班",
        cycleSettings: { create: { cycle: "dekad", dueRule: {} } },
        contactRoles: { create: { contactId: (await contactOf("c-ms-office")).id, role: "office" } },
      },
    });
    const unit = await db.prisma.unit.findUniqueOrThrow({ where: { key: "gov-service" } });
    const task = await db.prisma.task.create({
      data: {
        groupId: group.id,
        key: "SO-01",
        title: "单项任务",
        listKind: "task",
        units: { create: { unitId: unit.id, role: "lead" } },
      },
    });
    const period = await db.prisma.period.create({
      data: {
        groupId: group.id,
        cycle: "dekad",
        periodKey: "2023-01-X2",
        startsAt: sh("2023-01-11 00:00"),
        endsAt: sh("2023-01-21 00:00"),
        dueAt: sh("2023-01-20 17:00"),
      },
    });
    await db.prisma.report.create({
      data: {
        taskId: task.id,
        unitId: unit.id,
        periodId: period.id,
        version: 1,
        status: "on_track",
        submittedAt: sh("2023-01-19 10:00"),
      },
    });
    const result = await tickAt("2023-01-28 09:00");
    expect(result.skipped.noneMissing).toBe(1);
    expect(await db.prisma.outboxMessage.count({ where: { groupId: group.id } })).toBe(0);
  });
});

function contactOf(key: string) {
  return db.prisma.contact.findUniqueOrThrow({ where: { key } });
}
