import { hash } from "node:crypto";
import { InputFile, TelegramApiError, TimeoutError, type Api } from "node-telegram-bot-api/node";
import type { ChartData } from "../../src/core/chat/chart-data.js";
import { DeliveryError, type Address, type SentMessage } from "../../src/core/chat/inbound.js";
import type { TelegramRendering } from "./render.js";

/** What the sender logs. */
export interface DeliveryLog {
  warn(fields: object, message: string): void;
}

/** Draws a chart as PNG (src/render/charts in production). */
export type DrawChart = (chart: ChartData) => Promise<Buffer>;

interface Progress {
  /** The next part to send: the text chunks first, then the photos. */
  next: number;
  /** Where the chunks go (a group upgraded to a supergroup has a new id). */
  chatId: string;
  last: SentMessage | undefined;
  at: number;
}

/** How long, and for how many messages, the chunks already delivered are remembered. */
const PROGRESS_TTL_MS = 60 * 60_000;
const PROGRESS_MAX = 1_000;

/**
 * Sends a rendered message as one Telegram message per chunk, then its charts as photos (sendPhoto,
 * multipart upload), all parts of the same outbox message. A message split in several parts
 * that fails half way (a 429 on the third of five) is retried by the outbox as a whole; the sender
 * remembers, per process, which chunks of it already went out, so the retry goes on from the
 * chunk that failed instead of posting the first ones again. A retry that arrives while the first
 * attempt is still sending (the dispatcher gave up waiting for it) waits for that attempt and
 * takes its result. A chat that Telegram moved (group upgraded to a supergroup) is followed.
 */
export class ChunkSender {
  private readonly progress = new Map<string, Progress>();
  private readonly inFlight = new Map<string, Promise<SentMessage>>();

  constructor(
    private readonly api: Api,
    private readonly log: DeliveryLog,
    private readonly now: () => number,
    private readonly drawChart: DrawChart,
  ) {}

  async send(to: Address, rendering: TelegramRendering): Promise<SentMessage> {
    const key = messageKey(to, rendering);
    for (let running = this.inFlight.get(key); running; running = this.inFlight.get(key)) {
      const done = await running.catch(() => undefined);
      if (done) return done;
    }
    const attempt = this.sendChunks(key, to, rendering);
    this.inFlight.set(key, attempt);
    try {
      return await attempt;
    } finally {
      if (this.inFlight.get(key) === attempt) this.inFlight.delete(key);
    }
  }

  private async sendChunks(
    key: string,
    to: Address,
    { chunks, keyboard, photos = [] }: TelegramRendering,
  ): Promise<SentMessage> {
    const saved = this.progress.get(key);
    const resume = saved && this.now() - saved.at < PROGRESS_TTL_MS ? saved : undefined;
    let chatId = resume?.chatId ?? to.chatId;
    let last = resume?.last;
    let index = resume?.next ?? 0;
    let moved = false;
    while (index < chunks.length + photos.length) {
      const isLast = index === chunks.length - 1;
      try {
        const photo = photos[index - chunks.length];
        const sent = photo
          ? await this.api.sendPhoto({
              chat_id: chatId,
              photo: new InputFile(await this.drawChart(photo.chart), {
                filename: "chart.png",
                contentType: "image/png",
              }),
              caption: photo.caption,
              parse_mode: "HTML",
            })
          : await this.api.sendMessage({
              chat_id: chatId,
              text: chunks[index] ?? "",
              parse_mode: "HTML",
              link_preview_options: { is_disabled: true },
              ...(to.threadId && index === 0
                ? { reply_parameters: { message_id: Number(to.threadId), allow_sending_without_reply: true } }
                : {}),
              ...(isLast && keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
            });
        last = { platformMessageId: String(sent.message_id), chatId: String(sent.chat.id) };
        index += 1;
      } catch (error) {
        const movedTo = error instanceof TelegramApiError ? error.migrateToChatId : undefined;
        if (movedTo !== undefined && !moved) {
          moved = true;
          this.log.warn(
            { from: chatId, to: String(movedTo) },
            "telegram group was upgraded to a supergroup; sending to its new chat id",
          );
          chatId = String(movedTo);
          continue;
        }
        this.remember(key, index > 0 ? { next: index, chatId, last, at: this.now() } : undefined);
        throw toDeliveryError(error);
      }
    }
    this.progress.delete(key);
    if (!last) throw new DeliveryError("rejected", "empty message");
    return last;
  }

  private remember(key: string, progress: Progress | undefined): void {
    this.progress.delete(key);
    if (!progress) return;
    this.progress.set(key, progress);
    for (const [oldKey, old] of this.progress) {
      if (this.progress.size <= PROGRESS_MAX && this.now() - old.at < PROGRESS_TTL_MS) break;
      this.progress.delete(oldKey);
    }
  }
}

function messageKey(to: Address, rendering: TelegramRendering): string {
  return hash(
    "sha256",
    JSON.stringify([
      to.chatId,
      to.threadId ?? null,
      rendering.chunks,
      rendering.keyboard ?? null,
      rendering.photos ?? null,
    ]),
    "base64url",
  );
}

/**
 * Maps the client's errors to what the outbox acts on:
 * - 429: rate_limited, with Telegram's retry_after;
 * - 403 (blocked by the user, kicked from the group, user deactivated): unreachable;
 * - 401 and 404 (token revoked or wrong, wrong TELEGRAM_API_ROOT), 5xx, network errors, timeouts:
 *   transient. The first two are the bot's configuration, not the message: the rows must wait
 *   for the operator to fix it, not be dropped. A timeout is transient with its outcome unknown
 *   (the message may have arrived), so the outbox does not send it again soon;
 * - any other 4xx (chat not found, message refused): rejected.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof TelegramApiError) {
    const text = `telegram ${error.errorCode}: ${error.description}`;
    if (error.errorCode === 429) return new DeliveryError("rate_limited", text, (error.retryAfter ?? 1) * 1000);
    if (error.errorCode === 403) return new DeliveryError("unreachable", text);
    if (error.errorCode === 401 || error.errorCode === 404 || error.errorCode >= 500) {
      return new DeliveryError("transient", text);
    }
    return new DeliveryError("rejected", text);
  }
  // No answer in time: Telegram may have taken the message all the same (issue 17, item 5).
  if (error instanceof TimeoutError) return new DeliveryError("transient", error.message, undefined, true);
  return new DeliveryError("transient", error instanceof Error ? error.message : String(error));
}
