import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A Telegram Update as the fake hands it out (loosely typed: tests build what they need). */
export type FakeUpdate = { update_id: number } & Record<string, unknown>;

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
}

export type FailureSpec = { status: 429; retryAfter: number } | { status: 403 } | { status: 400 } | { status: 500 };

interface Waiter {
  offset: number;
  resolve: (updates: FakeUpdate[]) => void;
  timer: NodeJS.Timeout;
}

/**
 * A fake Telegram Bot API server on 127.0.0.1 under `/bot<token>/<method>`. It answers the
 * methods the adapter uses with the real envelope (`{ ok, result }` / `{ ok: false, error_code,
 * description, parameters }`), records every call, serves enqueued updates to getUpdates
 * (long poll that resolves early when an update arrives) and fails chosen methods on command.
 */
export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  readonly bot = { id: 7000001, is_bot: true, first_name: "专班助手", username: "zhuanban_test_bot" };
  private server: Server | undefined;
  private updates: FakeUpdate[] = [];
  private waiters: Waiter[] = [];
  private failures = new Map<string, FailureSpec[]>();
  private nextMessageId = 1000;
  private nextUpdateId = 1;
  private listeners: (() => void)[] = [];
  url = "";

  constructor(readonly token = "123456:TEST-token") {}

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
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues an update; `update_id` is assigned when omitted. Returns the update. */
  enqueueUpdate(update: Omit<FakeUpdate, "update_id"> & { update_id?: number }): FakeUpdate {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId++ } as FakeUpdate;
    this.nextUpdateId = Math.max(this.nextUpdateId, full.update_id + 1);
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

  /** Makes the next call of `method` fail as given. */
  failNext(method: string, failure: FailureSpec): void {
    const list = this.failures.get(method) ?? [];
    list.push(failure);
    this.failures.set(method, list);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `predicate` holds over the recorded calls (checked after every call). */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`FakeBotApi.waitFor timed out; calls: ${this.calls.map((c) => c.method).join(",")}`));
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

  private pending(offset: number): FakeUpdate[] {
    return this.updates.filter((u) => u.update_id >= offset);
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
    this.calls.push({ method, params });
    for (const listener of [...this.listeners]) listener();
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      sendFailure(res, failure);
      return;
    }
    try {
      const result = await this.answer(method, params);
      send(res, 200, { ok: true, result });
    } catch (error) {
      send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${(error as Error).message}` });
    }
  }

  private async answer(method: string, params: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case "getMe":
        return this.bot;
      case "getUpdates": {
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
      case "sendMessage":
      case "sendDocument":
        if (params.chat_id === undefined) throw new Error("chat_id is empty");
        return this.message(
          params,
          method === "sendDocument" ? { document: { file_id: "doc", file_unique_id: "d" } } : {},
        );
      case "editMessageText":
        return this.message(params, { message_id: Number(params.message_id), edit_date: now() });
      case "answerCallbackQuery":
      case "setWebhook":
      case "deleteWebhook":
      case "setMyCommands":
        return true;
      default:
        throw new Error(`method ${method} not found`);
    }
  }

  private message(params: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
    const chatId = Number(params.chat_id);
    return {
      message_id: this.nextMessageId++,
      from: this.bot,
      chat: chatId < 0 ? { id: chatId, type: "supergroup", title: "专班群" } : { id: chatId, type: "private" },
      date: now(),
      ...(typeof params.text === "string" ? { text: params.text } : {}),
      ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
      ...extra,
    };
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function sendFailure(res: ServerResponse, failure: FailureSpec): void {
  if (failure.status === 429) {
    send(res, 429, {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${failure.retryAfter}`,
      parameters: { retry_after: failure.retryAfter },
    });
  } else if (failure.status === 403) {
    send(res, 403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
  } else if (failure.status === 400) {
    send(res, 400, { ok: false, error_code: 400, description: "Bad Request: chat not found" });
  } else {
    send(res, 500, { ok: false, error_code: 500, description: "Internal Server Error" });
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses JSON, urlencoded or (text parts of) multipart bodies; JSON-looking values are decoded. */
function parseParams(contentType: string, body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!body) return out;
  if (contentType.includes("application/json")) return JSON.parse(body) as Record<string, unknown>;
  if (contentType.includes("multipart/form-data")) {
    const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
    if (!boundary) return out;
    for (const part of body.split(`--${boundary}`)) {
      const name = /name="([^"]+)"/.exec(part)?.[1];
      const index = part.indexOf("\r\n\r\n");
      if (!name || index < 0) continue;
      out[name] = decode(part.slice(index + 4).replace(/\r\n$/, ""));
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
