import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFormMetadata } from "../../adapters/slack/parse.js";
import type { InboundEvent } from "../../src/core/chat/inbound.js";
import { checkReportForm } from "../../src/core/reports/form-check.js";
import { manualClock } from "../support/bot-harness.js";
import { bindSlackUsers, slash, startSlackWorld, USERS, type SlackWorld } from "./slack-harness.js";

// The Slack adapter answers a modal's field errors before its ack with the core's pure form check,
// and leaves the rest to the core after it. That is right only if the check refuses exactly what the
// core's form path refuses for the fields: this file holds the two side by side, on the modal the
// adapter really opened (its private_metadata carries the number fields the check reads).
const clock = manualClock("2023-01-18T02:00:00Z");
let world: SlackWorld;
let form: { formId: string; context: string; numbers: { id: string; label: string; unit: string }[] };

beforeAll(async () => {
  world = await startSlackWorld(clock);
  await bindSlackUsers(world, clock);
  expect((await slash(world, USERS.hrss.id, "report MS-03")).status).toBe(200);
  const opened = await world.fake.waitForCall("views.open");
  const metadata = parseFormMetadata((opened.args.view as { private_metadata: string }).private_metadata);
  expect(metadata?.numbers?.map((f) => f.id)).toEqual([
    "value:new-urban-jobs",
    "value:skills-training",
    "value:startup-training",
  ]);
  form = { formId: metadata!.formId, context: metadata!.context, numbers: metadata!.numbers! };
});
afterAll(async () => {
  await world?.close();
});

const base = { status: "on_track", progress: "稳步推进" };
/** [what, the modal's values, whether the fields are refused] */
const cases: [string, Record<string, string>, boolean][] = [
  ["a value that is no number", { ...base, "value:new-urban-jobs": "很多" }, true],
  ["a unit that does not fit the target", { ...base, "value:new-urban-jobs": "12%" }, true],
  ["no value at all", { ...base }, true],
  ["no progress", { status: "on_track", "value:new-urban-jobs": "12" }, true],
  ["no status", { progress: "推进中", "value:new-urban-jobs": "12" }, true],
  [
    "a progress text beyond 2,000 characters",
    { ...base, "value:new-urban-jobs": "12", progress: "进".repeat(2001) },
    true,
  ],
  [
    "a field written again inside the progress text",
    { ...base, "value:new-urban-jobs": "12", progress: "推进中\n问题：资金", problems: "缺人" },
    true,
  ],
  ["a value beyond the range", { ...base, "value:skills-training": "2e13" }, true],
  [
    "valid values with and without units",
    { ...base, "value:new-urban-jobs": "12.5", "value:skills-training": "8万人次" },
    false,
  ],
  ["a valid value in another magnitude", { ...base, "value:new-urban-jobs": "12000人" }, false],
];

describe("the form check before the ack agrees with the core's form path", () => {
  it.each(cases)("%s", async (_name, values, refusedByCore) => {
    const checked = checkReportForm(form, values, "zh-CN");
    const event: InboundEvent = {
      platform: "slack",
      userId: USERS.hrss.id,
      chatId: USERS.hrss.id,
      chatKind: "direct",
      kind: "form",
      formId: form.formId,
      context: form.context,
      values,
    };
    const reply = await world.core.handle(event);
    const refused = reply.messages.find((m) => m.formErrors)?.formErrors;
    expect(checked).not.toBeNull();
    expect(refused !== undefined).toBe(refusedByCore);
    if (refused) expect(checked).toEqual({ ok: false, formErrors: refused });
    else {
      expect(checked).toEqual({ ok: true });
      expect(JSON.stringify(reply.messages)).toContain("已保存");
    }
  });

  it("leaves a form it does not know to the core", () => {
    expect(checkReportForm({ ...form, formId: "survey" }, base, "zh-CN")).toBeNull();
  });
});
