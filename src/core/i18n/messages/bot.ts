import { defineMessages, type Params } from "../catalog.js";

const list = (items: string | number | undefined, sep: string) =>
  String(items ?? "")
    .split("\u0001")
    .join(sep);

/** Conversation messages: help, binding, permissions and the error boundary. */
export const botMessages = defineMessages(
  {
    "help.title": "专班助手可以做什么",
    "help.intro": "我负责提醒各牵头单位按时报送旬简报、月通报、季总结，接收报送，并向召集人和专班办公室汇总进度。",
    "help.unbound": "您还没有绑定身份。请向专班办公室索取邀请码，然后发送：/bind 邀请码",
    "help.commands": "您可以使用的命令：",
    "help.cmd.help": "/help 查看帮助",
    "help.cmd.bind": "/bind 邀请码 绑定身份；在群里由专班办公室发送 /bind 专班 绑定本群",
    "help.cmd.tasks": "/tasks 查看本单位的任务、报送期限和待报事项",
    "help.cmd.report": "/report [任务编号] 开始报送（也可直接发送填好的报送模板）",
    "help.cmd.status": "/status [专班或任务编号] 查看本期报送和进度",
    "help.cmd.web": "/web 获取网页控制台的一次性登录链接",
    "help.cmd.summary": "/summary [旬/月/季] [期次] 生成并发布简报",
    "help.cmd.chase": "/chase 向本期未报单位发送催报",
    "help.cmd.cancel": "/cancel 退出正在进行的报送",
    "help.as": (p: Params) => `您好，${p.name}。`,
    "bind.usage": "请在 /bind 后面写上邀请码，例如：/bind K7QF-M2XD",
    "bind.ok": (p: Params) => `绑定成功：您现在的身份是 ${p.name}。发送 /tasks 查看您的任务。`,
    "bind.okLeader": (p: Params) =>
      `绑定成功：您现在的身份是 ${p.name}。发送 /status 查看专班本期报送情况，/help 查看您可以使用的命令。`,
    "bind.invalid": (p: Params) =>
      `邀请码不正确。请核对后重试（还可尝试 ${p.left} 次），或向专班办公室索取新的邀请码。`,
    "bind.expired": "这个邀请码已过期，请向专班办公室索取新的邀请码。",
    "bind.used": "这个邀请码已经使用过了。每个邀请码只能用一次，请向专班办公室索取新的邀请码。",
    "bind.locked": (p: Params) => `错误次数过多，已暂停绑定。请在 ${p.until} 之后再试，或联系专班办公室。`,
    "bind.busy": "最近错误的邀请码太多，绑定已暂停，请 10 分钟后再试，或联系专班办公室。",
    "bind.already": (p: Params) => `您已绑定为 ${p.name}。如需更换身份，请联系专班办公室。`,
    "bind.email.ok": (p: Params) =>
      `已按您的邮箱 ${p.email} 自动绑定：您现在的身份是 ${p.name}。如果这不是您，请立即联系专班办公室。`,
    "bind.email.none": (p: Params) =>
      `您的邮箱 ${p.email} 与名册中的联络人都对不上，未能自动绑定。请向专班办公室索取邀请码，然后私聊我发送：/bind 邀请码`,
    "bind.email.shared": (p: Params) =>
      `名册中有多位联络人登记了邮箱 ${p.email}，无法确定您是哪一位，未自动绑定。请向专班办公室索取您本人的邀请码，然后私聊我发送：/bind 邀请码`,
    "bind.channel.ok": (p: Params) => `${p.who}已将本群绑定到${p.group}。今后该专班的简报会发布在这里。`,
    "bind.channel.which": (p: Params) =>
      `请说明要绑定哪个专班，例如：/bind ${p.example}。您可绑定的专班：${list(p.groups, "、")}`,
    "bind.channel.denied": "只有该专班的召集人、副召集人或专班办公室可以绑定群聊。",
    "bind.channel.unbound": "请先在私聊中用邀请码绑定您的身份，再在群里绑定专班。",
    "denied.unbound": "您还没有绑定身份，暂时不能使用这个功能。请向专班办公室索取邀请码，然后私聊我发送：/bind 邀请码",
    "denied.leaders": "这个功能只对专班召集人、副召集人和专班办公室开放。您可以用 /tasks 查看本单位的任务。",
    "denied.unit": (p: Params) => `您不是 ${p.unit} 的联络人，不能替该单位报送。`,
    "unknown.command": (p: Params) => `没有 /${p.command} 这个命令。发送 /help 查看可用命令。`,
    "unknown.text": "没有看懂这条消息。报送请发送填好的模板（可先发送 /report 获取），或发送 /help 查看帮助。",
    "error.internal": "抱歉，处理时出了问题，您的消息没有保存。请稍后再试；如果一直不行，请联系专班办公室。",
    "error.bad_characters":
      "消息里有无法保存的字符（空字符，或残缺的表情符号），这条消息没有处理。请删除这些字符后重新发送。",
    "group.unknown": (p: Params) => `没有找到专班“${p.group}”。可用的专班：${list(p.groups, "、")}`,
    "task.unknown": (p: Params) => `没有找到任务“${p.task}”。发送 /tasks 查看您的任务。`,
  },
  {
    "help.title": "What the working-group assistant does",
    "help.intro":
      "I remind each lead unit of its 10-day, monthly and quarterly reports, take the reports, and keep the convenor and office up to date.",
    "help.unbound": "You are not bound yet. Ask the group office for an invite code, then send: /bind CODE",
    "help.commands": "Commands you can use:",
    "help.cmd.help": "/help show this help",
    "help.cmd.bind": "/bind CODE bind your identity; in a group chat the office sends /bind GROUP to bind it",
    "help.cmd.tasks": "/tasks your units' tasks, deadlines and what is still missing",
    "help.cmd.report": "/report [TASK] start a report (or just send a filled-in template)",
    "help.cmd.status": "/status [GROUP or TASK] this period's reports and progress",
    "help.cmd.web": "/web a one-time sign-in link to the web console",
    "help.cmd.summary": "/summary [dekad/month/quarter] [PERIOD] build and post a digest",
    "help.cmd.chase": "/chase chase every unit still missing this period",
    "help.cmd.cancel": "/cancel leave the report in progress",
    "help.as": (p: Params) => `Hello, ${p.name}.`,
    "bind.usage": "Write the invite code after /bind, e.g. /bind K7QF-M2XD",
    "bind.ok": (p: Params) => `Bound: you are now ${p.name}. Send /tasks to see your tasks.`,
    "bind.okLeader": (p: Params) =>
      `Bound: you are now ${p.name}. Send /status for the group's reports this period, /help for your commands.`,
    "bind.invalid": (p: Params) =>
      `That invite code is not valid. Check it and try again (${p.left} tries left), or ask the office for a new one.`,
    "bind.expired": "That invite code has expired; ask the group office for a new one.",
    "bind.used": "That invite code has already been used; each code works once. Ask the office for a new one.",
    "bind.locked": (p: Params) =>
      `Too many wrong codes; binding is paused until ${p.until}. Try again later or contact the office.`,
    "bind.busy":
      "Too many wrong invite codes lately: binding is paused. Try again in 10 minutes, or contact the office.",
    "bind.already": (p: Params) => `You are already bound as ${p.name}. Contact the office to change it.`,
    "bind.email.ok": (p: Params) =>
      `Bound by your e-mail ${p.email}: you are now ${p.name}. If this is not you, tell the office at once.`,
    "bind.email.none": (p: Params) =>
      `Your e-mail ${p.email} matches no contact in the roster, so you were not bound. Ask the office for an invite code, then send me: /bind CODE`,
    "bind.email.shared": (p: Params) =>
      `Several contacts in the roster share the e-mail ${p.email}, so you were not bound. Ask the office for your own invite code, then send me: /bind CODE`,
    "bind.channel.ok": (p: Params) =>
      `${p.who} bound this chat to ${p.group}. The group's digests will be posted here.`,
    "bind.channel.which": (p: Params) =>
      `Which group? e.g. /bind ${p.example}. Groups you can bind: ${list(p.groups, ", ")}`,
    "bind.channel.denied": "Only the group's convenor, deputy or office can bind a group chat.",
    "bind.channel.unbound":
      "Bind your identity with an invite code in a direct message first, then bind the group here.",
    "denied.unbound":
      "You are not bound yet, so this is not available. Ask the office for an invite code, then send me: /bind CODE",
    "denied.leaders": "This is for the group's convenor, deputy and office only. /tasks shows your units' tasks.",
    "denied.unit": (p: Params) => `You are not a contact of ${p.unit}, so you cannot report for it.`,
    "unknown.command": (p: Params) => `There is no /${p.command} command. Send /help to see the commands.`,
    "unknown.text":
      "I did not understand that. To report, send a filled-in template (/report gives you one), or /help.",
    "error.bad_characters":
      "Your message contains characters that cannot be stored (a NUL character, or a broken emoji), so it was not processed. Please remove them and send it again.",
    "error.internal":
      "Sorry, something went wrong and your message was not saved. Please try again later, or contact the office.",
    "group.unknown": (p: Params) => `No group "${p.group}". Groups: ${list(p.groups, ", ")}`,
    "task.unknown": (p: Params) => `No task "${p.task}". Send /tasks to see yours.`,
  },
);

/** Joins list items for a message parameter; the message picks the separator for its language. */
export function listParam(items: readonly string[]): string {
  return items.join("\u0001");
}
