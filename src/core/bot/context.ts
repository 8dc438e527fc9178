import type { Actor } from "../../domain/access.js";
import type { Clock } from "../../domain/time/clock.js";
import type { InboundEvent, Reply } from "../chat/inbound.js";
import type { Outbound } from "../chat/outbound.js";
import type { Locale } from "../i18n/catalog.js";
import type { translator } from "../i18n/catalog.js";
import type { botMessages } from "../i18n/messages/bot.js";
import type { Identity, IdentityStore } from "../ports.js";

/** Where the bot writes its own diagnostics (pino in production); never message bodies. */
export interface BotLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Everything the bot core needs from the outside, injected by src/runtime. */
export interface BotDeps {
  identities: IdentityStore;
  clock: Clock;
  locale: Locale;
  log: BotLog;
  /**
   * Whether an error means the database could not be used at all (src/store/errors.ts): the event
   * is then left for the platform to deliver again. Without it every failure is answered.
   */
  isStorageUnavailable?: (error: unknown) => boolean;
}

/** One inbound event on its way through the bot: who sent it, in which language to answer. */
export interface BotContext {
  event: InboundEvent;
  identity: Identity;
  actor: Actor | null;
  /** The sender's guided conversation as it stood when the event arrived (unexpired), if any. */
  conversation: { flow: string; state: unknown } | null;
  /** The plan as the event found it (Arrival.planRevision), for reading the sender's tasks. */
  planRevision?: string | null;
  locale: Locale;
  now: Date;
  t: ReturnType<typeof translator<keyof (typeof botMessages)["zh-CN"]>>;
  deps: BotDeps;
  /**
   * Set by whatever marked the event processed in its own write (a stored report does): the bot
   * then saves the separate mark's round trip.
   */
  eventMarked?: boolean;
  /** Why an unbound sender could not be bound by e-mail: said instead of the generic "not bound". */
  unboundNotice?: string;
}

/** A reply made of one plain text block. */
export function textReply(...texts: string[]): Reply {
  return { messages: texts.map(textMessage) };
}

export function textMessage(text: string): Outbound {
  return { blocks: [{ type: "text", text }], summary: text };
}
