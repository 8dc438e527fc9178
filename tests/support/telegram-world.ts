// The whole bot on Telegram for end-to-end tests: a seeded test database, the real core, the real
// Telegram adapter (polling, or webhook mounted on the real operations port) talking to the fake Bot
// API, and the background of `npm start` (scheduler loop + outbox dispatcher, wired as in
// src/runtime/background.ts) on simulated time.

import { randomBytes } from "node:crypto";
import pino from "pino";
import { createTelegramAdapter, type TelegramAdapter } from "../../adapters/telegram/index.js";
import type { InboundHandler } from "../../src/core/chat/inbound.js";
import { issueInvites } from "../../src/core/invites.js";
import { runSchedulerTick, type SchedulerDeps } from "../../src/core/scheduler/tick.js";
import { noticeUnreachable } from "../../src/core/scheduler/unreachable-notice.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createDispatcher, type Dispatcher } from "../../src/runtime/dispatcher.js";
import { startOpsServer, type OpsServer } from "../../src/runtime/http-server.js";
import { createLogger } from "../../src/runtime/logger.js";
import { createRateLimiter } from "../../src/runtime/rate-limiter.js";
import { createSchedulerLoop, type LoopTimer, type SchedulerLoop } from "../../src/runtime/scheduler-loop.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createCore } from "../../src/runtime/wiring.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { createInviteStore } from "../../src/store/invite-store.js";
import { createOutboxStore } from "../../src/store/outbox-store.js";
import { createOutboxWriter, createSchedulerStore } from "../../src/store/outbox-writer.js";
import { createPlanStore } from "../../src/store/plan-store.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { FakeBotApi, type FakeChat, type FakeUser, type RecordedCall } from "../fakes/telegram/fake-bot-api.js";
import { createVirtualTime, type VirtualTime } from "../fakes/virtual-time.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

/** The Telegram users of the tests and who they are in the seeded plan (minsheng). */
export const PEOPLE = {
  hrss: { id: 4201, first_name: "张伟", last_name: "（省人社厅）" },
  gov: { id: 4202, first_name: "陈静", last_name: "（省政务局）" },
  edu: { id: 4203, first_name: "刘洋", last_name: "（省教育厅）" },
  health: { id: 4204, first_name: "赵敏", last_name: "（省卫健委）" },
  convenor: { id: 4301, first_name: "李娜" },
  office: { id: 4302, first_name: "王芳" },
} satisfies Record<string, FakeUser>;

/** Invite targets: a unit's primary contact, or a seeded contact by key. */
export const WHO: Record<keyof typeof PEOPLE, { unit?: string; contact?: string }> = {
  hrss: { unit: "hrss" },
  gov: { unit: "gov-service" },
  edu: { unit: "edu" },
  health: { unit: "health" },
  convenor: { contact: "c-ms-convenor" },
  office: { contact: "c-ms-office" },
};

export const GROUP_CHAT: FakeChat = { id: -1001987654321, type: "supergroup", title: "民生专班工作群" };

/**
 * Both loops wake every 30 simulated minutes: what `npm start` does with ZHUANBAN_CLOCK_SPEED=7200
 * (both loops every 250 ms of real time). A tick costs some 50 ms of planning, so a simulated day at
 * one tick a minute would take over a minute to run; the default ladder's instants (09:00, 15:00,
 * 18:00) are all on the half hour. The dispatcher's own waits (rate-limit slots, retry-after) are exact.
 */
export const LOOP_MS = 30 * 60_000;

export interface TelegramWorld {
  mode: "polling" | "webhook";
  db: TestDatabase;
  api: FakeBotApi;
  vt: VirtualTime;
  adapter: TelegramAdapter;
  scheduler: SchedulerLoop<unknown>;
  dispatcher: Dispatcher;
  log: { level: string; fields: object; message: string }[];
  /**
   * A user says something (in their private chat unless `chat` is given); resolves, once the bot is
   * done with it, with the bot's answers in that chat.
   */
  say(user: FakeUser, text: string, options?: { chat?: FakeChat; replyTo?: number }): Promise<string[]>;
  /** A user presses a button of one of the bot's messages; resolves with the bot's answers in that chat. */
  press(user: FakeUser, message: RecordedCall, label: string | RegExp): Promise<string[]>;
  /** Binds users through real invite codes and /bind in their private chats with the bot. */
  bind(...users: (keyof typeof PEOPLE)[]): Promise<void>;
  /** Moves simulated time to a Shanghai wall-clock instant (`2023-03-20 09:01`); the background runs on the way. */
  advanceTo(shanghai: string): Promise<void>;
  close(): Promise<void>;
}

/** A Shanghai wall-clock time as an instant: `sh("2023-03-20 09:00")`. */
export const sh = (text: string) => new Date(`${text.replace(" ", "T")}:00+08:00`);

/** The inline keyboard of a sent message, flattened. */
export function buttonsOf(call: RecordedCall | undefined): { text: string; callback_data: string }[] {
  const markup = call?.params.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] };
  return markup?.inline_keyboard?.flat() ?? [];
}

/** Runs the scheduler loop's timer on simulated time. */
function virtualTimer(vt: VirtualTime): LoopTimer {
  return {
    set(callback, ms) {
      const cancel = new AbortController();
      void vt.sleep(ms, cancel.signal).then(() => {
        if (!cancel.signal.aborted) callback();
      });
      return cancel;
    },
    clear: (handle) => (handle as AbortController).abort(),
  };
}

export async function startTelegramWorld(mode: "polling" | "webhook", start: Date): Promise<TelegramWorld> {
  const db = await createTestDatabase();
  await seedFromDir(db.prisma);
  const vt = createVirtualTime(start);
  const api = new FakeBotApi({ now: () => vt.now() });
  await api.start();
  const log: TelegramWorld["log"] = [];
  const at = (level: string) => (fields: object, message: string) => void log.push({ level, fields, message });
  const calendar = createWorkCalendar();
  const silent = createLogger("silent");
  const core: InboundHandler = createCore({
    prisma: db.prisma,
    calendar,
    clock: vt.clock,
    locale: "zh-CN",
    log: silent,
  });

  let ops: OpsServer | undefined;
  const adapterConfig = {
    token: api.token,
    apiRoot: api.url,
    log: { info: at("info"), warn: at("warn"), error: at("error") },
    pollTimeoutSeconds: 5,
    locale: "zh-CN" as const,
    // The dispatcher paces outbox messages on simulated time; the client's own limiter runs on
    // real time and would only slow the test down.
    rateLimit: null,
  };
  let adapter: TelegramAdapter;
  if (mode === "polling") {
    adapter = createTelegramAdapter(adapterConfig);
  } else {
    // As `npm start` does: the webhook route on the operations port (here Telegram's POSTs come
    // from the fake, to the URL the adapter registered with setWebhook).
    const server = await startOpsServer({
      port: 0,
      host: "127.0.0.1",
      health: () => Promise.resolve({ ok: true, checks: {} }),
      metrics: () => Promise.resolve({ contentType: "text/plain", body: "" }),
      onError: (error, path) => at("error")({ err: String(error), path }, "http handler failed"),
    });
    ops = server;
    adapter = createTelegramAdapter({
      ...adapterConfig,
      webhook: { url: `http://127.0.0.1:${server.port}/telegram/webhook`, secret: "e2e_Webhook-secret" },
      mountRoute: (path, handler) => server.mount(path, handler),
    });
  }
  await adapter.start(core);

  // The background, wired as src/runtime/background.ts wires it, on simulated time. Every store
  // is tracked, so that simulated time stands still while the database answers.
  const deps: SchedulerDeps = {
    plan: vt.track(createPlanStore(db.prisma)),
    calendar,
    scheduler: vt.track(createSchedulerStore(db.prisma)),
    outbox: vt.track(createOutboxWriter(db.prisma)),
    status: vt.track(createStatusStore(db.prisma)),
    reports: vt.track(createReportStore(db.prisma)),
    digests: vt.track(createDigestStore(db.prisma)),
    locale: "zh-CN",
    log: { info: at("info"), warn: at("warn"), error: at("error") },
  };
  const digests = deps.digests;
  const tick = vt.track({ run: (now: Date) => runSchedulerTick(now, deps) });
  const scheduler = createSchedulerLoop<unknown>({
    clock: vt.clock,
    intervalMs: LOOP_MS,
    timer: virtualTimer(vt),
    log: { error: at("error") },
    tick: (now) => tick.run(now),
  });
  const dispatcher = createDispatcher({
    store: vt.track(createOutboxStore(db.prisma)),
    adapters: { telegram: vt.track(adapter) },
    clock: vt.clock,
    sleep: vt.sleep,
    limiter: createRateLimiter({ clock: vt.clock, sleep: vt.sleep }),
    log: pino({ level: "silent" }),
    workerId: `telegram-e2e-${mode}`,
    random: () => 0.5,
    intervalMs: LOOP_MS,
    resolveAddress: async (row) => {
      const base = { platform: row.platform, chatId: row.address };
      if (row.kind !== "digest" || !row.recipientChannelId || !row.periodId) return base;
      const root = await digests.threadRoot(row.recipientChannelId, row.periodId);
      return root ? { ...base, threadId: root } : base;
    },
    onSent: async (row, sent) => {
      if (row.kind !== "digest" || !row.recipientChannelId || !row.periodId || !row.groupId) return;
      await digests.recordPost({
        groupId: row.groupId,
        periodId: row.periodId,
        channelId: row.recipientChannelId,
        platformMessageId: sent.platformMessageId,
        threadRootId: await digests.threadRoot(row.recipientChannelId, row.periodId),
        at: vt.clock.now(),
      });
    },
    onUnreachable: async (row) => {
      if (row.groupId === null) return;
      await noticeUnreachable(
        { ...row, groupId: row.groupId },
        {
          scheduler: deps.scheduler,
          outbox: deps.outbox,
          locale: "zh-CN",
          now: vt.clock.now(),
        },
      );
    },
  });
  await vt.run(scheduler.start());
  dispatcher.start();

  const world: TelegramWorld = {
    mode,
    db,
    api,
    vt,
    adapter,
    scheduler,
    dispatcher,
    log,

    async say(user, text, options = {}) {
      const chatId = options.chat?.id ?? user.id;
      const before = api.sentTo(chatId).length;
      const update = api.say(user, text, {
        ...(options.chat ? { chat: options.chat } : {}),
        ...(options.replyTo !== undefined ? { replyTo: options.replyTo } : {}),
      });
      await api.handled(update);
      await adapter.answersSettled();
      return api.textsTo(chatId).slice(before);
    },

    async press(user, message, label) {
      const button = buttonsOf(message).find((b) =>
        typeof label === "string" ? b.text === label : label.test(b.text),
      );
      if (!button) throw new Error(`no button ${String(label)} in ${JSON.stringify(buttonsOf(message))}`);
      const chatId = String(message.params.chat_id);
      const before = api.sentTo(chatId).length;
      const update = api.press(user, message, button.callback_data);
      await api.handled(update);
      await adapter.answersSettled();
      return api.textsTo(chatId).slice(before);
    },

    async bind(...users) {
      const store = createInviteStore(db.prisma);
      for (const name of users) {
        const [invite] = await issueInvites({ ...WHO[name], validDays: 7 }, { store, clock: vt.clock, randomBytes });
        await world.say(PEOPLE[name], `/bind ${invite!.code}`);
      }
    },

    async advanceTo(shanghai) {
      await vt.advance(sh(shanghai).getTime() - vt.now());
    },

    async close() {
      await vt.run(Promise.all([scheduler.stop(), dispatcher.stop()]));
      await adapter.stop();
      await ops?.close();
      await api.stop();
      await db.drop();
    },
  };
  return world;
}
