import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** What the scheduler sends on its own: reminders, chases and escalations (digests have their own). */
export const schedulerMessages = defineMessages(
  {
    "time.local": (p: Params) => `${d(p, "month")}月${d(p, "day")}日 ${d(p, "time")}`,
    "reminder.title": (p: Params) => `报送提醒：${d(p, "task")} ${d(p, "title")}（${d(p, "period")}）`,
    "reminder.body": (p: Params) =>
      `请${d(p, "unit")}于 ${d(p, "due")} 前报送“${d(p, "task")} ${d(p, "title")}”${d(p, "period")}进展。`,
    "chase.title": (p: Params) => `催报：${d(p, "task")} ${d(p, "title")}（${d(p, "period")}）`,
    "chase.body": (p: Params) =>
      `“${d(p, "task")} ${d(p, "title")}”${d(p, "period")}的报送截止时间 ${d(p, "due")} 已过，${d(p, "unit")}尚未报送，请尽快补报（将标记为逾期）。`,
    "template.hint": "直接回复本消息，或复制下面的模板填好后发送给我：",
    "unreachable.title": "消息无法送达",
    "unreachable.body": (p: Params) =>
      `${d(p, "platform")} 上的 ${d(p, "address")} 已无法接收消息（${d(p, "reason")}）。发给该联络人的提醒已暂停，请核实联络方式；对方重新给机器人发消息后会自动恢复。`,
    "button.report": "填报",
    "escalation.title": (p: Params) => `${d(p, "group")}：${d(p, "period")}未报单位`,
    "escalation.body": (p: Params) =>
      `报送截止时间 ${d(p, "due")} 已过，截至 ${d(p, "now")} 仍有 ${d(p, "count")} 个单位未报送：`,
    "escalation.tasks": (p: Params) => `未报任务：${d(p, "tasks")}`,
    "escalation.hint": "发送 /chase 再次催报，发送 /status 查看详情。",
    "list.separator": "、",
  },
  {
    "time.local": (p: Params) => `${EN_MONTHS[Number(p.month) - 1] ?? d(p, "month")} ${d(p, "day")}, ${d(p, "time")}`,
    "reminder.title": (p: Params) => `Reminder: ${d(p, "task")} ${d(p, "title")} (${d(p, "period")})`,
    "reminder.body": (p: Params) =>
      `${d(p, "unit")}: please report on "${d(p, "task")} ${d(p, "title")}" for ${d(p, "period")} before ${d(p, "due")}.`,
    "chase.title": (p: Params) => `Overdue: ${d(p, "task")} ${d(p, "title")} (${d(p, "period")})`,
    "chase.body": (p: Params) =>
      `The deadline for "${d(p, "task")} ${d(p, "title")}" (${d(p, "period")}) was ${d(p, "due")}. ${d(p, "unit")} has not reported yet; please report now (it will be marked late).`,
    "template.hint": "Reply to this message, or copy the template below, fill it in and send it to me:",
    "unreachable.title": "A message could not be delivered",
    "unreachable.body": (p: Params) =>
      `${d(p, "address")} on ${d(p, "platform")} can no longer receive messages (${d(p, "reason")}). Reminders to this contact are paused; please check the contact details. They resume when the person writes to the bot again.`,
    "button.report": "Report",
    "escalation.title": (p: Params) => `${d(p, "group")}: units missing for ${d(p, "period")}`,
    "escalation.body": (p: Params) =>
      `The deadline was ${d(p, "due")}. As of ${d(p, "now")}, ${d(p, "count")} unit(s) have not reported:`,
    "escalation.tasks": (p: Params) => `missing: ${d(p, "tasks")}`,
    "escalation.hint": "Send /chase to chase them again, /status for details.",
    "list.separator": ", ",
  },
);

export type SchedulerMessageKey = keyof (typeof schedulerMessages)["zh-CN"];
