import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

/** /status and /tasks. */
export const statusMessages = defineMessages(
  {
    "status.title": (p: Params) => `${d(p, "group")} ${d(p, "period")} 报送情况`,
    "status.due": (p: Params) => `截止 ${d(p, "due")}，${d(p, "left")}`,
    "status.left": (p: Params) => `还剩 ${d(p, "days")} 天 ${d(p, "hours")} 小时`,
    "status.overdue": "已过截止时间",
    "status.expected": "应报",
    "status.onTime": "按时报送",
    "status.late": "补报",
    // The digest's words (docs/message-style.md): 按时报送 / 补报 / 未报, and 待报 before the deadline.
    "status.missing": "未报",
    "status.pending": "待报",
    // One unit a line, as the digest lists them: 省教育厅：MS-01、MS-12.
    "status.missingUnits": (p: Params) => `未报单位：\n${d(p, "units")}`,
    "status.noneMissing": "各单位均已报送。",
    // A large group's dashboard (src/core/status/snapshot-blocks.ts, STATUS_LIMITS).
    "status.tasks": "任务",
    "status.lights": "灯号",
    "status.lightCounts": (p: Params) =>
      `红灯 ${d(p, "red")}，黄灯 ${d(p, "yellow")}，绿灯 ${d(p, "green")}，已完成 ${d(p, "done")}，无数据 ${d(p, "none")}`,
    "status.missingUnitsCapped": (p: Params) => `未报单位（共 ${d(p, "count")} 个）：\n${d(p, "units")}`,
    "status.unitTasks": (p: Params) => `${d(p, "unit")}：${d(p, "tasks")}`,
    "status.keysMore": (p: Params) => `${d(p, "keys")} 等 ${d(p, "count")} 项`,
    "status.moreUnits": (p: Params) => `另有 ${d(p, "count")} 个单位未列出。`,
    "status.attention": (p: Params) =>
      `需优先关注的任务（${d(p, "count")} 项：红灯、黄灯、未报、待报依次排列）`,
    "status.noAttention": "没有红灯、黄灯或未报的任务。",
    "status.moreTasks": (p: Params) =>
      `另有 ${d(p, "count")} 项需关注的任务未列出（红灯 ${d(p, "red")}，黄灯 ${d(p, "yellow")}，未报 ${d(p, "missing")}，待报 ${d(p, "pending")}）。`,
    "status.moreLines": (p: Params) => `另有 ${d(p, "count")} 条未列出。`,
    "status.fullList": (p: Params) =>
      `本专班任务较多，以上只列出最需关注的部分。单项任务：发送 /status 任务编号；完整清单：命令行 zhuanban status --group ${d(p, "group")}，或 zhuanban summary --group ${d(p, "group")} --period ${d(p, "period")} --format xlsx 导出表格。`,
    "status.problems": "反映的问题",
    "status.coordination": "需协调事项",
    "status.problemLine": (p: Params) => `${d(p, "task")}（${d(p, "unit")}）：${d(p, "text")}`,
    // The bar before it already shows the percentage done: the line says it no second time.
    "status.target": (p: Params) => `${d(p, "value")} / ${d(p, "target")}${d(p, "unit")}${d(p, "pace")}`,
    "status.noValue": (p: Params) => `尚无数据，目标 ${d(p, "target")}${d(p, "unit")}${d(p, "pace")}`,
    "status.pace": (p: Params) => `，时序进度 ${d(p, "pace")}`,
    "status.correctedMark": "（已更正）",
    "status.outsidePlan": (p: Params) =>
      `${d(p, "period")}不在本专班的计划期内（${d(p, "start")} 至 ${d(p, "end")}），没有需要报送的任务。查看历次报送：/status 任务编号。`,
    "status.taskLine": (p: Params) => `${d(p, "task")} ${d(p, "title")}（${d(p, "units")}）`,
    "status.history.title": (p: Params) => `${d(p, "task")} ${d(p, "title")} 历次报送`,
    "status.history.period": "期次",
    "status.history.unit": "单位",
    "status.history.values": "完成值",
    "status.history.status": "状态",
    "status.history.when": "报送时间",
    "status.history.none": "这项任务还没有报送记录。",
    "undelivered.title": (p: Params) => `未能送达的消息（${d(p, "count")} 条）`,
    "undelivered.line": (p: Params) => `${d(p, "who")}（${d(p, "platform")}）：${d(p, "state")}，${d(p, "error")}`,
    "undelivered.failed": "多次发送失败，稍后自动重试",
    "undelivered.unreachable": "无法联系（已屏蔽机器人或已退出）",
    "tasks.title": "您单位的任务",
    "tasks.line": (p: Params) =>
      `${d(p, "task")} ${d(p, "title")}｜${d(p, "unit")}｜${d(p, "period")} 截止 ${d(p, "due")}｜${d(p, "state")}`,
    "tasks.none": "您所在单位目前没有牵头任务。",
    "tasks.hint": "发送 /report 任务编号 获取报送模板。",
    "state.on_time": "✅ 已报",
    "state.late": "🟠 已补报",
    "state.missing": "❗ 逾期未报",
    "state.pending": "⏳ 待报",
  },
  {
    "status.title": (p: Params) => `${d(p, "group")}: reports for ${d(p, "period")}`,
    "status.due": (p: Params) => `due ${d(p, "due")}, ${d(p, "left")}`,
    "status.left": (p: Params) => `${d(p, "days")} d ${d(p, "hours")} h left`,
    "status.overdue": "the deadline has passed",
    "status.expected": "expected",
    "status.onTime": "on time",
    "status.late": "late",
    "status.missing": "missing",
    "status.pending": "not yet reported",
    "status.missingUnits": (p: Params) => `Missing:\n${d(p, "units")}`,
    "status.noneMissing": "Every unit has reported.",
    "status.tasks": "tasks",
    "status.lights": "lights",
    "status.lightCounts": (p: Params) =>
      `red ${d(p, "red")}, yellow ${d(p, "yellow")}, green ${d(p, "green")}, done ${d(p, "done")}, no data ${d(p, "none")}`,
    "status.missingUnitsCapped": (p: Params) => `Missing (${d(p, "count")} units):\n${d(p, "units")}`,
    "status.unitTasks": (p: Params) => `${d(p, "unit")}: ${d(p, "tasks")}`,
    "status.keysMore": (p: Params) => `${d(p, "keys")} and more, ${d(p, "count")} in all`,
    "status.moreUnits": (p: Params) => `${d(p, "count")} more units not listed.`,
    "status.attention": (p: Params) =>
      `Tasks needing attention (${d(p, "count")}: red, yellow, overdue, then not yet reported)`,
    "status.noAttention": "No task is red, yellow or unreported.",
    "status.moreTasks": (p: Params) =>
      `${d(p, "count")} more tasks needing attention not listed (red ${d(p, "red")}, yellow ${d(p, "yellow")}, overdue ${d(p, "missing")}, not yet reported ${d(p, "pending")}).`,
    "status.moreLines": (p: Params) => `${d(p, "count")} more not listed.`,
    "status.fullList": (p: Params) =>
      `This group has many tasks; only those needing attention most are listed. One task: send /status TASK; the full list: on the command line, zhuanban status --group ${d(p, "group")}, or zhuanban summary --group ${d(p, "group")} --period ${d(p, "period")} --format xlsx for a spreadsheet.`,
    "status.problems": "Problems reported",
    "status.coordination": "Coordination needed",
    "status.problemLine": (p: Params) => `${d(p, "task")} (${d(p, "unit")}): ${d(p, "text")}`,
    "status.target": (p: Params) => `${d(p, "value")} / ${d(p, "target")}${d(p, "unit")}${d(p, "pace")}`,
    "status.noValue": (p: Params) => `no data yet; target ${d(p, "target")}${d(p, "unit")}${d(p, "pace")}`,
    "status.pace": (p: Params) => `, pace ${d(p, "pace")}`,
    "status.correctedMark": " (corrected)",
    "status.outsidePlan": (p: Params) =>
      `${d(p, "period")} is outside this group's plan (${d(p, "start")} to ${d(p, "end")}); no task reports now. A task's history: /status TASK.`,
    "status.taskLine": (p: Params) => `${d(p, "task")} ${d(p, "title")} (${d(p, "units")})`,
    "status.history.title": (p: Params) => `${d(p, "task")} ${d(p, "title")}: report history`,
    "status.history.period": "period",
    "status.history.unit": "unit",
    "status.history.values": "values",
    "status.history.status": "status",
    "status.history.when": "submitted",
    "status.history.none": "No reports for this task yet.",
    "undelivered.title": (p: Params) => `Messages not delivered (${d(p, "count")})`,
    "undelivered.line": (p: Params) => `${d(p, "who")} (${d(p, "platform")}): ${d(p, "state")}, ${d(p, "error")}`,
    "undelivered.failed": "failed after several tries; retried later",
    "undelivered.unreachable": "unreachable (blocked the bot or left)",
    "tasks.title": "Your units' tasks",
    "tasks.line": (p: Params) =>
      `${d(p, "task")} ${d(p, "title")} | ${d(p, "unit")} | ${d(p, "period")} due ${d(p, "due")} | ${d(p, "state")}`,
    "tasks.none": "Your units lead no task at the moment.",
    "tasks.hint": "Send /report TASK for a template.",
    "state.on_time": "✅ reported",
    "state.late": "🟠 reported late",
    "state.missing": "❗ missing",
    "state.pending": "⏳ due",
  },
);
