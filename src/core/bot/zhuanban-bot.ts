import type { WorkCalendar } from "../../domain/time/calendar.js";
import type { InboundHandler } from "../chat/inbound.js";
import type { ReportStore } from "../reports/ports.js";
import type { StatusStore } from "../status/ports.js";
import type { DigestStore } from "../digest/ports.js";
import { createSummaryCommand } from "../digest/summary.js";
import { createStatusViews } from "../status/status-views.js";
import { createReportFlow } from "../reports/report-flow.js";
import { createBot } from "./bot.js";
import type { BotDeps } from "./context.js";
import type { BotCommand } from "./commands/registry.js";

export interface ZhuanbanBotDeps extends BotDeps {
  reports: ReportStore;
  status: StatusStore;
  digests: DigestStore;
  calendar: WorkCalendar;
}

/** The whole bot: base commands plus reporting, wired to its stores. Platform adapters call `handle`. */
export function createZhuanbanBot(deps: ZhuanbanBotDeps): InboundHandler {
  const reports = createReportFlow({ reports: deps.reports, calendar: deps.calendar });
  const views = createStatusViews({ status: deps.status, reports: deps.reports, calendar: deps.calendar });
  const commands: BotCommand[] = [
    { name: "tasks", aliases: ["任务"], needsBinding: true, run: (ctx) => views.tasks(ctx) },
    { name: "status", aliases: ["进度", "状态"], needsBinding: true, run: (ctx, args) => views.status(ctx, args) },
    {
      name: "summary",
      aliases: ["简报", "汇总"],
      needsBinding: true,
      run: createSummaryCommand({ ...deps }),
    },
    { name: "report", aliases: ["报送", "填报"], needsBinding: true, run: (ctx, args) => reports.start(ctx, args) },
  ];
  return createBot(deps, {
    commands,
    conversation: {
      text: (ctx, text, replyTo) =>
        ctx.event.chatKind === "direct" || replyTo ? reports.handleText(ctx, text) : Promise.resolve(null),
      action: async (ctx, actionId, value) =>
        actionId === "report.start" ? reports.startFromButton(ctx, value) : null,
      form: async (ctx, formId, context, values) =>
        formId === "report" ? reports.handleForm(ctx, context, values) : null,
    },
  });
}
