import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, createWebhookServer, nodeFrameworkWebhook, TelegramApiError } from "node-telegram-bot-api/node";
import {
  DeliveryError,
  type Address,
  type ChatAdapter,
  type InboundHandler,
  type SentMessage,
} from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { translator, type Locale } from "../../src/core/i18n/catalog.js";
import { telegramMessages } from "../../src/core/i18n/messages/telegram.js";
import { parseUpdate, type TgUpdate } from "./parse.js";
import { CallbackStore, renderTelegram } from "./render.js";

export interface TelegramAdapterLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

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
  /** Per-request timeout of the client, ms (default 15 s; getUpdates gets its long-poll time on top). */
  timeoutMs?: number;
  /** Long-poll seconds for getUpdates (default 30). */
  pollTimeoutSeconds?: number;
  /** Client-side throttle; default Telegram's published limits (30 msg/s, 1 msg/s per chat). null disables. */
  rateLimit?: { global: number; perChat: number } | null;
}

/** The Telegram adapter: long polling or webhook, HTML rendering, inline keyboards. */
export class TelegramAdapter implements ChatAdapter {
  readonly platform = "telegram" as const;
  readonly bot: Bot;
  private readonly callbacks = new CallbackStore();
  private readonly seen = new Set<number>();
  private botUsername: string | undefined;
  private polling: Promise<void> | undefined;
  private server: Server | undefined;
  /** The adapter's own webhook server URL (webhook mode without mountRoute), for tests. */
  webhookServerUrl: string | undefined;

  constructor(private readonly config: TelegramAdapterConfig) {
    const rateLimit = config.rateLimit === undefined ? { global: 30, perChat: 1 } : config.rateLimit;
    this.bot = new Bot(config.token, {
      ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
      timeoutMs: config.timeoutMs ?? 15_000,
      // The outbox owns retries: the client must surface 429/5xx at once, not retry on its own.
      maxRetries: 0,
      maxRetryAfterMs: 1,
      ...(rateLimit ? { rateLimit } : {}),
    });
  }

  async start(core: InboundHandler): Promise<void> {
    const t = translator(telegramMessages, this.config.locale ?? "zh-CN");
    const me = await this.bot.api.getMe();
    this.botUsername = me.username;
    await this.bot.api.setMyCommands({
      commands: (["help", "bind", "tasks", "report", "status", "summary", "chase"] as const).map((command) => ({
        command,
        description: t(`command.${command}`),
      })),
    });
    this.bot.catch((err, ctx) => {
      this.config.log.error({ err: String(err), updateId: ctx.update.update_id }, "telegram update failed");
    });
    this.bot.use(async (ctx) => this.handleUpdate(core, ctx.update as unknown as TgUpdate));

    const webhook = this.config.webhook;
    if (!webhook) {
      await this.bot.api.deleteWebhook({});
      this.polling = this.bot.startPolling(undefined, {
        timeout: this.config.pollTimeoutSeconds ?? 30,
        allowedUpdates: ["message", "callback_query"],
        onError: (err) => this.config.log.error({ err: String(err) }, "telegram polling error"),
      });
      this.config.log.info({ bot: this.botUsername }, "telegram adapter polling");
      return;
    }
    const path = new URL(webhook.url).pathname;
    if (this.config.mountRoute) {
      const handler = nodeFrameworkWebhook(this.bot, { secretToken: webhook.secret });
      this.config.mountRoute(path, (req, res) => handler(req, res));
    } else {
      const server = createWebhookServer(this.bot, { path, secretToken: webhook.secret });
      this.server = server;
      await new Promise<void>((resolve) => server.listen(this.config.webhookPort ?? 0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      this.webhookServerUrl = `http://127.0.0.1:${port}${path}`;
    }
    await this.bot.api.setWebhook({
      url: webhook.url,
      secret_token: webhook.secret,
      allowed_updates: ["message", "callback_query"],
    });
    this.config.log.info({ bot: this.botUsername }, "telegram adapter on webhook");
  }

  async stop(): Promise<void> {
    if (this.bot.isRunning()) this.bot.stop();
    await this.polling?.catch(() => undefined);
    this.polling = undefined;
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      this.server = undefined;
    }
  }

  async send(to: Address, message: Outbound): Promise<SentMessage> {
    const { chunks, keyboard } = renderTelegram(message, {
      callbacks: this.callbacks,
      ...(this.config.locale ? { locale: this.config.locale } : {}),
    });
    let last: SentMessage | undefined;
    for (const [index, text] of chunks.entries()) {
      const isLast = index === chunks.length - 1;
      try {
        const sent = await this.bot.api.sendMessage({
          chat_id: to.chatId,
          text,
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(to.threadId && index === 0
            ? { reply_parameters: { message_id: Number(to.threadId), allow_sending_without_reply: true } }
            : {}),
          ...(isLast && keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
        });
        last = { platformMessageId: String(sent.message_id), chatId: String(sent.chat.id) };
      } catch (error) {
        throw toDeliveryError(error);
      }
    }
    if (!last) throw new DeliveryError("rejected", "empty message");
    return last;
  }

  private async handleUpdate(core: InboundHandler, update: TgUpdate): Promise<void> {
    // Telegram redelivers an update when a webhook answer or a getUpdates confirmation is lost.
    if (this.seen.has(update.update_id)) return;
    this.seen.add(update.update_id);
    if (this.seen.size > 10_000) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    const query = update.callback_query;
    if (query) {
      // Always answered, so the button never keeps spinning, even when the core fails.
      await this.bot.api.answerCallbackQuery({ callback_query_id: query.id }).catch((err: unknown) => {
        this.config.log.error({ err: String(err) }, "telegram answerCallbackQuery failed");
      });
    }
    const event = parseUpdate(update, {
      callbacks: this.callbacks,
      ...(this.botUsername ? { botUsername: this.botUsername } : {}),
    });
    if (!event) {
      if (query) {
        const t = translator(telegramMessages, this.config.locale ?? "zh-CN");
        const chatId = String(query.message?.chat.id ?? query.from.id);
        await this.send({ platform: "telegram", chatId }, { blocks: [], summary: t("button.expired") });
      }
      return;
    }
    const reply = await core.handle(event);
    for (const message of reply.messages) {
      await this.send({ platform: "telegram", chatId: event.chatId }, message);
    }
  }
}

export function createTelegramAdapter(config: TelegramAdapterConfig): TelegramAdapter {
  return new TelegramAdapter(config);
}

/** Maps the client's errors to what the outbox acts on. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof TelegramApiError) {
    const text = `telegram ${error.errorCode}: ${error.description}`;
    if (error.errorCode === 429) return new DeliveryError("rate_limited", text, (error.retryAfter ?? 1) * 1000);
    if (error.errorCode === 403) return new DeliveryError("unreachable", text);
    if (error.errorCode >= 500) return new DeliveryError("transient", text);
    return new DeliveryError("rejected", text);
  }
  return new DeliveryError("transient", error instanceof Error ? error.message : String(error));
}
