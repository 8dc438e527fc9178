import { randomBytes } from "node:crypto";
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { FakeSocketMode } from "./fake-socket-mode.js";

/**
 * A fake Slack Web API on 127.0.0.1, answering as Slack does for the calls @slack/web-api 8
 * (inside Bolt 5.1) makes: POST /api/<method>, form-encoded (nested values as JSON strings) or
 * JSON, token as `Authorization: Bearer`; always HTTP 200 with `{ok:true,...}` or
 * `{ok:false,error}`, except 429 + Retry-After for rate limits. It keeps the state the adapter
 * touches (users, channels, DMs, messages, views, trigger ids), records every call, fails chosen
 * calls on command, serves response_url posts and hosts the Socket Mode fake.
 */

export interface SlackCall {
  method: string;
  /** The arguments, minus `token`; JSON-encoded form values (blocks, view, ...) parsed back. */
  args: Record<string, unknown>;
  token: string | undefined;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status and JSON body the fake answered (body undefined for an injected HTTP failure). */
  status?: number;
  response?: Record<string, unknown>;
}

/** Typed reads of SlackCall.args (eslint forbids `any`, so args are `unknown`). */
export function argString(call: SlackCall, key: string): string | undefined {
  const value = call.args[key];
  return typeof value === "string" ? value : undefined;
}

export function argRecord(call: SlackCall, key: string): Record<string, unknown> | undefined {
  const value = call.args[key];
  return isRecord(value) ? value : undefined;
}

/** `blocks` (or another array of objects) of a call; undefined when absent or not such an array. */
export function argBlocks(call: SlackCall, key = "blocks"): Record<string, unknown>[] | undefined {
  const value = call.args[key];
  return Array.isArray(value) && value.every(isRecord) ? value : undefined;
}

/** A boolean argument: form bodies carry "true"/"false"/"1"/"0", JSON bodies real booleans. */
export function argFlag(call: SlackCall, key: string): boolean | undefined {
  const value = call.args[key];
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  realName?: string;
  /** Slack's profile.display_name; "" (Slack's value when a user never set one) by default. */
  displayName?: string;
  deleted?: boolean;
  tz?: string;
  isBot?: boolean;
  /** profile.email: shown by users.info and found by users.lookupByEmail only with users:read.email. */
  email?: string;
}

/** A file shared through the upload flow (getUploadURLExternal, the upload, completeUploadExternal). */
export interface FakeSlackFile {
  id: string;
  filename: string;
  /** The length declared to getUploadURLExternal. */
  length: number;
  altText: string | undefined;
  title?: string;
  /** The bytes posted to the upload URL; undefined until then. */
  bytes?: Buffer;
  /** Where completeUploadExternal shared it; undefined until then. */
  channel?: string;
  threadTs?: string;
  /** The message that shows it in the channel. */
  ts?: string;
}

export type FakeSlackFailure =
  | { kind: "ratelimited"; retryAfterSeconds: number }
  | { kind: "error"; error: string }
  | { kind: "http"; status: number };

export interface FakeSlackMessage {
  type: "message";
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: Record<string, unknown>[];
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  edited?: { user: string; ts: string };
}

export interface FakeSlackEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  thread_ts?: string;
  text: string;
  blocks?: Record<string, unknown>[];
}

/** A view as Slack stores it: the app's view plus id, hash, state and bookkeeping fields. */
export type FakeSlackView = Record<string, unknown> & { id: string; hash: string; callback_id?: string };

export interface FakeSlackApiOptions {
  token?: string;
  botUserId?: string;
  teamId?: string;
  botId?: string;
  /** App-level token for apps.connections.open (Socket Mode). */
  appToken?: string;
  appId?: string;
}

interface Conversation {
  id: string;
  name?: string;
  isPrivate: boolean;
  isArchived: boolean;
  isIm: boolean;
  isMpim: boolean;
  /** The other member of a DM. */
  user?: string;
  /** Set once conversations.open (or a post to the user id) opened it; conversations.open then says no_op. */
  opened: boolean;
  created: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown> | string;
  headers?: Record<string, string>;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

/** Thrown by method handlers: becomes `{ok:false, error, ...extra}`. */
class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

const TRIGGER_LIFETIME_MS = 3000;
const TEXT = { "content-type": "text/plain" };

export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  /** The WebSocket side (apps.connections.open points at it). */
  readonly socketMode: FakeSocketMode;
  readonly token: string;
  readonly appToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly appId: string;
  /** Base URL for WebClient's `slackApiUrl` ("http://127.0.0.1:PORT/api/"). */
  readonly url: string;
  /** "http://127.0.0.1:PORT" */
  readonly origin: string;

  private server: Server | undefined;
  private readonly users = new Map<string, FakeSlackUser>();
  private readonly inactiveErrors = new Map<string, string>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly dmByUsers = new Map<string, string>();
  private readonly store = new Map<string, FakeSlackMessage[]>();
  private readonly ephemeralStore: FakeSlackEphemeral[] = [];
  private readonly viewStore = new Map<string, FakeSlackView>();
  private readonly triggersIssuedAt = new Map<string, number>();
  private readonly triggersUsed = new Set<string>();
  private readonly responseUrls = new Set<string>();
  private readonly failures = new Map<string, FakeSlackFailure[]>();
  private listeners = new Set<(call: SlackCall) => void>();
  private closers = new Set<() => void>();
  private lastTsMicros = 0;
  private sequence = 0;
  /** The bot token's scopes that tests took away (see revokeScope); every other scope is granted. */
  private readonly revokedScopes = new Set<string>();
  private readonly handlers: Record<string, Handler>;

  private constructor(options: FakeSlackApiOptions, origin: string) {
    this.origin = origin;
    this.url = `${origin}/api/`;
    this.token = options.token ?? "xoxb-test-token";
    this.appToken = options.appToken ?? "xapp-1-A0001-1-test";
    this.botUserId = options.botUserId ?? "UBOT";
    this.botId = options.botId ?? "B0001";
    this.teamId = options.teamId ?? "T0001";
    this.appId = options.appId ?? "A0001";
    this.socketMode = new FakeSocketMode(this.appId);
    this.addUser({ id: this.botUserId, name: "zhuanban", realName: "专班助手", isBot: true });
    this.handlers = {
      "auth.test": () => this.authTest(),
      "chat.postMessage": (a) => this.postMessage(a),
      "chat.update": (a) => this.update(a),
      "chat.postEphemeral": (a) => this.postEphemeral(a),
      "conversations.open": (a) => this.conversationsOpen(a),
      "conversations.info": (a) => ({ channel: this.channelInfo(this.knownConversation(a.channel)) }),
      "users.info": (a) => this.usersInfo(a),
      "users.lookupByEmail": (a) => this.usersLookupByEmail(a),
      "views.open": (a) => ({ view: this.storeView(a) }),
      "views.push": (a) => ({ view: this.storeView(a) }),
      "views.update": (a) => ({ view: this.updateView(a) }),
      "apps.connections.open": () => ({ url: this.socketMode.issueUrl(this.origin) }),
      "files.getUploadURLExternal": (a) => this.getUploadUrl(a),
      "files.completeUploadExternal": (a) => this.completeUpload(a),
    };
  }

  static async start(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
    // Listen first: url/origin need the port and are readonly. Nobody knows the port before
    // this returns, so no request can arrive before the handlers are attached.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSlackApi(options, `http://127.0.0.1:${port}`);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res));
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      fake.socketMode.handleUpgrade(req, socket, head),
    );
    fake.server = server;
    return fake;
  }

  async close(): Promise<void> {
    await this.socketMode.close();
    for (const close of [...this.closers]) close();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ----- inspection --------------------------------------------------------------------

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Resolves with the first recorded call of `method` matching `predicate` (already made or
   * future). Resolution happens after the fake has updated its state for that call.
   */
  waitForCall(
    method: string,
    predicate: (c: SlackCall) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<SlackCall> {
    const existing = this.calls.find((c) => c.method === method && predicate(c));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const stop = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.closers.delete(onClose);
      };
      const listener = (call: SlackCall): void => {
        if (call.method !== method || !predicate(call)) return;
        stop();
        resolve(call);
      };
      const onClose = (): void => {
        stop();
        reject(new Error(`FakeSlackApi closed while waiting for ${method}`));
      };
      const timer = setTimeout(() => {
        stop();
        const seen = this.calls.map((c) => c.method).join(", ") || "(none)";
        reject(new Error(`FakeSlackApi: no matching ${method} call within ${timeoutMs} ms; recorded calls: ${seen}`));
      }, timeoutMs);
      this.listeners.add(listener);
      this.closers.add(onClose);
    });
  }

  /** Messages the bot posted in a conversation (thread replies included), oldest first. */
  messages(channelId: string): FakeSlackMessage[] {
    return [...(this.store.get(channelId) ?? [])];
  }

  /** Replies in the thread under `threadTs` (the parent excluded). */
  threadReplies(channelId: string, threadTs: string): FakeSlackMessage[] {
    return this.messages(channelId).filter((m) => m.thread_ts === threadTs && m.ts !== threadTs);
  }

  /** Ephemeral messages posted, optionally only those in one conversation. */
  ephemerals(channelId?: string): FakeSlackEphemeral[] {
    return this.ephemeralStore.filter((e) => channelId === undefined || e.channel === channelId);
  }

  view(id: string): FakeSlackView | undefined {
    return this.viewStore.get(id);
  }

  /** Every view opened or pushed, in order (current contents). */
  views(): FakeSlackView[] {
    return [...this.viewStore.values()];
  }

  // ----- setup and scripting -----------------------------------------------------------

  /** The next `times` calls of `method` (or "response_url") fail as given. */
  failNext(method: string, failure: FakeSlackFailure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /**
   * Takes a scope from the bot token, as an app installed without it: methods that need it answer
   * missing_scope, and users.info leaves out what it guards (profile.email for users:read.email).
   */
  revokeScope(scope: string): void {
    this.revokedScopes.add(scope);
  }

  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, { ...user });
  }

  /**
   * Deactivates a user: users.info shows `deleted: true`; posting to the user or their DM and
   * conversations.open fail with `error` ("account_inactive" by default as this project's brief
   * asks; Slack documents "user_disabled" for conversations.open).
   */
  deactivateUser(id: string, error = "account_inactive"): void {
    const user = this.users.get(id);
    if (!user) throw new Error(`FakeSlackApi.deactivateUser: unknown user ${id}`);
    user.deleted = true;
    this.inactiveErrors.set(id, error);
  }

  addChannel(channel: { id: string; name: string; isPrivate?: boolean }): void {
    this.conversations.set(channel.id, {
      id: channel.id,
      name: channel.name,
      isPrivate: channel.isPrivate ?? false,
      isArchived: false,
      isIm: false,
      isMpim: false,
      opened: true,
      created: nowSeconds(),
    });
  }

  archiveChannel(id: string): void {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new Error(`FakeSlackApi.archiveChannel: unknown channel ${id}`);
    conversation.isArchived = true;
  }

  /** The DM conversation id with a user (the same id conversations.open answers), created if needed. */
  dmChannelId(userId: string): string {
    if (!this.users.has(userId)) throw new Error(`FakeSlackApi.dmChannelId: unknown user ${userId}`);
    return this.dmFor([userId]).id;
  }

  /**
   * A trigger id as Slack puts in a command or interaction payload, valid for 3 s from now
   * (or from `ageMs` ago, to test expiry without waiting) and for one views.open/push.
   */
  issueTriggerId(options: { ageMs?: number } = {}): string {
    const id = `${Date.now()}.${this.nextSequence()}.${randomBytes(16).toString("hex")}`;
    this.triggersIssuedAt.set(id, Date.now() - (options.ageMs ?? 0));
    return id;
  }

  /** A fresh response_url on this server; each POST to it is recorded as method "response_url". */
  responseUrl(kind: "commands" | "actions" = "commands"): string {
    const url = `${this.origin}/${kind}/${this.teamId}/${this.nextSequence()}/${randomBytes(12).toString("hex")}`;
    this.responseUrls.add(new URL(url).pathname);
    return url;
  }

  // ----- HTTP --------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.handleRequest(req, res);
    } catch (error) {
      // A bug in the fake must show up as a failing call, not as an unhandled rejection.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`FakeSlackApi error: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    if (url.pathname.startsWith(UPLOAD_PATH)) {
      await this.receiveUpload(url.pathname.slice(UPLOAD_PATH.length), req, res);
      return;
    }
    const raw = await readBody(req);
    const at = Date.now();
    let call: SlackCall | undefined;
    let answer: Answer;
    if (url.pathname.startsWith("/api/")) {
      const method = decodeURIComponent(url.pathname.slice("/api/".length));
      const args = parseArgs(req.headers["content-type"], raw, url.searchParams);
      const token = bearer(req.headers.authorization) ?? (typeof args?.token === "string" ? args.token : undefined);
      if (args) delete args.token;
      call = { method, args: args ?? { raw }, token, at };
      answer = args ? this.answerApi(method, token, args) : ok200({ ok: false, error: "invalid_json" });
    } else if (req.method === "POST" && this.responseUrls.has(url.pathname)) {
      const args = parseArgs(req.headers["content-type"], raw, new URLSearchParams());
      const body = args && isRecord(args.payload) ? args.payload : (args ?? { raw });
      call = { method: "response_url", args: { ...body, url: `${this.origin}${url.pathname}` }, token: undefined, at };
      answer = args ? this.answerResponseUrl() : { status: 400, body: "invalid_payload", headers: TEXT };
    } else {
      answer = { status: 404, body: "no_service", headers: TEXT };
    }
    if (call) {
      call.status = answer.status;
      if (typeof answer.body !== "string") call.response = answer.body;
      this.calls.push(call);
      for (const listener of [...this.listeners]) listener(call);
    }
    const isText = typeof answer.body === "string";
    res.writeHead(answer.status, {
      "content-type": isText ? "text/html" : "application/json; charset=utf-8",
      ...answer.headers,
    });
    res.end(isText ? answer.body : JSON.stringify(answer.body));
  }

  private answerApi(method: string, token: string | undefined, args: Record<string, unknown>): Answer {
    const handler = this.handlers[method];
    if (!handler) return ok200({ ok: false, error: "unknown_method" });
    if (token === undefined || token === "") return ok200({ ok: false, error: "not_authed" });
    const wantsAppToken = method === "apps.connections.open";
    const expected = wantsAppToken ? this.appToken : this.token;
    if (token !== expected) {
      // Slack tells a valid token of the wrong kind apart from a bad one.
      const otherKind = wantsAppToken ? this.token : this.appToken;
      return ok200({ ok: false, error: token === otherKind ? "not_allowed_token_type" : "invalid_auth" });
    }
    const failure = this.failures.get(method)?.shift();
    if (failure) return failureAnswer(failure, (error) => ok200({ ok: false, error }));
    try {
      return ok200({ ok: true, ...handler(args) });
    } catch (error) {
      if (error instanceof SlackApiError) return ok200({ ok: false, error: error.error, ...error.extra });
      throw error;
    }
  }

  /** Slack's response_url answers JSON on success and a plain-text error code with a 4xx otherwise. */
  private answerResponseUrl(): Answer {
    const failure = this.failures.get("response_url")?.shift();
    if (failure) {
      return failureAnswer(failure, (error) => ({
        status: 404,
        body: error,
        headers: { "content-type": "text/plain" },
      }));
    }
    return ok200({ ok: true });
  }

  // ----- methods -----------------------------------------------------------------------

  private authTest(): Record<string, unknown> {
    return {
      url: "https://zhuanban-test.slack.com/",
      team: "专班测试",
      user: "zhuanban",
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    };
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const conversation = this.postTarget(args.channel);
    const { text, blocks } = messageContent(args, 50);
    const message: FakeSlackMessage = {
      type: "message",
      channel: conversation.id,
      ts: this.nextTs(),
      ...(typeof args.thread_ts === "string" && args.thread_ts !== "" ? { thread_ts: args.thread_ts } : {}),
      text,
      ...(blocks ? { blocks } : {}),
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
    };
    const list = this.store.get(conversation.id) ?? [];
    list.push(message);
    this.store.set(conversation.id, list);
    const { channel: _channel, ...shown } = message;
    return { channel: conversation.id, ts: message.ts, message: { ...shown, bot_profile: this.botProfile() } };
  }

  private update(args: Record<string, unknown>): Record<string, unknown> {
    const conversation = this.knownConversation(args.channel);
    if (conversation.isArchived) throw new SlackApiError("is_archived");
    const message = this.store.get(conversation.id)?.find((m) => m.ts === args.ts);
    if (!message) throw new SlackApiError("message_not_found");
    const { text, blocks } = messageContent(args, 50);
    message.text = text;
    if (blocks) message.blocks = blocks;
    else if (args.blocks !== undefined) delete message.blocks;
    message.edited = { user: this.botUserId, ts: this.nextTs() };
    const { channel: _channel, ...shown } = message;
    return { channel: conversation.id, ts: message.ts, text: message.text, message: shown };
  }

  private postEphemeral(args: Record<string, unknown>): Record<string, unknown> {
    const conversation = this.postTarget(args.channel);
    const user = typeof args.user === "string" ? this.users.get(args.user) : undefined;
    if (!user || user.deleted) throw new SlackApiError("user_not_in_channel");
    const { text, blocks } = messageContent(args, 50);
    const ephemeral: FakeSlackEphemeral = {
      channel: conversation.id,
      user: user.id,
      message_ts: this.nextTs(),
      ...(typeof args.thread_ts === "string" ? { thread_ts: args.thread_ts } : {}),
      text,
      ...(blocks ? { blocks } : {}),
    };
    this.ephemeralStore.push(ephemeral);
    return { message_ts: ephemeral.message_ts };
  }

  private conversationsOpen(args: Record<string, unknown>): Record<string, unknown> {
    let conversation: Conversation;
    if (typeof args.channel === "string" && args.channel !== "") {
      conversation = this.knownConversation(args.channel);
    } else {
      const ids = userList(args.users);
      if (ids.length === 0) throw new SlackApiError("users_list_not_supplied");
      if (ids.length > 8) throw new SlackApiError("too_many_users");
      for (const id of ids) this.activeUser(id, "user_not_found");
      conversation = this.dmFor(ids);
    }
    const wasOpen = conversation.opened;
    conversation.opened = true;
    return {
      ...(wasOpen ? { no_op: true, already_open: true } : {}),
      channel:
        args.return_im === true || args.return_im === "true" ? this.channelInfo(conversation) : { id: conversation.id },
    };
  }

  private usersInfo(args: Record<string, unknown>): Record<string, unknown> {
    const user = typeof args.user === "string" ? this.users.get(args.user) : undefined;
    if (!user) throw new SlackApiError("user_not_found");
    const tz = user.tz ?? "Asia/Shanghai";
    const realName = user.realName ?? user.name;
    const displayName = user.displayName ?? "";
    return {
      user: {
        id: user.id,
        team_id: this.teamId,
        name: user.name,
        deleted: user.deleted ?? false,
        color: "9f69e7",
        real_name: realName,
        tz,
        tz_label: zoneLabel(tz),
        tz_offset: zoneOffsetSeconds(tz),
        profile: {
          real_name: realName,
          real_name_normalized: realName,
          display_name: displayName,
          display_name_normalized: displayName,
          team: this.teamId,
          // Slack leaves the field out, with no error, when the token lacks users:read.email.
          ...(user.email !== undefined && !this.revokedScopes.has("users:read.email") ? { email: user.email } : {}),
        },
        is_admin: false,
        is_owner: false,
        is_primary_owner: false,
        is_restricted: false,
        is_ultra_restricted: false,
        is_bot: user.isBot ?? false,
        is_app_user: false,
        updated: nowSeconds(),
        ...(args.include_locale === true || args.include_locale === "true" ? { locale: "zh-CN" } : {}),
      },
    };
  }

  /** Exact address, case-insensitive like Slack's; bots and deactivated users are not found. */
  private usersLookupByEmail(args: Record<string, unknown>): Record<string, unknown> {
    if (this.revokedScopes.has("users:read.email")) {
      throw new SlackApiError("missing_scope", {
        needed: "users:read.email",
        provided: "chat:write,commands,im:history,users:read",
      });
    }
    const email = typeof args.email === "string" ? args.email.trim().toLowerCase() : "";
    if (email === "")
      throw new SlackApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: email"] },
      });
    const user = [...this.users.values()].find((u) => !u.deleted && !u.isBot && u.email?.toLowerCase() === email);
    if (!user) throw new SlackApiError("users_not_found");
    return this.usersInfo({ user: user.id });
  }

  private storeView(args: Record<string, unknown>): FakeSlackView {
    const trigger = typeof args.trigger_id === "string" ? args.trigger_id : "";
    this.checkTrigger(trigger);
    const view = this.checkView(args.view);
    this.triggersUsed.add(trigger);
    const id = `V${String(this.nextSequence()).padStart(8, "0")}`;
    const stored: FakeSlackView = {
      id,
      team_id: this.teamId,
      type: "modal",
      close: null,
      submit: null,
      private_metadata: "",
      callback_id: "",
      external_id: "",
      clear_on_close: false,
      notify_on_close: false,
      ...view,
      state: { values: {} },
      hash: this.newHash(),
      root_view_id: id,
      previous_view_id: null,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    this.viewStore.set(id, stored);
    return stored;
  }

  private updateView(args: Record<string, unknown>): FakeSlackView {
    const current =
      typeof args.view_id === "string" && args.view_id !== ""
        ? this.viewStore.get(args.view_id)
        : [...this.viewStore.values()].find(
            (v) => args.external_id !== undefined && v.external_id === args.external_id,
          );
    if (!current) throw new SlackApiError("not_found");
    if (typeof args.hash === "string" && args.hash !== "" && args.hash !== current.hash) {
      throw new SlackApiError("hash_conflict");
    }
    const view = this.checkView(args.view);
    const updated: FakeSlackView = { ...current, ...view, id: current.id, state: { values: {} }, hash: this.newHash() };
    this.viewStore.set(current.id, updated);
    return updated;
  }

  // ----- file uploads (files.uploadV2's three steps) ------------------------------------

  /** Files in the order their upload URLs were asked for. */
  readonly files: FakeSlackFile[] = [];

  /** Files shared into a channel, in order. */
  filesIn(channel: string): FakeSlackFile[] {
    return this.files.filter((file) => file.channel === channel);
  }

  private getUploadUrl(args: Record<string, unknown>): Record<string, unknown> {
    const length = Number(args.length);
    if (typeof args.filename !== "string" || args.filename === "" || !Number.isInteger(length) || length <= 0) {
      throw new SlackApiError("invalid_arguments");
    }
    const altText = typeof args.alt_txt === "string" ? args.alt_txt : undefined;
    // Slack's limit on a file's alt text.
    if (altText !== undefined && altText.length > 1000) throw new SlackApiError("invalid_arguments");
    const id = `F${String(++this.sequence).padStart(8, "0")}`;
    this.files.push({ id, filename: args.filename, length, altText });
    return { upload_url: `${this.origin}${UPLOAD_PATH}${id}`, file_id: id };
  }

  /** The upload URL takes the raw bytes (or a multipart form with one file) and answers `OK - <length>`. */
  private async receiveUpload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.files.find((f) => f.id === id);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const call: SlackCall = {
      method: "upload",
      args: { fileId: id, bytes: bytes.length },
      token: undefined,
      at: Date.now(),
    };
    const failure = this.failures.get("upload")?.shift();
    const status = failure?.kind === "http" ? failure.status : !file || req.method !== "POST" ? 404 : 200;
    if (status === 200 && file) file.bytes = bytes;
    call.status = status;
    this.calls.push(call);
    for (const listener of [...this.listeners]) listener(call);
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(status === 200 ? `OK - ${bytes.length}` : "Not Found");
  }

  private completeUpload(args: Record<string, unknown>): Record<string, unknown> {
    const list = Array.isArray(args.files) ? args.files : [];
    if (list.length === 0) throw new SlackApiError("invalid_arguments");
    const conversation = args.channel_id === undefined ? undefined : this.postTarget(args.channel_id);
    const files = list.map((entry) => {
      const id = isRecord(entry) ? entry.id : undefined;
      const file = this.files.find((f) => f.id === id);
      if (!file || file.channel !== undefined) throw new SlackApiError("file_not_found");
      // Slack refuses a completion whose bytes never arrived, or not as many as were announced.
      if (!file.bytes || file.bytes.length !== file.length) throw new SlackApiError("file_upload_size_mismatch");
      return { file, title: isRecord(entry) && typeof entry.title === "string" ? entry.title : file.filename };
    });
    if (conversation) {
      const ts = this.nextTs();
      const threadTs = typeof args.thread_ts === "string" && args.thread_ts !== "" ? args.thread_ts : undefined;
      const message: FakeSlackMessage = {
        type: "message",
        channel: conversation.id,
        ts,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: typeof args.initial_comment === "string" ? args.initial_comment : "",
        user: this.botUserId,
        bot_id: this.botId,
        app_id: this.appId,
        team: this.teamId,
      };
      const messages = this.store.get(conversation.id) ?? [];
      messages.push(message);
      this.store.set(conversation.id, messages);
      for (const { file, title } of files) {
        file.title = title;
        file.channel = conversation.id;
        file.ts = ts;
        if (threadTs) file.threadTs = threadTs;
      }
    }
    return { files: files.map(({ file, title }) => ({ id: file.id, title, name: file.filename, size: file.length })) };
  }

  // ----- state helpers -----------------------------------------------------------------

  /** chat.postMessage / postEphemeral targets: a channel id or name, a DM id, or a user id (Slack opens the DM). */
  private postTarget(channel: unknown): Conversation {
    if (typeof channel !== "string" || channel === "") throw new SlackApiError("channel_not_found");
    let conversation: Conversation | undefined;
    if (/^[UW]/.test(channel) && !this.conversations.has(channel)) {
      // Slack answers channel_not_found, not user_not_found, for a user id it cannot DM.
      this.activeUser(channel, "channel_not_found");
      conversation = this.dmFor([channel]);
      conversation.opened = true;
    } else {
      conversation = this.findConversation(channel);
    }
    if (!conversation) throw new SlackApiError("channel_not_found");
    if (conversation.user !== undefined) this.activeUser(conversation.user, "channel_not_found");
    if (conversation.isArchived) throw new SlackApiError("is_archived");
    return conversation;
  }

  private findConversation(idOrName: string): Conversation | undefined {
    const name = idOrName.replace(/^#/, "");
    return this.conversations.get(idOrName) ?? [...this.conversations.values()].find((c) => c.name === name);
  }

  private knownConversation(id: unknown): Conversation {
    const conversation = typeof id === "string" ? this.conversations.get(id) : undefined;
    if (!conversation) throw new SlackApiError("channel_not_found");
    return conversation;
  }

  private activeUser(id: string, unknownError: string): FakeSlackUser {
    const user = this.users.get(id);
    if (!user) throw new SlackApiError(unknownError);
    const inactive = this.inactiveErrors.get(id);
    if (user.deleted) throw new SlackApiError(inactive ?? "account_inactive");
    return user;
  }

  private dmFor(userIds: string[]): Conversation {
    const key = [...userIds].sort().join(",");
    const existing = this.dmByUsers.get(key);
    const found = existing === undefined ? undefined : this.conversations.get(existing);
    if (found) return found;
    const im = userIds.length === 1;
    const conversation: Conversation = {
      id: `${im ? "D" : "G"}${String(this.nextSequence()).padStart(8, "0")}`,
      ...(im ? { user: userIds[0] } : { name: `mpdm-${userIds.join("--")}-1` }),
      isPrivate: !im,
      isArchived: false,
      isIm: im,
      isMpim: !im,
      opened: false,
      created: nowSeconds(),
    };
    this.conversations.set(conversation.id, conversation);
    this.dmByUsers.set(key, conversation.id);
    return conversation;
  }

  private channelInfo(c: Conversation): Record<string, unknown> {
    const base = {
      id: c.id,
      created: c.created,
      is_archived: c.isArchived,
      is_im: c.isIm,
      is_mpim: c.isMpim,
      is_channel: !c.isIm && !c.isMpim && !c.isPrivate,
      is_group: !c.isIm && !c.isMpim && c.isPrivate,
      is_private: c.isPrivate,
      context_team_id: this.teamId,
    };
    if (c.isIm) return { ...base, user: c.user, is_user_deleted: this.users.get(c.user ?? "")?.deleted ?? false };
    return { ...base, name: c.name, name_normalized: c.name, is_general: c.name === "general", is_member: true };
  }

  /** Trigger ids are single use and live 3 s from issue; ids the fake did not issue are taken as fresh. */
  private checkTrigger(trigger: string): void {
    if (trigger === "") throw new SlackApiError("invalid_trigger_id");
    if (this.triggersUsed.has(trigger)) throw new SlackApiError("exchanged_trigger_id");
    const issuedAt = this.triggersIssuedAt.get(trigger);
    if (issuedAt !== undefined && Date.now() - issuedAt > TRIGGER_LIFETIME_MS) {
      throw new SlackApiError("expired_trigger_id");
    }
  }

  private checkView(view: unknown): Record<string, unknown> {
    if (!isRecord(view)) throw invalidArguments(["must provide an object [json-pointer:/view]"]);
    const problems = viewProblems(view);
    if (problems.length > 0) throw invalidArguments(problems);
    return view;
  }

  private botProfile(): Record<string, unknown> {
    return { id: this.botId, app_id: this.appId, name: "专班助手", deleted: false, team_id: this.teamId };
  }

  /** Unique, increasing "seconds.micros" like Slack's ts. */
  private nextTs(): string {
    this.lastTsMicros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    return `${Math.floor(this.lastTsMicros / 1e6)}.${String(this.lastTsMicros % 1e6).padStart(6, "0")}`;
  }

  private newHash(): string {
    return `${nowSeconds()}.${randomBytes(4).toString("hex")}`;
  }

  private nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }
}

// ----- wire helpers ----------------------------------------------------------------------

function ok200(body: Record<string, unknown>): Answer {
  return { status: 200, body };
}

function failureAnswer(failure: FakeSlackFailure, error: (code: string) => Answer): Answer {
  switch (failure.kind) {
    case "ratelimited":
      return {
        status: 429,
        body: { ok: false, error: "ratelimited" },
        headers: { "retry-after": String(failure.retryAfterSeconds) },
      };
    case "error":
      return error(failure.error);
    case "http": {
      const reason = STATUS_CODES[failure.status] ?? "Error";
      return { status: failure.status, body: `<html><body><h1>${failure.status} ${reason}</h1></body></html>` };
    }
  }
}

function invalidArguments(problems: string[]): SlackApiError {
  return new SlackApiError("invalid_arguments", {
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

/** Where the fake's upload URLs point (Slack's are files.slack.com/upload/v1/…). */
const UPLOAD_PATH = "/upload/v1/";

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Query string, form or JSON; WebClient JSON-encodes non-scalar form values, so decode those.
 * Undefined for a JSON body that does not parse (Slack: invalid_json).
 */
function parseArgs(
  contentType: string | undefined,
  raw: string,
  query: URLSearchParams,
): Record<string, unknown> | undefined {
  const args: Record<string, unknown> = {};
  for (const [key, value] of query) args[key] = value;
  if (raw.trim() === "") return args;
  if ((contentType ?? "").startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return undefined;
    }
    return isRecord(parsed) ? { ...args, ...parsed } : undefined;
  }
  for (const [key, value] of new URLSearchParams(raw)) args[key] = key === "text" ? value : decodeJsonValue(value);
  return args;
}

function decodeJsonValue(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function userList(users: unknown): string[] {
  const list = Array.isArray(users) ? users.map(String) : typeof users === "string" ? users.split(",") : [];
  return list.map((u) => u.trim()).filter((u) => u !== "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function zoneOffsetSeconds(tz: string): number {
  const name = zonePart(tz, "longOffset");
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}

function zoneLabel(tz: string): string {
  return zonePart(tz, "long") || tz;
}

function zonePart(tz: string, style: "long" | "longOffset"): string {
  try {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: style }).formatToParts(new Date());
    return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
  } catch {
    return "";
  }
}

// ----- Block Kit checks ------------------------------------------------------------------
// A subset of Slack's documented limits, so an adapter that builds an oversized or malformed
// message fails here the way it would against Slack (invalid_blocks / invalid_arguments).

/** Text and blocks of chat.postMessage / update / postEphemeral, checked like Slack does. */
function messageContent(
  args: Record<string, unknown>,
  maxBlocks: number,
): { text: string; blocks: Record<string, unknown>[] | undefined } {
  const text = typeof args.text === "string" ? args.text : "";
  const hasBlocks = args.blocks !== undefined && args.blocks !== "";
  if (text === "" && !hasBlocks && args.attachments === undefined) throw new SlackApiError("no_text");
  if ([...text].length > 40000) throw new SlackApiError("msg_too_long");
  if (!hasBlocks) return { text, blocks: undefined };
  const problems = blockProblems(args.blocks, maxBlocks, "/blocks");
  if (problems.length > 0) {
    throw new SlackApiError("invalid_blocks", {
      errors: problems,
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
    });
  }
  return { text, blocks: args.blocks as Record<string, unknown>[] };
}

function viewProblems(view: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (view.type !== "modal") problems.push("must be one of: modal [json-pointer:/view/type]");
  problems.push(...textProblems(view.title, 24, "/view/title", ["plain_text"]));
  for (const key of ["submit", "close"]) {
    if (view[key] !== undefined && view[key] !== null) {
      problems.push(...textProblems(view[key], 24, `/view/${key}`, ["plain_text"]));
    }
  }
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (blocks.some((b) => isRecord(b) && b.type === "input") && !view.submit) {
    problems.push("submit is required when a view has input blocks [json-pointer:/view/submit]");
  }
  problems.push(...lengthProblem(view.private_metadata, 3000, "/view/private_metadata"));
  problems.push(...lengthProblem(view.callback_id, 255, "/view/callback_id"));
  problems.push(...blockProblems(view.blocks, 100, "/view/blocks"));
  return problems;
}

function blockProblems(blocks: unknown, max: number, pointer: string): string[] {
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${pointer}]`];
  const problems: string[] = [];
  if (blocks.length > max) problems.push(`no more than ${max} items allowed [json-pointer:${pointer}]`);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const at = `${pointer}/${i}`;
    if (!isRecord(block) || typeof block.type !== "string") {
      problems.push(`missing required field: type [json-pointer:${at}]`);
      return;
    }
    if (typeof block.block_id === "string") {
      if (blockIds.has(block.block_id)) problems.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      blockIds.add(block.block_id);
      problems.push(...lengthProblem(block.block_id, 255, `${at}/block_id`));
    }
    problems.push(...oneBlockProblems(block, at));
  });
  return problems;
}

function oneBlockProblems(block: Record<string, unknown>, at: string): string[] {
  switch (block.type) {
    case "header":
      return textProblems(block.text, 150, `${at}/text`, ["plain_text"]);
    case "section": {
      if (block.text === undefined && block.fields === undefined) {
        return [`must provide text or fields [json-pointer:${at}]`];
      }
      const problems = block.text === undefined ? [] : textProblems(block.text, 3000, `${at}/text`);
      if (block.fields !== undefined) {
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (fields.length === 0 || fields.length > 10) {
          problems.push(`must have 1 to 10 items [json-pointer:${at}/fields]`);
        }
        fields.forEach((f: unknown, i) => problems.push(...textProblems(f, 2000, `${at}/fields/${i}`)));
      }
      if (isRecord(block.accessory)) problems.push(...elementProblems(block.accessory, `${at}/accessory`));
      return problems;
    }
    case "actions":
    case "context": {
      const max = block.type === "actions" ? 25 : 10;
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > max) {
        return [`must have 1 to ${max} items [json-pointer:${at}/elements]`];
      }
      return elements.flatMap((e: unknown, i) =>
        block.type === "actions"
          ? elementProblems(e, `${at}/elements/${i}`)
          : isRecord(e) && e.type !== "image"
            ? textProblems(e, 3000, `${at}/elements/${i}`)
            : [],
      );
    }
    case "input": {
      const problems = textProblems(block.label, 2000, `${at}/label`, ["plain_text"]);
      if (!isRecord(block.element)) problems.push(`missing required field: element [json-pointer:${at}]`);
      else problems.push(...elementProblems(block.element, `${at}/element`));
      return problems;
    }
    case "divider":
    case "image":
    case "rich_text":
    case "markdown":
    case "file":
    case "video":
      return [];
    default:
      return [`unsupported type: ${String(block.type)} [json-pointer:${at}/type]`];
  }
}

function elementProblems(element: unknown, at: string): string[] {
  if (!isRecord(element) || typeof element.type !== "string")
    return [`missing required field: type [json-pointer:${at}]`];
  const problems = lengthProblem(element.action_id, 255, `${at}/action_id`);
  if (element.type === "button") {
    problems.push(...textProblems(element.text, 75, `${at}/text`, ["plain_text"]));
    problems.push(...lengthProblem(element.value, 2000, `${at}/value`));
  }
  if (element.placeholder !== undefined) {
    problems.push(...textProblems(element.placeholder, 150, `${at}/placeholder`, ["plain_text"]));
  }
  if (element.options !== undefined) {
    const options = Array.isArray(element.options) ? element.options : [];
    if (options.length === 0 || options.length > 100) {
      problems.push(`must have 1 to 100 items [json-pointer:${at}/options]`);
    }
    options.forEach((o: unknown, i) => {
      const option = isRecord(o) ? o : {};
      problems.push(...textProblems(option.text, 75, `${at}/options/${i}/text`));
      problems.push(...lengthProblem(option.value, 150, `${at}/options/${i}/value`));
    });
  }
  return problems;
}

function textProblems(text: unknown, max: number, at: string, kinds = ["plain_text", "mrkdwn"]): string[] {
  if (!isRecord(text) || typeof text.text !== "string") return [`must provide an object [json-pointer:${at}]`];
  if (!kinds.includes(String(text.type))) return [`must be one of: ${kinds.join(", ")} [json-pointer:${at}/type]`];
  if (text.text.length === 0) return [`must be more than 0 characters [json-pointer:${at}/text]`];
  return lengthProblem(text.text, max, `${at}/text`);
}

function lengthProblem(value: unknown, max: number, at: string): string[] {
  if (typeof value !== "string" || [...value].length <= max) return [];
  return [`must be less than ${max + 1} characters [json-pointer:${at}]`];
}
