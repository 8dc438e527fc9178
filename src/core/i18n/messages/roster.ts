import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

/** What the office is told after a roster import (zhuanban import-contacts). */
export const rosterMessages = defineMessages(
  {
    title: (p: Params) => `${d(p, "group")}：联络人名单已更新`,
    removed: (p: Params) =>
      `已停用 ${d(p, "count")} 名不在新名单中的联络人：${d(p, "names")}。其历史记录保留，聊天账号已解除绑定，不再收到提醒。`,
    unreachable: (p: Params) => `以下单位目前没有可联系的联络人，提醒将无人接收：${d(p, "units")}。`,
    hint: (p: Params) =>
      `请补充联络人后重新导入，并用 zhuanban invite --group ${d(p, "group")} --all 为尚未绑定的人生成邀请码。`,
    separator: "、",
  },
  {
    title: (p: Params) => `${d(p, "group")}: the contact roster was updated`,
    removed: (p: Params) =>
      `${d(p, "count")} contacts not on the new roster were deactivated: ${d(p, "names")}. Their history is kept, their chat accounts unbound, and they get no more reminders.`,
    unreachable: (p: Params) =>
      `These units now have no reachable contact, so nobody receives their reminders: ${d(p, "units")}.`,
    hint: (p: Params) =>
      `Add contacts and import the roster again, then issue invite codes with zhuanban invite --group ${d(p, "group")} --all.`,
    separator: ", ",
  },
);
