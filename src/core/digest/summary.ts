import { leadsGroup } from "../../domain/access.js";
import {
  formatPeriodId,
  label as periodLabel,
  periodFirstDay,
  previousPeriod,
  safeParsePeriodId,
  type Cycle,
  type Period,
} from "../../domain/time/periods.js";
import { localDateOf } from "../../domain/time/zoned.js";
import { periodAgainstPlan, planRange, type PlanRange } from "../evaluation/index.js";
import { digestToBlocks } from "../../render/digest-blocks.js";
import type { BotContext } from "../bot/context.js";
import { textReply } from "../bot/context.js";
import type { Reply } from "../chat/inbound.js";
import type { Locale } from "../i18n/catalog.js";
import { defineMessages, translator } from "../i18n/catalog.js";
import { ledGroups } from "../../domain/access.js";
import { materializePeriod, periodAt, periodDeadline, rulesOf } from "../schedule.js";
import type { GroupInfo } from "../status/ports.js";
import type { StatusDeps } from "../status/status-views.js";
import { buildDigest } from "./build-digest.js";
import type { DigestContent } from "./digest-content.js";
import type { DigestStore } from "./ports.js";

const messages = defineMessages(
  {
    usage: "用法：/summary [旬|月|季] [期次]，例如 /summary 旬 2023-01-X2",
    badPeriod: "“{text}”不是有效的期次，例如 2023-01-X2、2023-M01、2023-Q1",
    future: "{period}还没有开始，无法生成简报。",
    beforePlan:
      "{period}早于本专班的计划期（{start} 至 {end}），没有可汇总的报送。请指定计划期内的期次，例如 2023-01-X2、2023-M01、2023-Q1。",
    afterPlan: "{period}晚于本专班的计划期（{start} 至 {end}），各项任务均已到期。请指定计划期内的期次。",
    noGroup: "没有找到本群绑定的专班。",
  },
  {
    usage: "Usage: /summary [dekad|month|quarter] [PERIOD], e.g. /summary dekad 2023-01-X2",
    badPeriod: '"{text}" is not a period, e.g. 2023-01-X2, 2023-M01, 2023-Q1',
    future: "{period} has not started yet; no digest.",
    beforePlan:
      "{period} is before this group's plan ({start} to {end}); nothing to summarise. Name a period inside it.",
    afterPlan: "{period} is after this group's plan ({start} to {end}); every task has ended. Name a period inside it.",
    noGroup: "This chat is bound to no group.",
  },
);

const CYCLE_WORDS: Record<string, Cycle> = {
  旬: "dekad",
  旬报: "dekad",
  旬简报: "dekad",
  dekad: "dekad",
  月: "month",
  月报: "month",
  月通报: "month",
  month: "month",
  季: "quarter",
  季报: "quarter",
  季总结: "quarter",
  quarter: "quarter",
};

export interface SummaryDeps extends StatusDeps {
  digests: DigestStore;
}

/** Why a digest of a period cannot be built: the period lies outside the plan, or has not begun. */
export class PeriodRefusedError extends Error {
  constructor(
    readonly reason: "before_plan" | "after_plan" | "not_started",
    readonly period: Period,
    readonly range: PlanRange | null,
  ) {
    super(`period ${formatPeriodId(period)}: ${reason}`);
    this.name = "PeriodRefusedError";
  }
}

/**
 * The period a digest is asked for, checked: the one named, or the latest of the cycle whose
 * deadline has passed (on 1月21日, 2023年1月中旬). A period before the plan starts, after every task
 * ends, or not yet begun is refused with a {@link PeriodRefusedError}. Writes nothing.
 */
export async function digestPeriod(
  deps: Pick<SummaryDeps, "status" | "reports" | "calendar">,
  group: GroupInfo,
  request: { cycle?: Cycle; period?: Period },
  at: Date,
): Promise<Period> {
  const cycle = request.period?.cycle ?? request.cycle ?? "dekad";
  let period = request.period;
  if (!period) {
    const current = periodAt(cycle, at, group.timezone);
    const settings = await deps.reports.cycleSettings(group.id);
    const stored = await deps.status.periodRows(group.id, [formatPeriodId(current)]);
    const dueAt =
      stored.get(formatPeriodId(current))?.dueAt ??
      periodDeadline(current, rulesOf(settings, cycle), deps.calendar, group.timezone);
    period = dueAt.getTime() <= at.getTime() ? current : previousPeriod(current);
  }
  const range = planRange(await deps.status.groupTasks(group.id));
  const side = periodAgainstPlan(period, range);
  if (side !== "inside") throw new PeriodRefusedError(side === "before" ? "before_plan" : "after_plan", period, range);
  if (periodFirstDay(period) > localDateOf(at, group.timezone))
    throw new PeriodRefusedError("not_started", period, range);
  return period;
}

/**
 * Builds a digest, stores it as a new version and returns it. The period is checked first and the
 * digest built before anything is written: a refused or failing build stores no Period row and no
 * digest. A digest built before the period's deadline is stored as not final (截至 …).
 */
export async function summarize(
  deps: SummaryDeps,
  group: GroupInfo,
  request: { cycle?: Cycle; period?: Period },
  at: Date,
  locale: Locale,
): Promise<{ content: DigestContent; version: number }> {
  const period = await digestPeriod(deps, group, request, at);
  const content = await buildDigest(deps, group, period, at, locale);
  const settings = await deps.reports.cycleSettings(group.id);
  const row = await materializePeriod(deps.reports, group, period, rulesOf(settings, period.cycle), deps.calendar);
  const version = await deps.digests.saveDigest({
    groupId: group.id,
    periodId: row.id,
    builtAt: at,
    final: content.final,
    content,
  });
  return { content, version };
}

/** The stored row of a period (created with its due time when it has none yet). */
export async function storedPeriod(
  deps: Pick<SummaryDeps, "reports" | "calendar">,
  group: GroupInfo,
  period: Period,
): Promise<{ id: string }> {
  const settings = await deps.reports.cycleSettings(group.id);
  return materializePeriod(deps.reports, group, period, rulesOf(settings, period.cycle), deps.calendar);
}

/** The chat's words for a refused period, naming the plan's range. */
export function refusalText(error: PeriodRefusedError, locale: Locale): string {
  const t = translator(messages, locale);
  const name = periodLabel(error.period, locale);
  if (error.reason === "not_started") return t("future", { period: name });
  return t(error.reason === "before_plan" ? "beforePlan" : "afterPlan", {
    period: name,
    start: error.range?.start ?? "",
    end: error.range?.end ?? "",
  });
}

/** /summary [旬/月/季] [PERIOD]: convenor, deputy and office only. */
export function createSummaryCommand(deps: SummaryDeps) {
  return async (ctx: BotContext, args: string): Promise<Reply> => {
    const t = translator(messages, ctx.locale);
    const actor = ctx.actor!;
    const channelGroup =
      ctx.event.chatKind === "group"
        ? await ctx.deps.identities.groupOfChannel(ctx.event.platform, ctx.event.chatId)
        : null;
    const groupKey = channelGroup ?? ledGroups(actor)[0];
    if (!groupKey) return textReply(ctx.t("denied.leaders"));
    if (!leadsGroup(actor, groupKey)) return textReply(ctx.t("denied.leaders"));
    const group = await deps.status.findGroup(groupKey);
    if (!group) return textReply(t("noGroup"));

    let cycle: Cycle | undefined;
    let period: Period | undefined;
    for (const word of args.trim().split(/\s+/).filter(Boolean)) {
      if (CYCLE_WORDS[word]) {
        cycle = CYCLE_WORDS[word];
        continue;
      }
      const parsed = safeParsePeriodId(word);
      if (!parsed.ok) return textReply(t("badPeriod", { text: word }), t("usage"));
      period = parsed.period;
    }
    let content: DigestContent;
    try {
      ({ content } = await summarize(deps, group, { cycle, period }, ctx.now, ctx.locale));
    } catch (error) {
      if (error instanceof PeriodRefusedError) return textReply(refusalText(error, ctx.locale));
      throw error;
    }
    // The digest is for everyone in the chat it was asked in (Slack posts it in the channel).
    return { messages: [{ ...digestToBlocks(content, { timeZone: group.timezone }), ephemeral: false }] };
  };
}
