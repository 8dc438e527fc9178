import type { Platform } from "../core/chat/inbound.js";
import type { OutboxKind, OutboxRow as NewOutboxRow } from "../core/scheduler/ports.js";
import { driverQuery, driverSql, Prisma, type PrismaClient } from "./client.js";

export type OutboxState = "pending" | "sending" | "sent" | "failed" | "unreachable" | "cancelled";
export type { OutboxKind } from "../core/scheduler/ports.js";

export const OUTBOX_STATES: readonly OutboxState[] = [
  "pending",
  "sending",
  "sent",
  "failed",
  "unreachable",
  "cancelled",
];

/**
 * `nextAttemptAt` of a row that failed for good (the platform rejected it): never claimed again,
 * and it does not hold back later messages to the same recipient. Still `failed`, so the office
 * sees it in /status.
 */
export const NEVER = new Date("9999-12-31T00:00:00.000Z");

/**
 * One outbox row as the dispatcher sees it: what the scheduler wrote (`OutboxRow` of the core),
 * with the payload as stored (unchecked JSON), and the delivery state kept since.
 */
export interface OutboxRow extends Omit<NewOutboxRow, "payload" | "groupId"> {
  id: string;
  /** Null for an answer to someone in no work group yet. */
  groupId: string | null;
  /** Where in the chat an answer goes (the message it answers, the thread); null otherwise. */
  threadId: string | null;
  payload: unknown;
  state: OutboxState;
  attempts: number;
  claimedBy: string | null;
  claimedUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  platformMessageId: string | null;
  createdAt: Date;
}

/** A row this worker holds, with the state it had before the claim (so a release can restore it). */
export interface ClaimedRow extends OutboxRow {
  state: "sending";
  claimedBy: string;
  claimedUntil: Date;
  previousState: OutboxState;
}

/** A row that did not go out, for the office (/status): failed after its tries, rejected, or unreachable. */
export interface UndeliveredRow {
  id: string;
  dedupeKey: string;
  kind: OutboxKind;
  stage: string;
  state: "failed" | "unreachable";
  platform: Platform;
  address: string;
  periodId: string | null;
  taskId: string | null;
  unitId: string | null;
  recipientContactId: string | null;
  recipientChannelId: string | null;
  dueAt: Date;
  attempts: number;
  lastError: string | null;
  /** When it will be tried again; null when never (rejected by the platform, or unreachable). */
  retryAt: Date | null;
}

/** What a delivered row records. */
export interface SentMark {
  platformMessageId: string;
  chatId?: string | undefined;
  /** On the plan's clock (what the office reads). */
  sentAt: Date;
  /** On the transport's clock, when the platform answered: spaces the recipient's next message. */
  transmittedAt?: Date;
}

export interface ClaimOptions {
  now: Date;
  limit: number;
  workerId: string;
  leaseMs: number;
  /**
   * The transport's time (leases, retry waits): the real clock, while `now` is the plan's, which
   * may be simulated (ZHUANBAN_CLOCK_SPEED). A row never tried yet is due by the plan (its due
   * time); a row tried before waits on the transport's time. Default `now`.
   */
  transportNow?: Date;
  /**
   * A recipient's next row is not claimed until this long after the platform took their last
   * message (transport time), by whichever process: the platforms' per-chat limit (Telegram and
   * Slack, a message a second) holds across processes. Default 0 (no spacing).
   */
  recipientGapMs?: number;
  /**
   * Rows held by a process that stopped beating (DispatchProcess, src/store/dispatch-process-store.ts)
   * this long ago are taken over before their lease ends: a crashed process's rows come back in
   * seconds rather than a lease. Processes that never beat keep their leases. Default: off.
   */
  deadAfterMs?: number;
  /** Only rows for these platforms (the ones this process has an adapter for). */
  platforms: readonly Platform[];
}

/** What the dispatcher needs from the database. Every mark is conditional on the row still being held by `workerId`. */
export interface OutboxStore {
  /**
   * Atomically claims up to `limit` due rows for `workerId` (state `sending`, lease until
   * now + leaseMs, attempts + 1): pending or failed rows whose nextAttemptAt has come, and
   * sending rows whose lease expired (a crashed worker's). Safe across processes (FOR UPDATE SKIP
   * LOCKED). Keeps each recipient's messages in due order: a row is returned only when every
   * earlier undelivered row for the same platform and address is in the same claim; rows that
   * lost that race to another worker are given back before returning. Ordered by due time.
   */
  claimDue(options: ClaimOptions): Promise<ClaimedRow[]>;
  /**
   * Records a send. `chatId` is where the message landed when the platform chose (a Slack DM
   * opened for a user id): the row's address becomes it, so a reply in that chat finds the reminder.
   * False when the row is no longer held by this worker (lease lost: a duplicate is possible).
   */
  markSent(id: string, workerId: string, sent: SentMark): Promise<boolean>;
  /**
   * {@link markSent} for many rows in one statement (one commit, one WAL flush). Answers the ids
   * that were recorded; a row missing from the answer was no longer held by this worker.
   */
  markSentMany(workerId: string, sent: readonly (SentMark & { id: string })[]): Promise<Set<string>>;
  /**
   * Try again at `nextAttemptAt` (state pending, the error kept). Later rows to the recipient wait
   * for it. `uncounted`: the try does not count against the row's tries (the platform as a whole
   * was down, nothing wrong with this message).
   */
  markRetry(
    id: string,
    workerId: string,
    retry: { error: string; nextAttemptAt: Date; uncounted?: boolean },
  ): Promise<boolean>;
  /**
   * Out of tries for now, or refused for good (`nextAttemptAt` = {@link NEVER}): state failed,
   * shown to the office. A failed row with a real `nextAttemptAt` is claimed again then, and
   * until then holds back later rows to the same recipient.
   */
  markFailed(id: string, workerId: string, failure: { error: string; nextAttemptAt: Date }): Promise<boolean>;
  /**
   * The recipient cannot be reached (blocked the bot, left the workspace). Marks this row and
   * every other undelivered row already due to the same platform and address that nobody else
   * is sending unreachable, flags the matching chat identity or group channel (`unreachableAt`), and says
   * whether this is news: `firstForRecipient` is false when the recipient was already known
   * unreachable and nothing has reached them since. Serialised per recipient, so exactly one
   * worker learns the news.
   */
  markUnreachable(
    id: string,
    workerId: string,
    failure: { error: string; at: Date },
  ): Promise<{ marked: boolean; firstForRecipient: boolean; alsoMarked: number }>;
  /** Gives back rows this worker claimed but did not try: previous state, attempts - 1. */
  release(workerId: string, rows: readonly Pick<ClaimedRow, "id" | "previousState">[]): Promise<number>;
  /** Graceful shutdown: every row still held by this worker goes back to pending, attempts - 1. */
  releaseClaims(workerId: string): Promise<number>;
  countsByState(): Promise<Record<OutboxState, number>>;
  /** Failed and unreachable rows of a group, oldest due first, for the office in /status. */
  failedForGroup(groupId: string): Promise<UndeliveredRow[]>;
}

// Rows that still have to go out before a later row to the same recipient may: waiting, being
// sent, or failed but coming back. A row rejected for good (NEVER) holds nothing back.
const holdsBackLater = (e: Prisma.Sql, never: Date) => Prisma.sql`(
  ${e}.state IN ('pending'::"OutboxState", 'sending'::"OutboxState")
  OR (${e}.state = 'failed'::"OutboxState" AND ${e}."nextAttemptAt" < ${never}::timestamptz)
)`;

const earlierToSameRecipient = (e: Prisma.Sql, o: Prisma.Sql) => Prisma.sql`
  ${e}.platform = ${o}.platform AND ${e}.address = ${o}.address
  AND (${e}."dueAt", ${e}."createdAt", ${e}.id) < (${o}."dueAt", ${o}."createdAt", ${o}.id)`;

// Due to be tried now: waiting and its time has come, or held by a worker whose lease ran out.
// A row never tried (attempts 0) waits for its due time on the plan's clock; retry waits and
// leases are on the transport's (real) clock, whatever speed the plan's runs at (issue 17, item 11).
const dueNow = (e: Prisma.Sql, now: Date, transportNow: Date, deadAfterMs: number | undefined) => Prisma.sql`(
  (${e}.state IN ('pending'::"OutboxState", 'failed'::"OutboxState") AND ${e}."nextAttemptAt" <= (
    CASE WHEN ${e}.attempts = 0 THEN ${now}::timestamptz ELSE ${transportNow}::timestamptz END))
  OR (${e}.state = 'sending'::"OutboxState" AND ${e}."claimedUntil" <= ${transportNow}::timestamptz)
  ${
    deadAfterMs === undefined
      ? Prisma.empty
      : Prisma.sql`OR (${e}.state = 'sending'::"OutboxState" AND ${e}."claimedBy" IN (SELECT p.id FROM "DispatchProcess" p
          WHERE p."seenAt" < now() - make_interval(secs => ${deadAfterMs / 1000}::float8)))`
  }
)`;

const E = Prisma.raw("e");
const O = Prisma.raw("o");

export function createOutboxStore(prisma: PrismaClient): OutboxStore {
  const release: OutboxStore["release"] = async (workerId, rows) => {
    if (rows.length === 0) return 0;
    const failedIds = rows.filter((r) => r.previousState === "failed").map((r) => r.id);
    return prisma.$executeRaw`
      UPDATE "OutboxMessage"
      SET state = (CASE WHEN id = ANY(${failedIds}::uuid[]) THEN 'failed' ELSE 'pending' END)::"OutboxState",
          attempts = GREATEST(attempts - 1, 0), "claimedBy" = NULL, "claimedUntil" = NULL
      WHERE id = ANY(${rows.map((r) => r.id)}::uuid[]) AND state = 'sending'::"OutboxState" AND "claimedBy" = ${workerId}`;
  };

  // The marks are plain SQL through the pg driver: they run once per send, and Prisma's client
  // (its parameter and result handling) cost several times the database's own work here. Sent
  // rows are marked in batches (the dispatcher collects the sends that finish while a mark is being
  // written): one UPDATE and one commit for all of them, where a statement per row cost a WAL
  // flush per message (bench/, item 1). The batch goes as one JSON parameter: cheaper to build and
  // to read than five arrays of text.
  const markSentMany: OutboxStore["markSentMany"] = async (workerId, sent) => {
    if (sent.length === 0) return new Set();
    const marks = JSON.stringify(
      sent.map((s) => ({
        id: s.id,
        message_id: s.platformMessageId,
        chat_id: s.chatId ?? null,
        sent_at: s.sentAt,
        transmitted_at: s.transmittedAt ?? s.sentAt,
      })),
    );
    const rows = await driverQuery<{ id: string }>(
      prisma,
      `UPDATE "OutboxMessage" m
       SET state = 'sent'::"OutboxState", "sentAt" = x.sent_at, "platformMessageId" = x.message_id,
           "transmittedAt" = x.transmitted_at,
           address = COALESCE(x.chat_id, m.address), "lastError" = NULL, "claimedBy" = NULL, "claimedUntil" = NULL
       FROM json_to_recordset($1::json)
         AS x(id uuid, message_id text, chat_id text, sent_at timestamptz, transmitted_at timestamptz)
       WHERE m.id = x.id AND m.state = 'sending'::"OutboxState" AND m."claimedBy" = $2
       RETURNING m.id::text AS id`,
      [marks, workerId],
    );
    return new Set(rows.map((r) => r.id));
  };

  async function reschedule(
    id: string,
    workerId: string,
    state: "pending" | "failed",
    { error, nextAttemptAt, uncounted = false }: { error: string; nextAttemptAt: Date; uncounted?: boolean },
  ): Promise<boolean> {
    const count = await prisma.$executeRaw`
      UPDATE "OutboxMessage"
      SET state = ${state}::"OutboxState", "nextAttemptAt" = ${nextAttemptAt}::timestamptz, "lastError" = ${error},
          "claimedBy" = NULL, "claimedUntil" = NULL,
          -- Never back to 0: a row with attempts 0 waits on the plan's clock, this one on the transport's.
          attempts = CASE WHEN ${uncounted} THEN GREATEST(attempts - 1, 1) ELSE attempts END
      WHERE id = ${id}::uuid AND state = 'sending'::"OutboxState" AND "claimedBy" = ${workerId}`;
    return count === 1;
  }

  return {
    async claimDue({ now, limit, workerId, leaseMs, platforms, transportNow = now, recipientGapMs = 0, deadAfterMs }) {
      if (limit <= 0 || platforms.length === 0) return [];
      const until = new Date(transportNow.getTime() + leaseMs);
      // A candidate is skipped when an earlier row to its recipient has to go first and is not
      // itself due now (backing off, paused by a 429, parked until the next cycle, being sent).
      // Worked out in one pass over the rows still to deliver, each recipient's in due order (a
      // window). Asked per candidate, the same test cost 150-400 ms a claim with 10,000 rows due;
      // checked with a join, it depended on the planner's statistics (20 ms, or 600 ms on a table
      // analysed while empty, as the outbox is just before a due-day tick): bench/, item 1.
      // Recipients who got a message within the gap: their rows are not due yet (and hold back their later ones).
      const gapSince = new Date(transportNow.getTime() - recipientGapMs);
      // Through the pg driver: 500 rows with their payloads, which Prisma's result mapping took
      // several times longer to hand over than the database took to find them (bench/, item 1).
      const claimed = await driverSql<ClaimedRow>(
        prisma,
        Prisma.sql`
        WITH recent AS (
          SELECT DISTINCT s.platform, s.address FROM "OutboxMessage" s
          WHERE ${recipientGapMs > 0} AND s."transmittedAt" > ${gapSince}::timestamptz
            AND s.state = 'sent'::"OutboxState"
        ),
        candidates AS (
          SELECT o.id, o.state AS "previousState"
          FROM "OutboxMessage" o
          WHERE o.id IN (
            SELECT w.id FROM (
              SELECT e.id, ${dueNow(E, now, transportNow, deadAfterMs)} AND r.address IS NULL AS due,
                bool_and((${dueNow(E, now, transportNow, deadAfterMs)} AND r.address IS NULL) OR NOT ${holdsBackLater(E, NEVER)}) OVER (
                  PARTITION BY e.platform, e.address ORDER BY e."dueAt", e."createdAt", e.id
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                ) AS clear
              FROM "OutboxMessage" e
              LEFT JOIN recent r ON r.platform = e.platform AND r.address = e.address
              -- Compared as the enum, not as text, so that the planner estimates the rows right.
              WHERE e.platform = ANY(${[...platforms]}::"Platform"[]) AND ${holdsBackLater(E, NEVER)}
            ) w
            -- clear is null for a recipient's first row: nothing before it.
            WHERE w.due AND w.clear IS NOT FALSE
          )
            -- Again on the row itself: a row another worker claimed since our snapshot is checked
            -- once more when it is locked, and is then no longer due.
            AND ${dueNow(O, now, transportNow, deadAfterMs)}
          ORDER BY o."dueAt", o."createdAt", o.id
          LIMIT ${limit}
          FOR UPDATE OF o SKIP LOCKED
        )
        UPDATE "OutboxMessage" m
        SET state = 'sending'::"OutboxState", "claimedBy" = ${workerId}, "claimedUntil" = ${until}::timestamptz,
            attempts = m.attempts + 1
        FROM candidates c
        WHERE m.id = c.id
        RETURNING m.*, c."previousState"`,
      );
      if (claimed.length === 0) return [];

      // The claim above saw a snapshot: another worker may have been claiming an earlier row to
      // one of these recipients at the same moment. Now that our claim is committed, anything
      // earlier that is still undelivered and not ours means that recipient is not ours to send to.
      const blocked = await prisma.$queryRaw<{ id: string }[]>`
        SELECT o.id FROM "OutboxMessage" o
        WHERE o.id = ANY(${claimed.map((r) => r.id)}::uuid[])
          AND EXISTS (
            SELECT 1 FROM "OutboxMessage" e
            WHERE ${earlierToSameRecipient(E, O)}
              AND ${holdsBackLater(E, NEVER)}
              AND NOT (e.state = 'sending'::"OutboxState" AND e."claimedBy" = ${workerId})
          )`;
      const blockedIds = new Set(blocked.map((b) => b.id));
      if (blockedIds.size > 0) await release(workerId, [...claimed.filter((r) => blockedIds.has(r.id))]);
      return claimed
        .filter((r) => !blockedIds.has(r.id))
        .sort(
          (a, b) =>
            a.dueAt.getTime() - b.dueAt.getTime() ||
            a.createdAt.getTime() - b.createdAt.getTime() ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
    },

    async markSent(id, workerId, sent) {
      return (await markSentMany(workerId, [{ ...sent, id }])).has(id);
    },

    markSentMany,

    markRetry: (id, workerId, retry) => reschedule(id, workerId, "pending", retry),

    markFailed: (id, workerId, failure) => reschedule(id, workerId, "failed", failure),

    markUnreachable(id, workerId, { error, at }) {
      return prisma.$transaction(async (tx) => {
        const row = await tx.outboxMessage.findUnique({ where: { id }, select: { platform: true, address: true } });
        if (!row) return { marked: false, firstForRecipient: false, alsoMarked: 0 };
        const { platform, address } = row;
        // One worker at a time decides about a recipient, so exactly one of them learns the news.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`zhuanban.unreachable|${platform}|${address}`}))`;
        // Already known: an earlier row to them went unreachable (its nextAttemptAt records when)
        // and nothing has been delivered to them since.
        const known = await tx.$queryRaw<{ known: boolean }[]>`
          SELECT EXISTS (
            SELECT 1 FROM "OutboxMessage" u
            WHERE u.platform = ${platform}::"Platform" AND u.address = ${address} AND u.state = 'unreachable'::"OutboxState"
              AND NOT EXISTS (
                SELECT 1 FROM "OutboxMessage" s
                WHERE s.platform = u.platform AND s.address = u.address AND s.state = 'sent'::"OutboxState"
                  AND s."sentAt" >= u."nextAttemptAt"
              )
          ) AS known`;
        const { count } = await tx.outboxMessage.updateMany({
          where: { id, state: "sending", claimedBy: workerId },
          data: { state: "unreachable", lastError: error, nextAttemptAt: at, claimedBy: null, claimedUntil: null },
        });
        if (count === 0) return { marked: false, firstForRecipient: false, alsoMarked: 0 };
        // What is already due to them would fail the same way: stop it, except rows another worker
        // is sending now. Rows due later are still tried when due (they may have come back by then).
        const others = await tx.outboxMessage.updateMany({
          where: {
            platform,
            address,
            id: { not: id },
            dueAt: { lte: at },
            OR: [
              { state: { in: ["pending", "failed"] }, nextAttemptAt: { lt: NEVER } },
              { state: "sending", claimedBy: workerId },
              { state: "sending", claimedUntil: { lte: at } },
            ],
          },
          data: {
            state: "unreachable",
            lastError: `recipient unreachable: ${error}`,
            nextAttemptAt: at,
            claimedBy: null,
            claimedUntil: null,
          },
        });
        await tx.chatIdentity.updateMany({
          where: { platform, unreachableAt: null, OR: [{ directChatId: address }, { platformUserId: address }] },
          data: { unreachableAt: at },
        });
        await tx.groupChannel.updateMany({
          where: { platform, chatId: address, unreachableAt: null },
          data: { unreachableAt: at },
        });
        return { marked: true, firstForRecipient: !known[0]?.known, alsoMarked: others.count };
      });
    },

    release,

    releaseClaims(workerId) {
      return prisma.$executeRaw`
        UPDATE "OutboxMessage"
        SET state = 'pending'::"OutboxState", attempts = GREATEST(attempts - 1, 0), "claimedBy" = NULL, "claimedUntil" = NULL
        WHERE state = 'sending'::"OutboxState" AND "claimedBy" = ${workerId}`;
    },

    async countsByState() {
      const groups = await prisma.outboxMessage.groupBy({ by: ["state"], _count: { _all: true } });
      const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
      for (const g of groups) counts[g.state] = g._count._all;
      return counts;
    },

    async failedForGroup(groupId) {
      const rows = await prisma.outboxMessage.findMany({
        where: { groupId, state: { in: ["failed", "unreachable"] } },
        orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
      });
      return rows.map((r) => ({
        id: r.id,
        dedupeKey: r.dedupeKey,
        kind: r.kind,
        stage: r.stage,
        state: r.state as "failed" | "unreachable",
        platform: r.platform,
        address: r.address,
        periodId: r.periodId,
        taskId: r.taskId,
        unitId: r.unitId,
        recipientContactId: r.recipientContactId,
        recipientChannelId: r.recipientChannelId,
        dueAt: r.dueAt,
        attempts: r.attempts,
        lastError: r.lastError,
        retryAt: r.state === "failed" && r.nextAttemptAt.getTime() < NEVER.getTime() ? r.nextAttemptAt : null,
      }));
    },
  };
}
