import type { Outbound } from "./outbound.js";

export type Platform = "slack" | "telegram" | "console";

/** Who is speaking and where: a platform identity in a direct or group chat. */
export interface InboundSource {
  platform: Platform;
  /** Platform user id (Slack U…, Telegram numeric id as a string, console contact key). */
  userId: string;
  /** Display name as the platform gives it, for logs and the first binding. */
  userName?: string;
  /**
   * The sender's e-mail as the platform vouches for it (Slack's profile, only with
   * SLACK_BIND_BY_EMAIL): a sender not bound yet is bound to the one contact with this e-mail.
   */
  userEmail?: string;
  chatId: string;
  chatKind: "direct" | "group";
  /** Chat title for group chats, stored when a channel is bound. */
  chatTitle?: string;
  /** Platform id of this message, kept with a report as its source. */
  messageId?: string;
  /** Platform id of the inbound event (Slack event_id, Telegram update_id), for dedupe. */
  eventId?: string;
  /**
   * The platform can open a form in answer to this event (a Slack slash command or button
   * carries a trigger for a modal), so the core answers "report" with the form itself rather
   * than a template with a form button.
   */
  canOpenForm?: boolean;
  /**
   * Where this event's answers go when they may wait in the outbox (a chat the bot can post to,
   * not a Slack response_url), and the prefix of their keys: a report's confirmation is written to
   * the outbox with the report itself, so that a crash before it is sent cannot lose it
   * (src/core/chat/answer-queue.ts, {@link Outbound.keptKey}).
   */
  answerTo?: { to: Address; keyPrefix: string };
}

/** One thing a user did, already parsed out of the platform's payload by the adapter. */
export type InboundEvent = InboundSource &
  (
    | { kind: "command"; command: string; args: string }
    | {
        kind: "text";
        text: string;
        /** The bot message this replies to, when it is a reply (Slack thread, Telegram reply). */
        replyToMessageId?: string;
      }
    | { kind: "action"; actionId: string; value: string }
    | { kind: "form"; formId: string; context: string; values: Record<string, string> }
  );

/** What the core answers with: zero or more messages to the same chat, or a form to open. */
export interface Reply {
  messages: Outbound[];
}

/** The core as the adapters see it. */
export interface InboundHandler {
  handle(event: InboundEvent): Promise<Reply>;
}

/** Where a message goes: a platform chat (a DM channel, a user id, a group chat). */
export interface Address {
  platform: Platform;
  chatId: string;
  /** Post inside this thread (Slack thread_ts, Telegram reply_to_message_id). */
  threadId?: string;
}

export interface SentMessage {
  platformMessageId: string;
  /** The chat the message actually landed in (a Slack DM opened for a user id). */
  chatId: string;
}

/**
 * A platform edge. It turns platform events into InboundEvents for the core and renders the
 * core's Outbound messages natively. It holds no business rule.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  start(core: InboundHandler): Promise<void>;
  /** Throws a {@link DeliveryError} when the platform refuses or fails. */
  send(to: Address, message: Outbound): Promise<SentMessage>;
  stop(): Promise<void>;
}

/** Why a send failed, in terms the outbox can act on. */
export class DeliveryError extends Error {
  constructor(
    readonly kind: "rate_limited" | "transient" | "unreachable" | "rejected",
    message: string,
    /** For rate_limited: how long the platform asked us to wait. */
    readonly retryAfterMs?: number,
    /**
     * The request may have reached the platform (it timed out waiting for the answer): the message
     * may be delivered, so a retry could duplicate it. The outbox counts it as in flight.
     */
    readonly outcomeUnknown = false,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

/**
 * The core could not handle an inbound event and kept nothing of it (the database is unreachable):
 * the adapter must make the platform deliver it again (Telegram: a non-2xx webhook answer; Slack:
 * no acknowledgement) instead of answering the user. Never thrown once anything was stored.
 */
export class InboundNotHandledError extends Error {
  constructor(readonly reason: "storage_unavailable") {
    super(`inbound event not handled: ${reason}`);
    this.name = "InboundNotHandledError";
  }
}
