import { leadsGroup, ledGroups } from "../../../domain/access.js";
import type { Reply } from "../../chat/inbound.js";
import { translator } from "../../i18n/catalog.js";
import { chaseMessages } from "../../i18n/messages/chase.js";
import { chaseMissingUnits, type ManualChaseDeps, type ManualChaseResult } from "../../scheduler/manual-chase.js";
import { textReply, type BotContext } from "../context.js";

/** /chase (催报): the convenor, deputy or office chases every unit still missing this period. */
export function createChaseCommand(deps: ManualChaseDeps) {
  return async (ctx: BotContext): Promise<Reply> => {
    const actor = ctx.actor!;
    const channelGroup =
      ctx.event.chatKind === "group"
        ? await ctx.deps.identities.groupOfChannel(ctx.event.platform, ctx.event.chatId)
        : null;
    const groupKey = channelGroup ?? ledGroups(actor)[0];
    if (!groupKey || !leadsGroup(actor, groupKey)) return textReply(ctx.t("denied.leaders"));
    const groupId = (await deps.plan.findGroup(groupKey))?.id;
    if (!groupId) return textReply(ctx.t("denied.leaders"));
    const result = await chaseMissingUnits(groupId, ctx.now, deps);
    return textReply(chaseAnswer(result, ctx.locale));
  };
}

/** One line per unit, grouped: chased now, already chased this hour, cannot be reached (and why). */
export function chaseAnswer(result: ManualChaseResult, locale: BotContext["locale"]): string {
  const t = translator(chaseMessages, locale);
  if (result.missingUnits === 0) return t("none");
  const tasks = (list: string[]) => list.join(t("list.separator"));
  const lines: string[] = [];
  if (result.chased.length > 0) {
    lines.push(t("sent", { units: result.chased.length, messages: result.enqueued }));
    for (const u of result.chased) lines.push(t("unit.tasks", { unit: u.unit.name, tasks: tasks(u.tasks) }));
  }
  if (result.alreadyChased.length > 0) {
    lines.push(t("already", { units: result.alreadyChased.length }));
    for (const u of result.alreadyChased) lines.push(t("unit.tasks", { unit: u.unit.name, tasks: tasks(u.tasks) }));
  }
  if (result.unreachable.length > 0) {
    lines.push(t("unreachable", { units: result.unreachable.length }));
    for (const u of result.unreachable) {
      const reason = t(`reason.${u.reason}`);
      lines.push(t("unit.unreachable", { unit: u.unit.name, tasks: tasks(u.tasks), reason }));
    }
  }
  return lines.join("\n");
}
