import type { Actor } from "../domain/access.js";
import type { Platform } from "./chat/inbound.js";

/** A chat identity as the core sees it. */
export interface Identity {
  id: string;
  platform: Platform;
  platformUserId: string;
  contactId: string | null;
  lockedUntil: Date | null;
}

export type BindAttemptStart =
  | { ok: true; attemptId: string; failuresBefore: number }
  | { ok: false; reason: "locked"; until: Date }
  | { ok: false; reason: "busy" };

export type RedeemResult = { ok: true; contactId: string } | { ok: false; reason: "invalid" | "expired" | "used" };

/** A guided conversation's stored state (see src/core/reports/conversation-ports.ts). */
export interface StoredConversation {
  flow: string;
  state: unknown;
  expiresAt: Date;
}

/**
 * What the bot needs to know about an inbound event before it routes it. `duplicate` when the
 * event id was marked processed before (a platform retry of a handled event): then nothing else
 * was read or written.
 */
export type Arrival =
  | { duplicate: true }
  | {
      duplicate: false;
      identity: Identity;
      actor: Actor | null;
      conversation: StoredConversation | null;
      /**
       * The plan as the event found it (opaque; null when the store cannot tell): handed back to
       * ReportStore.reportingScope, which may then answer from what it read at that plan.
       */
      planRevision: string | null;
    };

/** Identities, binding and inbound dedupe (implemented in src/store/identity-store.ts). */
export interface IdentityStore {
  /**
   * One round trip for every inbound event: checks its id (when it has one) against the events
   * already processed, finds or creates the sender's identity (remembering their direct chat,
   * clearing "unreachable"), and reads the contact behind it with units and group roles, and any
   * conversation state. It marks nothing: see markProcessed.
   */
  arrive(input: {
    platform: Platform;
    platformUserId: string;
    displayName?: string | undefined;
    directChatId?: string | undefined;
    eventId?: string | undefined;
    at: Date;
  }): Promise<Arrival>;
  /**
   * Marks an event processed, once its work is done (a report marks its event in the same write,
   * see ReportStore.saveReport). Marking again is harmless.
   */
  markProcessed(input: { platform: Platform; eventId: string; at: Date }): Promise<void>;
  actor(contactId: string): Promise<Actor | null>;
  /** For the console, which acts as seeded contacts directly: a contact by key. */
  contactByKey(key: string): Promise<{ id: string } | null>;
  /** Binds the identity to a console contact without a code (local, trusted use only). */
  bindConsoleIdentity(identityId: string, contactId: string, at: Date): Promise<void>;
  /**
   * Takes one bind attempt, serialized with every other (so concurrent guesses cannot all slip
   * under the limit): refused when the identity is locked; when it already has `perIdentity`
   * failures since `since` (it is locked until `lockUntil` then); or when all identities together
   * have `overall` failures since `since`. An attempt taken counts as a failure until
   * settleBindAttempt says it succeeded.
   */
  beginBindAttempt(input: {
    identityId: string;
    at: Date;
    since: Date;
    perIdentity: number;
    overall: number;
    lockUntil: Date;
  }): Promise<BindAttemptStart>;
  settleBindAttempt(attemptId: string, succeeded: boolean): Promise<void>;
  lockIdentity(identityId: string, until: Date): Promise<void>;
  /** Active, real (not example) contacts whose roster e-mail is this one, compared case-insensitively. */
  contactsByEmail(email: string): Promise<{ id: string }[]>;
  /** Binds the identity to the contact if it is still unbound; false when another binding came first. */
  bindIdentityByEmail(identityId: string, contactId: string, at: Date): Promise<boolean>;
  /** Atomically checks and consumes an invite, binding the identity to its contact. */
  redeemInvite(codeHash: string, identityId: string, at: Date): Promise<RedeemResult>;
  /** Binds a group chat to a work group; re-binding the same chat moves it. */
  bindChannel(input: {
    groupKey: string;
    platform: Platform;
    chatId: string;
    title?: string | undefined;
    contactId: string;
    at: Date;
  }): Promise<void>;
  /** The group a chat is bound to, if any. */
  groupOfChannel(platform: Platform, chatId: string): Promise<string | null>;
  listGroups(): Promise<{ key: string; name: string; timezone: string }[]>;
  audit(entry: {
    at: Date;
    actorContactId?: string | null;
    actor: string;
    action: string;
    entity: string;
    entityId?: string | null;
    details?: Record<string, unknown>;
  }): Promise<void>;
}

/**
 * The event was already processed: another delivery of it stored its work first (a platform
 * retry racing the original, or a redelivery after a crash between the work and the answer).
 */
export class DuplicateEventError extends Error {
  constructor(readonly eventId: string) {
    super(`inbound event ${eventId} was already processed`);
    this.name = "DuplicateEventError";
  }
}
