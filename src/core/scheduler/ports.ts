// What the scheduler reads and writes (implemented in src/store/outbox-writer.ts).

import type { Platform } from "../chat/inbound.js";
import type { Outbound } from "../chat/outbound.js";

/** One place to deliver a direct message to a contact: a bound identity with a direct chat. */
export interface Recipient {
  contactId: string;
  /** The contact's preferred locale as stored (`zh-CN`, `en`), or null for the deployment default. */
  locale: string | null;
  platform: Platform;
  /** The platform chat id to send to (see {@link directAddress}). */
  address: string;
}

/** A group chat bound to a work group (GroupChannel), where digests go. */
export interface BoundChannel {
  id: string;
  groupId: string;
  platform: Platform;
  chatId: string;
}

/** `answer`: an answer to a user that the adapter handed over (src/core/chat/answer-queue.ts). */
export type OutboxKind = "reminder" | "chase" | "escalation" | "digest" | "notice" | "answer";

/** One outbox row as the scheduler writes it; the dispatcher fills in the rest (state, attempts, claims). */
export interface OutboxRow {
  /** `${periodId}|${taskId ?? "group"}|${unitId ?? "-"}|${recipientKey}|${stage}`; unique. */
  dedupeKey: string;
  kind: OutboxKind;
  stage: string;
  groupId: string;
  /** Null for notices that belong to no period (an unreachable recipient). */
  periodId: string | null;
  taskId: string | null;
  unitId: string | null;
  recipientContactId: string | null;
  recipientChannelId: string | null;
  platform: Platform;
  address: string;
  /** The neutral message, rendered per platform at send time. */
  payload: Outbound;
  /** When the item fell due (the plan item's `at`). */
  dueAt: Date;
  /** First attempt: the same instant (the dispatcher sends rows whose nextAttemptAt has passed). */
  nextAttemptAt: Date;
}

/** Writes outbox rows; a key already present is left alone. */
export interface OutboxWriter {
  /** Inserts the rows whose dedupeKey is new (ON CONFLICT DO NOTHING); returns how many were new. */
  enqueue(rows: readonly OutboxRow[]): Promise<number>;
  /** Which of these keys are already in the outbox. */
  existingKeys(keys: readonly string[]): Promise<Set<string>>;
}

/** The scheduler's reads, and where it keeps the instant it has planned up to. */
export interface SchedulerStore {
  /** Per unit id: the direct addresses of its active contacts (primary first, then deputies), one per platform each. */
  unitRecipients(unitIds: readonly string[]): Promise<Map<string, Recipient[]>>;
  /**
   * Why these units have no direct address, per unit id: no active contact at all, contacts who
   * never bound a chat account (or have no direct chat with the bot), or every bound account unreachable.
   */
  whyUnreachable(unitIds: readonly string[]): Promise<Map<string, UnreachableReason>>;
  /** Who a contact or a bound group chat is, for the office's notice: names, never platform ids. */
  describeRecipient(recipient: {
    contactId: string | null;
    channelId: string | null;
  }): Promise<{ contact: string | null; phone: string | null; units: string[]; group: string | null }>;
  /** Per group id: the direct addresses of its active convenor, deputy and office contacts. */
  groupLeaders(groupIds: readonly string[]): Promise<Map<string, Recipient[]>>;
  /** Per group id: its bound, reachable group chats. */
  boundChannels(groupIds: readonly string[]): Promise<Map<string, BoundChannel[]>>;
  /** `${periodId}|${taskId}|${unitId}` of every current report in these (stored) periods. */
  reportedKeys(periodIds: readonly string[]): Promise<Set<string>>;
  /** The end (exclusive) of the last window the scheduler planned; null before the first tick ever. */
  lastTick(): Promise<Date | null>;
  /** Stores the end of the window just planned, with counts for the record. */
  recordTick(to: Date, details: Record<string, string | number>): Promise<void>;
}

/** Why a unit cannot be written to (see {@link SchedulerStore.whyUnreachable}). */
export type UnreachableReason = "noContact" | "notBound" | "blocked";

/** The key of a report in {@link SchedulerStore.reportedKeys}. */
export function reportedKey(periodId: string, taskId: string, unitId: string): string {
  return `${periodId}|${taskId}|${unitId}`;
}

/**
 * Where a direct message to this identity goes, or null when there is none: the console's own
 * `dm:<user>` chat; on Telegram the private chat the user opened with the bot (a bot cannot start
 * one); on Slack the DM channel, or the user id (chat.postMessage opens the DM).
 */
export function directAddress(identity: {
  platform: Platform;
  platformUserId: string;
  directChatId: string | null;
}): string | null {
  switch (identity.platform) {
    case "console":
      return identity.directChatId ?? `dm:${identity.platformUserId}`;
    case "telegram":
      return identity.directChatId;
    case "slack":
      return identity.directChatId ?? identity.platformUserId;
  }
}
