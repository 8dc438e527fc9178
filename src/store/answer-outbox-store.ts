import type { AnswerOutbox } from "../core/chat/answer-queue.js";
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "./client.js";

/**
 * Answers to users as outbox rows of kind `answer`, which the dispatcher sends like any other:
 * once (the dedupe key), in order with the chat's other messages, after a restart too. Two kinds
 * arrive here: answers the adapters could not send within a few seconds (src/core/chat/answer-queue.ts),
 * and report confirmations written with the report (src/store/report-store.ts) and held by this
 * process while it sends them, which are marked sent here, or handed on when they cannot go out.
 */
export function createAnswerOutboxStore(
  prisma: PrismaClient,
  /** The plan's clock (may be simulated): the row's due time, which orders it among the chat's rows. */
  planNow: () => Date,
  /** Real time: when the platform took an answer. */
  transportNow: () => Date = () => new Date(),
): AnswerOutbox {
  // Sent marks of kept answers, gathered while one UPDATE is running: one round trip for many.
  let waiting: { key: string; at: Date; done: (error?: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await prisma.$executeRaw`
          UPDATE "OutboxMessage" o
          SET state = 'sent'::"OutboxState", "sentAt" = ${planNow()}::timestamptz, "transmittedAt" = m.at,
              "claimedBy" = NULL, "claimedUntil" = NULL
          FROM unnest(${batch.map((m) => `answer|${m.key}`)}::text[], ${batch.map((m) => m.at)}::timestamptz[]) AS m(key, at)
          -- Whoever holds it: the answer is out, and a row still waiting must not be sent again.
          WHERE o."dedupeKey" = m.key AND o.state IN ('sending'::"OutboxState", 'pending'::"OutboxState", 'failed'::"OutboxState")`;
        for (const m of batch) m.done();
      } catch (error) {
        for (const m of batch) m.done(error);
      }
    }
  }

  function schedule(): void {
    if (flushing) return;
    flushing = flush().finally(() => {
      flushing = undefined;
      if (waiting.length > 0) schedule();
    });
  }

  return {
    async handOff({ key, to, message, notBefore }) {
      // A kept answer (its row already there, held by this process) is let go to wait for its
      // time; any other is written now. A row already sent or given up is left alone.
      await prisma.$executeRaw`
        INSERT INTO "OutboxMessage" (id, "dedupeKey", kind, stage, platform, address, "threadId", payload, "dueAt",
          attempts, state, "nextAttemptAt")
        VALUES (${randomUUID()}::uuid, ${`answer|${key}`}, 'answer'::"OutboxKind", 'answer', ${to.platform}::"Platform",
          ${to.chatId}, ${to.threadId ?? null}::text, ${JSON.stringify(message)}::jsonb, ${planNow()}::timestamptz,
          -- The try the adapter made counts: the row then waits on real time (nextAttemptAt),
          -- whatever the plan's clock does (see dueNow in outbox-store.ts).
          1, 'pending'::"OutboxState", ${notBefore}::timestamptz)
        ON CONFLICT ("dedupeKey") DO UPDATE SET
          state = 'pending'::"OutboxState", "nextAttemptAt" = EXCLUDED."nextAttemptAt",
          "claimedBy" = NULL, "claimedUntil" = NULL
        WHERE "OutboxMessage".state IN ('sending'::"OutboxState", 'pending'::"OutboxState")`;
    },
    sent(key) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ key, at: transportNow(), done: (error) => (error ? reject(error) : resolve()) });
        schedule();
      });
    },
  };
}
