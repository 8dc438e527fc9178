// What the app gives the adapters for their answers to users (src/runtime/app.ts), for tests: one
// rate limiter, the outbox to hand answers to, and a real dispatcher that sends what was handed off.
import type { AnswerTransport } from "../../src/core/chat/answer-queue.js";
import type { ChatAdapter, Platform } from "../../src/core/chat/inbound.js";
import { systemClock, type Clock } from "../../src/domain/time/clock.js";
import { answerTransport } from "../../src/runtime/answer-transport.js";
import { createDispatcher, type Dispatcher } from "../../src/runtime/dispatcher.js";
import { createLogger } from "../../src/runtime/logger.js";
import { createRateLimiter } from "../../src/runtime/rate-limiter.js";
import { systemSleep } from "../../src/runtime/sleep.js";
import { createAnswerOutboxStore } from "../../src/store/answer-outbox-store.js";
import type { PrismaClient } from "../../src/store/client.js";
import { createOutboxStore } from "../../src/store/outbox-store.js";

export interface AnswerDelivery {
  /** For the adapter's `answers` option. */
  transport: AnswerTransport;
  /** Starts the dispatcher once the adapter exists (it sends through the adapter). */
  start(platform: Platform, adapter: Pick<ChatAdapter, "send">): void;
  stop(): Promise<void>;
}

export function answerDelivery(
  prisma: PrismaClient,
  /** The plan's clock, as the core's (a manual one in tests). */
  clock: Clock,
  options: { handOffAfterMs?: number } = {},
): AnswerDelivery {
  const limiter = createRateLimiter({ clock: systemClock, sleep: systemSleep });
  const transport: AnswerTransport = {
    ...answerTransport(
      limiter,
      createAnswerOutboxStore(prisma, () => clock.now()),
    ),
    ...(options.handOffAfterMs !== undefined ? { handOffAfterMs: options.handOffAfterMs } : {}),
  };
  let dispatcher: Dispatcher | undefined;
  return {
    transport,
    start(platform, adapter) {
      dispatcher = createDispatcher({
        store: createOutboxStore(prisma),
        adapters: { [platform]: adapter },
        clock,
        transportClock: systemClock,
        sleep: systemSleep,
        limiter,
        log: createLogger("silent"),
        workerId: `answers-test-${process.pid}`,
        intervalMs: 100,
      });
      dispatcher.start();
    },
    async stop() {
      await dispatcher?.stop();
    },
  };
}
