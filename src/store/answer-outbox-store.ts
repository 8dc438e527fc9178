import type { AnswerOutbox } from "../core/chat/answer-queue.js";
import type { Prisma, PrismaClient } from "./client.js";

/**
 * Answers the adapters could not send within a few seconds (src/core/chat/answer-queue.ts), kept
 * as outbox rows of kind `answer` that the dispatcher sends like any other: once (the dedupe key),
 * in order with the chat's other messages, after a restart too.
 */
export function createAnswerOutboxStore(
  prisma: PrismaClient,
  /** The plan's clock (may be simulated): the row's due time, which orders it among the chat's rows. */
  planNow: () => Date,
): AnswerOutbox {
  return {
    async handOff({ key, to, message, notBefore }) {
      await prisma.outboxMessage.createMany({
        data: [
          {
            dedupeKey: `answer|${key}`,
            kind: "answer",
            stage: "answer",
            platform: to.platform,
            address: to.chatId,
            threadId: to.threadId ?? null,
            payload: message as unknown as Prisma.InputJsonValue,
            dueAt: planNow(),
            // The try the adapter made counts: the row then waits on real time (nextAttemptAt),
            // whatever the plan's clock does (see dueNow in outbox-store.ts).
            attempts: 1,
            nextAttemptAt: notBefore,
          },
        ],
        skipDuplicates: true,
      });
    },
  };
}
