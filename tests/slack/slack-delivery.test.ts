import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError, type Address } from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { createDispatcher } from "../../src/runtime/dispatcher.js";
import { createRateLimiter } from "../../src/runtime/rate-limiter.js";
import { systemSleep } from "../../src/runtime/sleep.js";
import { createOutboxStore } from "../../src/store/outbox-store.js";
import { createGroup, insertRows, silentLog } from "../fakes/dispatch-harness.js";
import { manualClock } from "../support/bot-harness.js";
import { blockText, CHANNEL, startSlackWorld, USERS, type SlackWorld } from "./slack-harness.js";

// Sending for the outbox: what Slack's answers become (rate limits, unreachable recipients,
// transient and final errors), threads, long messages, escaping; and the dispatcher honouring
// Slack's Retry-After through the real adapter.
const T0 = new Date("2023-01-20T01:00:00.000Z");
const clock = manualClock(T0.toISOString());
let world: SlackWorld;
let groupId: string;

beforeAll(async () => {
  world = await startSlackWorld(clock);
  groupId = await createGroup(world.db.prisma, "slack-outbox");
});
afterAll(() => world?.close());
beforeEach(() => clock.set(T0.toISOString()));

const text = (body: string): Outbound => ({ blocks: [{ type: "text", text: body }], summary: body.slice(0, 40) });
const toChannel: Address = { platform: "slack", chatId: CHANNEL.id };

async function sendError(to: Address, message: Outbound = text("提醒")): Promise<DeliveryError> {
  const error = await world.adapter.send(to, message).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("SlackAdapter.send", () => {
  it("posts to a user's DM by user id and says where it landed", async () => {
    const sent = await world.adapter.send({ platform: "slack", chatId: USERS.hrss.id }, text("请报送"));
    expect(sent.chatId).toBe(world.fake.dmChannelId(USERS.hrss.id));
    expect(world.fake.messages(sent.chatId).map((m) => m.ts)).toContain(sent.platformMessageId);
  });

  it("shows user text literally: no mention, channel ping or link can be injected", async () => {
    await world.adapter.send(toChannel, text("进展 <!channel> <@U0BOSS> <https://evil.example|点我> & 完成"));
    const posted = world.fake.messages(CHANNEL.id).at(-1)!;
    const shown = blockText(posted.blocks);
    expect(shown).toContain("&lt;!channel&gt; &lt;@U0BOSS&gt; &lt;https://evil.example|点我&gt; &amp; 完成");
    expect(shown).not.toMatch(/<[!@h]/);
  });

  it("replies in a thread when the address has one", async () => {
    const root = await world.adapter.send(toChannel, text("旬简报"));
    await world.adapter.send({ ...toChannel, threadId: root.platformMessageId }, text("旬简报（更新）"));
    expect(world.fake.threadReplies(CHANNEL.id, root.platformMessageId).map((m) => m.text)).toEqual(["旬简报（更新）"]);
  });

  const withChart: Outbound = {
    summary: "旬简报",
    blocks: [
      { type: "heading", text: "旬简报" },
      {
        type: "chart",
        chart: { kind: "lights", title: "任务灯号分布", slices: [{ light: "green", label: "绿灯", count: 3 }] },
        alt: "图：任务灯号分布。绿灯 3 项",
      },
    ],
  };

  it("uploads a chart after the text, into the same channel and thread (getUploadURLExternal, upload, completeUploadExternal)", async () => {
    const root = await world.adapter.send(toChannel, text("旬简报"));
    const sent = await world.adapter.send({ ...toChannel, threadId: root.platformMessageId }, withChart);
    expect(world.fake.threadReplies(CHANNEL.id, root.platformMessageId)[0]?.ts).toBe(sent.platformMessageId);
    const [file] = world.fake.filesIn(CHANNEL.id).slice(-1);
    expect(file).toMatchObject({
      filename: "lights.png",
      title: "任务灯号分布",
      altText: "图：任务灯号分布。绿灯 3 项",
      threadTs: root.platformMessageId,
    });
    expect(file?.bytes?.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(file?.bytes?.length).toBe(file?.length);
    const steps = world.fake.calls.filter((c) => c.method.startsWith("files.") || c.method === "upload").slice(-3);
    expect(steps.map((c) => c.method)).toEqual([
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
  }, 60_000);

  it("resumes at the chart when its upload fails: the text is not posted twice", async () => {
    world.fake.failNext("files.completeUploadExternal", { kind: "ratelimited", retryAfterSeconds: 4 });
    const before = world.fake.messages(CHANNEL.id).length;
    const error = await sendError(toChannel, withChart);
    expect(error).toMatchObject({ kind: "rate_limited" });
    expect(world.fake.messages(CHANNEL.id).length).toBe(before + 1);
    const sent = await world.adapter.send(toChannel, withChart);
    // The retry uploaded the chart and posted no second text: one text post, one file post.
    const posts = world.fake.messages(CHANNEL.id).slice(before);
    expect(posts).toHaveLength(2);
    expect(sent.platformMessageId).toBe(posts[0]?.ts);
    expect(world.fake.filesIn(CHANNEL.id).at(-1)?.ts).toBe(posts[1]?.ts);
  }, 60_000);

  it("continues a message of more than 50 blocks in a second post, and returns the first", async () => {
    const long: Outbound = {
      blocks: Array.from({ length: 70 }, (_, i) => ({ type: "text" as const, text: `第 ${i + 1} 行` })),
      summary: "很长的简报",
    };
    const before = world.fake.messages(CHANNEL.id).length;
    const sent = await world.adapter.send(toChannel, long);
    const posts = world.fake.messages(CHANNEL.id).slice(before);
    expect(posts.map((p) => p.blocks?.length)).toEqual([50, 20]);
    expect(sent.platformMessageId).toBe(posts[0]!.ts);
    expect(blockText(posts[1]!.blocks)).toContain("第 70 行");
  });

  it("turns Slack's refusals into what the outbox acts on", async () => {
    world.fake.failNext("chat.postMessage", { kind: "ratelimited", retryAfterSeconds: 7 });
    expect(await sendError(toChannel)).toMatchObject({ kind: "rate_limited", retryAfterMs: 7_000 });

    world.fake.failNext("chat.postMessage", { kind: "http", status: 503 });
    expect((await sendError(toChannel)).kind).toBe("transient");

    world.fake.failNext("chat.postMessage", { kind: "error", error: "invalid_auth" });
    expect((await sendError(toChannel)).kind).toBe("transient");

    world.fake.failNext("chat.postMessage", { kind: "error", error: "invalid_blocks" });
    expect((await sendError(toChannel)).kind).toBe("rejected");

    world.fake.addChannel({ id: "C0OLD", name: "old-zhuanban" });
    world.fake.archiveChannel("C0OLD");
    expect(await sendError({ platform: "slack", chatId: "C0OLD" })).toMatchObject({ kind: "unreachable" });

    world.fake.addUser({ id: "U0LEFT", name: "left.user" });
    world.fake.deactivateUser("U0LEFT", "user_disabled");
    expect(await sendError({ platform: "slack", chatId: "U0LEFT" })).toMatchObject({ kind: "unreachable" });
  });
});

describe("the dispatcher with the Slack adapter", () => {
  function dispatcher() {
    // Real timers only bound each send (30 s); one row at a time never waits for a rate budget.
    return createDispatcher({
      store: createOutboxStore(world.db.prisma),
      adapters: { slack: world.adapter },
      clock,
      sleep: systemSleep,
      limiter: createRateLimiter({ clock, sleep: systemSleep }),
      log: silentLog,
      workerId: "slack-test",
    });
  }

  it("waits out Slack's Retry-After, then delivers the row once", async () => {
    await insertRows(world.db.prisma, groupId, [
      { key: "rl-1", address: USERS.convenor.id, dueAt: T0, platform: "slack" },
    ]);
    world.fake.failNext("chat.postMessage", { kind: "ratelimited", retryAfterSeconds: 30 });
    const posts = () => world.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === USERS.convenor.id);

    expect(await dispatcher().runOnce()).toMatchObject({ sent: 0, retried: 1 });
    const row = await world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "rl-1" } });
    expect(row.state).toBe("pending");
    expect(row.nextAttemptAt.getTime()).toBe(T0.getTime() + 30_000);

    clock.advance(20_000);
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(10_000);
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 1 });
    expect(posts().map((c) => c.status)).toEqual([429, 200]);
    const sent = await world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "rl-1" } });
    expect(sent).toMatchObject({ state: "sent", address: world.fake.dmChannelId(USERS.convenor.id) });
  });

  it("marks a row for a deactivated user unreachable instead of retrying it", async () => {
    world.fake.addUser({ id: "U0GONE", name: "gone.user" });
    world.fake.deactivateUser("U0GONE", "user_disabled");
    await insertRows(world.db.prisma, groupId, [{ key: "gone-1", address: "U0GONE", dueAt: T0, platform: "slack" }]);
    expect(await dispatcher().runOnce()).toMatchObject({ unreachable: 1, sent: 0 });
    const row = await world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "gone-1" } });
    expect(row.state).toBe("unreachable");
    expect(row.lastError).toContain("user_disabled");
  });
});
