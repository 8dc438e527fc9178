import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dmMessageEvent, sendEvent } from "../fakes/slack/slack-requests.js";
import { answerDelivery, type AnswerDelivery } from "../support/answer-delivery.js";
import { manualClock } from "../support/bot-harness.js";
import { waitUntil } from "../support/wait-until.js";
import { bindSlackUsers, blockText, startSlackWorld, USERS, type SlackWorld } from "./slack-harness.js";

// The "已保存" confirmation of a report sent by DM, when Slack answers chat.postMessage with a 429
// (issue 17, item 7): waited out when short, handed to the outbox and sent from there when longer
// than the hand-off window; once either way. Real Bolt app, fake Slack, real outbox and dispatcher.
const clock = manualClock("2023-01-18T02:00:00Z");
let world: SlackWorld;
let delivery: AnswerDelivery | undefined;
const PRIVATE = "张伟写的进展QQ";

beforeAll(async () => {
  world = await startSlackWorld(clock, {
    answers: (prisma) => (delivery = answerDelivery(prisma, clock, { handOffAfterMs: 2_000 })).transport,
  });
  delivery!.start("slack", world.adapter);
  await bindSlackUsers(world, clock);
}, 120_000);

afterAll(async () => {
  await world?.adapter.stop();
  await delivery?.stop();
  await world?.close();
});

const dm = () => world.fake.dmChannelId(USERS.hrss.id);
const confirmations = (progress: string) =>
  world.fake
    .callsTo("chat.postMessage")
    .filter((c) => c.status === 200 && c.response?.ok === true && c.args.channel === dm())
    .filter((c) => blockText(c.args.blocks).includes("已保存") && blockText(c.args.blocks).includes(progress));
const refusals = () => world.fake.callsTo("chat.postMessage").filter((c) => c.response?.error === "ratelimited");

/** The report confirmation's outbox row: written with the report, under the event's key. */
const keptAnswer = (eventId: string) =>
  world.db.prisma.outboxMessage.findUnique({ where: { dedupeKey: `answer|slack:${eventId}#report` } });

async function reportByDm(eventId: string, progress: string): Promise<number> {
  const event = dmMessageEvent({
    userId: USERS.hrss.id,
    channelId: dm(),
    text: `报送 MS-03 2023-01-X2\n城镇新增就业：3万人\n状态：正常推进\n进展：${progress}`,
  });
  return (await sendEvent(world.url, world.sign, { eventId, event })).status;
}

describe("Slack answers to users", () => {
  it("confirms a report after a 429 shorter than the hand-off window, once", { timeout: 60_000 }, async () => {
    world.fake.failNext("chat.postMessage", { kind: "ratelimited", retryAfterSeconds: 1 });
    const before = refusals().length;
    expect(await reportByDm("Ev0ANS1", "短暂限流")).toBe(200);
    await waitUntil(() => confirmations("短暂限流").length === 1, 30_000, "the confirmation");
    expect(refusals().length).toBe(before + 1);
    // Kept in the outbox with the report, and marked sent once it went out: nothing left to send.
    await waitUntil(async () => (await keptAnswer("Ev0ANS1"))?.state === "sent", 30_000, "the kept answer marked sent");
  });

  it(
    "hands a confirmation refused for longer than the window to the outbox, which sends it once; the log names the chat and key, not the text",
    { timeout: 120_000 },
    async () => {
      world.fake.failNext("chat.postMessage", { kind: "ratelimited", retryAfterSeconds: 4 });
      const progress = `长时间限流 ${PRIVATE}`;
      expect(await reportByDm("Ev0ANS2", progress)).toBe(200);
      await waitUntil(
        async () => (await keptAnswer("Ev0ANS2"))?.state === "pending",
        30_000,
        "the answer to be handed to the outbox",
      );
      expect(confirmations(progress)).toHaveLength(0);
      await waitUntil(() => confirmations(progress).length === 1, 60_000, "the confirmation through the outbox");
      await waitUntil(
        async () => (await keptAnswer("Ev0ANS2"))?.state === "sent",
        30_000,
        "the outbox to record it as sent",
      );
      expect(confirmations(progress)).toHaveLength(1);
      const refusedAt = refusals().at(-1)!.at;
      expect(confirmations(progress)[0]!.at - refusedAt).toBeGreaterThanOrEqual(3_900);

      const handedOff = world.log.lines.find((l) => l.message === "answer handed to the outbox");
      expect(handedOff?.fields).toMatchObject({ platform: "slack", chatId: dm(), key: "slack:Ev0ANS2#report" });
      expect(world.log.lines.some((l) => JSON.stringify(l).includes(PRIVATE))).toBe(false);
    },
  );
});
