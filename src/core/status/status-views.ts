import { groupsOf, leadsGroup, ledGroups } from "../../domain/access.js";
import { calendarWarnings, type WorkCalendar } from "../../domain/time/calendar.js";
import { label as periodLabel } from "../../domain/time/periods.js";
import { statusLabel } from "../../domain/report/labels.js";
import type { BotContext } from "../bot/context.js";
import { textReply } from "../bot/context.js";
import type { Reply } from "../chat/inbound.js";
import type { Block } from "../chat/outbound.js";
import { translator, type Locale } from "../i18n/catalog.js";
import { formatLocalInstant } from "../i18n/local-time.js";
import { listParam } from "../i18n/messages/bot.js";
import { statusMessages } from "../i18n/messages/status.js";
import { calendarMessages } from "../i18n/messages/calendar.js";
import { schedulerMessages } from "../i18n/messages/scheduler.js";

const platformNames = new Set(["telegram", "slack", "console"]);
import type { ReportStore } from "../reports/ports.js";
import type { GroupInfo, StatusStore, UndeliveredMessage } from "./ports.js";
import { dayAgainstPlan, evaluateGroup, planRange } from "../evaluation/index.js";
import { localDateOf } from "../../domain/time/zoned.js";
import { cappedLines, isCapped, snapshotBlocks, STATUS_LIMITS } from "./snapshot-blocks.js";

export { saysSomething, snapshotBlocks } from "./snapshot-blocks.js";

export interface StatusDeps {
  status: StatusStore;
  reports: ReportStore;
  calendar: WorkCalendar;
}

export function formatLocal(instant: Date, timezone: string, locale: Locale = "zh-CN"): string {
  return formatLocalInstant(instant, timezone, locale);
}

/** For the office: what the outbox could not deliver, so someone can follow up by phone. */
function undeliveredBlocks(rows: readonly UndeliveredMessage[], locale: Locale, capped: boolean): Block[] {
  if (rows.length === 0) return [];
  const t = translator(statusMessages, locale);
  const platforms = translator(schedulerMessages, locale);
  // The platform by its name, and what it means for the office; the platform's own error (English)
  // stays in the log and the outbox row.
  const lines = rows.map((r) =>
    t("undelivered.line", {
      who: r.recipientName ?? r.address,
      platform: platformNames.has(r.platform) ? platforms(`platform.${r.platform as "telegram"}`) : r.platform,
      state: t(r.state === "failed" ? "undelivered.failed" : "undelivered.unreachable"),
    }),
  );
  return [
    { type: "heading", text: t("undelivered.title", { count: rows.length }) },
    { type: "text", text: cappedLines(lines, capped ? STATUS_LIMITS.undelivered : null, t) },
  ];
}

/** /status [GROUP|TASK]: leaders see their whole group; a contact sees their own units only. */
export function createStatusViews(deps: StatusDeps) {
  async function groupFor(ctx: BotContext, wanted: string): Promise<GroupInfo | "unknown" | "denied" | null> {
    const actor = ctx.actor!;
    if (wanted) {
      const group = await deps.status.findGroup(wanted);
      if (!group) return "unknown";
      return leadsGroup(actor, group.key) || actor.groupRoles.some((r) => r.groupKey === group.key) ? group : "denied";
    }
    const key = ledGroups(actor)[0] ?? groupsOf(actor)[0];
    return key ? deps.status.findGroup(key) : null;
  }

  async function taskHistory(ctx: BotContext, taskKey: string): Promise<Reply | null> {
    const actor = ctx.actor!;
    const t = translator(statusMessages, ctx.locale);
    for (const groupKey of groupsOf(actor)) {
      const group = await deps.status.findGroup(groupKey);
      if (!group) continue;
      const task = (await deps.status.groupTasks(group.id)).find((x) => x.key.toUpperCase() === taskKey.toUpperCase());
      if (!task) continue;
      const mine = new Set(actor.units.map((u) => u.unitId));
      const leader = leadsGroup(actor, group.key);
      if (!leader && !task.leadUnits.some((u) => mine.has(u.id))) return null;
      const history = (await deps.status.reportHistory([task.taskId], ctx.now)).filter(
        (r) => leader || mine.has(r.unitId),
      );
      const title = t("status.history.title", { task: task.key, title: task.title });
      if (history.length === 0) return textReply(`${title}\n${t("status.history.none")}`);
      const unitName = (id: string) => task.leadUnits.find((u) => u.id === id)?.name ?? "";
      const rows = history.map((r) => [
        r.periodKey,
        unitName(r.unitId),
        r.values
          .map((v) => {
            const target = task.targets.find((x) => x.id === v.targetId);
            return `${target?.metric ?? ""} ${v.value}${target?.unitOfMeasure ?? ""}`;
          })
          .join("；"),
        `${statusLabel(r.status)}${r.isLate ? "（补报）" : ""}`,
        formatLocal(r.submittedAt, group.timezone, ctx.locale),
      ]);
      const columns = ["period", "unit", "values", "status", "when"].map((c) =>
        t(`status.history.${c}` as "status.history.period"),
      );
      return {
        messages: [
          {
            blocks: [
              { type: "heading", text: title },
              { type: "table", columns, rows },
            ],
            summary: title,
          },
        ],
      };
    }
    return null;
  }

  return {
    async status(ctx: BotContext, args: string): Promise<Reply> {
      const actor = ctx.actor!;
      const wanted = args.trim();
      if (wanted && /^[A-Za-z]+-\w+/.test(wanted)) {
        const history = await taskHistory(ctx, wanted);
        if (history) return history;
        return textReply(ctx.t("task.unknown", { task: wanted }));
      }
      const group = await groupFor(ctx, wanted);
      if (group === "unknown") {
        const groups = await ctx.deps.identities.listGroups();
        return textReply(ctx.t("group.unknown", { group: wanted, groups: listParam(groups.map((g) => g.key)) }));
      }
      if (group === "denied") return textReply(ctx.t("denied.leaders"));
      if (!group) return textReply(ctx.t("denied.leaders"));
      const leader = leadsGroup(actor, group.key);
      const mine = new Set(actor.units.map((u) => u.unitId));
      // Before the plan starts or after every task ends there is nothing to report on: say so, with the range.
      const range = planRange(await deps.status.groupTasks(group.id));
      const today = localDateOf(ctx.now, group.timezone);
      if (dayAgainstPlan(today, range) !== "inside") {
        const t = translator(statusMessages, ctx.locale);
        const calendarT = translator(calendarMessages, ctx.locale);
        // The office still learns that the year's holidays are unknown (a new plan may start in it).
        const warnings = leader
          ? calendarWarnings(deps.calendar, [Number(today.slice(0, 4))]).map(
              (w) => `⚠️ ${calendarT("calendar.noHolidayData", { year: w.year })}`,
            )
          : [];
        return textReply(
          `${t("status.outsidePlan", { period: today, start: range!.start, end: range!.end ?? "" })}${t("status.historyHint")}`,
          ...warnings,
        );
      }
      // The outbox's failures are read while the snapshot is built, not after it.
      const [snapshot, undelivered] = await Promise.all([
        evaluateGroup(deps, group, ctx.now, {
          ...(leader
            ? {}
            : {
                taskFilter: (task) => task.leadUnits.some((u) => mine.has(u.id)),
                unitFilter: (unitId) => mine.has(unitId),
              }),
        }),
        leader ? deps.status.undelivered(group.id) : [],
      ]);
      const blocks = snapshotBlocks(snapshot, ctx.locale, deps.calendar, leader);
      blocks.push(...undeliveredBlocks(undelivered, ctx.locale, isCapped(snapshot)));
      return { messages: [{ blocks, summary: blocks[0] && "text" in blocks[0] ? blocks[0].text : "" }] };
    },

    /** /tasks: the user's units' tasks, their periods and deadlines, and what is still missing. */
    async tasks(ctx: BotContext): Promise<Reply> {
      const actor = ctx.actor!;
      const t = translator(statusMessages, ctx.locale);
      const mine = new Set(actor.units.map((u) => u.unitId));
      const lines: string[] = [];
      const seenGroups = new Set<string>();
      for (const task of await deps.reports.reportableTasks([...mine])) seenGroups.add(task.group.key);
      for (const groupKey of seenGroups) {
        const group = await deps.status.findGroup(groupKey);
        if (!group) continue;
        const snapshot = await evaluateGroup(deps, group, ctx.now, {
          taskFilter: (task) => task.leadUnits.some((u) => mine.has(u.id)),
          unitFilter: (unitId) => mine.has(unitId),
        });
        for (const task of snapshot.tasks) {
          for (const u of task.units) {
            lines.push(
              t("tasks.line", {
                task: task.task.key,
                title: task.task.title,
                unit: u.unit.name,
                period: periodLabel(task.period, ctx.locale),
                due: formatLocal(task.dueAt, group.timezone, ctx.locale),
                state: t(`state.${u.timeliness}`),
              }),
            );
          }
        }
      }
      if (lines.length === 0) return textReply(t("tasks.none"));
      return {
        messages: [
          {
            blocks: [
              { type: "heading", text: t("tasks.title") },
              { type: "text", text: lines.join("\n") },
              { type: "text", text: t("tasks.hint") },
            ],
            summary: t("tasks.title"),
          },
        ],
      };
    },
  };
}
