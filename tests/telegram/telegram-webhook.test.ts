import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type RouteHandler, type TelegramAdapter } from "../../adapters/telegram/index.js";
import { issueInvites } from "../../src/core/invites.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createLogger } from "../../src/runtime/logger.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createCore } from "../../src/runtime/wiring.js";
import { createInviteStore } from "../../src/store/invite-store.js";
import { FakeBotApi } from "../fakes/telegram/fake-bot-api.js";
import { manualClock, recordingLog } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// Webhook mode: Telegram (here a test) POSTs updates with the secret token header.
let db: TestDatabase;
let api: FakeBotApi;
let own: TelegramAdapter;
let mounted: TelegramAdapter;
let appServer: Server;
let appUrl = "";
const SECRET = "webhook_Secret-123";
const clock = manualClock("2023-01-18T01:00:00Z");

function update(updateId: number, userId: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: userId, first_name: "测试" },
      chat: { id: userId, type: "private" },
      date: 0,
      text,
    },
  };
}

function post(url: string, body: unknown, secret?: string) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  api = new FakeBotApi();
  await api.start();
  const core = createCore({
    prisma: db.prisma,
    calendar: createWorkCalendar(),
    clock,
    locale: "zh-CN",
    log: createLogger("silent"),
  });
  own = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: recordingLog(),
    rateLimit: null,
    webhook: { url: "https://bot.example.gov.cn/telegram/webhook", secret: SECRET },
  });
  await own.start(core);

  // The app's HTTP server with a route table, as src/runtime/app.ts would mount it.
  const routes = new Map<string, RouteHandler>();
  appServer = createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? "/", "http://x").pathname);
    if (route && req.method === "POST") void route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  mounted = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: recordingLog(),
    rateLimit: null,
    webhook: { url: "https://bot.example.gov.cn/tg", secret: SECRET },
    mountRoute: (path, handler) => routes.set(path, handler),
  });
  await mounted.start(core);
});
afterAll(async () => {
  await own.stop();
  await mounted.stop();
  appServer.closeAllConnections();
  await new Promise<void>((resolve) => appServer.close(() => resolve()));
  await api.stop();
  await db.drop();
});

describe("Telegram adapter in webhook mode", () => {
  it("registers the webhook with its secret token and does not poll", () => {
    expect(api.callsOf("setWebhook")[0]?.params).toMatchObject({
      url: "https://bot.example.gov.cn/telegram/webhook",
      secret_token: SECRET,
    });
    expect(api.callsOf("getUpdates")).toHaveLength(0);
    expect(own.webhookServerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/telegram\/webhook$/);
    expect(own.healthy()).toBe(true);
  });

  it("rejects a wrong or missing secret token without handling the update", async () => {
    const url = own.webhookServerUrl ?? "";
    expect((await post(url, update(101, 5001, "/help"), "wrong")).status).toBe(401);
    expect((await post(url, update(102, 5001, "/help"))).status).toBe(401);
    expect((await post(`${appUrl}/tg`, update(103, 5001, "/help"), "wrong")).status).toBe(401);
    expect(api.callsOf("sendMessage")).toHaveLength(0);
  });

  it("accepts the right secret, answers, and handles a redelivered update once", async () => {
    const url = own.webhookServerUrl ?? "";
    expect((await post(url, update(201, 5002, "/help"), SECRET)).status).toBe(200);
    expect(api.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === "5002").length).toBeGreaterThan(0);
    const count = api.callsOf("sendMessage").length;
    expect((await post(url, update(201, 5002, "/help"), SECRET)).status).toBe(200);
    expect(api.callsOf("sendMessage")).toHaveLength(count);

    expect((await post(`${appUrl}/tg`, update(301, 5003, "/help"), SECRET)).status).toBe(200);
    expect(api.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === "5003").length).toBeGreaterThan(0);
  });

  it("binds, takes a report, answers a callback query and shows /status through the mounted route", async () => {
    const url = `${appUrl}/tg`;
    const texts = (chat: number) =>
      api
        .callsOf("sendMessage")
        .filter((c) => String(c.params.chat_id) === String(chat))
        .map((c) => String(c.params.text));
    const [issued] = await issueInvites(
      { unit: "hrss", validDays: 7 },
      { store: createInviteStore(db.prisma), clock, randomBytes },
    );
    expect((await post(url, update(401, 6001, `/bind ${issued?.code ?? ""}`), SECRET)).status).toBe(200);
    expect(texts(6001).join("\n")).toContain("省人社厅");
    const report = "报送 MS-03 2023-01-X2\n城镇新增就业：9万人\n状态：正常推进\n进展：webhook <i>报送</i>";
    expect((await post(url, update(402, 6001, report), SECRET)).status).toBe(200);
    expect(texts(6001).at(-1)).toContain("已保存：MS-03");
    expect(texts(6001).at(-1)).toContain("&lt;i&gt;报送&lt;/i&gt;");
    const callback = {
      update_id: 403,
      callback_query: {
        id: "cq-webhook",
        from: { id: 6001, first_name: "测试" },
        data: "report.guided|nonexistent",
        message: { message_id: 1, chat: { id: 6001, type: "private" }, date: 0 },
      },
    };
    expect((await post(url, callback, SECRET)).status).toBe(200);
    expect(api.callsOf("answerCallbackQuery").at(-1)?.params.callback_query_id).toBe("cq-webhook");
    expect((await post(url, update(404, 6001, "/status"), SECRET)).status).toBe(200);
    expect(texts(6001).at(-1)).toContain("2023年1月中旬");
  });
});
