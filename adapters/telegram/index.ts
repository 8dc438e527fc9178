/**
 * The Telegram adapter (node-telegram-bot-api v2): long polling or webhook mode, Telegram HTML
 * rendering with inline keyboards, update_id deduplication, errors mapped to DeliveryError.
 */
export {
  TelegramAdapter,
  createTelegramAdapter,
  type AdapterSleep,
  type RouteHandler,
  type TelegramAdapterConfig,
  type TelegramAdapterLog,
} from "./adapter.js";
export { ChunkSender, toDeliveryError } from "./delivery.js";
export { eventKey, parseUpdate, type TgUpdate } from "./parse.js";
export { CallbackStore, renderTelegram, renderTelegramHtml, splitMessage, TELEGRAM_MESSAGE_LIMIT } from "./render.js";
