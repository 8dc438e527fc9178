import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/core/chat/inbound.js";
import { FORM_ERROR_GENERAL, type Form, type Outbound } from "../../src/core/chat/outbound.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { basicBot, event, fullBot, manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// The report as a form, from the core's side: where a platform can open a form right now (a Slack
// trigger), /report and a reminder's button answer with the form itself, pre-filled; a refused
// submission names the form's fields.
let db: TestDatabase;
const clock = manualClock("2023-01-16T02:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  const basic = basicBot(db.prisma, clock);
  const code = await basic.invite("hrss");
  await basic.bot.handle(event("hrss", { kind: "command", command: "bind", args: code }));
});
afterAll(() => db.drop());

const formOf = (messages: Outbound[]): Form | undefined =>
  messages.flatMap((m) => m.blocks).find((b) => b.type === "form")?.form;

const source = { platform: "telegram", userId: "hrss", chatId: "dm-hrss", chatKind: "direct" } as const;

function withForms(e: InboundEvent): InboundEvent {
  return { ...e, canOpenForm: true };
}

describe("reporting by form", () => {
  it("answers /report with the template where forms cannot open now, with the form where they can", async () => {
    const { bot } = fullBot(db.prisma, clock);
    const plain = await bot.handle(event("hrss", { kind: "command", command: "report", args: "MS-03" }));
    expect(formOf(plain.messages)).toBeUndefined();
    const withForm = await bot.handle(withForms(event("hrss", { kind: "command", command: "report", args: "MS-03" })));
    const form = formOf(withForm.messages)!;
    expect(form.context).toMatch(/:2023-01-X2$/);
    expect(form.reopen).toMatchObject({ actionId: "report.form" });
    expect(form.fields.map((f) => f.id)).toEqual([
      "value:new-urban-jobs",
      "value:skills-training",
      "value:startup-training",
      "status",
      "progress",
      "problems",
      "nextSteps",
      "coordination",
    ]);
    expect(form.fields.every((f) => f.initial === undefined)).toBe(true);
  });

  it("names the refused fields, saves nothing, then pre-fills the form with what was saved", async () => {
    const { bot } = fullBot(db.prisma, clock);
    const form = formOf(
      (await bot.handle(withForms(event("hrss", { kind: "command", command: "report", args: "MS-03" })))).messages,
    )!;
    const submit = (values: Record<string, string>, context = form.context) =>
      bot.handle({ ...source, kind: "form", formId: "report", context, values });

    const refused = await submit({ "value:new-urban-jobs": "很多", status: "on_track", progress: "" });
    expect(refused.messages[0]!.formErrors).toEqual({
      "value:new-urban-jobs": expect.stringContaining("很多"),
      progress: expect.any(String),
    });
    const wrongPeriod = await submit(
      { status: "on_track", progress: "推进中", "value:new-urban-jobs": "3" },
      form.context.replace("2023-01-X2", "2023-02-X1"),
    );
    expect(Object.keys(wrongPeriod.messages[0]!.formErrors ?? {})).toEqual([FORM_ERROR_GENERAL]);
    expect(await db.prisma.report.count()).toBe(0);

    const saved = await submit({
      "value:new-urban-jobs": "3.5",
      status: "behind",
      progress: "进度偏慢",
      problems: "资金未到位",
    });
    expect(saved.messages[0]!.formErrors).toBeUndefined();
    const task = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-03" }, include: { units: true } });
    const again = await bot.handle(
      withForms({
        platform: "telegram",
        userId: "hrss",
        chatId: "dm-hrss",
        chatKind: "direct",
        kind: "action",
        actionId: "report.start",
        value: `${task.id}:${task.units[0]!.unitId}`,
      }),
    );
    const prefilled = Object.fromEntries(formOf(again.messages)!.fields.map((f) => [f.id, f.initial]));
    expect(prefilled).toMatchObject({
      "value:new-urban-jobs": "3.5",
      status: "behind",
      progress: "进度偏慢",
      problems: "资金未到位",
    });
  });
});
