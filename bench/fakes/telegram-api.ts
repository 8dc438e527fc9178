// A lean fake Telegram Bot API for the benchmarks (the test fake in tests/fakes/telegram records
// every call and is built for assertions; this one only counts, so that it costs little at
// thousands of messages a second). Optionally it enforces Telegram's published flood limits the
// way a strict server would, answering 429 with retry_after when a message would break one:
// - at most 30 messages in any 1,000 ms (all chats),
// - at most 1 message in any 1,000 ms to one chat,
// - at most 20 messages in any 60,000 ms to one group chat (negative chat id).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TelegramLimits {
  overall: { messages: number; perMs: number };
  perChat: { messages: number; perMs: number };
  perGroup: { messages: number; perMs: number };
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  overall: { messages: 30, perMs: 1_000 },
  perChat: { messages: 1, perMs: 1_000 },
  perGroup: { messages: 20, perMs: 60_000 },
};

/** Timestamps of accepted messages, newest last; answers whether one more fits in the window. */
class Window {
  private readonly times: number[] = [];
  constructor(private readonly rate: { messages: number; perMs: number }) {}
  /** ms until one more message fits (0 = now). */
  waitMs(now: number): number {
    while (this.times.length > 0 && now - this.times[0]! >= this.rate.perMs) this.times.shift();
    if (this.times.length < this.rate.messages) return 0;
    return this.rate.perMs - (now - this.times[0]!);
  }
  add(now: number): void {
    this.times.push(now);
  }
}

export interface SentRecord {
  chatId: string;
  at: number;
}

export class BenchTelegramApi {
  readonly bot = { id: 7000001, is_bot: true, first_name: "专班助手", username: "zhuanban_bench_bot" };
  url = "";
  /** Messages accepted (sendMessage answered ok). */
  sent = 0;
  /** Messages refused with 429. */
  rejected = 0;
  /** Which limit each refusal broke. */
  readonly rejectedBy = { overall: 0, perChat: 0, perGroup: 0 };
  /** For refusals under the per-chat limit: the gaps (ms) since the chat's previous accepted message. */
  readonly perChatGaps: number[] = [];
  firstSentAt: number | null = null;
  lastSentAt: number | null = null;
  /** Called for every accepted message (e.g. to time a confirmation). */
  onSent: ((chatId: string, text: string) => void) | undefined;
  private server: Server | undefined;
  private nextMessageId = 1;
  private readonly overall: Window | undefined;
  private readonly chats = new Map<string, Window>();
  private readonly groups = new Map<string, Window>();

  constructor(
    readonly token: string,
    private readonly limits: TelegramLimits | null = null,
  ) {
    this.overall = limits ? new Window(limits.overall) : undefined;
  }

  async start(): Promise<void> {
    // The body by events: an async iterator over each request cost this process more than the
    // rest of the fake's work, and the fake shares the process with the dispatcher it measures.
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => this.handle(req, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), res));
    });
    server.keepAliveTimeout = 30_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  resetCounts(): void {
    this.sent = 0;
    this.rejected = 0;
    this.rejectedBy.overall = this.rejectedBy.perChat = this.rejectedBy.perGroup = 0;
    this.firstSentAt = null;
    this.lastSentAt = null;
  }

  private handle(req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const path = req.url ?? "/";
    const prefix = `/bot${this.token}/`;
    if (!path.startsWith(prefix)) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const method = path.slice(prefix.length);
    const body = raw.toString("utf8");
    const params: Record<string, string> = {};
    if ((req.headers["content-type"] ?? "").includes("application/json")) {
      for (const [k, v] of Object.entries(JSON.parse(body || "{}") as Record<string, unknown>)) params[k] = String(v);
    } else {
      for (const [k, v] of new URLSearchParams(body)) params[k] = v;
    }
    switch (method) {
      case "getMe":
        return reply(res, 200, { ok: true, result: this.bot });
      case "setWebhook":
      case "deleteWebhook":
      case "setMyCommands":
      case "answerCallbackQuery":
        return reply(res, 200, { ok: true, result: true });
      case "sendMessage":
        return this.sendMessage(res, params);
      default:
        return reply(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }

  private sendMessage(res: ServerResponse, params: Record<string, string>): void {
    const chatId = params.chat_id ?? "";
    if (!chatId) return reply(res, 400, { ok: false, error_code: 400, description: "Bad Request: chat_id is empty" });
    const now = performance.now();
    if (this.limits) {
      const chat = this.window(this.chats, chatId, this.limits.perChat);
      const group = chatId.startsWith("-") ? this.window(this.groups, chatId, this.limits.perGroup) : undefined;
      const waits = {
        overall: this.overall!.waitMs(now),
        perChat: chat.waitMs(now),
        perGroup: group?.waitMs(now) ?? 0,
      };
      const wait = Math.max(waits.overall, waits.perChat, waits.perGroup);
      if (wait > 0) {
        this.rejected++;
        for (const [limit, ms] of Object.entries(waits)) if (ms > 0) this.rejectedBy[limit as keyof typeof waits]++;
        if (waits.perChat > 0) this.perChatGaps.push(this.limits.perChat.perMs - waits.perChat);
        const retryAfter = Math.max(1, Math.ceil(wait / 1000));
        return reply(res, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        });
      }
      this.overall!.add(now);
      chat.add(now);
      group?.add(now);
    }
    this.sent++;
    this.firstSentAt ??= now;
    this.lastSentAt = now;
    this.onSent?.(chatId, params.text ?? "");
    const id = Number(chatId);
    reply(res, 200, {
      ok: true,
      result: {
        message_id: this.nextMessageId++,
        from: this.bot,
        chat: id < 0 ? { id, type: "supergroup", title: "专班群" } : { id, type: "private" },
        date: Math.floor(Date.now() / 1000),
        text: params.text ?? "",
      },
    });
  }

  private window(map: Map<string, Window>, key: string, rate: { messages: number; perMs: number }): Window {
    let w = map.get(key);
    if (!w) {
      w = new Window(rate);
      map.set(key, w);
    }
    return w;
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
