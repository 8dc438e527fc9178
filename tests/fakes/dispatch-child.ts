// A dispatcher process for the crash test (tests/runtime/dispatcher-sigkill.test.ts):
//   node --import tsx tests/fakes/dispatch-child.ts <database url> <worker id> <send log file> <lease ms>
// It dispatches console-platform rows on the real clock to a fake platform that appends each
// message's key to the log file (synchronously: a line in the file is a message the platform
// took), then takes 5 ms to answer, so that a kill often lands with sends in flight.
// SIGTERM stops it gracefully; SIGKILL is the crash under test.
import { appendFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import pino from "pino";
import type { ChatAdapter } from "../../src/core/chat/inbound.js";
import { systemClock } from "../../src/domain/time/clock.js";
import { createDispatcher } from "../../src/runtime/dispatcher.js";
import { createRateLimiter } from "../../src/runtime/rate-limiter.js";
import { systemSleep } from "../../src/runtime/sleep.js";
import { createPrismaClient } from "../../src/store/client.js";
import { createOutboxStore } from "../../src/store/outbox-store.js";

const [url, workerId, sendLog, lease] = process.argv.slice(2);
if (!url || !workerId || !sendLog || !lease)
  throw new Error("usage: dispatch-child.ts <url> <worker id> <log> <lease ms>");

const prisma = createPrismaClient(url, 5);
let sent = 0;
const platform: Pick<ChatAdapter, "send"> = {
  async send(to, message) {
    appendFileSync(sendLog, `${message.summary}\n`);
    await delay(5);
    return { platformMessageId: `${workerId}-${++sent}`, chatId: to.chatId };
  },
};
const dispatcher = createDispatcher({
  store: createOutboxStore(prisma),
  adapters: { console: platform },
  clock: systemClock,
  sleep: systemSleep,
  limiter: createRateLimiter({ clock: systemClock, sleep: systemSleep }),
  log: pino({ level: process.env.CHILD_LOG ?? "warn" }, pino.destination(2)),
  workerId,
  batchSize: 20,
  concurrency: 4,
  leaseMs: Number(lease),
  sendTimeoutMs: Math.floor(Number(lease) / 3),
  intervalMs: 20,
});

process.once("SIGTERM", () => {
  void dispatcher
    .stop()
    .then(() => prisma.$disconnect())
    .then(() => process.exit(0));
});
dispatcher.start();
process.stdout.write("started\n");
