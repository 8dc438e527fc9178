import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

/** The answer to /chase (催报): who was chased now, who already this hour, who cannot be reached and why. */
export const chaseMessages = defineMessages(
  {
    none: "本期各牵头单位均已报送，无需催报。",
    sent: (p: Params) => `已向 ${d(p, "units")} 个未报单位发送催报（${d(p, "messages")} 条消息，将依次送达）：`,
    already: (p: Params) => `以下 ${d(p, "units")} 个单位本小时内已催报过，未重复发送：`,
    unreachable: (p: Params) => `以下 ${d(p, "units")} 个单位无法通过机器人催报，请电话联系：`,
    "unit.tasks": (p: Params) => `${d(p, "unit")}：${d(p, "tasks")}`,
    "unit.unreachable": (p: Params) => `${d(p, "unit")}：${d(p, "tasks")}（${d(p, "reason")}）`,
    "reason.noContact": "未登记联络人",
    "reason.notBound": "联络人尚未绑定聊天账号",
    "reason.blocked": "联络人已屏蔽机器人或已离开工作区",
    "list.separator": "、",
  },
  {
    none: "Every lead unit has reported this period; nobody to chase.",
    sent: (p: Params) => `Chased ${d(p, "units")} unit(s) still missing (${d(p, "messages")} messages, sent in order):`,
    already: (p: Params) => `Already chased this hour, not sent again (${d(p, "units")}):`,
    unreachable: (p: Params) => `Cannot be chased through the bot, please phone them (${d(p, "units")}):`,
    "unit.tasks": (p: Params) => `${d(p, "unit")}: ${d(p, "tasks")}`,
    "unit.unreachable": (p: Params) => `${d(p, "unit")}: ${d(p, "tasks")} (${d(p, "reason")})`,
    "reason.noContact": "no contact on record",
    "reason.notBound": "the contact has not bound a chat account yet",
    "reason.blocked": "the contact blocked the bot or left the workspace",
    "list.separator": ", ",
  },
);
