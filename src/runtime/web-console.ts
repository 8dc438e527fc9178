import { getRequestListener } from "@hono/node-server";
import type { Locale } from "../core/i18n/catalog.js";
import { createConsoleActions } from "../core/web/console-actions.js";
import { createConsoleViews } from "../core/web/console-views.js";
import type { WorkCalendar } from "../domain/time/calendar.js";
import type { Clock } from "../domain/time/clock.js";
import { briefingOptionsOf } from "../render/export/briefing.js";
import { digestToMarkdown } from "../render/export/digest-markdown.js";
import type { PrismaClient } from "../store/client.js";
import { createDigestIssueStore } from "../store/digest-issue-store.js";
import { createDigestStore } from "../store/digest-store.js";
import { createIdentityStore } from "../store/identity-store.js";
import { createOutboxWriter, createSchedulerStore } from "../store/outbox-writer.js";
import { createPlanStore } from "../store/plan-store.js";
import { createReportStore } from "../store/report-store.js";
import { createStatusStore } from "../store/status-store.js";
import { createWebQueryStore } from "../store/web-queries.js";
import { createWebApp } from "../web/app.js";
import type { RouteHandler } from "./http-server.js";
import type { Logger } from "./logger.js";
import { createWebAuthFor } from "./web-auth.js";

export { createWebAuthFor } from "./web-auth.js";

export interface WebConsoleOptions {
  prisma: PrismaClient;
  calendar: WorkCalendar;
  clock: Clock;
  locale: Locale;
  publicUrl: string;
  log: Logger;
}

/** The web console wired to its stores, as a handler for the operations port. */
export function createWebConsoleHandler(options: WebConsoleOptions): RouteHandler {
  // overrideGlobalObjects: false leaves Node's own Request and Response alone for the rest of the process.
  return getRequestListener(createWebConsoleApp(options).fetch, { overrideGlobalObjects: false }) as RouteHandler;
}

/** The web console wired to its stores, as a Hono app (the bench calls it without a socket). */
export function createWebConsoleApp(options: WebConsoleOptions) {
  const { prisma, calendar, clock, locale, log } = options;
  const status = createStatusStore(prisma);
  const reports = createReportStore(prisma);
  const queries = createWebQueryStore(prisma);
  const identities = createIdentityStore(prisma);
  const plan = createPlanStore(prisma);
  return createWebApp({
    auth: createWebAuthFor(prisma, clock, options.publicUrl),
    views: createConsoleViews({ status, reports, calendar, web: queries, plan }),
    actions: createConsoleActions({
      chase: {
        plan,
        scheduler: createSchedulerStore(prisma),
        outbox: createOutboxWriter(prisma),
        reports,
        calendar,
        locale,
      },
      summary: { status, reports, calendar, digests: createDigestStore(prisma) },
      web: queries,
      identities,
      locale,
    }),
    queries,
    actorOf: (contactId) => identities.actor(contactId),
    clock,
    locale,
    secureCookies: options.publicUrl.startsWith("https://"),
    log: {
      info: (fields, message) => log.info(fields, message),
      warn: (fields, message) => log.warn(fields, message),
    },
    async digestFile({ id, content }, format, timeZone) {
      const options = briefingOptionsOf(
        await createDigestIssueStore(prisma).furnitureOfDigest(id, clock.now()),
        timeZone,
      );
      if (format === "md") return digestToMarkdown(content, options);
      // The .docx and .xlsx writers load only when a file is asked for (start-up time, bench item 5).
      if (format === "docx") return (await import("../render/export/digest-docx.js")).digestToDocx(content, options);
      return (await import("../render/export/digest-xlsx.js")).digestToXlsx(content, options);
    },
  });
}
