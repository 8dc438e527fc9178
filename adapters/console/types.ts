import type { Outbound } from "../../src/core/chat/outbound.js";

/** Who the console user is acting as: a platform identity the core resolves to a contact. */
export interface ConsoleIdentity {
  /** The console's platform user id (by convention the contact's key). */
  userId: string;
  name: string;
}

/**
 * Maps what the user typed after `/as` ("省教育厅", a contact's name or key) to an identity. The app
 * wiring provides it from the store; the adapter holds no rule about who may be whom.
 */
export type ResolveIdentity = (query: string) => Promise<ConsoleIdentity | null>;

/** A group's name from its key (`minsheng` → 省打好重点民生保障仗工作专班); null when there is none. */
export type ResolveGroupName = (key: string) => Promise<string | null>;

/** One line of the console transcript. */
export interface ConsoleEntry {
  /** The direct chat of an identity with the bot, or a group channel. */
  stream: "dm" | "group";
  /** `dm:<userId>` or `group:<groupKey>`; empty for notices before anyone is chosen. */
  chatId: string;
  /** The user typed it, the bot sent it, or the console itself says it (notices, form prompts). */
  from: "user" | "bot" | "system";
  text: string;
  /** The message as the core built it (bot entries). */
  message?: Outbound;
  /** `c1, c2…` for bot messages (what `/reply` refers to), `u1, u2…` for user lines. */
  messageId?: string;
  /** The identity that typed a user line. */
  userId?: string;
}
