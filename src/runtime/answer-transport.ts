import type { AnswerOutbox, AnswerTransport } from "../core/chat/answer-queue.js";
import type { RateLimiter } from "./rate-limiter.js";

/**
 * Answers to users take their permits from the same rate limiter as the outbox's sends, so that
 * the two together stay within the platform's limits (a confirmation and 30 reminders in one
 * second are 31: a 429), and go to the outbox when they cannot be sent in time.
 */
export function answerTransport(limiter: RateLimiter, outbox: AnswerOutbox): AnswerTransport {
  return {
    outbox,
    pace: (to, { notAfter, signal }) => limiter.acquire(to.platform, to.chatId, { notAfter, signal }),
    pause: (to, until) => limiter.pause(to.platform, to.chatId, until),
  };
}
