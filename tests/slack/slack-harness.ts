// Shared set-up of the Slack tests: a seeded test database, the real core, the real Slack adapter
// (Bolt in HTTP mode) talking to the fake Slack Web API, and helpers that act as Slack's servers.

import { randomBytes } from "node:crypto";
import { createSlackAdapter, type SlackAdapter, type SlackAdapterConfig } from "../../adapters/slack/index.js";
import type { AnswerTransport } from "../../src/core/chat/answer-queue.js";
import type { InboundHandler } from "../../src/core/chat/inbound.js";
import { issueInvites } from "../../src/core/invites.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import type { Clock } from "../../src/domain/time/clock.js";
import { createLogger } from "../../src/runtime/logger.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createCore } from "../../src/runtime/wiring.js";
import type { PrismaClient } from "../../src/store/client.js";
import { createInviteStore } from "../../src/store/invite-store.js";
import { FakeSlackApi, type SlackCall } from "../fakes/slack/fake-slack-api.js";
import {
  blockActionsPayload,
  sendInteraction,
  sendSlashCommand,
  type SignOptions,
} from "../fakes/slack/slack-requests.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Users of the fake workspace and who they are in the seeded plan (minsheng). */
export const USERS = {
  hrss: { id: "U0HRSS", name: "zhang.wei", realName: "张伟", displayName: "省人社厅 张伟" },
  convenor: { id: "U0BOSS", name: "li.na", realName: "李娜", displayName: "召集人 李娜" },
  office: { id: "U0OFFICE", name: "wang.fang", realName: "王芳", displayName: "专班办 王芳" },
} as const;
export const CHANNEL = { id: "C0MINSHENG", name: "minsheng-zhuanban" } as const;

/** A log that keeps its lines, for asserting on what went wrong. */
export function slackLog() {
  const lines: { level: string; fields: object; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields, message });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

export interface SlackWorld {
  db: TestDatabase;
  fake: FakeSlackApi;
  core: InboundHandler;
  adapter: SlackAdapter;
  url: string;
  sign: SignOptions;
  log: ReturnType<typeof slackLog>;
  close(): Promise<void>;
}

export async function startSlackWorld(
  clock: Clock,
  options: Partial<Pick<SlackAdapterConfig, "submitBudgetMs" | "bindByEmail" | "admission">> & {
    /** Mounts the events route on the test's own server (as the app does on PORT), which then gives the URL. */
    mount?: { route: NonNullable<SlackAdapterConfig["mountRoute"]>; url: () => string };
    /** The app's pacing and outbox for answers (tests/support/answer-delivery.ts), on the world's database. */
    answers?: (prisma: PrismaClient) => AnswerTransport;
    core?: (core: InboundHandler) => InboundHandler;
    /** The database (default a clone of the template on the shared server); seeded here. */
    database?: () => Promise<TestDatabase>;
    /** Shapes the fake workspace before the adapter starts (e-mails, revoked scopes). */
    prepare?: (fake: FakeSlackApi) => void;
  } = {},
): Promise<SlackWorld> {
  const db = await (options.database ?? createTestDatabase)();
  await seedFromDir(db.prisma);
  const fake = await FakeSlackApi.start();
  for (const user of Object.values(USERS)) fake.addUser({ ...user });
  fake.addChannel(CHANNEL);
  options.prepare?.(fake);
  const realCore = createCore({
    prisma: db.prisma,
    calendar: createWorkCalendar(),
    clock,
    locale: "zh-CN",
    log: createLogger("silent"),
  });
  const core = options.core ? options.core(realCore) : realCore;
  const log = slackLog();
  const adapter = createSlackAdapter({
    botToken: fake.token,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.url,
    log,
    ...(options.submitBudgetMs !== undefined ? { submitBudgetMs: options.submitBudgetMs } : {}),
    ...(options.bindByEmail !== undefined ? { bindByEmail: options.bindByEmail } : {}),
    ...(options.admission ? { admission: options.admission } : {}),
    ...(options.mount ? { mountRoute: options.mount.route } : {}),
    ...(options.answers ? { answers: options.answers(db.prisma) } : {}),
  });
  await adapter.start(core);
  return {
    db,
    fake,
    core,
    adapter,
    url: options.mount ? options.mount.url() : (adapter.eventsUrl ?? ""),
    sign: { secret: SIGNING_SECRET },
    log,
    async close() {
      await adapter.stop();
      await fake.close();
      await db.drop();
    },
  };
}

/** `/zhuanban <text>` from a user, in their DM with the bot or in a channel; resolves with the answer. */
export async function slash(
  world: SlackWorld,
  userId: string,
  text: string,
  where: { channelId?: string; channelName?: string } = {},
): Promise<{ status: number; ms: number; responseUrl: string }> {
  const responseUrl = world.fake.responseUrl();
  const channelId = where.channelId ?? world.fake.dmChannelId(userId);
  const result = await sendSlashCommand(world.url, world.sign, {
    command: "/zhuanban",
    text,
    userId,
    channelId,
    channelName: where.channelName ?? (channelId.startsWith("D") ? "directmessage" : CHANNEL.name),
    triggerId: world.fake.issueTriggerId(),
    responseUrl,
  });
  return { status: result.status, ms: result.ms, responseUrl };
}

/** The first answer posted to a response_url. */
export function answerAt(world: SlackWorld, responseUrl: string): Promise<SlackCall> {
  return world.fake.waitForCall("response_url", (c) => c.args.url === responseUrl);
}

/** Binds the test users through real invite codes and `/zhuanban bind CODE` in their DMs. */
export async function bindSlackUsers(world: SlackWorld, clock: Clock): Promise<void> {
  const store = createInviteStore(world.db.prisma);
  const who: [string, { unit?: string; contact?: string }][] = [
    [USERS.hrss.id, { unit: "hrss" }],
    [USERS.convenor.id, { contact: "c-ms-convenor" }],
    [USERS.office.id, { contact: "c-ms-office" }],
  ];
  for (const [userId, target] of who) {
    const [invite] = await issueInvites({ ...target, validDays: 7 }, { store, clock, randomBytes });
    const sent = await slash(world, userId, `bind ${invite!.code}`);
    await answerAt(world, sent.responseUrl);
  }
}

/** Presses a button of a message the bot posted (its action id and value as rendered). */
export async function pressButton(
  world: SlackWorld,
  userId: string,
  message: { channel: string; ts: string; blocks?: Record<string, unknown>[] },
  matches: (actionId: string) => boolean,
) {
  const button = buttonsOf(message.blocks ?? []).find((b) => matches(b.action_id));
  if (!button) throw new Error(`no such button in ${JSON.stringify(message.blocks)}`);
  return sendInteraction(
    world.url,
    world.sign,
    blockActionsPayload({
      userId,
      channelId: message.channel,
      messageTs: message.ts,
      triggerId: world.fake.issueTriggerId(),
      responseUrl: world.fake.responseUrl("actions"),
      actionId: button.action_id,
      value: button.value,
    }),
  );
}

export function buttonsOf(blocks: Record<string, unknown>[]): { action_id: string; value: string; text: unknown }[] {
  return blocks
    .filter((b) => b.type === "actions")
    .flatMap((b) => (b.elements as { action_id: string; value: string; text: unknown }[]) ?? []);
}

/** Every text of a Block Kit message, joined: what a reader sees. */
export function blockText(blocks: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (typeof record.text === "string") texts.push(record.text);
      for (const [key, value] of Object.entries(record)) if (key !== "text" || typeof value !== "string") walk(value);
    }
  };
  walk(blocks);
  return texts.join("\n");
}
