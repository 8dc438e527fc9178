import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseTelegramHtml } from "./telegram-html.js";

/** A Telegram Update as the fake hands it out (loosely typed: tests build what they need). */
export type FakeUpdate = { update_id: number } & Record<string, unknown>;

export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  is_bot?: boolean;
}

export interface FakeChat {
  id: number;
  type: "private" | "group" | "supergroup";
  title?: string;
}

/** A file uploaded in a multipart request (sendPhoto, sendDocument), as the fake received it. */
export interface FakeUpload {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export function isFakeUpload(value: unknown): value is FakeUpload {
  return typeof value === "object" && value !== null && Buffer.isBuffer((value as FakeUpload).bytes);
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** When it arrived, on the fake's clock (the test's simulated time when it passes one). */
  at: number;
  /** The HTTP status it was answered with; undefined while it is being answered. */
  status?: number;
  /** What it returned (the sent Message for sendMessage). */
  result?: unknown;
}

export type FailureSpec =
  | { status: 429; retryAfter: number }
  | { status: 400 | 401 | 403 | 404 | 409 | 500 | 502; description?: string; parameters?: Record<string, unknown> };

const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request: chat not found",
  401: "Unauthorized",
  403: "Forbidden: bot was blocked by the user",
  404: "Not Found",
  409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
  500: "Internal Server Error",
};

interface Waiter {
  offset: number;
  resolve: (updates: FakeUpdate[]) => void;
  timer: NodeJS.Timeout;
}

interface Failure {
  spec: FailureSpec;
  chatId: string | undefined;
  /** Matching calls still to let through before this one fails. */
  after: number;
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
  ) {
    super(description);
  }
}

/**
 * A fake Telegram Bot API server on 127.0.0.1 under `/bot<token>/<method>`. It answers the
 * methods the adapter uses with the real envelope (`{ ok, result }` / `{ ok: false, error_code,
 * description, parameters }`) and checks what Telegram checks: HTML parse mode, the 4096-character
 * limit after parsing, empty texts, 64-byte callback data. It records every call, hands enqueued
 * updates out by getUpdates (a long poll that answers as soon as an update arrives) or, once
 * setWebhook was called, POSTs them to the webhook with the secret token header, one at a time in
 * order (getUpdates then answers 409, as Telegram does). Chosen calls fail on command (429 with
 * retry_after, 403, 5xx, ...), for one chat or any.
 */
export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  readonly bot: FakeUser & { is_bot: true; username: string } = {
    id: 7000001,
    is_bot: true,
    first_name: "专班助手",
    username: "zhuanban_test_bot",
  };
  /** Every update enqueued, in order. */
  readonly enqueued: FakeUpdate[] = [];
  /** Webhook deliveries: which update, and the webhook's HTTP status (0: no answer). */
  readonly deliveries: { updateId: number; status: number }[] = [];
  readonly token: string;
  url = "";
  private readonly now: () => number;
  private server: Server | undefined;
  private updates: FakeUpdate[] = [];
  private waiters: Waiter[] = [];
  private failures = new Map<string, Failure[]>();
  private nextMessageId = 1000;
  private nextUpdateId = 1;
  private nextQueryId = 1;
  private listeners: (() => void)[] = [];
  private webhook: { url: string; secret: string | undefined } | undefined;
  private delivering: Promise<void> = Promise.resolve();
  /** While set, every send answers 502 (Telegram's front end when the Bot API is down). */
  private down = false;
  private readonly enforceLimits: boolean;
  /** Accepted sends in the last second, and each chat's last one (for enforceLimits). */
  private readonly recent: number[] = [];
  private readonly lastToChat = new Map<string, number>();
  /** Sends refused with 429 for going over the limits (enforceLimits). */
  refusedForLimits = 0;

  constructor(options: { token?: string; now?: () => number; enforceLimits?: boolean } = {}) {
    this.token = options.token ?? "123456:TEST-token";
    this.now = options.now ?? Date.now;
    this.enforceLimits = options.enforceLimits ?? false;
  }

  /** Telegram down (sends answer 502) or back up. */
  setDown(down: boolean): void {
    this.down = down;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve([]);
    }
    this.waiters = [];
    this.webhook = undefined;
    await this.delivering;
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues an update; `update_id` is assigned when omitted. Returns the update. */
  enqueueUpdate(update: Omit<FakeUpdate, "update_id"> & { update_id?: number }): FakeUpdate {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId++ } as FakeUpdate;
    this.nextUpdateId = Math.max(this.nextUpdateId, full.update_id + 1);
    this.enqueued.push(full);
    if (this.webhook) {
      this.deliver(full);
      return full;
    }
    this.updates.push(full);
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      const ready = this.pending(waiter.offset);
      if (ready.length > 0) {
        clearTimeout(waiter.timer);
        waiter.resolve(ready);
      } else this.waiters.push(waiter);
    }
    return full;
  }

  /** A user's text message (a command, a report, a reply to one of the bot's messages). */
  say(from: FakeUser, text: string, options: { chat?: FakeChat; replyTo?: number } = {}): FakeUpdate {
    const chat = options.chat ?? { id: from.id, type: "private" as const };
    return this.enqueueUpdate({
      message: {
        message_id: this.nextMessageId++,
        from,
        chat,
        date: Math.floor(this.now() / 1000),
        text,
        ...(text.startsWith("/")
          ? { entities: [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]!.length }] }
          : {}),
        ...(options.replyTo !== undefined
          ? { reply_to_message: { message_id: options.replyTo, from: this.bot, chat, date: 0 } }
          : {}),
      },
    });
  }

  /** A user pressing an inline button under a message the bot sent (the recorded sendMessage call). */
  press(from: FakeUser, sent: RecordedCall, data: string): FakeUpdate {
    const message = sent.result as { message_id: number; chat: FakeChat; text?: string };
    return this.enqueueUpdate({
      callback_query: {
        id: `cq-${this.nextQueryId++}`,
        from,
        chat_instance: `ci-${message.chat.id}`,
        data,
        message: { message_id: message.message_id, from: this.bot, chat: message.chat, date: 0, text: message.text },
      },
    });
  }

  /**
   * Makes the next call of `method` (to `chatId`, when given) fail as given; with `after`, the call
   * after that many more matching ones (the second part of a split message, say).
   */
  failNext(method: string, failure: FailureSpec, options: { chatId?: number | string; after?: number } = {}): void {
    const list = this.failures.get(method) ?? [];
    const chatId = options.chatId === undefined ? undefined : String(options.chatId);
    list.push({ spec: failure, chatId, after: options.after ?? 0 });
    this.failures.set(method, list);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The messages Telegram accepted for a chat, in order. */
  sentTo(chatId: number | string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.method === "sendMessage" && c.status === 200 && String(c.params.chat_id) === String(chatId),
    );
  }

  /** Their texts. */
  textsTo(chatId: number | string): string[] {
    return this.sentTo(chatId).map((c) => String(c.params.text));
  }

  /** Resolves once `predicate` holds over the recorded calls (checked after every call and answer). */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 20_000): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        const seen = this.calls.map((c) => `${c.method}:${c.status ?? "…"}`).join(",");
        reject(new Error(`FakeBotApi.waitFor timed out; calls: ${seen}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(this.calls)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  /**
   * Resolves once the bot is done with `update`: its webhook answered the delivery, or (polling) it
   * asked for the updates after it, which the client does only when the update was handled.
   */
  handled(update: FakeUpdate, timeoutMs = 20_000): Promise<void> {
    return this.waitFor(
      (calls) =>
        this.deliveries.some((d) => d.updateId === update.update_id) ||
        calls.some((c) => c.method === "getUpdates" && Number(c.params.offset ?? 0) > update.update_id),
      timeoutMs,
    );
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private pending(offset: number): FakeUpdate[] {
    return this.updates.filter((u) => u.update_id >= offset);
  }

  /** Webhook delivery, one update after the other, in the order they were enqueued. */
  private deliver(update: FakeUpdate): void {
    const webhook = this.webhook;
    if (!webhook) return;
    this.delivering = this.delivering.then(async () => {
      let status: number;
      try {
        const response = await fetch(webhook.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(webhook.secret ? { "x-telegram-bot-api-secret-token": webhook.secret } : {}),
          },
          body: JSON.stringify(update),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 0;
      }
      this.deliveries.push({ updateId: update.update_id, status });
      this.notify();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    const body = await readBody(req);
    if (!match || match[1] !== this.token) {
      send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const method = match[2] ?? "";
    const params = parseParams(req.headers["content-type"] ?? "", body);
    const call: RecordedCall = { method, params, at: this.now() };
    this.calls.push(call);
    this.notify();
    const failure = this.takeFailure(method, params) ?? this.outageOrLimit(method, params);
    if (failure) {
      const spec = failure.spec;
      const parameters = spec.status === 429 ? { retry_after: spec.retryAfter } : spec.parameters;
      const description =
        spec.status === 429
          ? `Too Many Requests: retry after ${spec.retryAfter}`
          : (spec.description ?? DESCRIPTIONS[spec.status] ?? "Error");
      call.status = spec.status;
      send(res, spec.status, {
        ok: false,
        error_code: spec.status,
        description,
        ...(parameters ? { parameters } : {}),
      });
      this.notify();
      return;
    }
    try {
      call.result = await this.answer(method, params);
      call.status = 200;
      send(res, 200, { ok: true, result: call.result });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 400;
      call.status = code;
      send(res, code, { ok: false, error_code: code, description: (error as Error).message });
    }
    this.notify();
  }

  /**
   * A send while Telegram is down, or one beyond its limits (30 messages a second overall, one a
   * second per chat) when enforced: refused as Telegram would.
   */
  private outageOrLimit(method: string, params: Record<string, unknown>): Failure | undefined {
    if (method !== "sendMessage") return undefined;
    if (this.down) return { spec: { status: 502, description: "Bad Gateway" }, chatId: undefined, after: 0 };
    if (!this.enforceLimits) return undefined;
    const at = Date.now();
    while (this.recent.length > 0 && this.recent[0]! <= at - 1_000) this.recent.shift();
    const chat = String(params.chat_id);
    const last = this.lastToChat.get(chat);
    if (this.recent.length >= 30 || (last !== undefined && at - last < 1_000)) {
      this.refusedForLimits++;
      return { spec: { status: 429, retryAfter: 1 }, chatId: undefined, after: 0 };
    }
    this.recent.push(at);
    this.lastToChat.set(chat, at);
    return undefined;
  }

  private takeFailure(method: string, params: Record<string, unknown>): Failure | undefined {
    const list = this.failures.get(method) ?? [];
    const index = list.findIndex((f) => f.chatId === undefined || f.chatId === String(params.chat_id));
    const failure = list[index];
    if (!failure) return undefined;
    if (failure.after > 0) {
      failure.after -= 1;
      return undefined;
    }
    list.splice(index, 1);
    return failure;
  }

  private async answer(method: string, params: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case "getMe":
        return this.bot;
      case "getUpdates":
        return this.getUpdates(params);
      case "sendMessage":
        checkMessage(params);
        return this.message(params, {});
      case "sendPhoto":
        return this.message(params, { photo: checkPhoto(params), ...captionOf(params) });
      case "sendDocument":
        if (params.chat_id === undefined) throw new ApiError(400, "Bad Request: chat_id is empty");
        return this.message(params, { document: { file_id: "doc", file_unique_id: "d" } });
      case "editMessageText":
        checkMessage(params);
        return this.message(params, {
          message_id: Number(params.message_id),
          edit_date: Math.floor(this.now() / 1000),
        });
      case "answerCallbackQuery":
        if (!params.callback_query_id) throw new ApiError(400, "Bad Request: query is too old or query ID is invalid");
        return true;
      case "setWebhook": {
        const url = String(params.url ?? "");
        this.webhook = url
          ? { url, secret: typeof params.secret_token === "string" ? params.secret_token : undefined }
          : undefined;
        // Updates that were waiting for getUpdates now go to the webhook.
        const waiting = this.updates;
        this.updates = [];
        setImmediate(() => waiting.forEach((u) => this.deliver(u)));
        return true;
      }
      case "deleteWebhook":
        this.webhook = undefined;
        if (params.drop_pending_updates === true || params.drop_pending_updates === "true") this.updates = [];
        return true;
      case "setMyCommands":
        return true;
      default:
        throw new ApiError(404, "Not Found: method not found");
    }
  }

  private getUpdates(params: Record<string, unknown>): FakeUpdate[] | Promise<FakeUpdate[]> {
    if (this.webhook) {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = Number(params.offset ?? 0);
    // Confirming an offset forgets the updates before it, as Telegram does.
    this.updates = this.updates.filter((u) => u.update_id >= offset);
    const ready = this.pending(offset);
    const timeout = Number(params.timeout ?? 0);
    if (ready.length > 0 || timeout <= 0) return ready;
    return new Promise<FakeUpdate[]>((resolve) => {
      const waiter: Waiter = { offset, resolve, timer: setTimeout(() => finish([]), timeout * 1000) };
      const finish = (updates: FakeUpdate[]) => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(updates);
      };
      this.waiters.push(waiter);
    });
  }

  private message(params: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
    const chatId = Number(params.chat_id);
    return {
      message_id: this.nextMessageId++,
      from: this.bot,
      chat: chatId < 0 ? { id: chatId, type: "supergroup", title: "专班群" } : { id: chatId, type: "private" },
      date: Math.floor(this.now() / 1000),
      ...(typeof params.text === "string" ? { text: params.text } : {}),
      ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
      ...extra,
    };
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What Telegram checks of a sendPhoto: a chat, a photo (an uploaded image, or a file_id/URL
 * string), a caption of at most 1,024 characters after entity parsing. Uploaded bytes must be an
 * image Telegram can read (PNG here): anything else is IMAGE_PROCESS_FAILED. Answers the photo
 * sizes Telegram makes of it.
 */
function checkPhoto(params: Record<string, unknown>): Record<string, unknown>[] {
  if (params.chat_id === undefined || params.chat_id === "") throw new ApiError(400, "Bad Request: chat_id is empty");
  const photo = params.photo;
  if (photo === undefined || photo === "") throw new ApiError(400, "Bad Request: there is no photo in the request");
  if (typeof photo === "string") return [{ file_id: photo, file_unique_id: photo, width: 320, height: 240 }];
  if (!isFakeUpload(photo) || !photo.bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED");
  }
  const width = photo.bytes.readUInt32BE(16);
  const height = photo.bytes.readUInt32BE(20);
  const size = {
    file_id: `photo-${photo.bytes.length}`,
    file_unique_id: `p${photo.bytes.length}`,
    file_size: photo.bytes.length,
  };
  return [
    { ...size, width: Math.min(width, 320), height: Math.round((height * Math.min(width, 320)) / width) },
    { ...size, width, height },
  ];
}

function captionOf(params: Record<string, unknown>): Record<string, unknown> {
  if (typeof params.caption !== "string") return {};
  let caption = params.caption;
  if (params.parse_mode === "HTML") {
    try {
      caption = parseTelegramHtml(caption);
    } catch (error) {
      throw new ApiError(400, `Bad Request: can't parse entities: ${(error as Error).message}`);
    }
  }
  if (caption.length > 1024) throw new ApiError(400, "Bad Request: message caption is too long");
  return { caption };
}

/** What Telegram refuses in a text message. */
function checkMessage(params: Record<string, unknown>): void {
  if (params.chat_id === undefined || params.chat_id === "") throw new ApiError(400, "Bad Request: chat_id is empty");
  const raw = typeof params.text === "string" ? params.text : "";
  let text = raw;
  if (params.parse_mode === "HTML") {
    try {
      text = parseTelegramHtml(raw);
    } catch (error) {
      throw new ApiError(400, `Bad Request: ${(error as Error).message}`);
    }
  }
  if (text.trim() === "") throw new ApiError(400, "Bad Request: message text is empty");
  if (text.length > 4096) throw new ApiError(400, "Bad Request: message is too long");
  const markup = params.reply_markup as { inline_keyboard?: { text?: string; callback_data?: string }[][] } | undefined;
  for (const button of markup?.inline_keyboard?.flat() ?? []) {
    const bytes = Buffer.byteLength(button.callback_data ?? "", "utf8");
    if (!button.text || bytes < 1 || bytes > 64) throw new ApiError(400, "Bad Request: BUTTON_DATA_INVALID");
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Parses JSON, urlencoded or multipart bodies; JSON-looking string values are decoded. A multipart part
 * with a filename is an upload: kept as bytes ({@link FakeUpload}), as Telegram reads it.
 */
function parseParams(contentType: string, raw: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (raw.length === 0) return out;
  if (contentType.includes("multipart/form-data")) {
    const boundary = /boundary="?([^;"]+)"?/.exec(contentType)?.[1];
    if (!boundary) return out;
    const delimiter = Buffer.from(`--${boundary}`);
    let at = raw.indexOf(delimiter);
    while (at >= 0) {
      const next = raw.indexOf(delimiter, at + delimiter.length);
      if (next < 0) break;
      const part = raw.subarray(at + delimiter.length, next);
      at = next;
      const split = part.indexOf("\r\n\r\n");
      if (split < 0) continue;
      const headers = part.subarray(0, split).toString("utf8");
      let content = part.subarray(split + 4);
      if (content.subarray(-2).toString("latin1") === "\r\n") content = content.subarray(0, -2);
      const name = /name="([^"]+)"/.exec(headers)?.[1];
      if (!name) continue;
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      out[name] =
        filename === undefined
          ? decode(content.toString("utf8"))
          : ({
              filename,
              contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? "application/octet-stream",
              bytes: Buffer.from(content),
            } satisfies FakeUpload);
    }
    return out;
  }
  const body = raw.toString("utf8");
  if (contentType.includes("application/json")) {
    // As the Bot API reads it: a string value is the parameter's text (a JSON-serialized object
    // such as reply_markup is decoded like the form's), anything else is taken as it is.
    for (const [key, value] of Object.entries(JSON.parse(body) as Record<string, unknown>)) {
      out[key] = typeof value === "string" ? decode(value) : value;
    }
    return out;
  }
  for (const [key, value] of new URLSearchParams(body)) out[key] = decode(value);
  return out;
}

function decode(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
