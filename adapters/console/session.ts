import path from "node:path";

import {
  DeliveryError,
  type Address,
  type ChatAdapter,
  type InboundEvent,
  type InboundHandler,
  type InboundSource,
  type SentMessage,
} from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { translator, type Locale } from "../../src/core/i18n/catalog.js";
import { renderMessages, type RenderMessageKey } from "../../src/core/i18n/messages/render.js";
import { renderPlainTextWithChoices, type PlainChoice } from "../../src/render/plain-text.js";
import { directChatId, groupChatId, parseChatId } from "./addresses.js";
import { writeChartFiles, type ChartFileResult } from "./chart-files.js";
import { FormFlow } from "./form-flow.js";
import { choiceNumber, parseConsoleInput } from "./input.js";
import type { ConsoleEntry, ConsoleIdentity, ResolveGroupName, ResolveIdentity } from "./types.js";

export interface ConsoleSessionOptions {
  /** The core; may also be given later through {@link ConsoleSession.start}. */
  handler?: InboundHandler;
  locale: Locale;
  resolveIdentity: ResolveIdentity;
  /**
   * Where the charts of bot messages are written as .svg files, named in the message's text (a
   * terminal shows no pictures). Without it a chart is its alt text only.
   */
  chartDir?: string;
  /** Names a group chat by its group's name rather than its key; without it the key is shown. */
  resolveGroupName?: ResolveGroupName;
}

type Params = Record<string, string | number>;

/**
 * The console chat, driven programmatically: a person at the keyboard (or a test) acts as an
 * identity, types lines with {@link say}, and reads the {@link transcript}. It turns lines into
 * InboundEvents (commands, text, button numbers, answered forms) and renders what the core sends
 * as plain text. It is a ChatAdapter, so the core's outbox can {@link send} to it as to Slack.
 */
export class ConsoleSession implements ChatAdapter {
  readonly platform = "console" as const;
  private handler: InboundHandler | undefined;
  private readonly locale: Locale;
  private readonly resolveIdentity: ResolveIdentity;
  private readonly chartDir: string | undefined;
  private readonly t: ReturnType<typeof translator<RenderMessageKey>>;

  private me: ConsoleIdentity | null = null;
  private group: string | null = null;
  private readonly names = new Map<string, string>();
  private readonly groupNames = new Map<string, string>();
  private readonly resolveGroupName: ResolveGroupName | undefined;
  private readonly entries: ConsoleEntry[] = [];
  private readonly listeners = new Set<(entry: ConsoleEntry) => void>();
  /** The numbered buttons of the last bot message in each chat. */
  private readonly choices = new Map<string, PlainChoice[]>();
  private readonly sentIds = new Set<string>();
  private form: { flow: FormFlow; chatId: string } | null = null;
  /** Lines ended with `\`, waiting for the rest of the message. */
  private pending: string[] = [];
  private sentCount = 0;
  private typedCount = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ConsoleSessionOptions) {
    this.handler = options.handler;
    this.locale = options.locale;
    this.resolveIdentity = options.resolveIdentity;
    this.chartDir = options.chartDir;
    this.resolveGroupName = options.resolveGroupName;
    this.t = translator(renderMessages, options.locale);
  }

  async start(core: InboundHandler): Promise<void> {
    this.handler = core;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    this.form = null;
    this.pending = [];
  }

  /** Who the user acts as, or null before the first `/as`. */
  get identity(): ConsoleIdentity | null {
    return this.me;
  }

  /** The chat the user is typing into: their DM with the bot, or a group after `/join`. */
  get currentChatId(): string {
    if (!this.me) return "";
    return this.group === null ? directChatId(this.me.userId) : groupChatId(this.group);
  }

  /** True while a message is being continued with `\` at the end of a line. */
  get continuing(): boolean {
    return this.pending.length > 0;
  }

  /** True while a form is being asked field by field. */
  get inForm(): boolean {
    return this.form !== null;
  }

  /** The prompt for a terminal: whom the user acts as and where. */
  prompt(): string {
    if (this.pending.length > 0) return this.t("console.prompt.continue");
    if (!this.me) return this.t("console.prompt.none");
    const chat =
      this.group === null
        ? this.t("console.chat.dm")
        : this.t("console.chat.group", { group: this.groupLabel(this.group) });
    return this.t("console.prompt", { name: this.me.name, chat });
  }

  /** A group chat as people name it: the group's name once known, its key before. */
  groupLabel(key: string): string {
    return this.groupNames.get(key) ?? key;
  }

  private async learnGroupName(key: string): Promise<void> {
    if (this.groupNames.has(key) || !this.resolveGroupName) return;
    const name = await this.resolveGroupName(key).catch(() => null);
    if (name) this.groupNames.set(key, name);
  }

  /** The display name of an identity seen so far, or its user id. */
  displayName(userId: string): string {
    return this.names.get(userId) ?? userId;
  }

  /** Acts as the identity the query names ("省教育厅", a contact's name or key). */
  actAs(query: string): Promise<ConsoleIdentity | null> {
    return this.enqueue(() => this.switchTo(query));
  }

  /**
   * One message typed by the user; several lines in one call are one message, and a line ending
   * with `\` waits for the next call. Resolves, once the core has answered, with the transcript
   * entries the message produced (the user's line, the bot's replies, console notices).
   */
  say(text: string): Promise<ConsoleEntry[]> {
    return this.enqueue(async () => {
      const start = this.entries.length;
      await this.process(text);
      return this.entries.slice(start);
    });
  }

  /** Outbound from the core: `dm:<userId>` goes to that identity's DM, `group:<key>` to the group. */
  async send(to: Address, message: Outbound): Promise<SentMessage> {
    if (to.platform !== "console") throw new DeliveryError("rejected", `not a console address: ${to.platform}`);
    const chat = parseChatId(to.chatId);
    if (!chat) throw new DeliveryError("unreachable", `not a console chat id: ${to.chatId}`);
    if (chat.stream === "group") await this.learnGroupName(chat.group);
    if (chat.stream === "dm" && !this.names.has(chat.userId)) {
      const known = await this.resolveIdentity(chat.userId).catch(() => null);
      if (known) this.names.set(chat.userId, known.name);
    }
    const id = await this.deliver(to.chatId, message);
    return { platformMessageId: id, chatId: to.chatId };
  }

  /** Everything said so far, in order. */
  transcript(): ConsoleEntry[] {
    return [...this.entries];
  }

  /** Calls the listener with every new transcript entry; returns an unsubscribe function. */
  onOutput(listener: (entry: ConsoleEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the next entry that matches (by default the next bot message). */
  nextOutput(match: (entry: ConsoleEntry) => boolean = (entry) => entry.from === "bot"): Promise<ConsoleEntry> {
    return new Promise((resolve) => {
      const off = this.onOutput((entry) => {
        if (!match(entry)) return;
        off();
        resolve(entry);
      });
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async process(raw: string): Promise<void> {
    const text = raw.replace(/\r\n?/g, "\n");
    if (text.endsWith("\\")) {
      this.pending.push(text.slice(0, -1));
      return;
    }
    const message = [...this.pending, text].join("\n");
    this.pending = [];
    if (this.form) return this.answerForm(message);

    const input = parseConsoleInput(message);
    if (input.kind === "empty") return;
    const typedId = this.recordTyped(message);
    if (input.kind === "as") {
      if (input.query === "") return this.notice("console.as.usage");
      await this.switchTo(input.query);
      return;
    }
    if (!this.me) {
      // /help is for anyone: before /as it says how the console works and how to choose who to be.
      if (input.kind === "command" && (input.command === "help" || input.command === "帮助")) {
        this.notice("console.banner");
        return this.notice("console.helpBeforeAs");
      }
      return this.notice("console.needIdentity");
    }
    switch (input.kind) {
      case "join":
        if (input.group === "" || /\s/.test(input.group)) return this.notice("console.join.usage");
        this.group = input.group;
        await this.learnGroupName(input.group);
        return this.notice("console.join.ok", { group: this.groupLabel(input.group) });
      case "leave":
        this.group = null;
        return this.notice("console.leave.ok");
      case "reply":
        if (input.messageId === "" || input.text === "") return this.notice("console.reply.usage");
        if (!this.sentIds.has(input.messageId)) return this.notice("console.reply.unknown", { id: input.messageId });
        return this.dispatch({
          ...this.source(typedId),
          kind: "text",
          text: input.text,
          replyToMessageId: input.messageId,
        });
      case "cancel":
        return this.dispatch({ ...this.source(typedId), kind: "command", command: "cancel", args: "" });
      case "command":
        return this.dispatch({ ...this.source(typedId), kind: "command", command: input.command, args: input.args });
      case "text": {
        const number = choiceNumber(input.text);
        const choice = number === null ? undefined : this.choices.get(this.currentChatId)?.[number - 1];
        if (choice) {
          return this.dispatch({
            ...this.source(typedId),
            kind: "action",
            actionId: choice.actionId,
            value: choice.value,
          });
        }
        return this.dispatch({ ...this.source(typedId), kind: "text", text: input.text });
      }
    }
  }

  private async answerForm(message: string): Promise<void> {
    const form = this.form;
    if (!form) return;
    const typedId = this.recordTyped(message);
    const input = parseConsoleInput(message);
    if (input.kind === "cancel") {
      this.form = null;
      return this.notice("console.form.cancelled", { title: form.flow.form.title });
    }
    if (input.kind !== "text" && input.kind !== "empty") {
      this.notice("console.form.busy", { title: form.flow.form.title });
      return this.emitSystem(form.flow.question());
    }
    const answer = form.flow.answer(message);
    if (answer.kind === "invalid") {
      this.emitSystem(answer.message);
      return this.emitSystem(form.flow.question());
    }
    if (answer.kind === "next") return this.emitSystem(form.flow.question());
    this.form = null;
    const { formId, context } = form.flow.form;
    return this.dispatch({
      ...this.source(typedId, form.chatId),
      kind: "form",
      formId,
      context,
      values: answer.values,
    });
  }

  private async switchTo(query: string): Promise<ConsoleIdentity | null> {
    const found = await this.resolveIdentity(query.trim());
    if (!found) {
      this.notice("console.as.unknown", { query: query.trim() });
      return null;
    }
    if (this.form) {
      this.notice("console.form.cancelled", { title: this.form.flow.form.title });
      this.form = null;
    }
    this.me = found;
    this.names.set(found.userId, found.name);
    this.notice("console.as.ok", { name: found.name });
    return found;
  }

  private source(messageId: string | undefined, chatId = this.currentChatId): InboundSource {
    const me = this.me ?? { userId: "", name: "" };
    const chat = parseChatId(chatId);
    const group = chat?.stream === "group" ? chat.group : undefined;
    return {
      platform: "console",
      userId: me.userId,
      userName: me.name,
      chatId,
      chatKind: group === undefined ? "direct" : "group",
      ...(group === undefined ? {} : { chatTitle: group }),
      ...(messageId === undefined ? {} : { messageId }),
    };
  }

  private async dispatch(event: InboundEvent): Promise<void> {
    const handler = this.handler;
    if (!handler) return this.notice("console.notRunning");
    try {
      const reply = await handler.handle(event);
      for (const message of reply.messages) await this.deliver(event.chatId, message);
    } catch (error) {
      this.notice("console.failed", { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Shows a bot message, remembers its buttons, and opens its form when it lands where the user is. */
  private async deliver(chatId: string, message: Outbound): Promise<string> {
    this.sentCount += 1;
    const id = `c${this.sentCount}`;
    this.sentIds.add(id);
    const rendering = renderPlainTextWithChoices(await this.withChartFiles(chatId, message), this.locale);
    this.choices.set(chatId, rendering.choices);
    this.emit({ ...this.streamOf(chatId), from: "bot", text: rendering.text, message, messageId: id });
    const formBlock = message.blocks.find((block) => block.type === "form");
    if (formBlock && !this.form && chatId === this.currentChatId) {
      const flow = new FormFlow(formBlock.form, this.locale);
      this.form = { flow, chatId };
      this.emitSystem(flow.intro());
      this.emitSystem(flow.question());
    }
    return id;
  }

  /**
   * The message with each chart written to an .svg file and the file named under its alt text
   * (or why it could not be written); unchanged without a chart folder or a chart.
   */
  private async withChartFiles(chatId: string, message: Outbound): Promise<Outbound> {
    if (this.chartDir === undefined || !message.blocks.some((block) => block.type === "chart")) return message;
    const chat = parseChatId(chatId);
    const label = chat?.stream === "group" ? chat.group : (chat?.userId ?? "");
    const files = await writeChartFiles(this.chartDir, label, message);
    return {
      ...message,
      blocks: message.blocks.map((block) => {
        const result = files.get(block);
        return block.type === "chart" && result ? { ...block, alt: `${block.alt}\n${this.chartLine(result)}` } : block;
      }),
    };
  }

  private chartLine(result: ChartFileResult): string {
    if (result.ok) return this.t("console.chart.saved", { path: shownPath(result.file) });
    const why =
      result.reason === "EACCES" || result.reason === "EPERM" || result.reason === "EROFS"
        ? this.t("console.chart.why.permission")
        : result.reason === "ENOTDIR" || result.reason === "EEXIST"
          ? this.t("console.chart.why.notDir")
          : result.reason === "ENOSPC"
            ? this.t("console.chart.why.full")
            : result.reason;
    return this.t("console.chart.failed", { dir: shownPath(this.chartDir ?? ""), why });
  }

  private recordTyped(text: string): string | undefined {
    if (!this.me) {
      this.emit({ stream: "dm", chatId: "", from: "user", text });
      return undefined;
    }
    this.typedCount += 1;
    const messageId = `u${this.typedCount}`;
    this.emit({ ...this.streamOf(this.currentChatId), from: "user", text, messageId, userId: this.me.userId });
    return messageId;
  }

  private notice(key: RenderMessageKey, params?: Params): void {
    this.emitSystem(this.t(key, params));
  }

  private emitSystem(text: string): void {
    this.emit({ ...this.streamOf(this.currentChatId), from: "system", text });
  }

  private streamOf(chatId: string): Pick<ConsoleEntry, "stream" | "chatId"> {
    return { stream: parseChatId(chatId)?.stream ?? "dm", chatId };
  }

  private emit(entry: ConsoleEntry): void {
    this.entries.push(entry);
    for (const listener of [...this.listeners]) listener(entry);
  }
}

/** A path as the user can use it: relative to the working folder when inside it, else absolute. */
function shownPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
}
