import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { startBackground, type Background } from "../../src/runtime/background.js";
import { createLogger } from "../../src/runtime/logger.js";
import { sendEvent, sendInteraction, dmMessageEvent, viewSubmissionPayload } from "../fakes/slack/slack-requests.js";
import { manualClock } from "../support/bot-harness.js";
import {
  answerAt,
  bindSlackUsers,
  blockText,
  buttonsOf,
  CHANNEL,
  pressButton,
  slash,
  startSlackWorld,
  USERS,
  type SlackWorld,
} from "./slack-harness.js";

// The whole cycle on Slack, through the real scheduler, outbox, dispatcher, core and Bolt app,
// against the fake Slack: a reminder DM with its 填报 button -> the modal (refused, then accepted)
// -> the convenor's /status -> the digest in the group's channel -> a late report -> the updated
// digest in the first post's thread. The clock is moved by hand; the scheduler ticks four times a
// second of real time (clock speed 240), as a demo deployment would.
const sh = (text: string) => new Date(`${text.replace(" ", "T")}:00+08:00`);
const clock = manualClock(sh("2023-01-18 08:30").toISOString());
let world: SlackWorld;
let background: Background;
let dm = "";

beforeAll(async () => {
  world = await startSlackWorld(clock);
  await bindSlackUsers(world, clock);
  // The office binds the group's channel, where digests go.
  const bound = await slash(world, USERS.office.id, "bind minsheng", { channelId: CHANNEL.id });
  expect(blockText((await answerAt(world, bound.responseUrl)).args)).toContain("民生");
  dm = world.fake.dmChannelId(USERS.hrss.id);
  background = await startBackground({
    prisma: world.db.prisma,
    calendar: createWorkCalendar(),
    clock,
    clockSpeed: 240,
    locale: "zh-CN",
    log: createLogger("silent"),
    adapters: [world.adapter],
    port: null,
  });
});
afterAll(async () => {
  await background?.stop();
  await world?.close();
});

describe("the Slack cycle: reminder DM -> modal report -> /status -> digest in the channel", () => {
  it("sends the reminder as a DM with the template and a 填报 button", async () => {
    clock.set(sh("2023-01-18 09:00").toISOString());
    const reminder = await world.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === USERS.hrss.id && blockText(c.args.blocks).includes("MS-03"),
      30_000,
    );
    const text = blockText(reminder.args.blocks);
    expect(text).toContain("报送 MS-03 2023年1月中旬");
    expect(buttonsOf(reminder.args.blocks as Record<string, unknown>[]).map((b) => b.action_id)).toContain(
      "report.start#0",
    );
    // Slack answered with the DM's channel id; the outbox row now points there, so a reply in that
    // DM can be matched to the reminder.
    // The row is marked sent right after Slack answers.
    const row = await vi.waitFor(() =>
      world.db.prisma.outboxMessage.findFirstOrThrow({
        // One reminder for the unit, listing MS-03 and MS-11.
        where: { platform: "slack", unit: { key: "hrss" }, kind: "reminder", state: "sent" },
      }),
    );
    expect(row.address).toBe(dm);
  });

  it("opens the report modal from the reminder's button, and refuses a bad value on its field", async () => {
    const reminder = world.fake.messages(dm).find((m) => blockText(m.blocks).includes("MS-03"))!;
    const pressed = await pressButton(world, USERS.hrss.id, reminder, (id) => id.startsWith("report.start"));
    expect(pressed.status).toBe(200);
    const opened = await world.fake.waitForCall("views.open");
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe("zhuanban.form");
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids).toEqual(
      expect.arrayContaining(["value:new-urban-jobs", "value:skills-training", "status", "progress", "problems"]),
    );

    const bad = await sendInteraction(
      world.url,
      world.sign,
      viewSubmissionPayload({
        userId: USERS.hrss.id,
        view: { callback_id: view.callback_id, private_metadata: view.private_metadata },
        values: modalValues({ "value:new-urban-jobs": "很多", status: "on_track", progress: "稳步推进" }),
      }),
    );
    // Refused in the ack itself, on the field, with nothing stored.
    expect(bad.status).toBe(200);
    expect(bad.json).toMatchObject({
      response_action: "errors",
      errors: { "value:new-urban-jobs": expect.any(String) },
    });
    expect(await world.db.prisma.report.count()).toBe(0);

    const good = await sendInteraction(
      world.url,
      world.sign,
      viewSubmissionPayload({
        userId: USERS.hrss.id,
        view: { callback_id: view.callback_id, private_metadata: view.private_metadata },
        values: modalValues({
          "value:new-urban-jobs": "12.5",
          "value:skills-training": "8万人次",
          status: "on_track",
          progress: "招聘会 36 场 <!channel>",
        }),
      }),
    );
    // Acknowledged at once, before the database: the modal says it is saving; the DM confirms.
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ response_action: "update", view: { type: "modal" } });
    expect(JSON.stringify((good.json as { view: unknown }).view)).toContain("正在保存");
    const confirmation = await world.fake.waitForCall("chat.postMessage", (c) =>
      blockText(c.args.blocks).includes("已保存"),
    );
    // Posted to the user, it lands in their DM with the bot.
    expect(confirmation.response?.channel).toBe(dm);
    // The user's text is shown literally: no @channel ping can be smuggled in.
    expect(blockText(confirmation.args.blocks)).toContain("&lt;!channel&gt;");
    const report = await world.db.prisma.report.findFirstOrThrow({ include: { values: true } });
    expect(report.values.map((v) => Number(v.value)).sort((a, b) => a - b)).toEqual([8, 12.5]);
  });

  it("shows the convenor the unit as reported, ephemerally", async () => {
    const asked = await slash(world, USERS.convenor.id, "status");
    expect(asked.status).toBe(200);
    const answer = await answerAt(world, asked.responseUrl);
    expect(answer.args.response_type).toBe("ephemeral");
    const text = blockText(answer.args.blocks);
    expect(text).toMatch(/\*按时报送\*\n1\n/);
    const missing = text.slice(text.indexOf("未报单位"));
    expect(missing).toContain("\n省人力资源社会保障厅：MS-11");
    expect(missing).not.toMatch(/省人力资源社会保障厅：.*MS-03/);
  });

  it("posts the digest to the group's channel, then a late report's update in its thread", async () => {
    // 1月中旬 is due on Friday 01-20 17:00; Spring Festival runs 01-21..27, so the digest goes out
    // at 09:00 on Saturday 01-28, a 调休 working day.
    clock.set(sh("2023-01-28 09:00").toISOString());
    const digest = await world.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === CHANNEL.id && !c.args.thread_ts,
      30_000,
    );
    expect(blockText(digest.args.blocks)).toContain("2023年1月中旬");
    const root = String(digest.response?.ts);

    // A late report on MS-11 by text in the DM; the next tick rebuilds the digest and threads it.
    clock.set(sh("2023-01-28 10:00").toISOString());
    const late = dmMessageEvent({
      userId: USERS.hrss.id,
      channelId: dm,
      text: "报送 MS-11 2023-01-X2\n基本养老保险参保人数：2700万人\n状态：正常推进\n进展：补报，已完成摸底",
    });
    const sent = await sendEvent(world.url, world.sign, { eventId: "Ev0LATE1", event: late });
    expect(sent.status).toBe(200);
    await world.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === dm && blockText(c.args.blocks).includes("补报"),
    );
    const update = await world.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === CHANNEL.id && c.args.thread_ts === root,
      30_000,
    );
    expect(blockText(update.args.blocks)).toContain("2023年1月中旬");

    // Slack redelivers the same event (X-Slack-Retry-Num): handled once, no second version.
    const retried = await sendEvent(
      world.url,
      { ...world.sign, retryNum: 1, retryReason: "http_timeout" },
      {
        eventId: "Ev0LATE1",
        event: late,
      },
    );
    expect(retried.status).toBe(200);
    expect(await world.db.prisma.report.count({ where: { task: { key: "MS-11" } } })).toBe(1);
  });
});

/** The state of a submitted report modal: plain inputs, and the status select. */
function modalValues(fields: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(fields).map(([blockId, value]) => [
      blockId,
      {
        v:
          blockId === "status"
            ? { type: "static_select", selected_option: { value } }
            : { type: "plain_text_input", value },
      },
    ]),
  );
}
