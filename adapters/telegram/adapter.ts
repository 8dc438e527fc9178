import type { ChartData } from "../../src/core/chat/chart-data.js";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, TelegramApiError } from "node-telegram-bot-api/node";
import {
  answerOf,
  createAnswerQueue,
  type AnswerQueue,
  type AnswerTransport,
} from "../../src/core/chat/answer-queue.js";
import { createInboundAdmission, type InboundAdmission } from "../../src/core/chat/inbound-admission.js";
import {
  InboundNotHandledError,
  type Address,
  type ChatAdapter,
  type InboundHandler,
  type SentMessage,
} from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { translator, type Locale } from "../../src/core/i18n/catalog.js";
import { telegramMessages } from "../../src/core/i18n/messages/telegram.js";
import { ChunkSender, toDeliveryError } from "./delivery.js";
import { createHttpFetch } from "./http-fetch.js";
import { eventKey, parseUpdate, type TgUpdate } from "./parse.js";
import { CallbackStore, renderTelegram } from "./render.js";
import { telegramWebhookRoute } from "./webhook-route.js";

export interface TelegramAdapterLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
  /** Defaults to `error` when the logger has no warn level. */
  warn?(fields: object, message: string): void;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Waits `ms`; resolves early when `signal` aborts. */
export type AdapterSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface TelegramAdapterConfig {
  token: string;
  /** Bot API server (self-hosted Bot API, tests); default the public one. */
  apiRoot?: string;
  /** Webhook mode instead of long polling. `secret` must match `[A-Za-z0-9_-]{1,256}`. */
  webhook?: { url: string; secret: string };
  log: TelegramAdapterLog;
  /**
   * Mounts the webhook route (POST, path of `webhook.url`) on the app's HTTP server. Without it
   * the adapter listens on its own server (`webhookPort`, default a random port on 127.0.0.1).
   */
  mountRoute?: (path: string, handler: RouteHandler) => void;
  webhookPort?: number;
  locale?: Locale;
  /**
   * Per-request timeout of the client, ms (default 60 s; getUpdates gets its long-poll time on top).
   * Telegram documents no answer time for sends; a slow answer still delivers the message, so the
   * wait is long, and a send that times out counts as possibly delivered (see delivery.ts).
   */
  timeoutMs?: number;
  /** Long-poll seconds for getUpdates (default 30). */
  pollTimeoutSeconds?: number;
  /** Client-side throttle; default Telegram's published limits (30 msg/s, 1 msg/s per chat). null disables. */
  rateLimit?: { global: number; perChat: number } | null;
  /** Waits between tries of a reply and between restarts of polling (default real timers). */
  sleep?: AdapterSleep;
  /** Epoch ms, for how long partly sent messages are remembered (default Date.now). */
  now?: () => number;
  /**
   * How answers to users are paced and where they go when they cannot be sent within a few
   * seconds (the app: its rate limiter and the outbox). Without it they are still queued per
   * chat, and one not sent in time is logged and given up.
   */
  answers?: AnswerTransport;
  /**
   * When the core's work for an update may start, and its answers go out (src/core/chat/inbound-
   * admission.ts): a few updates at once, in order, and not while another platform's request waits
   * for its acknowledgement. The webhook announces no request of its own: its answer follows the
   * core's work by design (a database outage must make Telegram deliver the update again), so
   * there is no quick acknowledgement to put first. The app gives every adapter the process's one
   * admission; default one of the adapter's own.
   */
  admission?: InboundAdmission;
}

/** The client's wait for an answer (see timeoutMs). */
const SEND_TIMEOUT_MS = 60_000;
/** Polling that stopped on an error (409: another process polls this token) starts again after this, doubling. */
const POLL_RESTART_MS = 1_000;
const POLL_RESTART_MAX_MS = 60_000;

const realSleep: AdapterSleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/**
 * The Telegram adapter: long polling or webhook, HTML rendering, inline keyboards. It turns
 * updates into the core's events and the core's messages into Telegram messages, and nothing
 * else: every decision about what to say is the core's.
 */
export class TelegramAdapter implements ChatAdapter {
  readonly platform = "telegram" as const;
  readonly bot: Bot;
  private readonly callbacks = new CallbackStore();
  private readonly sender: ChunkSender;
  /** Answers to users: per chat, handed to the outbox when they cannot go out in a few seconds. */
  private readonly answers: AnswerQueue;
  /** Keys of the updates handled lately: saves the core's own (database) dedupe a round trip. */
  private readonly seen = new Set<string>();
  /** Updates being handled: a redelivery while the first is running waits for its outcome. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly sleep: AdapterSleep;
  private readonly admission: InboundAdmission;
  private readonly stopping = new AbortController();
  private botId: number | undefined;
  private botUsername: string | undefined;
  private polling: Promise<void> | undefined;
  /** Polling stops in a row, for the pause before the next start; an update received resets it. */
  private pollFailures = 0;
  private webhookSet = false;
  private server: Server | undefined;
  /** The adapter's own webhook server URL (webhook mode without mountRoute), for tests. */
  webhookServerUrl: string | undefined;

  constructor(private readonly config: TelegramAdapterConfig) {
    const rateLimit = config.rateLimit === undefined ? { global: 30, perChat: 1 } : config.rateLimit;
    this.bot = new Bot(config.token, {
      ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
      timeoutMs: config.timeoutMs ?? SEND_TIMEOUT_MS,
      // Node's fetch costs several times more CPU per call than the platform's answer is worth.
      fetch: createHttpFetch(),
      // The outbox owns retries: the client must surface 429/5xx at once, not retry on its own.
      maxRetries: 0,
      ...(rateLimit ? { rateLimit } : {}),
    });
    this.sleep = config.sleep ?? realSleep;
    this.admission = config.admission ?? createInboundAdmission();
    const log = config.log;
    this.sender = new ChunkSender(
      this.bot.api,
      { warn: (fields, message) => (log.warn ?? log.error).call(log, fields, message) },
      config.now ?? Date.now,
      drawChartPng,
    );
    this.answers = createAnswerQueue({
      send: (to, message) => this.send(to, message),
      toDeliveryError,
      log: {
        info: log.info.bind(log),
        warn: (fields, message) => (log.warn ?? log.error).call(log, fields, message),
        error: log.error.bind(log),
      },
      sleep: (ms, signal) => this.sleep(ms, signal),
      hold: () => this.admission.pass(),
      ...config.answers,
    });
  }

  /** Resolves once every answer to a user queued so far is sent, handed to the outbox or given up. */
  answersSettled(): Promise<void> {
    return this.answers.settled();
  }

  async start(core: InboundHandler): Promise<void> {
    const t = translator(telegramMessages, this.config.locale ?? "zh-CN");
    const me = await this.bot.api.getMe();
    this.botId = me.id;
    this.botUsername = me.username;
    await this.bot.api.setMyCommands({
      commands: (["help", "bind", "tasks", "report", "status", "summary", "chase"] as const).map((command) => ({
        command,
        description: t(`command.${command}`),
      })),
    });
    this.bot.catch((err, ctx) => {
      // The error's kind only: its message may quote what the user wrote.
      const kind = err instanceof Error ? err.name : typeof err;
      this.config.log.error({ err: kind, updateId: ctx.update.update_id }, "telegram update failed");
    });
    // Polling: an update the core could not take (database down) is tried again until it can be,
    // before the poller confirms it to Telegram by asking for the next ones.
    this.bot.use(async (ctx) => this.handleUntilTaken(core, ctx.update as unknown as TgUpdate));

    const webhook = this.config.webhook;
    if (!webhook) {
      await this.bot.api.deleteWebhook({});
      this.polling = this.pollUntilStopped();
      this.config.log.info({ bot: this.botUsername }, "telegram adapter polling");
      return;
    }
    const path = new URL(webhook.url).pathname;
    const log = this.config.log;
    const route = telegramWebhookRoute({
      secret: webhook.secret,
      handle: (update) => this.handleUpdate(core, update),
      log: {
        warn: (fields, message) => (log.warn ?? log.error).call(log, fields, message),
        error: log.error.bind(log),
      },
    });
    if (this.config.mountRoute) {
      this.config.mountRoute(path, route);
    } else {
      const server = createServer((req, res) => {
        if (new URL(req.url ?? "/", "http://localhost").pathname !== path) return void res.writeHead(404).end();
        void route(req, res);
      });
      this.server = server;
      // A burst of webhook connections must queue, not be reset (Node's default backlog is 511).
      await new Promise<void>((resolve) =>
        server.listen({ port: this.config.webhookPort ?? 0, host: "127.0.0.1", backlog: 4096 }, resolve),
      );
      const { port } = server.address() as AddressInfo;
      this.webhookServerUrl = `http://127.0.0.1:${port}${path}`;
    }
    await this.bot.api.setWebhook({
      url: webhook.url,
      secret_token: webhook.secret,
      allowed_updates: ["message", "callback_query"],
    });
    this.webhookSet = true;
    this.config.log.info({ bot: this.botUsername }, "telegram adapter on webhook");
  }

  /**
   * For /healthz: on a webhook, healthy once registered; polling, while the poller runs (it is
   * down between a stop such as a 409 and its restart).
   */
  healthy(): boolean {
    if (this.stopping.signal.aborted || this.botId === undefined) return false;
    return this.config.webhook ? this.webhookSet : this.bot.isRunning();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.bot.isRunning()) this.bot.stop();
    await this.polling;
    this.polling = undefined;
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      this.server = undefined;
    }
    // Answers still waiting go to the outbox, so that the next start sends them.
    await this.answers.stop();
  }

  /** Sends one message (all its chunks); throws a DeliveryError the outbox acts on. */
  async send(to: Address, message: Outbound): Promise<SentMessage> {
    const rendering = renderTelegram(message, {
      callbacks: this.callbacks,
      ...(this.config.locale ? { locale: this.config.locale } : {}),
    });
    return this.sender.send(to, rendering);
  }

  /**
   * Long polling until stop(). The client's poller retries network errors, 5xx and 429 itself, and
   * stops on anything else; the commonest is 409, another process polling the same token (during a
   * rolling restart, say). Polling then starts again after a pause, so the bot never stays deaf.
   */
  private async pollUntilStopped(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        await this.bot.startPolling(undefined, {
          timeout: this.config.pollTimeoutSeconds ?? 30,
          allowedUpdates: ["message", "callback_query"],
          onError: (err) => this.config.log.error({ err: String(err) }, "telegram polling error; retrying"),
        });
        // It only ends by itself on stop(); anything else is treated as a stop to recover from.
        if (!this.stopping.signal.aborted) throw new Error("polling ended");
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        this.pollFailures += 1;
        const waitMs = Math.min(POLL_RESTART_MAX_MS, POLL_RESTART_MS * 2 ** (this.pollFailures - 1));
        const conflict = error instanceof TelegramApiError && error.errorCode === 409;
        this.config.log.error(
          { err: String(error), restartInMs: waitMs },
          conflict
            ? "telegram polling stopped: another process polls this bot token, or a webhook is set (409)"
            : "telegram polling stopped",
        );
        await this.sleep(waitMs, this.stopping.signal);
      }
    }
  }

  /** Polling: handles an update, waiting out a database outage (doubling pauses) until stop(). */
  private async handleUntilTaken(core: InboundHandler, update: TgUpdate): Promise<void> {
    for (let pauseMs = 1_000; ; pauseMs = Math.min(pauseMs * 2, 30_000)) {
      try {
        return await this.handleUpdate(core, update);
      } catch (error) {
        if (!(error instanceof InboundNotHandledError) || this.stopping.signal.aborted) throw error;
        this.config.log.error(
          { updateId: update.update_id, retryInMs: pauseMs },
          "telegram update not handled; retrying",
        );
        await this.sleep(pauseMs, this.stopping.signal);
      }
    }
  }

  /**
   * Handles one update once per process: a redelivery of one being handled waits for it and shares
   * its outcome. Throws InboundNotHandledError when nothing was kept, and forgets the update then,
   * so that its redelivery is handled.
   */
  private async handleUpdate(core: InboundHandler, update: TgUpdate): Promise<void> {
    // Telegram redelivers an update when a webhook answer or a getUpdates confirmation is lost.
    // The core recognises it too (by the same key, across processes); this only saves it the work.
    this.pollFailures = 0;
    const key = eventKey(update, this.botId);
    const running = this.running.get(key);
    if (running) return running;
    if (this.seen.has(key)) return;
    const work = this.handleFresh(core, update, key);
    this.running.set(key, work);
    try {
      await work;
      this.seen.add(key);
      if (this.seen.size > 10_000) {
        const oldest = this.seen.values().next().value;
        if (oldest !== undefined) this.seen.delete(oldest);
      }
    } finally {
      this.running.delete(key);
    }
  }

  private async handleFresh(core: InboundHandler, update: TgUpdate, key: string): Promise<void> {
    const query = update.callback_query;
    if (query) {
      // Always answered, and first, so the button never keeps spinning, even when the core fails.
      await this.bot.api.answerCallbackQuery({ callback_query_id: query.id }).catch((err: unknown) => {
        this.config.log.error({ err: String(err) }, "telegram answerCallbackQuery failed");
      });
    }
    const event = parseUpdate(update, {
      callbacks: this.callbacks,
      ...(this.botId !== undefined ? { botId: this.botId } : {}),
      ...(this.botUsername ? { botUsername: this.botUsername } : {}),
    });
    if (!event) {
      if (query) {
        const t = translator(telegramMessages, this.config.locale ?? "zh-CN");
        const chatId = String(query.message?.chat.id ?? query.from.id);
        await this.reply({ platform: "telegram", chatId }, [{ blocks: [], summary: t("button.expired") }], key);
      }
      return;
    }
    // In a group the answer quotes what it answers (and so lands in the same forum topic).
    const to: Address = {
      platform: "telegram",
      chatId: event.chatId,
      ...(event.chatKind === "group" && event.messageId ? { threadId: event.messageId } : {}),
    };
    const answerable = this.answers.keeps ? { ...event, answerTo: { to, keyPrefix: answerKeyPrefix(key) } } : event;
    const reply = await this.admission.run(() => core.handle(answerable));
    await this.reply(to, reply.messages, key);
  }

  /**
   * Answers a user, through the chat's queue (src/core/chat/answer-queue.ts); what cannot go out
   * within a few seconds goes to the outbox. The poller handles one update after the other, so it
   * does not wait for the answers: a chat waiting out a retry_after holds up no other chat. A
   * webhook request is one update of its own: its 200 waits until the answers are sent or kept
   * (a few seconds at most).
   */
  private async reply(to: Address, messages: readonly Outbound[], key: string): Promise<void> {
    const answers = messages.map((message, i) =>
      this.answers.answer(answerOf(to, message, `${answerKeyPrefix(key)}#${i}`)).catch((error: unknown) => {
        const kind = error instanceof Error ? error.name : typeof error;
        this.config.log.error({ err: kind, chatId: to.chatId, key }, "telegram answer failed");
      }),
    );
    if (this.config.webhook) await Promise.all(answers);
  }
}

/** The keys of an update's answers (the outbox's dedupe keys): the same when Telegram delivers it again. */
const answerKeyPrefix = (key: string) => `telegram:${key}`;

/** A chart as PNG; the chart module (ECharts, resvg) loads with the first chart, not at start. */
async function drawChartPng(chart: ChartData): Promise<Buffer> {
  const { renderChart } = await import("../../src/render/charts/index.js");
  return (await renderChart(chart)).png;
}

export function createTelegramAdapter(config: TelegramAdapterConfig): TelegramAdapter {
  return new TelegramAdapter(config);
}

export { toDeliveryError };
