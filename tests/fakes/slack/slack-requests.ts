import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { request } from "node:http";

/**
 * What Slack sends to the app's HTTP endpoint (Bolt's `/slack/events`): signed slash commands,
 * Events API callbacks and interactivity payloads, plus builders for realistic payloads. The
 * builders are shared with the Socket Mode fake, which carries the same bodies in envelopes.
 *
 * Wire details that matter to Bolt 5.1: slash commands and interactivity are
 * `application/x-www-form-urlencoded` with no charset (Bolt compares the header exactly),
 * events are JSON, and the signature covers the raw body byte for byte.
 */

export interface SlackRequestResult {
  status: number;
  body: string;
  json: unknown | undefined;
  /** Time from the request handed to its socket (built and signed) to the end of the response. */
  ms: number;
  /**
   * When the request was made, handed to its socket and its response ended, in ms since the epoch
   * (comparable across processes).
   */
  sentAt: number;
  writtenAt: number;
  /** When the sender's socket saw its TCP connection established (the same clock). */
  connectedAt: number;
  answeredAt: number;
}

export interface SignOptions {
  secret: string;
  /** Seconds since the epoch; default now. Bolt rejects anything more than 5 minutes off. */
  timestamp?: number;
  /** Sign with a wrong secret (the headers are still well-formed). */
  badSignature?: boolean;
  /** Sent as X-Slack-Retry-Num / X-Slack-Retry-Reason, like Slack's Events API redeliveries. */
  retryNum?: number;
  retryReason?: string;
}

export interface SlashCommandInput {
  command: string;
  text?: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  teamId?: string;
  triggerId?: string;
  responseUrl?: string;
}

export interface EventEnvelopeInput {
  eventId: string;
  teamId?: string;
  apiAppId?: string;
  event: Record<string, unknown>;
  /** Seconds; default now. */
  eventTime?: number;
  /** The bot user the event is authorized for (the `authorizations` entry); default "UBOT". */
  botUserId?: string;
}

export const DEFAULT_TEAM_ID = "T0001";
export const DEFAULT_APP_ID = "A0001";
export const DEFAULT_TEAM_DOMAIN = "zhuanban-test";
/** The deprecated verification token Slack still puts in payloads; Bolt ignores it. */
const VERIFICATION_TOKEN = "fake-verification-token";
/**
 * Default response_url when a test gives none: a closed local port, so a stray `respond()`
 * fails fast instead of reaching hooks.slack.com. Pass `fake.responseUrl()` to record posts.
 */
const UNROUTABLE_RESPONSE_URL = "http://127.0.0.1:9/commands/T0001/0/unset";

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`, as Slack signs requests. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** A Slack-style trigger id (the fake accepts ids it never issued; see FakeSlackApi.issueTriggerId). */
export function randomTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString("hex")}`;
}

/** Sends any body signed as Slack would; the helpers below use it, tests may for odd cases. */
export function sendSigned(
  url: string,
  sign: SignOptions,
  body: string,
  contentType: string,
): Promise<SlackRequestResult> {
  return signedRequest(url, sign, body, contentType).send();
}

/**
 * A request signed now and sent later: a load test prepares a burst first, so that what it times is
 * the app's answer and not the sender's own work of building and signing the requests.
 */
export function signedRequest(
  url: string,
  sign: SignOptions,
  body: string,
  contentType: string,
): { send(): Promise<SlackRequestResult> } {
  const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
  const secret = sign.badSignature ? `${sign.secret}-not-the-secret` : sign.secret;
  const headers: Record<string, string> = {
    "content-type": contentType,
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": slackSignature(secret, timestamp, body),
  };
  if (sign.retryNum !== undefined) headers["x-slack-retry-num"] = String(sign.retryNum);
  if (sign.retryNum !== undefined || sign.retryReason !== undefined) {
    headers["x-slack-retry-reason"] = sign.retryReason ?? "http_timeout";
  }
  return {
    send: () =>
      new Promise((resolve, reject) => {
        const started = performance.now();
        let written = started;
        let connected = started;
        // agent: false = one connection per request, so nothing keeps the app's server open after a test.
        const req = request(url, { method: "POST", headers, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const ended = performance.now();
            resolve({
              status: res.statusCode ?? 0,
              body: text,
              json: parseJson(text),
              ms: ended - written,
              sentAt: performance.timeOrigin + started,
              writtenAt: performance.timeOrigin + written,
              connectedAt: performance.timeOrigin + connected,
              answeredAt: performance.timeOrigin + ended,
            });
          });
        });
        // The clock starts once the whole request is handed to its socket ('finish'; the socket may
        // still be connecting, so the TCP handshake is timed too), as Slack's would.
        req.on("finish", () => void (written = performance.now()));
        req.on("socket", (socket) => socket.once("connect", () => void (connected = performance.now())));
        req.on("error", reject);
        req.end(body);
      }),
  };
}

export function sendSlashCommand(url: string, sign: SignOptions, cmd: SlashCommandInput): Promise<SlackRequestResult> {
  return slashCommandRequest(url, sign, cmd).send();
}

export function slashCommandRequest(url: string, sign: SignOptions, cmd: SlashCommandInput) {
  const body = new URLSearchParams(slashCommandBody(cmd)).toString();
  return signedRequest(url, sign, body, "application/x-www-form-urlencoded");
}

export function sendEvent(url: string, sign: SignOptions, envelope: EventEnvelopeInput): Promise<SlackRequestResult> {
  return sendSigned(url, sign, JSON.stringify(eventCallbackBody(envelope)), "application/json");
}

export function sendUrlVerification(url: string, sign: SignOptions, challenge: string): Promise<SlackRequestResult> {
  const body = JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: "url_verification" });
  return sendSigned(url, sign, body, "application/json");
}

export function sendInteraction(
  url: string,
  sign: SignOptions,
  payload: Record<string, unknown>,
): Promise<SlackRequestResult> {
  return interactionRequest(url, sign, payload).send();
}

export function interactionRequest(url: string, sign: SignOptions, payload: Record<string, unknown>) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signedRequest(url, sign, body, "application/x-www-form-urlencoded");
}

/** The slash command form fields, in Slack's order (also the Socket Mode `slash_commands` payload). */
export function slashCommandBody(cmd: SlashCommandInput): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: cmd.teamId ?? DEFAULT_TEAM_ID,
    team_domain: DEFAULT_TEAM_DOMAIN,
    channel_id: cmd.channelId,
    channel_name: cmd.channelName ?? (cmd.channelId.startsWith("D") ? "directmessage" : "general"),
    user_id: cmd.userId,
    user_name: cmd.userName ?? cmd.userId.toLowerCase(),
    command: cmd.command,
    text: cmd.text ?? "",
    api_app_id: DEFAULT_APP_ID,
    is_enterprise_install: "false",
    response_url: cmd.responseUrl ?? UNROUTABLE_RESPONSE_URL,
    trigger_id: cmd.triggerId ?? randomTriggerId(),
  };
}

/** An Events API `event_callback` envelope as Slack posts it. */
export function eventCallbackBody(envelope: EventEnvelopeInput): Record<string, unknown> {
  const teamId = envelope.teamId ?? DEFAULT_TEAM_ID;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: envelope.apiAppId ?? DEFAULT_APP_ID,
    event: envelope.event,
    type: "event_callback",
    event_id: envelope.eventId,
    event_time: envelope.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: envelope.botUserId ?? "UBOT",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ id: envelope.eventId })).toString("base64url")}`,
  };
}

export function blockActionsPayload(p: {
  userId: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
  messageTs?: string;
  triggerId?: string;
  responseUrl?: string;
  actionId: string;
  blockId?: string;
  value: string;
  /** The message the button sits on (e.g. `fake.messages(channel).at(-1)`); a stub by default. */
  message?: Record<string, unknown>;
  /** The button's label. */
  text?: string;
}): Record<string, unknown> {
  const teamId = p.teamId ?? DEFAULT_TEAM_ID;
  const messageTs = p.messageTs ?? messageTsNow();
  const inMessage = p.channelId !== undefined;
  return {
    type: "block_actions",
    user: {
      id: p.userId,
      username: p.userName ?? p.userId.toLowerCase(),
      name: p.userName ?? p.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: DEFAULT_APP_ID,
    token: VERIFICATION_TOKEN,
    container: inMessage
      ? { type: "message", message_ts: messageTs, channel_id: p.channelId, is_ephemeral: false }
      : { type: "view", view_id: "V_UNKNOWN" },
    trigger_id: p.triggerId ?? randomTriggerId(),
    team: { id: teamId, domain: DEFAULT_TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    ...(inMessage
      ? {
          channel: { id: p.channelId, name: p.channelId?.startsWith("D") ? "directmessage" : "general" },
          message: p.message ?? { type: "message", user: "UBOT", ts: messageTs, text: "", blocks: [] },
          response_url: p.responseUrl ?? UNROUTABLE_RESPONSE_URL.replace("/commands/", "/actions/"),
        }
      : {}),
    state: { values: {} },
    actions: [
      {
        action_id: p.actionId,
        block_id: p.blockId ?? randomBytes(3).toString("hex"),
        text: { type: "plain_text", text: p.text ?? p.value, emoji: true },
        value: p.value,
        type: "button",
        action_ts: messageTsNow(),
      },
    ],
  };
}

export type ViewStateValue = {
  type: string;
  value?: string | null;
  selected_option?: { value: string; text?: unknown } | null;
};

export function viewSubmissionPayload(p: {
  userId: string;
  userName?: string;
  teamId?: string;
  triggerId?: string;
  /** Pass a view the fake stored (`fake.view(id)`) or just the fields the handler reads. */
  view: { id?: string; callback_id: string; private_metadata?: string; blocks?: unknown[] } & Record<string, unknown>;
  values: Record<string, Record<string, ViewStateValue>>;
}): Record<string, unknown> {
  const teamId = p.teamId ?? DEFAULT_TEAM_ID;
  const viewId = p.view.id ?? `V${randomBytes(5).toString("hex").toUpperCase()}`;
  return {
    type: "view_submission",
    team: { id: teamId, domain: DEFAULT_TEAM_DOMAIN },
    user: {
      id: p.userId,
      username: p.userName ?? p.userId.toLowerCase(),
      name: p.userName ?? p.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: DEFAULT_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: p.triggerId ?? randomTriggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: "modal",
      title: { type: "plain_text", text: "填报", emoji: true },
      submit: { type: "plain_text", text: "提交", emoji: true },
      close: null,
      blocks: [],
      private_metadata: "",
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: viewId,
      previous_view_id: null,
      app_id: DEFAULT_APP_ID,
      external_id: "",
      app_installed_team_id: teamId,
      bot_id: "B0001",
      ...p.view,
      state: { values: normalizeValues(p.values) },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A `message.im` event: a user writing to the bot in its DM. */
export function dmMessageEvent(p: {
  userId: string;
  channelId: string;
  text: string;
  ts?: string;
  threadTs?: string;
  teamId?: string;
}): Record<string, unknown> {
  const ts = p.ts ?? messageTsNow();
  return {
    type: "message",
    client_msg_id: randomUUID(),
    text: p.text,
    user: p.userId,
    ts,
    blocks: richTextBlocks(p.text),
    team: p.teamId ?? DEFAULT_TEAM_ID,
    ...(p.threadTs ? { thread_ts: p.threadTs, parent_user_id: "UBOT" } : {}),
    channel: p.channelId,
    event_ts: ts,
    channel_type: "im",
  };
}

/** An `app_mention` event; `<@botUserId>` is put in front of the text unless already there. */
export function appMentionEvent(p: {
  userId: string;
  channelId: string;
  text: string;
  botUserId?: string;
  ts?: string;
  threadTs?: string;
  teamId?: string;
}): Record<string, unknown> {
  const ts = p.ts ?? messageTsNow();
  const mention = `<@${p.botUserId ?? "UBOT"}>`;
  const text = p.text.includes(mention) ? p.text : `${mention} ${p.text}`;
  return {
    type: "app_mention",
    client_msg_id: randomUUID(),
    text,
    user: p.userId,
    ts,
    blocks: richTextBlocks(text),
    team: p.teamId ?? DEFAULT_TEAM_ID,
    ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
    channel: p.channelId,
    event_ts: ts,
  };
}

let lastTsMicros = 0;
/** A unique, increasing Slack ts ("seconds.micros") for events the tests make up. */
function messageTsNow(): string {
  lastTsMicros = Math.max(Date.now() * 1000, lastTsMicros + 1);
  return `${Math.floor(lastTsMicros / 1e6)}.${String(lastTsMicros % 1e6).padStart(6, "0")}`;
}

function richTextBlocks(text: string): unknown[] {
  return [
    {
      type: "rich_text",
      block_id: randomBytes(3).toString("hex"),
      elements: [{ type: "rich_text_section", elements: [{ type: "text", text }] }],
    },
  ];
}

/** Slack always sends a select's option with its text; fill it in when a test gives only the value. */
function normalizeValues(
  values: Record<string, Record<string, ViewStateValue>>,
): Record<string, Record<string, ViewStateValue>> {
  const out: Record<string, Record<string, ViewStateValue>> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const block: Record<string, ViewStateValue> = {};
    for (const [actionId, state] of Object.entries(actions)) {
      const option = state.selected_option;
      block[actionId] = option
        ? {
            ...state,
            selected_option: {
              ...option,
              text: option.text ?? { type: "plain_text", text: option.value, emoji: true },
            },
          }
        : state;
    }
    out[blockId] = block;
  }
  return out;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
