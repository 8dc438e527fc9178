import { leadsGroup } from "../../domain/access.js";
import {
  formatPeriodId,
  previousPeriod,
  safeParsePeriodId,
  type Cycle,
  type Period,
} from "../../domain/time/periods.js";
import { digestToBlocks } from "../../render/digest-blocks.js";
import type { BotContext } from "../bot/context.js";
import { textReply } from "../bot/context.js";
import type { Reply } from "../chat/inbound.js";
import type { Locale } from "../i18n/catalog.js";
import { defineMessages, translator } from "../i18n/catalog.js";
import { ledGroups } from "../../domain/access.js";
import { cycleRules, materializePeriod, periodAt } from "../schedule.js";
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
    noGroup: "没有找到本群绑定的专班。",
  },
  {
    usage: "Usage: /summary [dekad|month|quarter] [PERIOD], e.g. /summary dekad 2023-01-X2",
    badPeriod: '"{text}" is not a period, e.g. 2023-01-X2, 2023-M01, 2023-Q1',
    future: "{period} has not started yet; no digest.",
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

/**
 * Builds a digest, stores it as a new version and returns it. Without a period: the latest
 * period of the cycle whose deadline has passed (on 1月21日, 2023年1月中旬).
 */
export async function summarize(
  deps: SummaryDeps,
  group: GroupInfo,
  request: { cycle?: Cycle; period?: Period },
  at: Date,
  locale: Locale,
): Promise<{ content: DigestContent; version: number }> {
  const cycle = request.period?.cycle ?? request.cycle ?? "dekad";
  const settings = await deps.reports.cycleSettings(group.id);
  const rules = cycleRules(
    settings.find((s) => s.cycle === cycle) ?? { cycle, enabled: true, dueRule: null, ladder: null, quietHours: null },
  );
  let period = request.period;
  if (!period) {
    const current = periodAt(cycle, at, group.timezone);
    const row = await materializePeriod(deps.reports, group, current, rules, deps.calendar);
    period = row.dueAt.getTime() <= at.getTime() ? current : previousPeriod(current);
  }
  const row = await materializePeriod(deps.reports, group, period, rules, deps.calendar);
  const content = await buildDigest(deps, group, period, at, locale);
  const version = await deps.digests.saveDigest({ groupId: group.id, periodId: row.id, builtAt: at, content });
  return { content, version };
}

/** The stored row of a period (created with its due time when it has none yet). */
export async function storedPeriod(
  deps: Pick<SummaryDeps, "reports" | "calendar">,
  group: GroupInfo,
  period: Period,
): Promise<{ id: string }> {
  const settings = await deps.reports.cycleSettings(group.id);
  const rules = cycleRules(
    settings.find((s) => s.cycle === period.cycle) ?? {
      cycle: period.cycle,
      enabled: true,
      dueRule: null,
      ladder: null,
      quietHours: null,
    },
  );
  return materializePeriod(deps.reports, group, period, rules, deps.calendar);
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
    if (period && formatPeriodId(period) > formatPeriodId(periodAt(period.cycle, ctx.now, group.timezone))) {
      return textReply(t("future", { period: formatPeriodId(period) }));
    }
    const { content } = await summarize(deps, group, { cycle, period }, ctx.now, ctx.locale);
    // The digest is for everyone in the chat it was asked in (Slack posts it in the channel).
    return { messages: [{ ...digestToBlocks(content, { timeZone: group.timezone }), ephemeral: false }] };
  };
}
