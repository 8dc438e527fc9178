import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, verifySlackRequest, webApi } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { argBlocks, argString, FakeSlackApi } from "../fakes/slack/fake-slack-api.js";
import {
  blockActionsPayload,
  dmMessageEvent,
  sendEvent,
  sendInteraction,
  sendSigned,
  sendSlashCommand,
  sendUrlVerification,
  slackSignature,
  viewSubmissionPayload,
} from "../fakes/slack/slack-requests.js";

// Proves the Slack fakes behave like Slack for the real clients: @slack/web-api's WebClient
// against FakeSlackApi, Bolt's HTTP receiver against the signed request helpers, and Bolt's
// Socket Mode receiver against the WebSocket fake. No database, no network beyond 127.0.0.1.

const SECRET = "fake-signing-secret";

const { WebClient, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIHTTPError } = webApi;

/** WebClient logs Slack's `[ERROR]` response messages; the tests provoke those on purpose. */
const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
};

function client(fake: FakeSlackApi, token = fake.token): webApi.WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quiet,
  });
}

/** The error a call rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

async function platformError(promise: Promise<unknown>): Promise<string> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return (error as InstanceType<typeof WebAPIPlatformError>).data.error;
}

const modal = (callbackId = "report_modal") => ({
  type: "modal" as const,
  callback_id: callbackId,
  private_metadata: JSON.stringify({ task: 7 }),
  title: { type: "plain_text" as const, text: "填报" },
  submit: { type: "plain_text" as const, text: "提交" },
  blocks: [
    {
      type: "input",
      block_id: "value",
      label: { type: "plain_text", text: "完成值" },
      element: { type: "plain_text_input", action_id: "input" },
    },
  ],
});

describe("FakeSlackApi with the real WebClient", () => {
  let fake: FakeSlackApi;
  let web: webApi.WebClient;

  beforeEach(async () => {
    fake = await FakeSlackApi.start();
    web = client(fake);
    fake.addUser({ id: "U1", name: "zhang.san", realName: "张三", displayName: "老张" });
    fake.addUser({ id: "U2", name: "li.si", realName: "李四" });
    fake.addChannel({ id: "C1", name: "zhuanban" });
  });
  afterEach(async () => fake.close());

  it("answers auth.test with the bot's identity and rejects a wrong token", async () => {
    const me = await web.auth.test();
    expect(me).toMatchObject({ ok: true, team_id: "T0001", user_id: "UBOT", bot_id: "B0001" });
    expect(await platformError(client(fake, "xoxb-wrong").auth.test())).toBe("invalid_auth");
    expect(fake.callsTo("auth.test").map((c) => c.token)).toEqual(["xoxb-test-token", "xoxb-wrong"]);
  });

  it("posts to a user id through the user's DM, the same D id conversations.open gives", async () => {
    const posted = await web.chat.postMessage({ channel: "U1", text: "请填报" });
    expect(posted.channel).toMatch(/^D/);
    const opened = await web.conversations.open({ users: "U1" });
    expect(opened.channel?.id).toBe(posted.channel);
    expect(opened).toMatchObject({ no_op: true, already_open: true });
    expect(fake.dmChannelId("U1")).toBe(posted.channel);
    expect(fake.messages(posted.channel ?? "")).toMatchObject([{ ts: posted.ts, text: "请填报", user: "UBOT" }]);
  });

  it("gives unique increasing ts and keeps thread replies", async () => {
    const first = await web.chat.postMessage({ channel: "C1", text: "旬报" });
    const reply = await web.chat.postMessage({ channel: "C1", text: "补报", thread_ts: first.ts ?? "" });
    const other = await web.chat.postMessage({ channel: "#zhuanban", text: "by name" });
    const ts = [first.ts, reply.ts, other.ts].map(Number);
    expect(ts[0]).toBeLessThan(ts[1] ?? 0);
    expect(ts[1]).toBeLessThan(ts[2] ?? 0);
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.threadReplies("C1", first.ts ?? "")).toMatchObject([{ text: "补报", thread_ts: first.ts }]);
  });

  it("round-trips blocks as objects and rejects blocks Slack would reject", async () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "第1旬" } },
      {
        type: "actions",
        elements: [{ type: "button", action_id: "report", text: { type: "plain_text", text: "填报" }, value: "7" }],
      },
    ];
    const posted = await web.chat.postMessage({ channel: "C1", text: "fallback", blocks });
    const call = await fake.waitForCall("chat.postMessage");
    expect(argBlocks(call)).toEqual(blocks);
    expect(argString(call, "text")).toBe("fallback");
    expect(fake.messages("C1")[0]?.blocks).toEqual(blocks);
    expect(posted.message?.blocks).toEqual(blocks);

    const tooLong = [{ type: "header", text: { type: "plain_text", text: "长".repeat(151) } }];
    const error = await failure(web.chat.postMessage({ channel: "C1", text: "x", blocks: tooLong }));
    expect((error as InstanceType<typeof WebAPIPlatformError>).data).toMatchObject({
      error: "invalid_blocks",
      errors: ["must be less than 151 characters [json-pointer:/blocks/0/text/text]"],
    });
    expect(await platformError(web.chat.postMessage({ channel: "C1", text: "" }))).toBe("no_text");
  });

  it("updates a message in place and says message_not_found for an unknown ts", async () => {
    const posted = await web.chat.postMessage({ channel: "C1", text: "v1" });
    const updated = await web.chat.update({ channel: "C1", ts: posted.ts ?? "", text: "v2" });
    expect(updated).toMatchObject({ ok: true, channel: "C1", ts: posted.ts, text: "v2" });
    expect(fake.messages("C1")).toMatchObject([{ ts: posted.ts, text: "v2", edited: { user: "UBOT" } }]);
    expect(await platformError(web.chat.update({ channel: "C1", ts: "1.000001", text: "x" }))).toBe(
      "message_not_found",
    );
  });

  it("posts ephemeral messages", async () => {
    const answer = await web.chat.postEphemeral({ channel: "C1", user: "U1", text: "只有你能看到" });
    expect(answer.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals("C1")).toMatchObject([{ user: "U1", text: "只有你能看到" }]);
  });

  it("surfaces a failNext rate limit as WebAPIRateLimitedError with retryAfter, then recovers", async () => {
    fake.failNext("chat.postMessage", { kind: "ratelimited", retryAfterSeconds: 7 });
    const error = await failure(web.chat.postMessage({ channel: "C1", text: "a" }));
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect((error as InstanceType<typeof WebAPIRateLimitedError>).retryAfter).toBe(7);
    expect(fake.callsTo("chat.postMessage")[0]).toMatchObject({ status: 429, response: { error: "ratelimited" } });
    await expect(web.chat.postMessage({ channel: "C1", text: "a" })).resolves.toMatchObject({ ok: true });
  });

  it("sends 429 with a Retry-After header on the wire", async () => {
    fake.failNext("auth.test", { kind: "ratelimited", retryAfterSeconds: 3 });
    const res = await fetch(`${fake.url}auth.test`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({ ok: false, error: "ratelimited" });
  });

  it("fails the next N calls with ok:false errors and HTTP errors", async () => {
    fake.failNext("chat.postMessage", { kind: "error", error: "not_in_channel" }, 2);
    expect(await platformError(web.chat.postMessage({ channel: "C1", text: "a" }))).toBe("not_in_channel");
    expect(await platformError(web.chat.postMessage({ channel: "C1", text: "a" }))).toBe("not_in_channel");
    fake.failNext("chat.postMessage", { kind: "http", status: 503 });
    const error = await failure(web.chat.postMessage({ channel: "C1", text: "a" }));
    expect(error).toBeInstanceOf(WebAPIHTTPError);
    expect((error as InstanceType<typeof WebAPIHTTPError>).statusCode).toBe(503);
    await expect(web.chat.postMessage({ channel: "C1", text: "a" })).resolves.toMatchObject({ ok: true });
  });

  it("reports archived and unknown channels, deactivated and unknown users", async () => {
    fake.archiveChannel("C1");
    expect(await platformError(web.chat.postMessage({ channel: "C1", text: "a" }))).toBe("is_archived");
    expect(await platformError(web.chat.postMessage({ channel: "C404", text: "a" }))).toBe("channel_not_found");
    const info = await web.conversations.info({ channel: "C1" });
    expect(info.channel).toMatchObject({
      id: "C1",
      name: "zhuanban",
      is_channel: true,
      is_archived: true,
      is_im: false,
    });

    const dm = fake.dmChannelId("U2");
    fake.deactivateUser("U2");
    expect((await web.users.info({ user: "U2" })).user).toMatchObject({ id: "U2", deleted: true });
    expect(await platformError(web.chat.postMessage({ channel: "U2", text: "a" }))).toBe("account_inactive");
    expect(await platformError(web.chat.postMessage({ channel: dm, text: "a" }))).toBe("account_inactive");
    expect(await platformError(web.conversations.open({ users: "U2" }))).toBe("account_inactive");
    expect(await platformError(web.users.info({ user: "U404" }))).toBe("user_not_found");
    expect(await platformError(web.conversations.open({ users: "U404" }))).toBe("user_not_found");
  });

  it("answers users.info with names, profile and time zone", async () => {
    const { user } = await web.users.info({ user: "U1" });
    expect(user).toMatchObject({
      id: "U1",
      name: "zhang.san",
      real_name: "张三",
      deleted: false,
      tz: "Asia/Shanghai",
      tz_offset: 28800,
      profile: { display_name: "老张", real_name: "张三" },
    });
  });

  it("opens, updates and pushes views with single-use, 3-second trigger ids", async () => {
    const trigger = fake.issueTriggerId();
    const opened = await web.views.open({ trigger_id: trigger, view: modal() });
    const view = opened.view;
    expect(view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: "report_modal", state: { values: {} } });
    expect(fake.view(view?.id ?? "")?.private_metadata).toBe(JSON.stringify({ task: 7 }));
    expect(fake.callsTo("views.open")[0]?.args.view).toEqual(modal());

    expect(await platformError(web.views.open({ trigger_id: trigger, view: modal() }))).toBe("exchanged_trigger_id");
    const old = fake.issueTriggerId({ ageMs: 3001 });
    expect(await platformError(web.views.open({ trigger_id: old, view: modal() }))).toBe("expired_trigger_id");
    expect(await platformError(web.views.open({ trigger_id: "", view: modal() }))).toBe("invalid_trigger_id");
    const badTitle = { ...modal(), title: { type: "plain_text" as const, text: "标".repeat(25) } };
    expect(await platformError(web.views.open({ trigger_id: "any-id", view: badTitle }))).toBe("invalid_arguments");

    const updated = await web.views.update({ view_id: view?.id ?? "", hash: view?.hash ?? "", view: modal("v2") });
    expect(updated.view).toMatchObject({ id: view?.id, callback_id: "v2" });
    expect(updated.view?.hash).not.toBe(view?.hash);
    expect(
      await platformError(web.views.update({ view_id: view?.id ?? "", hash: view?.hash ?? "", view: modal() })),
    ).toBe("hash_conflict");
    const pushed = await web.views.push({ trigger_id: fake.issueTriggerId(), view: modal("step2") });
    expect(pushed.view?.id).not.toBe(view?.id);
  });

  it("accepts JSON bodies, records unknown methods, and refuses the bot token for Socket Mode", async () => {
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ channel: "C1", text: "json", blocks: [{ type: "divider" }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: "C1" });
    expect(fake.callsTo("chat.postMessage")[0]?.args).toEqual({
      channel: "C1",
      text: "json",
      blocks: [{ type: "divider" }],
    });

    const broken = await fetch(`${fake.url}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(await broken.json()).toEqual({ ok: false, error: "invalid_json" });

    expect(await platformError(web.apiCall("reactions.add", { channel: "C1" }))).toBe("unknown_method");
    expect(fake.callsTo("reactions.add")).toHaveLength(1);
    expect(await platformError(web.apps.connections.open())).toBe("not_allowed_token_type");
  });

  it("records response_url posts and can fail them", async () => {
    const url = fake.responseUrl();
    const body = { text: "已收到", response_type: "ephemeral", replace_original: false };
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const call = await fake.waitForCall("response_url");
    expect(call.args).toEqual({ ...body, url });

    fake.failNext("response_url", { kind: "error", error: "expired_url" });
    const refused = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toBe("expired_url");
  });

  it("waitForCall resolves on a future call and times out listing what was called", async () => {
    const waiting = fake.waitForCall("chat.postMessage", (c) => c.args.text === "second");
    await web.chat.postMessage({ channel: "C1", text: "first" });
    await web.chat.postMessage({ channel: "C1", text: "second" });
    expect((await waiting).args.text).toBe("second");
    await expect(fake.waitForCall("views.open", undefined, 50)).rejects.toThrow(
      /no matching views\.open call within 50 ms; recorded calls: chat\.postMessage, chat\.postMessage/,
    );
  });
});

describe("signed requests", () => {
  it("produce signatures Bolt's verifySlackRequest accepts, and bad ones it rejects", () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = "command=%2Fzhuanban&text=status";
    const headers = {
      "x-slack-signature": slackSignature(SECRET, timestamp, body),
      "x-slack-request-timestamp": timestamp,
    };
    expect(() => verifySlackRequest({ signingSecret: SECRET, body, headers })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: "other", body, headers })).toThrow();
    expect(() => verifySlackRequest({ signingSecret: SECRET, body: `${body}&x=1`, headers })).toThrow();
  });
});

describe("request helpers against a real Bolt app (HTTP receiver)", () => {
  let fake: FakeSlackApi;
  let app: App;
  let endpoint: string;
  const events: { text: unknown; retryNum: number | undefined }[] = [];
  const sign = { secret: SECRET };

  beforeAll(async () => {
    fake = await FakeSlackApi.start();
    fake.addUser({ id: "U1", name: "zhang.san" });
    app = new App({
      token: fake.token,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    app.command("/zhuanban", async ({ ack, command, respond }) => {
      await ack();
      await respond({ text: `收到: ${command.text}`, response_type: "ephemeral" });
    });
    app.message(async ({ message, context, client }) => {
      events.push({ text: "text" in message ? message.text : undefined, retryNum: context.retryNum });
      await client.chat.postMessage({ channel: message.channel, text: "echo" });
    });
    app.action("report", async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: "trigger_id" in body ? body.trigger_id : "", view: modal() });
    });
    app.view("report_modal", async ({ ack, view }) => {
      const value = view.state.values.value?.input?.value ?? "";
      if (!/^\d+$/.test(value)) await ack({ response_action: "errors", errors: { value: "请填数字" } });
      else await ack();
    });
    const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it("delivers a slash command that Bolt acks, and respond() reaches the fake's response_url", async () => {
    const result = await sendSlashCommand(endpoint, sign, {
      command: "/zhuanban",
      text: "status",
      userId: "U1",
      channelId: "C1",
      responseUrl: fake.responseUrl(),
    });
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(3000);
    const posted = await fake.waitForCall("response_url");
    expect(posted.args).toMatchObject({ text: "收到: status", response_type: "ephemeral" });
  });

  it("is rejected by Bolt when badly signed, stale, or sent with a charset", async () => {
    const cmd = { command: "/zhuanban", userId: "U1", channelId: "C1" };
    expect((await sendSlashCommand(endpoint, { ...sign, badSignature: true }, cmd)).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 600;
    expect((await sendSlashCommand(endpoint, { ...sign, timestamp: stale }, cmd)).status).toBe(401);
    const form = new URLSearchParams({ command: "/zhuanban", user_id: "U1", channel_id: "C1" }).toString();
    const charset = await sendSigned(endpoint, sign, form, "application/x-www-form-urlencoded; charset=utf-8");
    expect(charset.status).toBe(400);
  });

  it("answers url_verification with the challenge", async () => {
    const result = await sendUrlVerification(endpoint, sign, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("delivers DM message events, with the retry number of a redelivery", async () => {
    const channel = fake.dmChannelId("U1");
    const event = dmMessageEvent({ userId: "U1", channelId: channel, text: "第1项 完成 80" });
    expect((await sendEvent(endpoint, sign, { eventId: "Ev01", event })).status).toBe(200);
    await fake.waitForCall("chat.postMessage", (c) => c.args.channel === channel);
    const again = await sendEvent(
      endpoint,
      { ...sign, retryNum: 1, retryReason: "http_timeout" },
      { eventId: "Ev01", event },
    );
    expect(again.status).toBe(200);
    await fake.waitForCall("chat.postMessage", () => fake.callsTo("chat.postMessage").length === 2);
    expect(events).toEqual([
      { text: "第1项 完成 80", retryNum: undefined },
      { text: "第1项 完成 80", retryNum: 1 },
    ]);
  });

  it("delivers a button click whose trigger opens a modal, and a submission answered with field errors", async () => {
    const channel = fake.dmChannelId("U1");
    const click = blockActionsPayload({
      userId: "U1",
      channelId: channel,
      triggerId: fake.issueTriggerId(),
      actionId: "report",
      value: "7",
    });
    expect((await sendInteraction(endpoint, sign, click)).status).toBe(200);
    const opened = await fake.waitForCall("views.open");
    expect(opened.args.trigger_id).toBe(click.trigger_id);
    const viewId = String((opened.response?.view as { id: string }).id);

    const view = fake.view(viewId);
    if (!view) throw new Error("view not stored");
    const bad = viewSubmissionPayload({
      userId: "U1",
      view: { ...view, callback_id: "report_modal" },
      values: { value: { input: { type: "plain_text_input", value: "八十" } } },
    });
    const rejected = await sendInteraction(endpoint, sign, bad);
    expect(rejected.status).toBe(200);
    expect(rejected.json).toEqual({ response_action: "errors", errors: { value: "请填数字" } });
    const good = viewSubmissionPayload({
      userId: "U1",
      view: { callback_id: "report_modal" },
      values: { value: { input: { type: "plain_text_input", value: "80" } } },
    });
    const accepted = await sendInteraction(endpoint, sign, good);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toBe("");
  });
});

describe("Socket Mode fake with a real Bolt app", () => {
  it("connects through apps.connections.open, delivers envelopes and receives acks", async () => {
    const fake = await FakeSlackApi.start();
    const app = new App({
      token: fake.token,
      appToken: fake.appToken,
      socketMode: true,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    const seen: string[] = [];
    app.command("/zhuanban", async ({ ack, command }) => {
      seen.push(`command:${command.text}`);
      await ack({ text: "收到", response_type: "ephemeral" });
    });
    app.event("app_mention", async ({ event, context }) => {
      seen.push(`mention:${event.text}:${context.retryNum ?? 0}`);
    });
    app.action("report", async ({ ack }) => {
      seen.push("action");
      await ack();
    });
    try {
      await app.start();
      await fake.socketMode.waitForConnection();
      expect(fake.callsTo("apps.connections.open")[0]?.token).toBe(fake.appToken);

      const commandAck = await fake.socketMode.pushSlashCommand({
        command: "/zhuanban",
        text: "status",
        userId: "U1",
        channelId: "C1",
      });
      expect(commandAck.payload).toEqual({ text: "收到", response_type: "ephemeral" });

      const mention = { type: "app_mention", user: "U1", channel: "C1", text: "<@UBOT> hi", ts: "1700000000.000100" };
      const eventAck = await fake.socketMode.pushEvent(
        { eventId: "Ev02", event: mention },
        { attempt: 2, reason: "timeout" },
      );
      expect(eventAck.payload).toEqual({});
      await fake.socketMode.pushInteraction(
        blockActionsPayload({ userId: "U1", channelId: "C1", actionId: "report", value: "7" }),
      );
      expect(seen).toEqual(["command:status", "mention:<@UBOT> hi:2", "action"]);
      expect(fake.socketMode.acks).toHaveLength(3);
    } finally {
      await app.stop();
      await fake.close();
    }
  });
});
