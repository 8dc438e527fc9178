import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../adapters/slack/index.js";
import { issueInvites } from "../../src/core/invites.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createLogger } from "../../src/runtime/logger.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createCore } from "../../src/runtime/wiring.js";
import { createInviteStore } from "../../src/store/invite-store.js";
import { FakeSlackApi } from "../fakes/slack/fake-slack-api.js";
import { viewSubmissionPayload } from "../fakes/slack/slack-requests.js";
import { manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { blockText, slackLog, USERS } from "./slack-harness.js";

// Socket Mode: no public URL; the adapter opens a WebSocket (apps.connections.open on the fake),
// and Slack's envelopes arrive over it and are acknowledged over it.
let db: TestDatabase;
let fake: FakeSlackApi;
let adapter: SlackAdapter;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  fake = await FakeSlackApi.start();
  for (const user of Object.values(USERS)) fake.addUser({ ...user });
  const core = createCore({
    prisma: db.prisma,
    calendar: createWorkCalendar(),
    clock: manualClock("2023-01-18T02:00:00Z"),
    locale: "zh-CN",
    log: createLogger("silent"),
  });
  adapter = createSlackAdapter({ botToken: fake.token, appToken: fake.appToken, apiUrl: fake.url, log: slackLog() });
  expect(adapter.healthy()).toBe(false);
  await adapter.start(core);
  await fake.socketMode.waitForConnection();
});
afterAll(async () => {
  // The app first: closing the fake first would make the client reconnect.
  await adapter?.stop();
  await fake?.close();
  await db?.drop();
});

describe("the Slack adapter in Socket Mode", () => {
  it("connects with the app-level token and reports itself healthy", () => {
    expect(fake.callsTo("apps.connections.open")[0]?.token).toBe(fake.appToken);
    expect(adapter.healthy()).toBe(true);
  });

  it("acknowledges a slash command over the socket and answers through its response_url", async () => {
    const responseUrl = fake.responseUrl();
    const ack = await fake.socketMode.pushSlashCommand({
      command: "/zhuanban",
      text: "help",
      userId: USERS.hrss.id,
      channelId: fake.dmChannelId(USERS.hrss.id),
      channelName: "directmessage",
      responseUrl,
    });
    expect(ack.ms).toBeLessThan(3000);
    const answer = await fake.waitForCall("response_url", (c) => c.args.url === responseUrl);
    expect(blockText(answer.args.blocks)).toContain("bind");
  });

  it("returns a refused modal's field errors in the ack payload", async () => {
    const [invite] = await issueInvites(
      { unit: "hrss", validDays: 7 },
      { store: createInviteStore(db.prisma), clock: manualClock("2023-01-18T02:00:00Z"), randomBytes },
    );
    const responseUrl = fake.responseUrl();
    await fake.socketMode.pushSlashCommand({
      command: "/zhuanban",
      text: `bind ${invite!.code}`,
      userId: USERS.hrss.id,
      channelId: fake.dmChannelId(USERS.hrss.id),
      channelName: "directmessage",
      responseUrl,
    });
    await fake.waitForCall("response_url", (c) => c.args.url === responseUrl);
    const task = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-03" } });
    const unit = await db.prisma.unit.findFirstOrThrow({ where: { key: "hrss" } });
    const ack = await fake.socketMode.pushInteraction(
      viewSubmissionPayload({
        userId: USERS.hrss.id,
        view: {
          callback_id: "zhuanban.form",
          private_metadata: JSON.stringify({ formId: "report", context: `${task.id}:${unit.id}:2023-01-X2` }),
        },
        values: {
          "value:new-urban-jobs": { v: { type: "plain_text_input", value: "很多" } },
          status: { v: { type: "static_select", selected_option: { value: "on_track" } } },
          progress: { v: { type: "plain_text_input", value: "推进中" } },
        },
      }),
    );
    expect(ack.payload).toMatchObject({
      response_action: "errors",
      errors: { "value:new-urban-jobs": expect.stringContaining("数") },
    });
    expect(await db.prisma.report.count()).toBe(0);
  });
});
