import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** What the scheduler sends on its own: reminders, chases and escalations (digests have their own). */
export const schedulerMessages = defineMessages(
  {
    "time.local": (p: Params) => `${d(p, "month")}月${d(p, "day")}日 ${d(p, "time")}`,
    "reminder.title": (p: Params) => `报送提醒：${d(p, "task")}（${d(p, "period")}）`,
    "reminder.titleMany": (p: Params) => `报送提醒：${d(p, "period")} ${d(p, "count")} 项任务`,
    "reminder.body": (p: Params) => `请${d(p, "unit")}于 ${d(p, "due")} 前报送${d(p, "period")}进展。`,
    "reminder.bodyToday": (p: Params) =>
      `今天截止：请${d(p, "unit")}于今天 ${d(p, "time")} 前报送${d(p, "period")}进展。`,
    "chase.title": (p: Params) => `催报：${d(p, "task")}（${d(p, "period")}，已逾期 ${d(p, "late")}）`,
    "chase.titleMany": (p: Params) => `催报：${d(p, "period")} ${d(p, "count")} 项任务已逾期 ${d(p, "late")}`,
    "chase.body": (p: Params) =>
      `${d(p, "period")}的报送截止时间 ${d(p, "due")} 已过 ${d(p, "late")}，${d(p, "unit")}尚未报送，请尽快补报（将标记为补报）。`,
    "late.minutes": (p: Params) => `${d(p, "n")}分钟`,
    "late.hours": (p: Params) => `${d(p, "n")}小时`,
    "late.days": (p: Params) => `${d(p, "n")}天`,
    "task.line": (p: Params) => `【${d(p, "task")}】`,
    "template.hintMany": "每项任务一个模板：直接回复本消息，或复制对应模板填好后发送给我：",
    "button.reportTask": (p: Params) => `填报 ${d(p, "task")}`,
    "template.hint": "直接回复本消息，或复制下面的模板填好后发送给我：",
    "unreachable.title": "联络人无法接收消息",
    "unreachable.contact": (p: Params) =>
      `${d(p, "units")}的联络人${d(p, "contact")}已无法在 ${d(p, "platform")} 上接收机器人的消息（可能已屏蔽机器人、删除了对话或离开了工作区），发给其的提醒和催报已暂停。请办公室电话联系${d(p, "phone")}，请其重新给机器人发一条消息，提醒即自动恢复；更换联络人请在种子数据中修改后重新签发邀请码。`,
    "unreachable.channel": (p: Params) =>
      `${d(p, "group")}的群聊已无法在 ${d(p, "platform")} 上接收机器人的消息（机器人可能已被移出该群），简报暂停发送。请把机器人重新加入该群，并由办公室在群中发送 /bind 重新绑定。`,
    "unreachable.someone": "一位联络人",
    "unreachable.noUnit": "本专班",
    "unreachable.phone": (p: Params) => `（${d(p, "phone")}）`,
    "platform.telegram": "Telegram",
    "platform.slack": "Slack",
    "platform.console": "控制台",
    "button.report": "填报",
    "escalation.title": (p: Params) => `${d(p, "group")}：${d(p, "period")}未报单位`,
    "escalation.body": (p: Params) =>
      `报送截止时间 ${d(p, "due")} 已过，截至 ${d(p, "now")} 仍有 ${d(p, "count")} 个单位未报送（单位：未报任务）：`,
    "escalation.tasks": (p: Params) => d(p, "tasks"),
    "escalation.hint": "发送 /chase 再次催报，发送 /status 查看详情。",
    "list.separator": "、",
  },
  {
    "time.local": (p: Params) => `${EN_MONTHS[Number(p.month) - 1] ?? d(p, "month")} ${d(p, "day")}, ${d(p, "time")}`,
    "reminder.title": (p: Params) => `Reminder: ${d(p, "task")} (${d(p, "period")})`,
    "reminder.titleMany": (p: Params) => `Reminder: ${d(p, "count")} tasks for ${d(p, "period")}`,
    "reminder.body": (p: Params) => `${d(p, "unit")}: please report for ${d(p, "period")} before ${d(p, "due")}.`,
    "reminder.bodyToday": (p: Params) =>
      `Due today: ${d(p, "unit")}, please report for ${d(p, "period")} before ${d(p, "time")} today.`,
    "chase.title": (p: Params) => `Overdue: ${d(p, "task")} (${d(p, "period")}, ${d(p, "late")} late)`,
    "chase.titleMany": (p: Params) => `Overdue: ${d(p, "count")} tasks for ${d(p, "period")}, ${d(p, "late")} late`,
    "chase.body": (p: Params) =>
      `The deadline for ${d(p, "period")} was ${d(p, "due")}, ${d(p, "late")} ago. ${d(p, "unit")} has not reported yet; please report now (it will be marked late).`,
    "late.minutes": (p: Params) => `${d(p, "n")} min`,
    "late.hours": (p: Params) => `${d(p, "n")} h`,
    "late.days": (p: Params) => `${d(p, "n")} days`,
    "task.line": (p: Params) => `[${d(p, "task")}]`,
    "template.hintMany":
      "One template per task: reply to this message, or copy a template, fill it in and send it to me:",
    "button.reportTask": (p: Params) => `Report ${d(p, "task")}`,
    "template.hint": "Reply to this message, or copy the template below, fill it in and send it to me:",
    "unreachable.title": "A contact can no longer receive messages",
    "unreachable.contact": (p: Params) =>
      `${d(p, "contact")}, contact of ${d(p, "units")}, can no longer receive the bot's messages on ${d(p, "platform")} (they may have blocked the bot, deleted the chat or left the workspace). Reminders and chases to them are paused. Please phone them${d(p, "phone")} and ask them to send the bot any message; reminders resume by themselves. To change the contact, edit the seed data and issue a new invite code.`,
    "unreachable.channel": (p: Params) =>
      `The group chat of ${d(p, "group")} on ${d(p, "platform")} can no longer receive the bot's messages (the bot may have been removed). Digests are paused. Add the bot back and have the office send /bind in the chat.`,
    "unreachable.someone": "A contact",
    "unreachable.noUnit": "this group",
    "unreachable.phone": (p: Params) => ` (${d(p, "phone")})`,
    "platform.telegram": "Telegram",
    "platform.slack": "Slack",
    "platform.console": "the console",
    "button.report": "Report",
    "escalation.title": (p: Params) => `${d(p, "group")}: units missing for ${d(p, "period")}`,
    "escalation.body": (p: Params) =>
      `The deadline was ${d(p, "due")}. As of ${d(p, "now")}, ${d(p, "count")} unit(s) have not reported (unit: missing tasks):`,
    "escalation.tasks": (p: Params) => d(p, "tasks"),
    "escalation.hint": "Send /chase to chase them again, /status for details.",
    "list.separator": ", ",
  },
);

export type SchedulerMessageKey = keyof (typeof schedulerMessages)["zh-CN"];
