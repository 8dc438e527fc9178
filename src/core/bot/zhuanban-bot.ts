import type { WorkCalendar } from "../../domain/time/calendar.js";
import type { InboundHandler } from "../chat/inbound.js";
import type { ReportStore } from "../reports/ports.js";
import type { ConversationStore } from "../reports/conversation-ports.js";
import type { StatusStore } from "../status/ports.js";
import type { DigestStore } from "../digest/ports.js";
import { createSummaryCommand } from "../digest/summary.js";
import type { ManualChaseDeps } from "../scheduler/manual-chase.js";
import { createChaseCommand } from "./commands/chase.js";
import { createWebCommand } from "./commands/web.js";
import type { IssuedLink } from "../web/sign-in.js";
import { createStatusViews } from "../status/status-views.js";
import { createReportFlow } from "../reports/report-flow.js";
import { createBot } from "./bot.js";
import type { BotDeps } from "./context.js";
import type { BotCommand } from "./commands/registry.js";

export interface ZhuanbanBotDeps extends BotDeps {
  /** What /chase needs to write to the outbox; without it /chase is not offered. */
  chase?: Omit<ManualChaseDeps, "reports" | "calendar" | "locale">;
  reports: ReportStore;
  conversations: ConversationStore;
  status: StatusStore;
  digests: DigestStore;
  calendar: WorkCalendar;
  /** Issues web console sign-in links; without it /web is not offered. */
  web?: { issueLink(contactId: string): Promise<IssuedLink> };
}

/** The whole bot: base commands plus reporting, wired to its stores. Platform adapters call `handle`. */
export function createZhuanbanBot(deps: ZhuanbanBotDeps): InboundHandler {
  const reports = createReportFlow({
    reports: deps.reports,
    calendar: deps.calendar,
    conversations: deps.conversations,
  });
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
    { name: "cancel", aliases: ["取消", "退出"], needsBinding: true, run: (ctx) => reports.cancel(ctx) },
  ];
  if (deps.chase) {
    commands.push({
      name: "chase",
      aliases: ["催报"],
      needsBinding: true,
      run: createChaseCommand({ ...deps.chase, reports: deps.reports, calendar: deps.calendar, locale: deps.locale }),
    });
  }
  if (deps.web) {
    commands.push({ name: "web", aliases: ["网页"], needsBinding: true, run: createWebCommand(deps.web) });
  }
  return createBot(deps, {
    commands,
    conversation: {
      text: async (ctx, text, replyTo) => {
        const guided = await reports.guidedAnswer(ctx, text);
        if (guided) return guided;
        const origin = replyTo
          ? await deps.reports.reminderOrigin(ctx.event.platform, ctx.event.chatId, replyTo)
          : null;
        if (ctx.event.chatKind === "group" && !origin) return null;
        return reports.handleText(ctx, text, origin ?? {});
      },
      action: async (ctx, actionId, value) => {
        if (actionId === "report.start") return reports.startFromButton(ctx, value);
        if (actionId === "report.form") return reports.startForm(ctx, value);
        if (actionId === "report.guided") return reports.startGuided(ctx, value);
        if (actionId === "guided.status") return reports.guidedAnswer(ctx, value);
        return null;
      },
      form: async (ctx, formId, context, values) =>
        formId === "report" ? reports.handleForm(ctx, context, values) : null,
    },
  });
}
