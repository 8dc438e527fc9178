// One bot process of the scale-out pass of item 2 (./intake.ts): the core and the Telegram adapter
// in webhook mode on the bench database, as `zhuanban start` runs them, forked by the bench. It
// answers {type: "ready", webhook} once its webhook server listens, and stops on {type: "stop"}
// (then exits). Its CPU time (user + system, ms) comes back with the stop.

import { loadWorkCalendar } from "../../src/runtime/calendar-loader.js";
import { createTelegramAdapter } from "../../adapters/telegram/index.js";
import { createPrismaClient } from "../../src/store/client.js";
import { benchCore, silentLogger } from "../lib/context.js";

interface Start {
  type: "start";
  url: string;
  apiRoot: string;
  token: string;
  secret: string;
}

process.once("message", (message: Start) => {
  void run(message).catch((error: unknown) => {
    process.send?.({ type: "error", message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
});

async function run(start: Start): Promise<void> {
  const prisma = createPrismaClient(start.url);
  const log = silentLogger();
  const core = benchCore({ prisma, calendar: await loadWorkCalendar(), log });
  const adapter = createTelegramAdapter({
    token: start.token,
    apiRoot: start.apiRoot,
    webhook: { url: "https://bench.invalid/telegram/webhook", secret: start.secret },
    log,
    locale: "zh-CN",
    rateLimit: null,
  });
  await adapter.start(core);
  const cpu0 = process.cpuUsage();
  process.on("message", (message: { type: string }) => {
    if (message.type !== "stop") return;
    const cpu = process.cpuUsage(cpu0);
    void adapter
      .stop()
      .then(() => prisma.$disconnect())
      .finally(() => {
        process.send?.({ type: "stopped", cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
      });
  });
  process.send?.({ type: "ready", webhook: adapter.webhookServerUrl });
}
