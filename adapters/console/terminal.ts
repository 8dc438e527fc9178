import { createInterface, type Interface } from "node:readline";

import type { Address, ChatAdapter, InboundHandler, SentMessage } from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { translator, type Locale } from "../../src/core/i18n/catalog.js";
import { renderMessages, type RenderMessageKey } from "../../src/core/i18n/messages/render.js";
import { formatLocalInstant } from "../../src/core/i18n/local-time.js";
import { parseChatId } from "./addresses.js";
import { ConsoleSession } from "./session.js";
import type { ConsoleEntry, ResolveGroupName, ResolveIdentity } from "./types.js";

export interface ConsoleAdapterConfig {
  locale: Locale;
  /** Maps `/as` queries to identities; provided by the app wiring. */
  resolveIdentity: ResolveIdentity;
  /** Where charts are written as .svg files, named in the text (see ConsoleSessionOptions.chartDir). */
  chartDir?: string;
  /** Names group chats by their group's name (`[群 省打好重点民生保障仗工作专班]`). */
  resolveGroupName?: ResolveGroupName;
  /**
   * Prefixes each message's label with the time it arrived on this clock, in `timeZone` (default
   * Beijing time): on a simulated clock three reminders days apart would otherwise look alike.
   */
  clock?: { now(): Date };
  timeZone?: string;
  /** Act as this identity from the start (what `/as` would take). */
  actAs?: string;
  /** Default process.stdin / process.stdout. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  /** ANSI colours; default: when the output is a terminal. */
  color?: boolean;
  /**
   * Lines that arrive together (a paste) make one message; default: when the output is a terminal.
   * Piped input is read line by line instead, with `\` at the end of a line to continue a message.
   */
  joinPastedLines?: boolean;
  /** Called when the user presses Ctrl+C or closes the input; default: raise SIGINT so the app shuts down. */
  onExit?: () => void;
}

const COLOURS = { dm: "\u001b[36m", group: "\u001b[35m", system: "\u001b[90m", reset: "\u001b[0m" };

/**
 * The console adapter: a {@link ConsoleSession} behind a readline terminal. It prints every stream
 * with a label (`[私信 → 示例联络人（省人社厅）] #c3`, `[群 省打好重点民生保障仗工作专班] #c4`) and prompts with whom
 * the user acts as. Lines pasted together are one message.
 */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = "console" as const;
  readonly session: ConsoleSession;
  private readonly t: ReturnType<typeof translator<RenderMessageKey>>;
  private readline: Interface | undefined;
  private unsubscribe: (() => void) | undefined;
  private batch: string[] = [];
  private inflight: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(private readonly config: ConsoleAdapterConfig) {
    this.session = new ConsoleSession({
      locale: config.locale,
      resolveIdentity: config.resolveIdentity,
      ...(config.chartDir === undefined ? {} : { chartDir: config.chartDir }),
      ...(config.resolveGroupName ? { resolveGroupName: config.resolveGroupName } : {}),
    });
    this.t = translator(renderMessages, config.locale);
  }

  async start(core: InboundHandler): Promise<void> {
    await this.session.start(core);
    const output = this.output();
    output.write(`${this.t("console.banner")}\n`);
    // What the bot sent before the terminal opened (the app starts the console last) is shown first.
    for (const entry of this.session.transcript()) this.print(entry);
    this.unsubscribe = this.session.onOutput((entry) => this.print(entry));
    if (this.config.actAs) await this.session.actAs(this.config.actAs);
    const readline = createInterface({ input: this.config.input ?? process.stdin, output, terminal: this.tty() });
    this.readline = readline;
    readline.on("line", (line) => this.collect(line));
    readline.on("SIGINT", () => this.exit());
    // Piped input closes right after its last line: let that line be answered before quitting.
    readline.on("close", () => {
      this.readline = undefined;
      setImmediate(() => void this.inflight.finally(() => this.exit()));
    });
    this.prompt();
  }

  send(to: Address, message: Outbound): Promise<SentMessage> {
    return this.session.send(to, message);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.readline?.close();
    this.readline = undefined;
    await this.session.stop();
  }

  /** Lines that arrive in the same tick came from one paste: they make one message. */
  private collect(line: string): void {
    if (!(this.config.joinPastedLines ?? this.tty())) {
      this.inflight = this.session.say(line).then(() => this.prompt());
      return;
    }
    this.batch.push(line);
    if (this.batch.length > 1) return;
    setImmediate(() => {
      const text = this.batch.join("\n");
      this.batch = [];
      this.inflight = this.session.say(text).then(() => this.prompt());
    });
  }

  private print(entry: ConsoleEntry): void {
    const output = this.output();
    const interactive = this.tty();
    if (entry.from === "user") {
      // A terminal has echoed what was typed; for piped input, write it out so the output reads as a chat.
      if (!interactive) output.write(`${this.session.prompt()}${entry.text.replace(/\n/g, "\n… ")}\n`);
      return;
    }
    const clear = interactive ? "\r\u001b[K" : "";
    const paint = (colour: string, text: string) => (this.colour() ? `${colour}${text}${COLOURS.reset}` : text);
    if (entry.from === "system") {
      output.write(`${clear}${paint(COLOURS.system, `[${this.t("console.stream.system")}] ${entry.text}`)}\n`);
    } else {
      const label = this.config.clock
        ? this.t("console.stream.at", {
            time: formatLocalInstant(
              this.config.clock.now(),
              this.config.timeZone ?? "Asia/Shanghai",
              this.config.locale,
            ),
            label: this.label(entry.chatId),
          })
        : this.label(entry.chatId);
      output.write(`${clear}${paint(COLOURS[entry.stream], `[${label}] #${entry.messageId}`)}\n`);
      output.write(`${entry.text}\n\n`);
    }
    this.prompt();
  }

  private label(chatId: string): string {
    const chat = parseChatId(chatId);
    if (chat?.stream === "group") return this.t("console.stream.group", { group: this.session.groupLabel(chat.group) });
    return this.t("console.stream.dm", { name: this.session.displayName(chat?.userId ?? chatId) });
  }

  private prompt(): void {
    if (!this.readline || !this.tty()) return;
    this.readline.setPrompt(this.session.prompt());
    this.readline.prompt(true);
  }

  private exit(): void {
    if (this.stopping) return;
    this.stopping = true;
    (this.config.onExit ?? (() => process.kill(process.pid, "SIGINT")))();
  }

  private output(): NodeJS.WritableStream & { isTTY?: boolean } {
    return this.config.output ?? process.stdout;
  }

  private tty(): boolean {
    return this.output().isTTY === true;
  }

  private colour(): boolean {
    return this.config.color ?? this.tty();
  }
}

/** Creates the console adapter (the terminal chat `npm start` runs when no platform is configured). */
export function createConsoleAdapter(config: ConsoleAdapterConfig): ConsoleAdapter {
  return new ConsoleAdapter(config);
}
