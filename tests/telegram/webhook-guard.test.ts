// The Telegram webhook as an attacker or a broken proxy sees it: the secret is checked before the
// body is read, the body is capped, and what is not an update is refused with a 4xx, not a 500.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../adapters/telegram/index.js";
import { MAX_UPDATE_BYTES } from "../../adapters/telegram/webhook-route.js";
import { InboundNotHandledError, type InboundEvent } from "../../src/core/chat/inbound.js";
import { startOpsServer, type OpsServer } from "../../src/runtime/http-server.js";
import { FakeBotApi } from "../fakes/telegram/fake-bot-api.js";
import { recordingLog } from "../support/bot-harness.js";

const SECRET = "guard_Secret-1";
let api: FakeBotApi;
let ops: OpsServer;
let adapter: TelegramAdapter;
let url = "";
const handled: InboundEvent[] = [];
let failNext = false;
const log = recordingLog();

beforeAll(async () => {
  api = new FakeBotApi();
  await api.start();
  ops = await startOpsServer({
    port: 0,
    host: "127.0.0.1",
    health: () => Promise.resolve({ ok: true, checks: {} }),
    metrics: () => Promise.resolve({ contentType: "text/plain", body: "" }),
    onError: (error) => log.error({ err: String(error) }, "http handler failed"),
  });
  url = `http://127.0.0.1:${ops.port}/telegram/webhook`;
  adapter = createTelegramAdapter({
    token: api.token,
    apiRoot: api.url,
    log: { ...log, warn: log.info },
    rateLimit: null,
    webhook: { url, secret: SECRET },
    mountRoute: (path, handler) => ops.mount(path, handler),
  });
  await adapter.start({
    handle: (event) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new InboundNotHandledError("storage_unavailable"));
      }
      handled.push(event);
      return Promise.resolve({ messages: [] });
    },
  });
});
afterAll(async () => {
  await adapter.stop();
  await ops.close();
  await api.stop();
});

/** Sends headers and a first chunk, and never the rest: resolves with the status if one comes. */
function startedPost(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.write("x".repeat(64 * 1024));
  });
}

const update = (id: number) => ({
  update_id: id,
  message: { message_id: id, from: { id: 1 }, chat: { id: 1, type: "private" }, date: 0, text: "/help" },
});

async function post(body: string, secret = SECRET): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

describe("the Telegram webhook", () => {
  it("refuses a request without the secret before reading its body", async () => {
    // The body never ends: only an answer that did not wait for it can arrive.
    expect(await startedPost({ "transfer-encoding": "chunked" })).toBe(401);
    expect(await startedPost({ "x-telegram-bot-api-secret-token": "wrong", "content-length": "262144000" })).toBe(401);
  });

  it("refuses a body larger than an update can be, by its length or as it comes", async () => {
    const big = String(MAX_UPDATE_BYTES + 1);
    expect(await startedPost({ "x-telegram-bot-api-secret-token": SECRET, "content-length": big })).toBe(413);
    expect(await post(JSON.stringify({ update_id: 5, pad: "x".repeat(MAX_UPDATE_BYTES) }))).toBe(413);
    expect(handled).toHaveLength(0);
  });

  it("answers 405 to a GET and 400 to what is not an update, and logs no error", async () => {
    expect((await fetch(url)).status).toBe(405);
    expect(await post("null")).toBe(400);
    expect(await post("{}")).toBe(400);
    expect(await post("not json")).toBe(400);
    expect(log.lines.filter((l) => l.level === "error")).toEqual([]);
  });

  it("answers 503 when the core kept nothing, then handles the redelivery", async () => {
    failNext = true;
    expect(await post(JSON.stringify(update(7)))).toBe(503);
    expect(handled).toHaveLength(0);
    expect(await post(JSON.stringify(update(7)))).toBe(200);
    expect(handled.map((e) => e.eventId)).toHaveLength(1);
    // Handled once: a further redelivery is not handed to the core again.
    expect(await post(JSON.stringify(update(7)))).toBe(200);
    expect(handled).toHaveLength(1);
  });
});
