import type { InboundEvent, InboundSource } from "../../src/core/chat/inbound.js";
import type { CallbackStore } from "./render.js";

/** The parts of a Telegram Update the adapter reads (the client's full types are much larger). */
export interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
}
export interface TgChat {
  id: number;
  type: string;
  title?: string;
}
export interface TgMessage {
  message_id: number;
  from?: TgUser;
  chat: TgChat;
  text?: string;
  caption?: string;
  reply_to_message?: { message_id: number };
  message_thread_id?: number;
}
export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: { id: string; from: TgUser; message?: TgMessage; data?: string };
}

/**
 * Chinese text aliases for commands, matched on the whole first word. (`报送 MS-03 …` is the report
 * template itself and stays text.) A Map, so that words such as `constructor` match nothing.
 */
const ALIASES = new Map<string, string>([
  ["帮助", "help"],
  ["绑定", "bind"],
  ["任务", "tasks"],
  ["进度", "status"],
  ["简报", "summary"],
  ["催报", "chase"],
]);

/**
 * The key under which the core remembers an update as handled. Not the bare update_id: Telegram
 * picks the next update_id at random after a week without updates, and another bot on the same
 * database has its own sequence, so a bare update_id can come back for a new update. A message is
 * named by its chat and message id, a callback query by its id; both are the same when Telegram
 * redelivers the update, and never reused.
 */
export function eventKey(update: TgUpdate, botId: number | undefined): string {
  const bot = botId === undefined ? "" : `${botId}:`;
  if (update.callback_query) return `${bot}q:${update.callback_query.id}`;
  if (update.message) return `${bot}m:${update.message.chat.id}:${update.message.message_id}`;
  return `${bot}u:${update.update_id}`;
}

/**
 * Turns a Telegram update into the core's InboundEvent, or null for updates the bot ignores
 * (messages from other bots, commands addressed to another bot, non-text messages in groups).
 */
export function parseUpdate(
  update: TgUpdate,
  options: { botUsername?: string; botId?: number; callbacks: CallbackStore },
): InboundEvent | null {
  const eventId = eventKey(update, options.botId);
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat ?? { id: query.from.id, type: "private" };
    const decoded = options.callbacks.decode(query.data ?? "");
    if (!decoded) return null;
    return {
      ...source(query.from, chat, eventId, query.message?.message_id),
      kind: "action",
      actionId: decoded.actionId,
      value: decoded.value,
    };
  }
  const message = update.message;
  if (!message?.from || message.from.is_bot) return null;
  // A photo, file or sticker in a private chat is answered like a text the bot does not understand
  // (its caption is read as the text); in a group it is none of the bot's business.
  const isGroup = message.chat.type === "group" || message.chat.type === "supergroup";
  const text = message.text ?? message.caption ?? (isGroup ? undefined : "");
  if (text === undefined) return null;
  const base = source(message.from, message.chat, eventId, message.message_id);
  const command = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (command) {
    const target = command[2];
    if (target && options.botUsername && target.toLowerCase() !== options.botUsername.toLowerCase()) return null;
    return { ...base, kind: "command", command: (command[1] ?? "").toLowerCase(), args: (command[3] ?? "").trim() };
  }
  const first = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  const alias = first ? ALIASES.get(first[1] ?? "") : undefined;
  if (alias && first) return { ...base, kind: "command", command: alias, args: (first[2] ?? "").trim() };
  return {
    ...base,
    kind: "text",
    text,
    ...(message.reply_to_message ? { replyToMessageId: String(message.reply_to_message.message_id) } : {}),
  };
}

function source(user: TgUser, chat: TgChat, eventId: string, messageId: number | undefined): InboundSource {
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ") || user.username;
  const group = chat.type === "group" || chat.type === "supergroup";
  return {
    platform: "telegram",
    userId: String(user.id),
    ...(name ? { userName: name } : {}),
    chatId: String(chat.id),
    chatKind: group ? "group" : "direct",
    ...(group && chat.title ? { chatTitle: chat.title } : {}),
    ...(messageId !== undefined ? { messageId: String(messageId) } : {}),
    eventId,
  };
}
