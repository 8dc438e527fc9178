/** What the web console's sign-in needs from storage (implemented in src/store/web-auth-store.ts). */
export interface WebAuthStore {
  contactByKey(key: string): Promise<{ id: string; name: string } | null>;
  saveLink(link: { tokenHash: string; contactId: string; expiresAt: Date }): Promise<void>;
  /**
   * Marks the link used if it is unused and unexpired at `at`, in one statement (two tabs opening
   * the same link cannot both win); otherwise says why it was refused.
   */
  consumeLink(
    tokenHash: string,
    at: Date,
  ): Promise<{ ok: true; contactId: string } | { ok: false; reason: LinkRefusal }>;
  createSession(session: {
    tokenHash: string;
    contactId: string;
    createdAt: Date;
    expiresAt: Date;
    userAgent: string | null;
  }): Promise<void>;
  /** A session that is neither expired nor revoked at `at`. */
  findSession(tokenHash: string, at: Date): Promise<{ id: string; contactId: string; expiresAt: Date } | null>;
  revokeSession(id: string, at: Date): Promise<boolean>;
  /** Live sessions of contacts who belong to any of these groups (by role or by unit). */
  liveSessions(groupKeys: readonly string[], at: Date): Promise<WebSessionRow[]>;
}

export type LinkRefusal = "invalid" | "expired" | "used";

export interface WebSessionRow {
  id: string;
  contactName: string;
  createdAt: Date;
  expiresAt: Date;
  userAgent: string | null;
}

/** A report version as the task page lists it: every version, corrections and 补报 included. */
export interface ReportVersionRow {
  id: string;
  unitId: string;
  unitName: string;
  periodKey: string;
  periodStartsAt: Date;
  version: number;
  isCurrent: boolean;
  isLate: boolean;
  status: string;
  submittedAt: Date;
  submittedBy: string | null;
  platform: string | null;
  progress: string;
  problems: string;
  nextSteps: string;
  coordinationNeeded: string;
  values: { targetId: string; value: number }[];
}

export interface UnitContactRow {
  name: string;
  role: string;
  /** Bound chat accounts and whether the bot can reach each. */
  identities: { platform: string; reachable: boolean }[];
}

export interface DigestRow {
  id: string;
  groupKey: string;
  periodKey: string;
  cycle: string;
  version: number;
  builtAt: Date;
}

export interface OutboxRowView {
  id: string;
  kind: string;
  state: string;
  attempts: number;
  platform: string;
  recipientName: string | null;
  lastError: string | null;
  dueAt: Date;
  nextAttemptAt: Date;
}

/** What the web console's pages read beyond the group evaluation (src/store/web-queries.ts). */
export interface WebQueryStore {
  /** Task id -> list kind (任务/项目/政策/指标) of a group's active tasks, for the 专班 filter. */
  listKinds(groupId: string): Promise<Map<string, string>>;
  /** The group and id of a task by its key, active or not. */
  findTask(groupKey: string, taskKey: string): Promise<{ taskId: string; groupKey: string } | null>;
  reportVersions(taskId: string): Promise<ReportVersionRow[]>;
  findUnit(unitKey: string): Promise<{ id: string; key: string; name: string; groupKeys: string[] } | null>;
  unitContacts(unitId: string): Promise<UnitContactRow[]>;
  digests(groupId: string): Promise<DigestRow[]>;
  digest(id: string): Promise<(DigestRow & { content: unknown }) | null>;
  outboxCounts(groupId: string): Promise<Record<string, number>>;
  /** Failed rows and rows waiting for a retry (attempted, not yet sent). */
  outboxTrouble(groupId: string): Promise<OutboxRowView[]>;
  unreachableContacts(groupId: string): Promise<{ name: string; platform: string; since: Date }[]>;
  /** A failed row goes back to pending, due now; false when it is not a failed row of this group. */
  retryFailed(outboxId: string, groupId: string, at: Date): Promise<boolean>;
}
