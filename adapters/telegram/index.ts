/**
 * The Telegram adapter (node-telegram-bot-api v2): long polling or webhook mode, Telegram HTML
 * rendering with inline keyboards, update_id deduplication, errors mapped to DeliveryError.
 */
export {
  TelegramAdapter,
  createTelegramAdapter,
  toDeliveryError,
  type RouteHandler,
  type TelegramAdapterConfig,
} from "./adapter.js";
export { parseUpdate, type TgUpdate } from "./parse.js";
export { CallbackStore, renderTelegram, splitMessage, TELEGRAM_MESSAGE_LIMIT } from "./render.js";
