import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/runtime/app.js";
import { FakeSlackApi } from "../fakes/slack/fake-slack-api.js";
import { sendSlashCommand } from "../fakes/slack/slack-requests.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { blockText, SIGNING_SECRET, USERS } from "./slack-harness.js";

// `npm start` with Slack enabled, in process: the events route is served on PORT beside /healthz,
// which reports the adapter; a wrong token stops start-up with one line.
let db: TestDatabase;
let fake: FakeSlackApi;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await FakeSlackApi.start();
  fake.addUser({ ...USERS.hrss });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function env(token: string, port: number) {
  return {
    DATABASE_URL: db.url,
    SLACK_BOT_TOKEN: token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    PORT: String(port),
    LOG_LEVEL: "silent",
  };
}

describe("zhuanban start with SLACK_BOT_TOKEN", () => {
  it("refuses to start with a token Slack does not accept, in one line", async () => {
    const lines: string[] = [];
    const started = startApp({ env: env("xoxb-wrong", await freePort()), out: (l) => lines.push(l) });
    await expect(started).rejects.toThrow(/^the slack adapter could not start: .*invalid_auth/);
  });

  it("serves Slack's requests on PORT and reports the adapter in /healthz", async () => {
    const port = await freePort();
    const app = await startApp({ env: env(fake.token, port), out: () => undefined });
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      const report = (await health.json()) as { checks: Record<string, { ok: boolean }> };
      expect(report.checks["adapter:slack"]).toEqual({ ok: true });

      const responseUrl = fake.responseUrl();
      const sent = await sendSlashCommand(
        `http://127.0.0.1:${port}/slack/events`,
        { secret: SIGNING_SECRET },
        {
          command: "/zhuanban",
          text: "help",
          userId: USERS.hrss.id,
          channelId: "D0START",
          channelName: "directmessage",
          responseUrl,
        },
      );
      expect(sent.status).toBe(200);
      const answer = await fake.waitForCall("response_url", (c) => c.args.url === responseUrl);
      expect(blockText(answer.args.blocks)).toContain("bind");
    } finally {
      await app.stop();
    }
  });
});
