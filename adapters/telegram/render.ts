import type { ChartData } from "../../src/core/chat/chart-data.js";
import type { Block, Button, Outbound } from "../../src/core/chat/outbound.js";
import { translator, type Locale } from "../../src/core/i18n/catalog.js";
import { telegramMessages } from "../../src/core/i18n/messages/telegram.js";
import { escapeTelegramHtml as esc } from "../../src/render/escape.js";
import { LIGHT_SYMBOL, percent, textBar } from "../../src/render/format.js";
import { formatPlainTable } from "../../src/render/plain-text.js";

/** Telegram's limit on one message's text, in characters (UTF-16 units after entity parsing). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;
/** Telegram's limit on callback_data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

export interface InlineButton {
  text: string;
  callback_data: string;
}

export interface TelegramRendering {
  /** HTML parse-mode chunks, each within the message limit; the keyboard goes on the last one. */
  chunks: string[];
  keyboard: InlineButton[][] | undefined;
  /** Charts, sent as photos after the text, each with its title as the caption. */
  photos?: TelegramPhoto[];
}

/** Telegram's limit on a photo's caption, in characters. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

export interface TelegramPhoto {
  chart: ChartData;
  /** HTML caption within the caption limit. */
  caption: string;
}

/**
 * Callback data is `actionId|value` when it fits in 64 bytes. The core's values are mostly UUID
 * pairs (`taskId:unitId`, 73 bytes), so next each UUID is packed as `!` + 22 base64url chars and
 * the data marked with a leading `^` (`^report.guided|!…:!…`, 62 bytes): stateless, so buttons
 * sent by another process or before a restart keep working. Only what still does not fit is kept
 * in a bounded per-process in-memory map under a short id sent as `~<id>`; such a button answers
 * "expired" after a restart or once 5000 newer ones have pushed it out.
 */
export class CallbackStore {
  private readonly entries = new Map<string, { actionId: string; value: string }>();
  private counter = 0;
  constructor(private readonly capacity = 5000) {}

  encode(actionId: string, value: string): string {
    const direct = `${actionId}|${value}`;
    if (Buffer.byteLength(direct, "utf8") <= CALLBACK_DATA_LIMIT && !/^[~^]/.test(direct)) return direct;
    const packed = `^${actionId}|${value.replace(UUID, (uuid) => `!${Buffer.from(uuid.replace(/-/g, ""), "hex").toString("base64url")}`)}`;
    if (Buffer.byteLength(packed, "utf8") <= CALLBACK_DATA_LIMIT && !value.includes("!")) return packed;
    this.counter += 1;
    const id = `~${Date.now().toString(36)}${this.counter.toString(36)}`;
    this.entries.set(id, { actionId, value });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return id;
  }

  decode(data: string): { actionId: string; value: string } | undefined {
    if (data.startsWith("~")) return this.entries.get(data);
    if (data.startsWith("^")) {
      const decoded = this.decode(data.slice(1).replace(/!([A-Za-z0-9_-]{22})/g, (_, b64: string) => unpackUuid(b64)));
      return decoded;
    }
    const bar = data.indexOf("|");
    if (bar < 0) return { actionId: data, value: "" };
    return { actionId: data.slice(0, bar), value: data.slice(bar + 1) };
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function unpackUuid(b64: string): string {
  const hex = Buffer.from(b64, "base64url").toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Renders a neutral message as Telegram HTML plus an inline keyboard, split to fit. */
export function renderTelegram(
  message: Outbound,
  options: { locale?: Locale; callbacks: CallbackStore },
): TelegramRendering {
  const { html, keyboard } = renderTelegramHtml(message, options);
  const photos = message.blocks.flatMap((block) =>
    block.type === "chart"
      ? [{ chart: block.chart, caption: esc(block.chart.title.slice(0, TELEGRAM_CAPTION_LIMIT)) }]
      : [],
  );
  return { chunks: splitMessage(html, TELEGRAM_MESSAGE_LIMIT), keyboard, ...(photos.length > 0 ? { photos } : {}) };
}

/** The whole message as one Telegram HTML text (before splitting) and its inline keyboard. */
export function renderTelegramHtml(
  message: Outbound,
  options: { locale?: Locale; callbacks: CallbackStore },
): { html: string; keyboard: InlineButton[][] | undefined } {
  const t = translator(telegramMessages, options.locale ?? "zh-CN");
  const lines: string[] = [];
  const keyboard: InlineButton[][] = [];
  const button = (b: Button): InlineButton => ({
    text: b.label,
    callback_data: options.callbacks.encode(b.actionId, b.value),
  });
  for (const block of message.blocks) {
    lines.push(...renderBlock(block, t));
    if (block.type === "buttons" && block.buttons.length > 0) {
      // Two buttons a row keeps Chinese labels readable on a phone.
      for (let i = 0; i < block.buttons.length; i += 2) keyboard.push(block.buttons.slice(i, i + 2).map(button));
    }
    if (block.type === "form") {
      // Telegram has no forms: the form becomes the guided flow's start button for its task.
      const taskPart = block.form.context.split(":").slice(0, 2).join(":");
      keyboard.push([button({ actionId: "report.guided", label: block.form.submitLabel, value: taskPart })]);
    }
  }
  let html = lines.join("\n").trim();
  // Telegram refuses an empty text: fall back to the summary, then to a visible placeholder.
  if (!html) html = esc(message.summary.trim() || "…");
  return { html, keyboard: keyboard.length > 0 ? keyboard : undefined };
}

function renderBlock(
  block: Block,
  t: ReturnType<typeof translator<keyof (typeof telegramMessages)["zh-CN"]>>,
): string[] {
  switch (block.type) {
    case "heading":
      return [`<b>${esc(block.text)}</b>`];
    case "text":
      return [esc(block.text)];
    case "fields":
      return block.fields.map((f) => `<b>${esc(f.label)}</b>：${esc(f.value)}`);
    case "table": {
      const rows = formatPlainTable(block.columns, block.rows);
      return [`<pre>${esc(rows.join("\n"))}</pre>`];
    }
    case "progress": {
      const ratio = block.ratio === null ? "—" : `${textBar(block.ratio)} ${percent(block.ratio)}`;
      const detail = block.detail ? ` ${esc(block.detail)}` : "";
      return [`${LIGHT_SYMBOL[block.light]} ${esc(block.label)} ${ratio}${detail}`];
    }
    case "buttons":
      return [];
    case "form":
      return [esc(t("form.guided", { title: block.form.title }))];
    case "divider":
      return ["──────────"];
    case "chart":
      // The picture goes as a photo after the text (delivery.ts); the text names it by its title.
      return [`📊 ${esc(block.chart.title)}`];
  }
}

/**
 * One unit the splitter never cuts: a tag, an entity (`&amp;`), a surrogate pair (an emoji such as
 * the traffic lights), or a single character.
 */
const TOKEN = /<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?>|&#?[A-Za-z0-9]+;|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;
const TAG = /^<(\/?)([A-Za-z][\w-]*)/;
/** A line that is a heading as renderBlock writes one; its tags are balanced. */
const HEADING = /^<b>[^<]*<\/b>$/;

interface OpenTag {
  name: string;
  /** The opening tag as written (with its attributes), to reopen it in the next chunk. */
  open: string;
}

/** The tags still open after `tokens`, starting from `stack` (which is not changed). */
function tagsAfter(stack: readonly OpenTag[], tokens: readonly string[]): OpenTag[] {
  const next = [...stack];
  for (const token of tokens) {
    const tag = token.startsWith("<") ? TAG.exec(token) : null;
    if (!tag) continue;
    const name = (tag[2] ?? "").toLowerCase();
    if (tag[1]) {
      const at = next.map((t) => t.name).lastIndexOf(name);
      if (at >= 0) next.splice(at);
    } else next.push({ name, open: token });
  }
  return next;
}

const closeAll = (stack: readonly OpenTag[]) =>
  stack
    .map((t) => `</${t.name}>`)
    .reverse()
    .join("");
const isVisible = (token: string) => !token.startsWith("<") && token.trim() !== "";

/**
 * Splits Telegram HTML into chunks of at most `limit` characters (Telegram counts the text after
 * parsing, so the raw length is an upper bound), on line boundaries. Each chunk is valid HTML on
 * its own: tags open at a cut (a `<pre>` table, a `<b>` line) are closed at the end of the chunk and
 * reopened at the start of the next. A line longer than a whole chunk is cut between tokens, never
 * inside a tag, an entity or a surrogate pair. A heading (a line that is one `<b>…</b>`) does not end
 * a chunk: it moves to the next one, with what it heads. Chunks with nothing visible are dropped.
 */
export function splitMessage(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const chunks: string[] = [];
  let stack: OpenTag[] = [];
  let body = "";
  let visible = false;
  /** The chunk's last line when it is a heading that follows other lines: where it starts in `body`. */
  let heading: { line: string; at: number } | undefined;
  const flush = () => {
    if (visible) chunks.push(body + closeAll(stack));
    body = stack.map((t) => t.open).join("");
    visible = false;
    heading = undefined;
  };
  const fits = (text: string, after: readonly OpenTag[]) => body.length + text.length + closeAll(after).length <= limit;
  for (const line of html.split("\n")) {
    const tokens = line.match(TOKEN) ?? [];
    for (;;) {
      // The message boundary stands in for the line break between two chunks.
      const sep = visible ? "\n" : "";
      const after = tagsAfter(stack, tokens);
      if (fits(sep + line, after)) {
        const shown = tokens.some(isVisible);
        heading = visible && shown && HEADING.test(line) ? { line, at: body.length } : undefined;
        body += sep + line;
        stack = after;
        visible ||= shown;
        break;
      }
      if (visible) {
        const orphan = heading;
        if (orphan) {
          // Carry the heading over: this chunk ends before it, the next starts with it.
          body = body.slice(0, orphan.at);
          flush();
          body += orphan.line;
          visible = true;
        } else flush();
        continue;
      }
      // A line longer than a whole chunk: as many tokens as fit, then the rest in the next chunks.
      for (const token of tokens) {
        const next = tagsAfter(stack, [token]);
        if (visible && !fits(token, next)) flush();
        body += token;
        stack = next;
        visible ||= isVisible(token);
      }
      heading = undefined;
      break;
    }
  }
  if (visible) chunks.push(body + closeAll(stack));
  return chunks;
}
