import { createZhuanbanBot } from "../../src/core/bot/zhuanban-bot.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { startOpsServer, type OpsServer } from "../../src/runtime/http-server.js";
import { createLogger } from "../../src/runtime/logger.js";
import { createWebAuthFor, createWebConsoleHandler } from "../../src/runtime/web-console.js";
import { createConversationStore } from "../../src/store/conversation-store.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { createIdentityStore } from "../../src/store/identity-store.js";
import { createOutboxWriter, createSchedulerStore } from "../../src/store/outbox-writer.js";
import { createPlanStore } from "../../src/store/plan-store.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { Writable } from "node:stream";
import { bindUsers, event, manualClock, recordingLog, replyText } from "./bot-harness.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

export interface WebWorld {
  db: TestDatabase;
  clock: ReturnType<typeof manualClock>;
  bot: ReturnType<typeof createZhuanbanBot>;
  baseUrl: string;
  /** Every log line the web console and the bot wrote, as text (for "no secret in the logs"). */
  logText(): string;
  /** A sign-in link for a bound chat user, asked for with /web like a user would. */
  linkFor(user: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The seeded 民生 group on the 2023 plan at 2023-01-16 10:00 (China time), users bound through real
 * invites (hrss and edu: unit contacts; boss: the convenor; office: the group office), the bot with
 * /web, and the console served by the real operations server on a free port.
 */
export async function startWebWorld(options: { publicUrl?: (port: number) => string } = {}): Promise<WebWorld> {
  const db = await createTestDatabase();
  await seedFromDir(db.prisma);
  const clock = manualClock("2023-01-16T02:00:00Z");
  await bindUsers(db.prisma, clock, {
    hrss: { unit: "hrss" },
    edu: { unit: "edu" },
    boss: { contact: "c-ms-convenor" },
    office: { contact: "c-ms-office" },
  });
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  const log = createLogger("info", sink);
  const ops: OpsServer = await startOpsServer({
    port: 0,
    host: "127.0.0.1",
    health: async () => ({ ok: true, checks: {} }),
    metrics: async () => ({ contentType: "text/plain", body: "" }),
    onError: (error, path) => log.error({ err: error, path }, "request failed"),
  });
  const baseUrl = `http://127.0.0.1:${ops.port}`;
  const publicUrl = options.publicUrl?.(ops.port) ?? baseUrl;
  const calendar = createWorkCalendar();
  ops.mountFallback(createWebConsoleHandler({ prisma: db.prisma, calendar, clock, locale: "zh-CN", publicUrl, log }));
  const botLog = recordingLog();
  const bot = createZhuanbanBot({
    identities: createIdentityStore(db.prisma),
    reports: createReportStore(db.prisma),
    conversations: createConversationStore(db.prisma),
    status: createStatusStore(db.prisma),
    digests: createDigestStore(db.prisma),
    chase: {
      plan: createPlanStore(db.prisma),
      scheduler: createSchedulerStore(db.prisma),
      outbox: createOutboxWriter(db.prisma),
    },
    calendar,
    clock,
    locale: "zh-CN",
    log: botLog,
    web: createWebAuthFor(db.prisma, clock, publicUrl),
  });
  return {
    db,
    clock,
    bot,
    baseUrl,
    logText: () => lines.join("") + JSON.stringify(botLog.lines),
    async linkFor(user) {
      const text = replyText(await bot.handle(event(user, { kind: "command", command: "web" })));
      const url = /https?:\/\/\S+/.exec(text)?.[0];
      if (!url) throw new Error(`no link in the /web reply: ${text}`);
      return url;
    },
    async close() {
      await ops.close();
      await db.drop();
    },
  };
}
