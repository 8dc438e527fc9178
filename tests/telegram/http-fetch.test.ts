import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramAdapter } from "../../adapters/telegram/index.js";
import { createHttpFetch } from "../../adapters/telegram/http-fetch.js";
import { DeliveryError } from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";

// The Telegram client's transport on node:http (adapters/telegram/http-fetch.ts): what the outbox
// acts on must come out as it did with Node's fetch: an answer, a timeout that may have delivered
// the message, a connection that failed before anything was sent.

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const message: Outbound = { blocks: [{ type: "text", text: "请于今日17:00前报送 & <确认>" }], summary: "提醒" };
const silent = { info: () => undefined, error: () => undefined, warn: () => undefined };
const TOKEN = "123:TEST";

describe("the Telegram client's http transport", () => {
  it("posts the client's form as a JSON object of its strings and reads Telegram's answer, over one kept-alive connection", async () => {
    const seen: { type: string | undefined; fields: Record<string, unknown>; port: number | undefined }[] = [];
    const url = await serve((req, body, res) => {
      const fields = JSON.parse(body) as Record<string, unknown>;
      seen.push({ type: req.headers["content-type"], fields, port: req.socket.remotePort });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, result: { message_id: seen.length, chat: { id: 42 }, date: 0 } }));
    });
    const adapter = createTelegramAdapter({ token: TOKEN, apiRoot: url, log: silent, rateLimit: null });
    const first = await adapter.send({ platform: "telegram", chatId: "42" }, message);
    const second = await adapter.send({ platform: "telegram", chatId: "42" }, { ...message, summary: "二" });
    expect(first).toEqual({ platformMessageId: "1", chatId: "42" });
    expect(second.platformMessageId).toBe("2");
    expect(seen[0]!.type).toBe("application/json");
    // Every value a string, as in the form: Telegram reads a string as the parameter's text.
    expect(Object.values(seen[0]!.fields).every((v) => typeof v === "string")).toBe(true);
    expect(seen[0]!.fields.chat_id).toBe("42");
    expect(seen[0]!.fields.text).toContain("请于今日17:00前报送 &amp; &lt;确认&gt;");
    expect(JSON.parse(seen[0]!.fields.link_preview_options as string)).toEqual({ is_disabled: true });
    expect(seen[1]!.port).toBe(seen[0]!.port);
    await adapter.stop();
  });

  it("a send without an answer in time is a timeout that may have delivered the message", async () => {
    const url = await serve(() => undefined); // never answers
    const adapter = createTelegramAdapter({ token: TOKEN, apiRoot: url, log: silent, rateLimit: null, timeoutMs: 200 });
    const error = await adapter.send({ platform: "telegram", chatId: "42" }, message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).kind).toBe("transient");
    expect((error as DeliveryError).outcomeUnknown).toBe(true);
    await adapter.stop();
  });

  it("a connection refused is a transient failure, known not delivered", async () => {
    const url = await serve(() => undefined);
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const adapter = createTelegramAdapter({ token: TOKEN, apiRoot: url, log: silent, rateLimit: null });
    const error = await adapter.send({ platform: "telegram", chatId: "42" }, message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).kind).toBe("transient");
    expect((error as DeliveryError).outcomeUnknown).toBeFalsy();
    await adapter.stop();
  });

  it("rejects with the caller's reason when aborted, and hands other bodies to the built-in fetch", async () => {
    const url = await serve(() => undefined);
    const calls: string[] = [];
    const builtIn = ((input: string | URL | Request) => {
      calls.push(String(input));
      return Promise.resolve(new Response("{}"));
    }) as typeof fetch;
    const leanFetch = createHttpFetch(builtIn);
    const controller = new AbortController();
    const pending = leanFetch(`${url}/x`, {
      method: "POST",
      body: new URLSearchParams({ a: "1" }),
      signal: controller.signal,
    });
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await leanFetch(`${url}/photo`, { method: "POST", body: new Blob(["x"]) });
    await leanFetch(`${url}/get`);
    expect(calls).toEqual([`${url}/photo`, `${url}/get`]);
  });
});
