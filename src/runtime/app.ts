import path from "node:path";
import pino from "pino";
import { createConsoleAdapter } from "../../adapters/console/index.js";
import type { SlackAdapter } from "../../adapters/slack/index.js";
import type { TelegramAdapter } from "../../adapters/telegram/index.js";
import type { ChatAdapter } from "../core/chat/inbound.js";
import { resolveConsoleIdentity } from "../core/console-identity.js";
import { systemClock } from "../domain/time/clock.js";
import { createAnswerOutboxStore } from "../store/answer-outbox-store.js";
import { createConsoleDirectory } from "../store/console-directory.js";
import { gateStatements } from "../store/client.js";
import { openDatabase } from "../store/database.js";
import type { EmbeddedPostgres } from "../store/embedded.js";
import { describeDatabaseUrl } from "../store/errors.js";
import { loadWorkCalendar } from "./calendar-loader.js";
import { calendarWarnings } from "../domain/time/calendar.js";
import { localDateTimeOf } from "../domain/time/zoned.js";
import { translator } from "../core/i18n/catalog.js";
import { startupMessages } from "../core/i18n/messages/startup.js";
import { loadConfig } from "./config.js";
import type { RouteHandler } from "./http-server.js";
import { createLogger } from "./logger.js";
import { createRateLimiter } from "./rate-limiter.js";
import { seedIfEmpty } from "./seed-if-empty.js";
import { systemSleep } from "./sleep.js";
import { DEFAULT_SEED_DIR } from "./seed-files.js";
import { answerTransport } from "./answer-transport.js";
import { createInboundAdmission } from "../core/chat/inbound-admission.js";
import { createAppMetrics, newWorkerId, startBackground, type Background } from "./background.js";
import { createWebAuthFor } from "./web-auth.js";
import { clockFor, createCore } from "./wiring.js";

/** A platform adapter could not start (wrong token, platform unreachable): one line for the operator. */
export class AdapterStartError extends Error {
  constructor(
    readonly platform: string,
    reason: string,
  ) {
    super(`the ${platform} adapter could not start: ${reason}`);
    this.name = "AdapterStartError";
  }
}

export interface RunningApp {
  /** Settles when the app has shut down (signal, end of console input, or stop()). */
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts zhuanban: configuration, database (migrated; seeded when empty, by default with the 2023 plan),
 * the bot core, then the adapters the environment enables (the console when none is), until
 * SIGINT or SIGTERM.
 */
/** The seeded groups' timezone, in which start-up lines give the simulated time. */
const STARTUP_TIME_ZONE = "Asia/Shanghai";

export async function startApp(options: {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  /** The seed folder for an empty database (over ZHUANBAN_SEED_DIR); false: start empty. */
  seed?: string | false;
  /** The embedded database, already starting (see src/cli/run/start.ts). */
  embeddedStarting?: Promise<EmbeddedPostgres> | undefined;
  /**
   * When the start began (performance.now()), for the time the ready line gives: before this call
   * when the embedded database was begun first, so that its start is counted.
   */
  startedAt?: number;
}): Promise<RunningApp> {
  const config = loadConfig(options.env);
  const useConsole = !config.slack && !config.telegram;
  // In the console the terminal is the chat; logs go to a file beside the embedded data instead.
  const log = useConsole
    ? createLogger(config.logLevel, pino.destination({ dest: path.join(config.dataDir, "zhuanban.log"), mkdir: true }))
    : createLogger(config.logLevel);
  const startedAt = options.startedAt ?? performance.now();
  // --seed DIR, then ZHUANBAN_SEED_DIR, then the Hunan 2023 plan; --no-seed starts empty.
  const seedDir = options.seed === false ? undefined : path.resolve(options.seed ?? config.seedDir ?? DEFAULT_SEED_DIR);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    migrate: true,
    embeddedStarting: options.embeddedStarting,
    // A new embedded database to be loaded with the 2023 plan comes from the build's template,
    // the plan already in it; another seed folder (or none) is loaded the usual way. The template's
    // module (and the seed machinery it needs) loads only for a new data directory.
    embeddedTemplate: async () => (await import("./embedded-template.js")).readSeededTemplate(seedDir ?? null),
    // Only one bot per embedded data directory; the CLI's commands connect through this one.
    exclusive: true,
  });
  log.info(
    {
      database: db.target,
      created: db.created,
      fromTemplate: db.fromTemplate,
      migrationsApplied: db.migrationsApplied,
    },
    "database ready",
  );
  // What the person at the terminal reads comes from the catalogue, in their language; the log
  // lines beside it stay English.
  const say = translator(startupMessages, config.locale);
  if (db.fromTemplate) options.out(say("startup.created"));
  const seeded =
    seedDir === undefined
      ? null
      : await seedIfEmpty(db, seedDir).catch(async (error: unknown) => {
          await db.close();
          throw error;
        });
  if (seeded) {
    const source =
      seedDir === DEFAULT_SEED_DIR
        ? say("startup.hunanPlan")
        : say("startup.seedFolder", { dir: path.relative(process.cwd(), seeded.dir) || seeded.dir });
    log.info({ changes: seeded.changes.total, dir: seeded.dir }, "empty database seeded");
    options.out(say("startup.seeded", { source, rows: seeded.changes.total }));
  }

  const clock = clockFor(config);
  if (config.clock) {
    const local = localDateTimeOf(config.clock.start, STARTUP_TIME_ZONE);
    const [year, month, day] = local.date.split("-").map(Number);
    const speed = Number(config.clock.speed ?? 1);
    options.out(
      say("startup.simulated", {
        start: say("startup.instant", { year: year!, month: month!, day: day!, time: local.time }),
        speed: speed === 1 ? "" : say("startup.speed", { speed }),
      }),
    );
  }
  const calendar = await loadWorkCalendar();
  // Said once at start-up (and to convenors in /status): deadlines of a year without the State
  // Council's holiday notice are computed on Monday-Friday and may move when it is published.
  // The years are those of the clock the bot runs on (a simulated 2023 session asks about 2023
  // and 2024), and each line, logged or printed, names its own year.
  const year = Number(localDateTimeOf(clock.now(), STARTUP_TIME_ZONE).date.slice(0, 4));
  for (const warning of calendarWarnings(calendar, [year, year + 1])) {
    log.warn(
      { year: warning.year },
      `no holiday data for ${warning.year}: its deadlines take Monday to Friday as working days`,
    );
    options.out(`⚠ ${say("startup.noHolidayData", { year: warning.year })}`);
  }
  // The console alone needs no HTTP port unless one is asked for (then no metrics are served).
  const port = useConsole && !options.env.PORT ? null : config.port;
  const metrics = await createAppMetrics(db.prisma, log, port !== null);
  const webAuth = createWebAuthFor(db.prisma, clock, config.publicUrl);
  // One id for this process's claims: its dispatcher's, and the report confirmations its adapters
  // are sending (held in the outbox under it, taken over by another process if this one dies).
  const workerId = newWorkerId();
  const core = createCore({
    prisma: db.prisma,
    calendar,
    clock,
    locale: config.locale,
    log,
    metrics,
    web: webAuth,
    keptAnswers: { owner: workerId, now: () => systemClock.now() },
  });
  const adapters: ChatAdapter[] = [];
  // One rate limiter for everything this process sends: the outbox's rows and the adapters'
  // answers to users, which go to the outbox too when they cannot go out in a few seconds.
  // Its first second counts as spent: the process may replace one killed a moment ago, whose
  // last sends the platform still counts (issue 17, the chaos test's 429s after a restart).
  const limiter = createRateLimiter({ clock: systemClock, sleep: systemSleep, startSpent: true });
  const answers = answerTransport(
    limiter,
    createAnswerOutboxStore(
      db.prisma,
      () => clock.now(),
      () => systemClock.now(),
    ),
  );
  // Acknowledgements first (issue 19), one admission for the process: its adapters announce the
  // requests that a platform waits on, and while any waits, no work takes the event loop from
  // them, down to each database statement of the scheduler, the dispatcher and the web console.
  const admission = createInboundAdmission();
  gateStatements(db.prisma, () => admission.pass());
  let background: Background | undefined = undefined;

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  // Set from signal handlers and the console; the casts keep TypeScript from narrowing them.
  let stopping = undefined as Promise<void> | undefined;
  let started = false as boolean;
  let stopRequested = false as boolean;
  const shutdown = () => {
    stopping ??= (async () => {
      log.info("shutting down");
      // Scheduler and dispatcher first: in-flight sends finish and claims are given back.
      await background?.stop();
      for (const adapter of adapters) await adapter.stop();
      await db.close();
      resolveStopped();
    })();
    return stopping;
  };
  // A stop asked for while starting (a signal, the console's input already at its end) waits until
  // the background is up, so that it is stopped in order before the database closes.
  const stop = (): Promise<void> => {
    if (started) return shutdown();
    stopRequested = true;
    return stopped;
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());

  // Webhook routes wait here for the operations port, which opens with them in place.
  const pendingRoutes = new Map<string, RouteHandler>();
  let telegram: TelegramAdapter | undefined;
  if (config.telegram) {
    // Loaded only when Telegram is enabled, as Slack's below.
    const { createTelegramAdapter } = await import("../../adapters/telegram/index.js");
    telegram = createTelegramAdapter({
      token: config.telegram.botToken,
      apiRoot: config.telegram.apiRoot,
      webhook: config.telegram.webhook,
      log,
      locale: config.locale,
      mountRoute: (path, handler) => void pendingRoutes.set(path, handler),
      answers,
      admission,
    });
    adapters.push(telegram);
  }
  let slack: SlackAdapter | undefined;
  if (config.slack) {
    // Loaded only when Slack is enabled: Bolt alone costs about 0.3 s of every start (bench item 5).
    const { createSlackAdapter } = await import("../../adapters/slack/index.js");
    slack = createSlackAdapter({
      botToken: config.slack.botToken,
      signingSecret: config.slack.signingSecret,
      appToken: config.slack.appToken,
      apiUrl: config.slack.apiUrl,
      bindByEmail: config.slack.bindByEmail,
      log,
      locale: config.locale,
      mountRoute: (path, handler) => void pendingRoutes.set(path, handler),
      answers,
      admission,
    });
    adapters.push(slack);
  }
  // The console starts last, after the "running" line: its banner and prompt are the last thing
  // printed, and nothing is printed after the prompt. It prints what was sent to it before.
  let consoleAdapter: ChatAdapter | undefined;
  if (useConsole) {
    const directory = createConsoleDirectory(db.prisma);
    adapters.push(
      (consoleAdapter = createConsoleAdapter({
        locale: config.locale,
        resolveIdentity: (query) => resolveConsoleIdentity(directory, query),
        // A terminal shows no pictures: a digest's charts go to .svg files here, named in its text.
        chartDir: path.join(config.dataDir, "out"),
        resolveGroupName: (key) => directory.groupName(key),
        // On a simulated clock each message shows when it came, in simulated time.
        ...(config.clock ? { clock } : {}),
        input: options.input,
        output: options.output,
        onExit: () => void stop(),
      })),
    );
  }
  const startAdapter = async (adapter: ChatAdapter) => {
    try {
      await adapter.start(core);
    } catch (error) {
      await shutdown();
      throw new AdapterStartError(adapter.platform, error instanceof Error ? error.message : String(error));
    }
  };
  for (const adapter of adapters) if (adapter !== consoleAdapter) await startAdapter(adapter);
  // The web console (its server, pages and stores) loads only with a port, while the background starts.
  const webConsole = port === null ? null : import("./web-console.js");
  background = await startBackground({
    prisma: db.prisma,
    calendar,
    clock,
    clockSpeed: config.clock?.speed ?? 1,
    locale: config.locale,
    log,
    adapters,
    limiter,
    metrics,
    port,
    // Ready does not wait for the scheduler's first tick (a plan of every group over the window
    // since the last one): it runs at once behind the ready line, as the later ones do.
    awaitFirstTick: false,
    routes: pendingRoutes,
    workerId,
    adapterHealth: (): Record<string, boolean> => ({
      ...(slack ? { slack: slack.healthy() } : {}),
      ...(telegram ? { telegram: telegram.healthy() } : {}),
    }),
  });
  // The web console answers every other path on the same port (loaded only when there is one).
  if (background.ops && webConsole) {
    const { createWebConsoleHandler } = await webConsole;
    background.ops.mountFallback(
      createWebConsoleHandler({
        prisma: db.prisma,
        calendar,
        clock,
        locale: config.locale,
        publicUrl: config.publicUrl,
        log,
      }),
    );
  }
  const readyMs = Math.round(performance.now() - startedAt);
  log.info({ readyMs, adapters: adapters.map((a) => a.platform) }, "zhuanban ready");
  options.out(
    say(db.kind === "embedded" ? "startup.ready.embedded" : "startup.ready.server", {
      where: db.kind === "embedded" ? config.dataDir : describeDatabaseUrl(config.databaseUrl ?? ""),
      seconds: (readyMs / 1000).toFixed(1),
    }),
  );
  if (consoleAdapter) await startAdapter(consoleAdapter);

  started = true;
  if (stopRequested) await shutdown();

  return { stopped, stop };
}
