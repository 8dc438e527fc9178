import { createZhuanbanBot } from "../core/bot/zhuanban-bot.js";
import type { InboundHandler, Platform } from "../core/chat/inbound.js";
import type { Locale } from "../core/i18n/catalog.js";
import type { IssuedLink } from "../core/web/sign-in.js";
import type { WorkCalendar } from "../domain/time/calendar.js";
import type { Clock } from "../domain/time/clock.js";
import { simulatedClock, systemClock } from "../domain/time/clock.js";
import type { PrismaClient } from "../store/client.js";
import { createConversationStore } from "../store/conversation-store.js";
import { createDigestStore } from "../store/digest-store.js";
import { isDatabaseUnavailable } from "../store/errors.js";
import { createIdentityStore } from "../store/identity-store.js";
import { createOutboxWriter, createSchedulerStore } from "../store/outbox-writer.js";
import { createPlanStore } from "../store/plan-store.js";
import { createReportStore, type KeptAnswerOptions } from "../store/report-store.js";
import { createReportingScopes } from "../store/reporting-scope.js";
import { createStatusStore } from "../store/status-store.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";

/** The clock the deployment runs on: the system clock, or the simulated one of docs/design.md for demos. */
export function clockFor(config: Config): Clock {
  return config.clock
    ? simulatedClock({ start: config.clock.start, speed: config.clock.speed, realNow: () => Date.now() })
    : systemClock;
}

/** Connects the bot core to its stores: the one place that knows both sides. */
export function createCore(options: {
  prisma: PrismaClient;
  calendar: WorkCalendar;
  clock: Clock;
  locale: Locale;
  log: Logger;
  metrics?: Pick<Metrics, "recordReportSubmission">;
  /** Issues web console sign-in links for /web; without it the command is not offered. */
  web?: { issueLink(contactId: string): Promise<IssuedLink> };
  /** How report confirmations kept in the outbox are held (src/store/report-store.ts); default a lease. */
  keptAnswers?: KeptAnswerOptions;
}): InboundHandler {
  const { prisma, log, metrics } = options;
  // One set of kept reporting scopes: the arrival of a report's sender reads theirs when it is not kept.
  const scopes = createReportingScopes(prisma);
  const reports = createReportStore(prisma, {
    scopes,
    ...(options.keptAnswers ? { keptAnswers: options.keptAnswers } : {}),
  });
  const countedReports: typeof reports = metrics
    ? {
        ...reports,
        async saveReport(report) {
          const saved = await reports.saveReport(report);
          const platform = report.source.platform as Platform;
          metrics.recordReportSubmission({ platform, late: report.isLate });
          return saved;
        },
      }
    : reports;
  return createZhuanbanBot({
    identities: createIdentityStore(prisma, scopes),
    reports: countedReports,
    conversations: createConversationStore(prisma),
    status: createStatusStore(prisma),
    digests: createDigestStore(prisma),
    calendar: options.calendar,
    chase: {
      plan: createPlanStore(prisma),
      scheduler: createSchedulerStore(prisma),
      outbox: createOutboxWriter(prisma),
    },
    clock: options.clock,
    locale: options.locale,
    isStorageUnavailable: isDatabaseUnavailable,
    ...(options.web ? { web: options.web } : {}),
    log: {
      info: (fields, message) => log.info(fields, message),
      error: (fields, message) => log.error(fields, message),
    },
  });
}
