import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

/** The guided report: one question per field. */
export const guidedMessages = defineMessages(
  {
    start: (p: Params) => `开始逐项报送：${d(p, "task")}（${d(p, "period")}）。随时发送 /cancel 退出。`,
    askValue: (p: Params) =>
      `请填写“${d(p, "metric")}”的累计完成值（单位：${d(p, "unit")}，目标 ${d(p, "target")}）。没有数据请回复“-”。`,
    askStatus: "当前推进状态是？",
    askProgress: "请简要说明本期工作进展：",
    askProblems: "存在什么问题或困难？没有请回复“无”。",
    askNextSteps: "下步打算是什么？",
    askCoordination: "有需要专班协调的事项吗？没有请回复“无”。",
    badNumber: (p: Params) => `“${d(p, "text")}”不是有效的数字，请重新填写（例如 12.5 或 12.5${d(p, "unit")}）。`,
    badUnit: (p: Params) => `单位“${d(p, "text")}”与指标单位“${d(p, "unit")}”不一致，请重新填写。`,
    badStatus: "请从下面的状态中选择一个（点按钮或回复序号）。",
    emptyText: "这一项不能为空，请填写。",
    needValue: "至少要填写一个完成值，请重新填写。",
    cancelled: "已退出报送，没有保存任何内容。",
    nothingToCancel: "当前没有进行中的报送。",
    none: "无",
  },
  {
    start: (p: Params) => `Guided report: ${d(p, "task")} (${d(p, "period")}). Send /cancel at any time to leave.`,
    askValue: (p: Params) =>
      `Value so far for "${d(p, "metric")}" (in ${d(p, "unit")}, target ${d(p, "target")})? Reply "-" if you have none.`,
    askStatus: "How is it going?",
    askProgress: "What progress was made this period?",
    askProblems: 'Any problems? Reply "无" (none) if not.',
    askNextSteps: "What are the next steps?",
    askCoordination: 'Anything the group must coordinate? Reply "无" (none) if not.',
    badNumber: (p: Params) => `"${d(p, "text")}" is not a number; please try again (e.g. 12.5).`,
    badUnit: (p: Params) => `Unit "${d(p, "text")}" does not match the target's "${d(p, "unit")}"; please try again.`,
    badStatus: "Please pick one of these statuses (press a button or reply with its number).",
    emptyText: "This cannot be empty; please answer.",
    needValue: "At least one value is needed; please answer.",
    cancelled: "Report cancelled; nothing was saved.",
    nothingToCancel: "There is no report in progress.",
    none: "none",
  },
);
