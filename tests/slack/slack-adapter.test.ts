import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { InboundEvent, InboundHandler, Reply } from "../../src/core/chat/inbound.js";
import {
  dmMessageEvent,
  sendEvent,
  sendInteraction,
  sendSlashCommand,
  sendUrlVerification,
  viewSubmissionPayload,
} from "../fakes/slack/slack-requests.js";
import { manualClock } from "../support/bot-harness.js";
import {
  answerAt,
  bindSlackUsers,
  blockText,
  buttonsOf,
  CHANNEL,
  slash,
  startSlackWorld,
  USERS,
  type SlackWorld,
} from "./slack-harness.js";

// The Slack adapter's own duties, through the real Bolt app and the fake Slack: signatures, the
// 3-second acknowledgement, the modal's time budget, expired triggers, retries, names, commands.
const clock = manualClock("2023-01-18T02:00:00Z");

/**
 * The real core behind a gate: while `hold` is set, every event waits until `release()`. It stands
 * in for a slow database without sleeping.
 */
function gatedCore() {
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  const seen: InboundEvent[] = [];
  const done: InboundEvent[] = [];
  return {
    seen,
    /** Events the core has answered. */
    done,
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      open();
      gate = null;
    },
    wrap(core: InboundHandler): InboundHandler {
      return {
        async handle(event: InboundEvent): Promise<Reply> {
          seen.push(event);
          if (gate) await gate;
          const reply = await core.handle(event);
          done.push(event);
          return reply;
        },
      };
    },
  };
}

const gated = gatedCore();
let world: SlackWorld;

beforeAll(async () => {
  world = await startSlackWorld(clock, { submitBudgetMs: 300, core: (core) => gated.wrap(core) });
  await bindSlackUsers(world, clock);
});
afterAll(async () => {
  gated.release();
  await world?.close();
});

describe("Slack requests: signatures and the Events API", () => {
  it("refuses a badly signed or stale request, and handles nothing", async () => {
    const before = gated.seen.length;
    const cmd = {
      command: "/zhuanban",
      text: "help",
      userId: USERS.hrss.id,
      channelId: "D1",
      channelName: "directmessage",
    };
    expect((await sendSlashCommand(world.url, { ...world.sign, badSignature: true }, cmd)).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await sendSlashCommand(world.url, { ...world.sign, timestamp: stale }, cmd)).status).toBe(401);
    // From the future: only a small clock skew is allowed (Bolt alone took 5 minutes).
    const ahead = Math.floor(Date.now() / 1000) + 4 * 60;
    expect((await sendSlashCommand(world.url, { ...world.sign, timestamp: ahead }, cmd)).status).toBe(401);
    expect(gated.seen.length).toBe(before);
  });

  it("answers Slack's url_verification challenge", async () => {
    const result = await sendUrlVerification(world.url, world.sign, "chal-123");
    expect(result.status).toBe(200);
    expect(result.body).toContain("chal-123");
  });

  it("handles an event redelivered with X-Slack-Retry-Num once, and ignores the bot's own messages", async () => {
    const dm = world.fake.dmChannelId(USERS.hrss.id);
    const event = dmMessageEvent({ userId: USERS.hrss.id, channelId: dm, text: "你好" });
    const posts = () => world.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === dm).length;
    const before = posts();
    expect((await sendEvent(world.url, world.sign, { eventId: "Ev0DUP", event })).status).toBe(200);
    await world.fake.waitForCall("chat.postMessage", (c) => c.args.channel === dm && posts() > before);
    const own = { ...event, user: undefined, bot_id: "B0001", subtype: "bot_message", ts: "1674000000.000900" };
    expect((await sendEvent(world.url, world.sign, { eventId: "Ev0OWN", event: own })).status).toBe(200);
    const retry = { ...world.sign, retryNum: 1, retryReason: "http_timeout" };
    expect((await sendEvent(world.url, retry, { eventId: "Ev0DUP", event })).status).toBe(200);
    // The core has seen the redelivery and answered it with nothing.
    await vi.waitFor(() => expect(gated.done.filter((e) => e.eventId === "Ev0DUP")).toHaveLength(2));
    expect(posts()).toBe(before + 1);
    expect(gated.seen.filter((e) => e.eventId === "Ev0OWN")).toHaveLength(0);
  });
});

describe("slash commands", () => {
  it("acknowledges at once while the core is still busy, and answers afterwards", async () => {
    gated.hold();
    const asked = await slash(world, USERS.convenor.id, "status");
    // Acknowledged (HTTP 200) although the core has not answered yet.
    expect(asked.status).toBe(200);
    expect(world.fake.callsTo("response_url").some((c) => c.args.url === asked.responseUrl)).toBe(false);
    gated.release();
    const answer = await answerAt(world, asked.responseUrl);
    expect(answer.args.response_type).toBe("ephemeral");
    expect(blockText(answer.args.blocks)).toContain("2023年1月中旬");
  });

  it("understands Chinese subcommands, and bare /zhuanban is help", async () => {
    const alias = await slash(world, USERS.convenor.id, "进度");
    expect(blockText((await answerAt(world, alias.responseUrl)).args.blocks)).toContain("报送情况");
    const bare = await slash(world, USERS.hrss.id, "");
    const help = blockText((await answerAt(world, bare.responseUrl)).args.blocks);
    // Named the way a Slack user can type them: Slack refuses an unregistered "/report".
    expect(help).toContain("/zhuanban report");
    expect(help).not.toMatch(/(^|[^\w])\/(report|status|bind) /m);
    const unknown = await slash(world, USERS.hrss.id, "frobnicate");
    expect(blockText((await answerAt(world, unknown.responseUrl)).args)).toContain("frobnicate");
  });

  it("posts a digest asked for in the group's channel for everyone there, other answers only to the asker", async () => {
    const bound = await slash(world, USERS.office.id, "bind minsheng", { channelId: CHANNEL.id });
    // The bind confirmation is for the whole channel: it learns it is bound.
    expect((await answerAt(world, bound.responseUrl)).args.response_type).toBe("in_channel");
    const asked = await slash(world, USERS.convenor.id, "summary", { channelId: CHANNEL.id });
    const digest = await answerAt(world, asked.responseUrl);
    expect(digest.args.response_type).toBe("in_channel");
    expect(blockText(digest.args.blocks)).toContain("旬简报");
  });

  it("looks each user's display name up once (users.info, cached)", async () => {
    const lookups = () => world.fake.callsTo("users.info").filter((c) => c.args.user === USERS.office.id).length;
    for (let i = 0; i < 3; i++) await answerAt(world, (await slash(world, USERS.office.id, "help")).responseUrl);
    // Bound with /bind in the set-up, then three more commands: one lookup in all.
    expect(lookups()).toBe(1);
    const identity = await world.db.prisma.chatIdentity.findFirstOrThrow({
      where: { platformUserId: USERS.office.id },
    });
    expect(identity.displayName).toBe(USERS.office.displayName);
  });

  it("opens the report modal from /zhuanban report, or offers a button when the trigger expired", async () => {
    const opened = await slash(world, USERS.hrss.id, "report MS-03");
    expect(opened.status).toBe(200);
    const view = await world.fake.waitForCall("views.open", (c) => blockText(c.args.view).includes("MS-03"));
    expect(view.response?.ok).toBe(true);

    // A trigger 4 s old: Slack refuses it (expired_trigger_id); the user gets a button instead.
    const responseUrl = world.fake.responseUrl();
    const dm = world.fake.dmChannelId(USERS.hrss.id);
    await sendSlashCommand(world.url, world.sign, {
      command: "/zhuanban",
      text: "report MS-03",
      userId: USERS.hrss.id,
      channelId: dm,
      channelName: "directmessage",
      triggerId: world.fake.issueTriggerId({ ageMs: 4000 }),
      responseUrl,
    });
    const answer = await answerAt(world, responseUrl);
    expect(String(answer.args.text)).toContain("表单没能打开");
    expect(buttonsOf(answer.args.blocks as Record<string, unknown>[]).map((b) => b.action_id)).toEqual([
      "report.form#0",
    ]);
  });
});

describe("the report modal's submission", () => {
  const submit = (view: { callback_id: string; private_metadata: string }, values: Record<string, string>) =>
    sendInteraction(
      world.url,
      world.sign,
      viewSubmissionPayload({
        userId: USERS.hrss.id,
        view: { ...view, title: { type: "plain_text", text: "MS-03 稳就业" } },
        values: Object.fromEntries(
          Object.entries(values).map(([id, value]) => [
            id,
            {
              v:
                id === "status"
                  ? { type: "static_select", selected_option: { value } }
                  : { type: "plain_text_input", value },
            },
          ]),
        ),
      }),
    );
  const storedReports = () => world.db.prisma.report.count({ where: { task: { key: "MS-03" } } });

  it("answers a field error in the ack without waiting for the core, and stores nothing", async () => {
    const view = (await openReportModal()).args.view as { callback_id: string; private_metadata: string };
    const before = gated.seen.length;
    gated.hold();
    try {
      const refused = await submit(view, { "value:new-urban-jobs": "很多", status: "on_track", progress: "推进中" });
      // The core is held, yet the reasons are on the modal's fields at once.
      expect(refused.status).toBe(200);
      expect(refused.json).toMatchObject({
        response_action: "errors",
        errors: { "value:new-urban-jobs": expect.stringContaining("不是数字") },
      });
      expect(refused.ms).toBeLessThan(1000);
      expect(gated.seen.length).toBe(before);
      expect(await storedReports()).toBe(0);
    } finally {
      gated.release();
    }
  });

  it("refuses a value the target cannot take (a negative count) on its field in the ack, and stores nothing", async () => {
    const view = (await openReportModal()).args.view as { callback_id: string; private_metadata: string };
    const before = gated.seen.length;
    gated.hold();
    try {
      const refused = await submit(view, { "value:new-urban-jobs": "-3", status: "on_track", progress: "推进中" });
      expect(refused.status).toBe(200);
      expect(refused.json).toMatchObject({
        response_action: "errors",
        errors: { "value:new-urban-jobs": expect.stringContaining("不能为负数") },
      });
      expect(gated.seen.length).toBe(before);
      expect(await storedReports()).toBe(0);
    } finally {
      gated.release();
    }
  });

  it("acknowledges a valid submission at once with a saving view, and confirms by DM once the report is stored", async () => {
    const view = (await openReportModal()).args.view as { callback_id: string; private_metadata: string };
    gated.hold();
    const submitted = await submit(view, { "value:new-urban-jobs": "3", status: "at_risk", progress: "进度偏慢" });
    // While the core (the database) is held: the modal turns into a "saving" notice, nothing is stored.
    expect(submitted.status).toBe(200);
    expect(submitted.ms).toBeLessThan(1000);
    expect(submitted.json).toMatchObject({ response_action: "update", view: { type: "modal" } });
    const notice = JSON.stringify((submitted.json as { view: unknown }).view);
    expect(notice).toContain("正在保存");
    expect(notice).toContain("MS-03");
    expect(notice).not.toContain("已保存");
    expect(await storedReports()).toBe(0);
    expect(world.fake.callsTo("chat.postMessage").some((c) => blockText(c.args.blocks).includes("已保存"))).toBe(false);

    gated.release();
    const saved = await world.fake.waitForCall("chat.postMessage", (c) => blockText(c.args.blocks).includes("已保存"));
    expect(saved.args.channel).toBe(USERS.hrss.id);
    const report = await world.db.prisma.report.findFirstOrThrow({
      where: { task: { key: "MS-03" }, isCurrent: true },
    });
    expect(report.status).toBe("at_risk");
    expect(report.submittedAt.getTime()).toBeLessThanOrEqual(saved.at);
  });

  it("sends what only the database can refuse (a period not begun) by DM after the ack", async () => {
    const view = (await openReportModal()).args.view as { callback_id: string; private_metadata: string };
    const metadata = JSON.parse(view.private_metadata) as { context: string };
    const future = { ...metadata, context: metadata.context.replace(/:[^:]+$/, ":2023-02-X1") };
    const before = await storedReports();
    const submitted = await submit(
      { ...view, private_metadata: JSON.stringify(future) },
      { "value:new-urban-jobs": "5", status: "on_track", progress: "提前报送" },
    );
    expect(submitted.json).toMatchObject({ response_action: "update" });
    const refused = await world.fake.waitForCall("chat.postMessage", (c) =>
      blockText(c.args.blocks).includes("还没有开始"),
    );
    expect(refused.args.channel).toBe(USERS.hrss.id);
    expect(blockText(refused.args.blocks)).toContain("报送没有保存");
    expect(await storedReports()).toBe(before);
  });

  it("waits for the core within its time budget for a modal that does not carry its fields", async () => {
    const view = (await openReportModal()).args.view as { callback_id: string; private_metadata: string };
    // A modal opened before the fields were kept with it (or with too many to keep).
    const { n: _fields, ...older } = JSON.parse(view.private_metadata) as Record<string, unknown>;
    expect(_fields).toBeDefined();
    gated.hold();
    const submitted = await submit(
      { ...view, private_metadata: JSON.stringify(older) },
      { "value:new-urban-jobs": "4", status: "at_risk", progress: "进度偏慢，正在追赶" },
    );
    // Acknowledged with an empty body (the modal closes) within Slack's 3 seconds.
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe("");
    expect(submitted.ms).toBeLessThan(3000);
    await world.fake.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("正在保存"));
    gated.release();
    await world.fake.waitForCall("chat.postMessage", (c) => blockText(c.args.blocks).includes("第 2 版"));
    expect(await storedReports()).toBe(2);
  });

  it("pre-fills the modal with what the unit already reported for the period", async () => {
    const view = (await openReportModal()).args.view as {
      blocks: { block_id: string; element: { initial_value?: string; initial_option?: { value: string } } }[];
    };
    const block = (id: string) => view.blocks.find((b) => b.block_id === id)!.element;
    expect(block("status").initial_option?.value).toBe("at_risk");
    expect(block("progress").initial_value).toBe("进度偏慢，正在追赶");
    expect(block("value:new-urban-jobs").initial_value).toBe("4");
  });
});

/** `/zhuanban report MS-03` by the 省人社厅 contact; resolves with the views.open it causes. */
async function openReportModal() {
  const before = world.fake.callsTo("views.open").length;
  expect((await slash(world, USERS.hrss.id, "report MS-03")).status).toBe(200);
  return world.fake.waitForCall("views.open", () => world.fake.callsTo("views.open").length > before);
}
