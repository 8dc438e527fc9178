import { leadsGroup, ledGroups } from "../../../domain/access.js";
import type { Reply } from "../../chat/inbound.js";
import { defineMessages, translator } from "../../i18n/catalog.js";
import { chaseMissingUnits, type ManualChaseDeps } from "../../scheduler/manual-chase.js";
import { textReply, type BotContext } from "../context.js";

const messages = defineMessages(
  {
    sent: "已向 {units} 个未报单位发送催报（{messages} 条消息），将按顺序送达。",
    already: "本小时内已经催报过这 {units} 个单位，不再重复发送。",
    none: "本期各牵头单位均已报送，无需催报。",
    unreachable: "还有 {units} 个单位未报，但他们的联络人都还没有绑定聊天账号，请电话联系。",
  },
  {
    sent: "Chased {units} units still missing ({messages} messages); they go out in order.",
    already: "These {units} units were already chased this hour; nothing sent again.",
    none: "Every lead unit has reported this period; nobody to chase.",
    unreachable:
      "{units} units are missing, but none of their contacts has bound a chat account yet: please phone them.",
  },
);

/** /chase (催报): the convenor, deputy or office chases every unit still missing this period. */
export function createChaseCommand(deps: ManualChaseDeps) {
  return async (ctx: BotContext): Promise<Reply> => {
    const t = translator(messages, ctx.locale);
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
    if (result.missingUnits === 0) return textReply(t("none"));
    if (result.enqueued > 0) return textReply(t("sent", { units: result.missingUnits, messages: result.enqueued }));
    if (result.withoutRecipient === result.missingUnits)
      return textReply(t("unreachable", { units: result.missingUnits }));
    return textReply(t("already", { units: result.missingUnits }));
  };
}
