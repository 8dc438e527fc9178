import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

/** The one way to skip an optional item, in the guided questions and the console form alike. */
export const SKIP_ZH = "没有请回复“-”。";
const SKIP_EN = 'Reply "-" if there is none.';

/** The guided report: one question per field. */
export const guidedMessages = defineMessages(
  {
    start: (p: Params) => `开始逐项报送：${d(p, "task")}（${d(p, "period")}）。随时发送 /cancel 退出。`,
    // One question per target kind (docs/message-style.md, "Target kinds"): a running total, a level
    // held against its standard, a rate in %; each names the metric and its unit of measure.
    "askValue.cumulative": (p: Params) =>
      `请填写“${d(p, "metric")}”的累计完成值（单位：${d(p, "unit")}，目标 ${d(p, "target")}${d(p, "unit")}）。${SKIP_ZH}`,
    "askValue.level": (p: Params) =>
      `请填写“${d(p, "metric")}”的当前值（单位：${d(p, "unit")}，标准 ${d(p, "target")}${d(p, "unit")}）。${SKIP_ZH}`,
    "askValue.rate": (p: Params) =>
      `请填写“${d(p, "metric")}”的当前比率（单位：${d(p, "unit")}，目标 ${d(p, "target")}${d(p, "unit")}）。${SKIP_ZH}`,
    askStatus: "状态：当前推进状态是？（点按钮或回复序号）",
    askProgress: "进展：请简要说明本期工作进展（必填）。",
    askProblems: `问题：存在什么问题或困难？${SKIP_ZH}`,
    askNextSteps: `下步：下步打算是什么？${SKIP_ZH}`,
    askCoordination: `协调事项：有需要专班协调的事项吗？${SKIP_ZH}`,
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
    "askValue.cumulative": (p: Params) =>
      `Total so far for "${d(p, "metric")}" (in ${d(p, "unit")}, target ${d(p, "target")}${d(p, "unit")})? ${SKIP_EN}`,
    "askValue.level": (p: Params) =>
      `Current value of "${d(p, "metric")}" (in ${d(p, "unit")}, standard ${d(p, "target")}${d(p, "unit")})? ${SKIP_EN}`,
    "askValue.rate": (p: Params) =>
      `Current rate of "${d(p, "metric")}" (in ${d(p, "unit")}, target ${d(p, "target")}${d(p, "unit")})? ${SKIP_EN}`,
    askStatus: "Status: how is it going? (press a button or reply with its number)",
    askProgress: "Progress: what was done this period (required)?",
    askProblems: `Problems: any problems or difficulties? ${SKIP_EN}`,
    askNextSteps: `Next steps: what comes next? ${SKIP_EN}`,
    askCoordination: `Coordination: anything the group must coordinate? ${SKIP_EN}`,
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
