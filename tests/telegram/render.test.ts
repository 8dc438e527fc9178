import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NetworkError, TelegramApiError, TimeoutError } from "node-telegram-bot-api";
import { createTelegramAdapter, toDeliveryError } from "../../adapters/telegram/adapter.js";
import { eventKey, parseUpdate, type TgUpdate } from "../../adapters/telegram/parse.js";
import { CallbackStore, renderTelegram, splitMessage } from "../../adapters/telegram/render.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { parseTelegramHtml } from "../fakes/telegram/telegram-html.js";

const render = (message: Outbound, callbacks = new CallbackStore()) => renderTelegram(message, { callbacks });

describe("Telegram HTML rendering", () => {
  it("escapes user text and renders headings, fields, progress and dividers", () => {
    const { chunks, keyboard } = render({
      summary: "s",
      blocks: [
        { type: "heading", text: "报送 <b>A&B</b>" },
        { type: "text", text: "<script>alert(1)</script> *bold*" },
        { type: "fields", fields: [{ label: "问题", value: "a<b" }] },
        { type: "progress", label: "城镇新增就业", ratio: 0.5, light: "green", detail: "35 / 70万人" },
        { type: "divider" },
      ],
    });
    expect(keyboard).toBeUndefined();
    expect(chunks).toHaveLength(1);
    const html = chunks[0] ?? "";
    expect(html).toContain("<b>报送 &lt;b&gt;A&amp;B&lt;/b&gt;</b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; *bold*");
    expect(html).toContain("<b>问题</b>：a&lt;b");
    expect(html).toMatch(/🟢 城镇新增就业 .*50% 35 \/ 70万人/);
  });

  it("renders tables as an aligned <pre> block with escaped cells", () => {
    const { chunks } = render({
      summary: "s",
      blocks: [{ type: "table", columns: ["单位", "状态"], rows: [["省人社厅", "<已报>"]] }],
    });
    const html = chunks[0] ?? "";
    expect(html.startsWith("<pre>")).toBe(true);
    expect(html.endsWith("</pre>")).toBe(true);
    expect(html).toContain("&lt;已报&gt;");
    expect(html.split("\n")[1]).toMatch(/^-+\s+-+$/);
  });

  it("turns buttons into an inline keyboard, and long callback data into a stored short id", () => {
    const callbacks = new CallbackStore();
    const long = "x".repeat(80);
    const { keyboard } = render(
      {
        summary: "s",
        blocks: [
          {
            type: "buttons",
            buttons: [
              { actionId: "report.start", label: "报送", value: "t1:u1" },
              { actionId: "report.guided", label: "分步", value: long },
              { actionId: "a", label: "三", value: "v" },
            ],
          },
        ],
      },
      callbacks,
    );
    expect(keyboard).toHaveLength(2);
    expect(keyboard?.[0]?.[0]).toEqual({ text: "报送", callback_data: "report.start|t1:u1" });
    const stored = keyboard?.[0]?.[1]?.callback_data ?? "";
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(64);
    expect(callbacks.decode(stored)).toEqual({ actionId: "report.guided", value: long });
  });

  it("packs UUID pairs statelessly so buttons survive a restart", () => {
    const value = "0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d:9f8e7d6c-5b4a-4392-8a1b-0c2d3e4f5a6b";
    const data = new CallbackStore().encode("report.guided", value);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(new CallbackStore().decode(data)).toEqual({ actionId: "report.guided", value });
  });

  it("renders a form as the guided flow's start button for the form's task", () => {
    const { chunks, keyboard } = render({
      summary: "s",
      blocks: [
        {
          type: "form",
          form: { formId: "report", title: "MS-03 报送", submitLabel: "提交", context: "t1:u1:2023-01-X2", fields: [] },
        },
      ],
    });
    expect(chunks[0]).toContain("MS-03 报送");
    expect(keyboard?.[0]?.[0]?.callback_data).toBe("report.guided|t1:u1");
  });
});

describe("splitMessage", () => {
  it("keeps short messages whole", () => {
    expect(splitMessage("a\nb", 4096)).toEqual(["a\nb"]);
  });

  it("splits on line boundaries within the limit", () => {
    const lines = Array.from({ length: 500 }, (_, i) => `第${i}行 ${"内容".repeat(10)}`);
    const chunks = splitMessage(lines.join("\n"), 4096);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(4096);
    expect(chunks.join("\n")).toBe(lines.join("\n"));
  });

  it("closes and reopens a <pre> block cut between chunks", () => {
    const table = `<pre>${Array.from({ length: 300 }, (_, i) => `row ${i} ${"-".repeat(20)}`).join("\n")}</pre>`;
    const chunks = splitMessage(`<b>title</b>\n${table}`, 2000);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(1)) {
      expect(chunk.startsWith("<pre>")).toBe(true);
      expect(chunk.endsWith("</pre>")).toBe(true);
      expect(chunk.length).toBeLessThanOrEqual(2000);
    }
  });

  it("cuts a single over-long line without breaking an entity", () => {
    const chunks = splitMessage("&amp;".repeat(1000), 1000);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1000);
      expect(chunk).toMatch(/^(&amp;)+$/);
    }
  });

  it("cuts an over-long bold line inside the tag, closing and reopening it, never an emoji in half", () => {
    const line = `<b>${"🟢进度".repeat(400)}</b>`;
    const chunks = splitMessage(`标题\n${line}\n结尾`, 500);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(500);
      expect(() => parseTelegramHtml(chunk)).not.toThrow();
      expect(chunk).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    const text = chunks.map((c) => parseTelegramHtml(c)).join("");
    expect(text.replace(/\n/g, "")).toBe(`标题${"🟢进度".repeat(400)}结尾`);
    expect(chunks.slice(1, -1).every((c) => c.startsWith("<b>") && c.endsWith("</b>"))).toBe(true);
  });

  it("moves a heading that would end a chunk into the next one, with what it heads", () => {
    const para = (n: number) => `第${n}段 ${"内容".repeat(40)}`;
    const html = [para(1), para(2), "<b>存在问题</b>", para(3)].join("\n");
    const chunks = splitMessage(html, para(1).length * 2 + 20);
    expect(chunks).toEqual([`${para(1)}\n${para(2)}`, `<b>存在问题</b>\n${para(3)}`]);
  });

  it("gives chunks that Telegram accepts, within the limit, with nothing lost (any mix of tags and lines)", () => {
    const word = fc.constantFrom("进展", "&amp;", "&lt;b&gt;", "🟡", "x", " ", "单位甲", "12.5");
    const text = fc.array(word, { maxLength: 60 }).map((w) => w.join(""));
    const line = fc.oneof(
      text,
      text.map((t) => `<b>${t}</b>：${t}`),
      text.map((t) => `<i>${t}</i>`),
      text.map((t) => `<b>${t}</b>`),
    );
    const block = fc.oneof(
      line,
      fc.array(text, { minLength: 1, maxLength: 30 }).map((rows) => `<pre>${rows.join("\n")}</pre>`),
    );
    fc.assert(
      fc.property(
        fc.array(block, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 60, max: 800 }),
        (blocks, limit) => {
          const html = `正文\n${blocks.join("\n")}`;
          const chunks = splitMessage(html, limit);
          for (const chunk of chunks) {
            expect(chunk.length).toBeLessThanOrEqual(limit);
            expect(parseTelegramHtml(chunk).trim()).not.toBe("");
          }
          const squeeze = (s: string) => s.replace(/\s/g, "");
          expect(squeeze(chunks.map((c) => parseTelegramHtml(c)).join(""))).toBe(squeeze(parseTelegramHtml(html)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("parseUpdate", () => {
  const callbacks = new CallbackStore();
  const user = { id: 42, first_name: "张", last_name: "三" };
  const parse = (update: TgUpdate) => parseUpdate(update, { botUsername: "zb_bot", callbacks });

  it("parses commands in private chats and /status@bot in groups", () => {
    expect(
      parse({
        update_id: 1,
        message: { message_id: 5, from: user, chat: { id: 42, type: "private" }, text: "/bind ABC-123" },
      }),
    ).toMatchObject({
      kind: "command",
      command: "bind",
      args: "ABC-123",
      chatKind: "direct",
      userId: "42",
      userName: "张 三",
      eventId: "m:42:5",
      messageId: "5",
    });
    const group = { id: -100123, type: "supergroup", title: "民生专班" };
    expect(
      parse({ update_id: 2, message: { message_id: 6, from: user, chat: group, text: "/status@zb_bot MS-03" } }),
    ).toMatchObject({
      kind: "command",
      command: "status",
      args: "MS-03",
      chatKind: "group",
      chatId: "-100123",
      chatTitle: "民生专班",
    });
    expect(
      parse({ update_id: 3, message: { message_id: 7, from: user, chat: group, text: "/status@other_bot" } }),
    ).toBeNull();
    expect(
      parse({ update_id: 4, message: { message_id: 8, from: user, chat: { id: -5, type: "group" }, text: "进度" } }),
    ).toMatchObject({
      kind: "command",
      command: "status",
      chatKind: "group",
    });
  });

  it("parses text, replies and callback queries; ignores bots, and non-text in groups", () => {
    expect(
      parse({
        update_id: 5,
        message: {
          message_id: 9,
          from: user,
          chat: { id: 42, type: "private" },
          text: "完成值：1",
          reply_to_message: { message_id: 77 },
        },
      }),
    ).toMatchObject({ kind: "text", text: "完成值：1", replyToMessageId: "77" });
    expect(
      parse({
        update_id: 6,
        message: { message_id: 10, from: { id: 1, is_bot: true }, chat: { id: 1, type: "private" }, text: "hi" },
      }),
    ).toBeNull();
    // A photo or sticker: in a private chat answered as a text not understood (caption read as text);
    // in a group ignored.
    expect(
      parse({ update_id: 7, message: { message_id: 11, from: user, chat: { id: 42, type: "private" } } }),
    ).toMatchObject({ kind: "text", text: "" });
    expect(
      parse({
        update_id: 7,
        message: { message_id: 11, from: user, chat: { id: 42, type: "private" }, caption: "报送 MS-03" },
      }),
    ).toMatchObject({ kind: "text", text: "报送 MS-03" });
    expect(
      parse({ update_id: 7, message: { message_id: 11, from: user, chat: { id: -42, type: "supergroup" } } }),
    ).toBeNull();
    expect(
      parse({
        update_id: 8,
        callback_query: {
          id: "cq1",
          from: user,
          data: "guided.status|正常推进",
          message: { message_id: 12, chat: { id: 42, type: "private" } },
        },
      }),
    ).toMatchObject({ kind: "action", actionId: "guided.status", value: "正常推进", chatId: "42", eventId: "q:cq1" });
  });

  it("takes words such as `constructor` as text, not as a command alias", () => {
    for (const word of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(
        parse({ update_id: 9, message: { message_id: 13, from: user, chat: { id: 42, type: "private" }, text: word } }),
      ).toMatchObject({ kind: "text", text: word });
    }
  });
});

describe("eventKey", () => {
  it("names an update by what Telegram never reuses, scoped to the bot", () => {
    const message = { message_id: 5, chat: { id: -100123, type: "supergroup" }, text: "/status" };
    // The same message redelivered under the same or (after a quiet week) a random update_id: one key.
    expect(eventKey({ update_id: 1, message }, 7)).toBe(eventKey({ update_id: 987654, message }, 7));
    expect(eventKey({ update_id: 1, message }, 7)).toBe("7:m:-100123:5");
    // A different message that happens to get the same update_id: another key. Another bot: another key.
    expect(eventKey({ update_id: 1, message: { ...message, message_id: 6 } }, 7)).not.toBe("7:m:-100123:5");
    expect(eventKey({ update_id: 1, message }, 8)).not.toBe("7:m:-100123:5");
    const query = { id: "4242", from: { id: 1 }, data: "x" };
    expect(eventKey({ update_id: 2, callback_query: query }, 7)).toBe("7:q:4242");
  });
});

describe("toDeliveryError", () => {
  it("maps the client's errors to the outbox's kinds", () => {
    expect(toDeliveryError(new TelegramApiError(429, "Too Many Requests", { retry_after: 3 }))).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 3000,
    });
    expect(toDeliveryError(new TelegramApiError(403, "Forbidden: bot was kicked"))).toMatchObject({
      kind: "unreachable",
    });
    expect(toDeliveryError(new TelegramApiError(502, "Bad Gateway"))).toMatchObject({ kind: "transient" });
    expect(toDeliveryError(new TelegramApiError(400, "Bad Request"))).toMatchObject({ kind: "rejected" });
    // A revoked token or a wrong TELEGRAM_API_ROOT is the bot's configuration: the rows wait for the fix.
    expect(toDeliveryError(new TelegramApiError(401, "Unauthorized"))).toMatchObject({ kind: "transient" });
    expect(toDeliveryError(new TelegramApiError(404, "Not Found"))).toMatchObject({ kind: "transient" });
    expect(toDeliveryError(new NetworkError("ECONNRESET"))).toMatchObject({ kind: "transient" });
    expect(toDeliveryError(new TimeoutError())).toMatchObject({ kind: "transient" });
  });
});

describe("TelegramAdapter.send without a reachable Bot API", () => {
  it("reports a refused connection as transient, after a single attempt", async () => {
    const adapter = createTelegramAdapter({
      token: "1:x",
      apiRoot: "http://127.0.0.1:9",
      log: { info: () => undefined, error: () => undefined },
      rateLimit: null,
      timeoutMs: 2000,
    });
    await expect(
      adapter.send({ platform: "telegram", chatId: "1" }, { blocks: [{ type: "text", text: "x" }], summary: "x" }),
    ).rejects.toMatchObject({ kind: "transient" });
  });
});
