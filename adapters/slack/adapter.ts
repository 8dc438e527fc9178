import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from "@slack/bolt";
import {
  answerOf,
  createAnswerQueue,
  type AnswerQueue,
  type AnswerTransport,
} from "../../src/core/chat/answer-queue.js";
import { createInboundAdmission, type InboundAdmission } from "../../src/core/chat/inbound-admission.js";
import {
  DeliveryError,
  InboundNotHandledError,
  type Address,
  type ChatAdapter,
  type InboundEvent,
  type InboundHandler,
  type SentMessage,
} from "../../src/core/chat/inbound.js";
import type { Form, Outbound } from "../../src/core/chat/outbound.js";
import { translator, type Locale } from "../../src/core/i18n/catalog.js";
import { slackMessages } from "../../src/core/i18n/messages/slack.js";
import { checkReportForm } from "../../src/core/reports/form-check.js";
import { boltLogger } from "./bolt-logger.js";
import { uploadChart } from "./chart-upload.js";
import { slackErrorCode, toDeliveryError } from "./errors.js";
import { modalErrors } from "./modal-errors.js";
import {
  formatFormMetadata,
  numberFieldsOf,
  parseBlockAction,
  parseFormMetadata,
  parseDirectMessage,
  parseSlashCommand,
  parseViewSubmission,
  type BlockActionPayload,
  type MessageEventPayload,
  type SlashCommandPayload,
  type ViewSubmissionPayload,
} from "./parse.js";
import { FORM_CALLBACK_ID, renderModal, renderSavingView, renderSlack, type SlackMessage } from "./render.js";
import { UserNames } from "./user-names.js";

export interface SlackAdapterLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where Slack sends events, slash commands and interactivity in HTTP mode (one Request URL for all three). */
export const SLACK_EVENTS_PATH = "/slack/events";

export interface SlackAdapterConfig {
  botToken: string;
  /** HTTP mode: requests are signature-checked with it. */
  signingSecret?: string;
  /** Socket Mode (xapp-…) instead of HTTP. */
  appToken?: string;
  /** Web API base URL (GovSlack, proxies, tests); default Slack's. */
  apiUrl?: string;
  log: SlackAdapterLog;
  locale?: Locale;
  /**
   * Mounts the events route on the app's HTTP server (PORT). Without it, HTTP mode listens on its
   * own server (`port`, default a random port on 127.0.0.1) and `eventsUrl` says where.
   */
  mountRoute?: (path: string, handler: RouteHandler) => void;
  port?: number;
  /**
   * A modal submission is checked for field errors before its ack and stored after it. Only a
   * modal whose fields could not be kept with it (see formatFormMetadata) waits for the core
   * instead, this long at most before it is closed anyway (Slack drops an answer after 3 s); the
   * result then follows as a DM. Default 2,500 ms.
   */
  submitBudgetMs?: number;
  /**
   * When the core's work for an event may start, and its answers go out: after every request
   * waiting for its acknowledgement is answered (src/core/chat/inbound-admission.ts). The app gives
   * every adapter the process's one admission; default one of the adapter's own.
   */
  admission?: InboundAdmission;
  /**
   * SLACK_BIND_BY_EMAIL: the sender's e-mail (users.info, scope users:read.email) goes with every
   * event, so the core binds a newcomer to the contact with that e-mail in the roster.
   */
  bindByEmail?: boolean;
  /** Socket Mode: the client's ping timeout (reconnect delay grows with it), ms. */
  socketPingTimeoutMs?: number;
  /**
   * How answers to users are paced and where they go when they cannot be sent within a few
   * seconds (the app: its rate limiter and the outbox). Without it they are still queued per
   * chat, and one not sent in time is logged and given up.
   */
  answers?: AnswerTransport;
}

/** How far in the future a request's timestamp may be (clock skew between Slack and us). */
const MAX_FUTURE_SKEW_MS = 60_000;

/**
 * The release of a request's arrival (InboundAdmission.arrived), kept on the request and given to
 * listeners as `context.handOff` (Bolt's custom properties): a listener whose HTTP answer waits
 * for the core hands the request to the core with it, so that its own work does not wait for it.
 */
const HAND_OFF = Symbol("zhuanban.handOff");
type HandOffContext = { handOff?: () => void };

/** What a handled event is answered through: the slash command's response_url, the DM, a channel. */
interface AnswerTarget {
  /** The chat the answer lands in (and, for a post the outbox can make too, where a hand-off sends it). */
  to: Address;
  /**
   * The answer is a plain post (chat.postMessage) that the outbox can make later. Not so for an
   * answer through a response_url (only its user sees it): that one is given up after the window.
   */
  durable: boolean;
  /** The event's key (the answers' keys in the outbox derive from it). */
  key: string;
  triggerId?: string | undefined;
  /** The chat a form opened from here should answer into (private_metadata). */
  formChatId?: string | undefined;
  post(message: SlackMessage, outbound: Outbound): Promise<void>;
}

/**
 * The Slack adapter: a Bolt app in HTTP mode (signature-checked by Bolt) or Socket Mode. Every
 * listener acknowledges first and answers afterwards, so a slow database never costs Slack's
 * 3-second limit. A modal submission's field errors must travel in its acknowledgement: they are
 * found before it by the core's pure form check (no database); the report is stored after it and
 * confirmed by DM.
 */
/** How long, and for how many messages, the parts already delivered are remembered. */
const PARTS_TTL_MS = 60 * 60_000;
const PARTS_MAX = 1_000;

export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack" as const;
  readonly app: App;
  private readonly receiver: HTTPReceiver | SocketModeReceiver;
  private readonly names: UserNames;
  /** Messages whose first parts went out before a failure: the retry goes on from there. */
  private readonly partsSent = new Map<string, { next: number; first: SentMessage; at: number }>();
  private readonly t;
  private server: Server | undefined;
  private started = false;
  /** Socket Mode only: whether the WebSocket is open right now (it reconnects on its own). */
  private socketConnected: boolean | undefined;
  /** Acknowledgements first: the core's work and the answers wait for them (see SlackAdapterConfig.admission). */
  private readonly admission: InboundAdmission;
  /** Whether e-mails go to the core: the setting, unless start() found the scope missing. */
  private emailsVouched: boolean;
  /** Answers to users: per chat, handed to the outbox when they cannot go out in a few seconds. */
  private readonly answers: AnswerQueue;
  /** What listeners do after their acknowledgement (see afterAck); stop() waits for it. */
  private readonly afterAcks = new Set<Promise<void>>();
  /** The adapter's own events URL (HTTP mode without mountRoute), for tests. */
  eventsUrl: string | undefined;

  constructor(private readonly config: SlackAdapterConfig) {
    this.t = translator(slackMessages, config.locale ?? "zh-CN");
    this.emailsVouched = config.bindByEmail ?? false;
    // HTTP mode announces each request until it is answered (see start()); Socket Mode acks over
    // its WebSocket, where there is no request to wait for.
    this.admission = config.admission ?? createInboundAdmission();
    const logger = boltLogger(config.log);
    const clientOptions: webApi.WebClientOptions = {
      ...(config.apiUrl ? { slackApiUrl: withTrailingSlash(config.apiUrl) } : {}),
      // The outbox owns retries and waits out Retry-After itself; the client must not sleep for
      // minutes inside a send (its default is 10 retries over ~30 minutes).
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      // Slack documents no answer time for chat.postMessage; a slow answer still posts the message,
      // so the wait is long and a timeout counts as possibly delivered (errors.ts).
      timeout: 60_000,
    };
    if (config.appToken) {
      this.receiver = new SocketModeReceiver({
        appToken: config.appToken,
        logger,
        ...(config.socketPingTimeoutMs ? { clientPingTimeout: config.socketPingTimeoutMs } : {}),
        // apps.connections.open goes through these options (the same API URL); a few retries
        // here, since without a connection nothing arrives at all.
        installerOptions: { clientOptions: { ...clientOptions, retryConfig: { retries: 3, factor: 2 } } },
      });
      const socket = this.receiver.client;
      this.socketConnected = false;
      socket.on("connected", () => void (this.socketConnected = true));
      socket.on("reconnecting", () => void (this.socketConnected = false));
      socket.on("disconnected", () => void (this.socketConnected = false));
    } else {
      if (!config.signingSecret) throw new Error("SLACK_SIGNING_SECRET is required in HTTP mode");
      this.receiver = new HTTPReceiver({
        signingSecret: config.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        logger,
        // Bolt answers 404 to a request no listener acknowledged in time, which Slack retries.
        unhandledRequestTimeoutMillis: 3001,
        // The HTTP answer goes when the listener returns, not at ack(): an Events API delivery
        // is answered 200 only once the core has kept it, and non-2xx when it could not (the
        // database is down), so that Slack delivers it again (issue 17, item 2). Every other
        // listener returns right after its ack and answers afterwards (see afterAck).
        processBeforeResponse: true,
        customPropertiesExtractor: (req) => {
          const handOff = (req as unknown as Record<symbol, unknown>)[HAND_OFF];
          return typeof handOff === "function" ? { handOff } : {};
        },
      });
    }
    this.app = new App({
      token: config.botToken,
      receiver: this.receiver,
      logger,
      clientOptions,
      // auth.test runs in start(), so a wrong token or an unreachable Slack is start's error.
      deferInitialization: true,
      // Bolt's in-memory conversation store is not used (a conversation's state is in the database):
      // its middleware cost every request a rejected promise with a stack trace before the ack.
      convoStore: false,
    });
    this.answers = createAnswerQueue({
      send: (to, message) => this.send(to, message),
      toDeliveryError,
      log: config.log,
      hold: () => this.admission.pass(),
      ...config.answers,
    });
    this.names = new UserNames(async (userId) => {
      try {
        const info = await this.app.client.users.info({ user: userId });
        const user = info.user;
        return {
          name: user?.profile?.display_name || user?.real_name || user?.name || undefined,
          email: user?.profile?.email || undefined,
        };
      } catch (error) {
        this.config.log.warn({ err: String(error), userId }, "slack users.info failed");
        return undefined;
      }
    });
  }

  async start(core: InboundHandler): Promise<void> {
    this.listen(core);
    await this.app.init();
    if (this.emailsVouched) await this.checkEmailScope();
    if (this.receiver instanceof SocketModeReceiver) {
      await this.app.start();
      this.started = true;
      this.config.log.info({ mode: "socket" }, "slack adapter connected (Socket Mode)");
      return;
    }
    const bolt = this.receiver.requestListener;
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      // Bolt accepts a timestamp up to 5 minutes either way; one from the future is no replay
      // window Slack needs, so only a small clock skew is allowed that way.
      const sentAt = Number(req.headers["x-slack-request-timestamp"]);
      if (Number.isFinite(sentAt) && sentAt * 1000 > Date.now() + MAX_FUTURE_SKEW_MS) {
        res.writeHead(401, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        res.end("401\n", () => req.destroy());
        return;
      }
      // Answered (or cut): the core's work may have the event loop again.
      const answered = this.admission.arrived();
      res.once("finish", answered);
      res.once("close", answered);
      (req as unknown as Record<symbol, unknown>)[HAND_OFF] = answered;
      bolt(req, res);
    };
    if (this.config.mountRoute) {
      this.config.mountRoute(SLACK_EVENTS_PATH, (req, res) => listener(req, res));
    } else {
      const server = createServer((req, res) => listener(req, res));
      this.server = server;
      await new Promise<void>((resolve) => server.listen(this.config.port ?? 0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      this.eventsUrl = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;
    }
    this.started = true;
    this.config.log.info({ mode: "http", path: SLACK_EVENTS_PATH }, "slack adapter listening (HTTP)");
  }

  /**
   * Binding by e-mail needs users:read.email, without which users.info leaves the e-mail out
   * silently. users.lookupByEmail says so plainly (missing_scope; users_not_found means the scope
   * is there), so start() asks it once and says what to add to the app instead of binding nobody.
   */
  private async checkEmailScope(): Promise<void> {
    try {
      await this.app.client.users.lookupByEmail({ email: "scope-check@zhuanban.invalid" });
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === "users_not_found") return;
      this.emailsVouched = false;
      if (code === "missing_scope") {
        this.config.log.error(
          { setting: "SLACK_BIND_BY_EMAIL", scope: "users:read.email" },
          "slack binding by e-mail is off: the app lacks the users:read.email scope (add it in manifest.yml and reinstall)",
        );
      } else {
        this.config.log.error(
          { err: String(error), code },
          "slack binding by e-mail is off: users.lookupByEmail failed",
        );
      }
    }
  }

  /** For /healthz: HTTP mode is healthy once started; Socket Mode while its WebSocket is open. */
  healthy(): boolean {
    if (!this.started) return false;
    return this.socketConnected ?? true;
  }

  async stop(): Promise<void> {
    if (this.receiver instanceof SocketModeReceiver) {
      if (this.started) await this.app.stop();
    }
    this.started = false;
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      this.server = undefined;
    }
    // Work after an ack finishes; answers still waiting go to the outbox, so that the next start sends them.
    while (this.afterAcks.size > 0) await Promise.allSettled([...this.afterAcks]);
    await this.answers.stop();
  }

  /**
   * Runs what a listener does after its ack without the listener waiting for it: in HTTP mode the
   * ack's answer leaves only when the listener returns (processBeforeResponse), and Slack wants it
   * within 3 s.
   */
  private afterAck(work: () => Promise<void>): void {
    const running = work().catch((error: unknown) => {
      const kind = error instanceof Error ? error.name : typeof error;
      this.config.log.error({ err: kind }, "slack listener failed after its acknowledgement");
    });
    this.afterAcks.add(running);
    void running.finally(() => this.afterAcks.delete(running));
  }

  /**
   * Posts a message for the outbox (reminders, chases, digests); threads when the address has one.
   * Its charts follow as uploaded PNG files in the same channel or thread. A send that fails half
   * way is retried by the outbox as a whole; the parts already delivered are remembered (per
   * process, for an hour) and not posted again.
   */
  async send(to: Address, message: Outbound): Promise<SentMessage> {
    const parts = renderSlack(message);
    const charts = message.blocks.flatMap((block) =>
      block.type === "chart" ? [{ chart: block.chart, alt: block.alt }] : [],
    );
    const key = JSON.stringify([to.chatId, to.threadId ?? null, message]);
    const saved = this.partsSent.get(key);
    let first = saved && Date.now() - saved.at < PARTS_TTL_MS ? saved.first : undefined;
    let index = first && saved ? saved.next : 0;
    this.partsSent.delete(key);
    try {
      for (; index < parts.length + charts.length; index++) {
        const part = parts[index];
        if (part) {
          const posted = await this.app.client.chat.postMessage({
            channel: to.chatId,
            text: part.text,
            blocks: part.blocks,
            unfurl_links: false,
            unfurl_media: false,
            ...(to.threadId ? { thread_ts: to.threadId } : {}),
          });
          // The first part is the one users reply to and the one a digest's later versions thread under.
          first ??= { platformMessageId: String(posted.ts), chatId: String(posted.channel ?? to.chatId) };
          continue;
        }
        const chart = charts[index - parts.length];
        if (!chart || !first) continue;
        const { renderChart } = await import("../../src/render/charts/index.js");
        const png = (await renderChart(chart.chart)).png;
        await uploadChart(this.app.client, { ...to, chatId: first.chatId }, chart, png);
      }
    } catch (error) {
      if (first && index > 0) {
        this.partsSent.set(key, { next: index, first, at: Date.now() });
        while (this.partsSent.size > PARTS_MAX) {
          const oldest = this.partsSent.keys().next().value;
          if (oldest === undefined) break;
          this.partsSent.delete(oldest);
        }
      }
      throw toDeliveryError(error);
    }
    if (!first) throw new DeliveryError("rejected", "empty message");
    return first;
  }

  private get locale(): { locale?: Locale } {
    return this.config.locale ? { locale: this.config.locale } : {};
  }

  private listen(core: InboundHandler): void {
    this.app.error(async (error) => {
      const original = (error as { original?: unknown }).original ?? error;
      if (original instanceof InboundNotHandledError) {
        // Thrown on to Bolt, which answers 500: Slack delivers the event again (Events API).
        this.config.log.warn({}, "slack event not handled (database unavailable); Slack will deliver it again");
        throw original;
      }
      this.config.log.error({ err: String(error) }, "slack listener failed");
    });

    this.app.command(/^\/.+/, async ({ command, ack, respond }) => {
      await ack();
      const payload = command as unknown as SlashCommandPayload;
      const event = parseSlashCommand(payload, payload.trigger_id ? `command:${payload.trigger_id}` : undefined);
      this.answerAfterAck(core, event, {
        to: { platform: "slack", chatId: event.chatId },
        durable: false,
        key: event.eventId ?? randomUUID(),
        triggerId: payload.trigger_id,
        formChatId: event.chatId,
        post: async (message, outbound) => {
          await respond({
            response_type: outbound.ephemeral === false ? "in_channel" : "ephemeral",
            text: message.text,
            blocks: message.blocks,
          });
        },
      });
    });

    this.app.action({ type: "block_actions" }, async ({ ack, body, respond }) => {
      await ack();
      const payload = body as unknown as BlockActionPayload;
      const event = parseBlockAction(payload, payload.trigger_id ? `action:${payload.trigger_id}` : undefined);
      if (!event) return;
      const direct = event.chatKind === "direct";
      this.answerAfterAck(core, event, {
        to: { platform: "slack", chatId: direct ? (payload.channel?.id ?? event.userId) : event.chatId },
        durable: direct,
        key: event.eventId ?? randomUUID(),
        triggerId: payload.trigger_id,
        formChatId: event.chatId,
        post: async (message, outbound) => {
          // In the DM the answer stays in the conversation; in a channel only the presser sees it.
          if (direct) await this.post(payload.channel?.id ?? event.userId, message);
          else
            await respond({
              response_type: outbound.ephemeral === false ? "in_channel" : "ephemeral",
              replace_original: false,
              text: message.text,
              blocks: message.blocks,
            });
        },
      });
    });

    this.app.view({ callback_id: FORM_CALLBACK_ID, type: "view_submission" }, async ({ ack, body, context }) => {
      const payload = body as unknown as ViewSubmissionPayload;
      const event = parseViewSubmission(payload, payload.trigger_id ? `view:${payload.trigger_id}` : undefined);
      if (event?.kind !== "form") {
        await ack();
        return;
      }
      const replyTo = event.chatId;
      const target: AnswerTarget = {
        to: { platform: "slack", chatId: replyTo },
        durable: true,
        key: event.eventId ?? randomUUID(),
        post: async (message) => void (await this.post(replyTo, message)),
      };
      const numbers = parseFormMetadata(payload.view.private_metadata)?.numbers;
      const checked = numbers
        ? checkReportForm(
            { formId: event.formId, context: event.context, numbers },
            event.values,
            this.config.locale ?? "zh-CN",
          )
        : null;
      if (checked && !checked.ok) {
        // Nothing is stored: the modal stays open with the reasons on its fields.
        await ack({ response_action: "errors", errors: modalErrors(checked.formErrors, payload) });
        return;
      }
      if (checked) {
        // Well-formed: the modal says it is being saved; the core stores the report and the DM
        // confirms it (or says what the database refused: the task, the period).
        await ack({ response_action: "update", view: renderSavingView(payload.view.title?.text ?? "", this.locale) });
        this.answerAfterAck(core, event, target);
        return;
      }
      // Its ack waits for the core: the request is the core's now, not a wait for other work.
      (context as HandOffContext).handOff?.();
      await this.submitWaitingForCore(core, event, payload, (response) => ack(response), target);
    });

    this.app.event("message", async ({ event, body, context }) => {
      const eventId = (body as { event_id?: string }).event_id;
      const message = event as unknown as MessageEventPayload;
      const inbound = parseDirectMessage(message, eventId ?? `message:${message.channel}:${message.ts}`);
      if (!inbound) return;
      const target: AnswerTarget = {
        to: {
          platform: "slack",
          chatId: message.channel,
          ...(message.thread_ts ? { threadId: message.thread_ts } : {}),
        },
        durable: true,
        key: inbound.eventId ?? randomUUID(),
        post: async (rendered) => {
          // A message written in a thread (a reply to a reminder) is answered in that thread.
          await this.post(message.channel, rendered, message.thread_ts);
        },
      };
      // Over HTTP the 200 waits for the core to keep the event, and a database outage answers
      // 500 so that Slack delivers it again; the answers to the user do not hold up the 200. The
      // request is the core's now: it no longer holds the core's work back (InboundAdmission).
      (context as HandOffContext).handOff?.();
      const reply = await this.handle(
        core,
        this.withAnswerTo(inbound, target),
        false,
        this.receiver instanceof HTTPReceiver,
      );
      this.deliverAfterAck(reply, target);
    });
  }

  /**
   * The core's answer, with the user's display name filled in from users.info (cached). `urgent`:
   * an ack waits for it (see InboundAdmission.run).
   */
  private handle(core: InboundHandler, event: InboundEvent, urgent = false, redeliverable = false) {
    return this.admission.run(
      async () => {
        const { name, email } = await this.names.profileOf(event.userId);
        const vouched = this.emailsVouched && email ? { userEmail: email } : {};
        try {
          return await core.handle({ ...event, ...(name ? { userName: name } : {}), ...vouched });
        } catch (error) {
          if (!(error instanceof InboundNotHandledError) || redeliverable) throw error;
          // Slack has the acknowledgement already and will not send the event again (a slash
          // command, a button, a modal: never retried; an event over Socket Mode, which Bolt
          // acknowledges on receipt): the user is told that nothing was saved.
          const text = this.t("error.unavailable");
          return { messages: [{ blocks: [{ type: "text" as const, text }], summary: text }] };
        }
      },
      { urgent },
    );
  }

  /** After the ack: the core's answer, delivered (see afterAck). */
  private answerAfterAck(core: InboundHandler, event: InboundEvent, target: AnswerTarget): void {
    this.afterAck(async () => this.deliver(await this.handle(core, this.withAnswerTo(event, target)), target));
  }

  private deliverAfterAck(reply: { messages: Outbound[] }, target: AnswerTarget): void {
    this.afterAck(() => this.deliver(reply, target));
  }

  /**
   * A submission of a modal whose fields it does not carry (opened before they were kept, or too
   * many to keep): its field errors can come only from the core, so the ack waits for the core, up
   * to `submitBudgetMs`; after that the modal closes and the outcome follows as a DM.
   */
  private async submitWaitingForCore(
    core: InboundHandler,
    event: InboundEvent,
    payload: ViewSubmissionPayload,
    ack: (response?: { response_action: "errors"; errors: Record<string, string> }) => Promise<void>,
    target: AnswerTarget,
  ): Promise<void> {
    const handled = this.handle(core, this.withAnswerTo(event, target), true);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), this.config.submitBudgetMs ?? 2_500);
    });
    const first = await Promise.race([handled, budget]);
    clearTimeout(timer);
    if (first === "late") {
      await ack();
      this.afterAck(async () => {
        await this.post(event.chatId, { text: this.t("submit.pending"), blocks: [] }).catch((error: unknown) =>
          this.config.log.warn({ err: String(error) }, "slack pending notice failed"),
        );
        await this.deliver(await handled, target);
      });
      return;
    }
    const refused = first.messages.find((m) => m.formErrors);
    if (refused?.formErrors) {
      await ack({ response_action: "errors", errors: modalErrors(refused.formErrors, payload) });
      return;
    }
    await ack();
    this.deliverAfterAck(first, target);
  }

  /**
   * Answers through the chat's queue (src/core/chat/answer-queue.ts): a 429 is waited out for
   * this chat only, and an answer not posted within a few seconds goes to the outbox (or, through
   * a response_url, is given up and logged). A form opens as a modal when the trigger allows.
   */
  private async deliver(reply: { messages: Outbound[] }, target: AnswerTarget): Promise<void> {
    const sends: Promise<unknown>[] = [];
    // Queued in the reply's order (the queue keeps a chat's answers in the order they come).
    for (const [i, outbound] of reply.messages.entries()) {
      const form = outbound.blocks.find((b) => b.type === "form")?.form;
      if (form && (await this.openForm(form, target))) continue;
      // The trigger expired or there was none: say so, with the button that opens it again.
      const parts = form
        ? [{ text: this.t("form.expired"), blocks: renderSlack(outbound)[0]!.blocks }]
        : renderSlack(outbound);
      let next = 0;
      const sent = this.answers.answer({
        ...answerOf(target.to, outbound, `${answerKeyPrefix(target)}#${i}`),
        durable: target.durable && !form,
        // A retry goes on from the part that failed.
        deliver: async () => {
          for (; next < parts.length; next++) await target.post(parts[next]!, outbound);
        },
      });
      sends.push(
        sent.catch((error: unknown) => {
          const kind = error instanceof Error ? error.name : typeof error;
          this.config.log.error({ err: kind, chatId: target.to.chatId, key: target.key }, "slack answer failed");
        }),
      );
    }
    await Promise.all(sends);
  }

  /**
   * The event with where its answers go when they may wait in the outbox (a chat, not a
   * response_url, and a queue with an outbox): the core keeps a report's confirmation there.
   */
  private withAnswerTo(event: InboundEvent, target: AnswerTarget): InboundEvent {
    if (!target.durable || !this.answers.keeps) return event;
    return { ...event, answerTo: { to: target.to, keyPrefix: answerKeyPrefix(target) } };
  }

  /** Opens a form as a modal; false when Slack refused the trigger (it lives 3 s and is single-use). */
  private async openForm(form: Form, target: AnswerTarget): Promise<boolean> {
    if (!target.triggerId) return false;
    // After the acknowledgements waiting now (a few hundred ms in a burst): the trigger lives 3 s.
    await this.admission.pass();
    try {
      await this.app.client.views.open({
        trigger_id: target.triggerId,
        view: renderModal(form, {
          ...this.locale,
          metadata: formatFormMetadata({
            formId: form.formId,
            context: form.context,
            ...(target.formChatId ? { chatId: target.formChatId } : {}),
            numbers: numberFieldsOf(form),
          }),
        }),
      });
      return true;
    } catch (error) {
      this.config.log.warn({ err: String(error), code: slackErrorCode(error) }, "slack views.open failed");
      return false;
    }
  }

  private async post(channel: string, message: SlackMessage, threadTs?: string): Promise<void> {
    await this.app.client.chat.postMessage({
      channel,
      text: message.text,
      ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  }
}

/** The keys of an event's answers (the outbox's dedupe keys). */
const answerKeyPrefix = (target: AnswerTarget) => `slack:${target.key}`;

export function createSlackAdapter(config: SlackAdapterConfig): SlackAdapter {
  return new SlackAdapter(config);
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
