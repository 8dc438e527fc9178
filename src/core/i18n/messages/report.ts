import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

/** Reporting: confirmations, questions and every validation error a report can get. */
export const reportMessages = defineMessages(
  {
    "field.task": "任务",
    "field.period": "期次",
    "field.value": "完成值",
    "field.status": "状态",
    "field.progress": "进展",
    "field.problems": "问题",
    "field.nextSteps": "下步",
    // The template's own word (TEMPLATE_LABELS), so the form, the guided questions and errors agree.
    "field.coordination": "协调事项",
    "field.text": "内容",
    "status.on_track": "正常推进",
    "status.at_risk": "存在风险",
    "status.behind": "滞后",
    "status.done": "已完成",
    "light.green": "🟢 绿灯",
    "light.yellow": "🟡 黄灯",
    "light.red": "🔴 红灯",
    "light.done": "✅ 已完成",
    "light.none": "⚪ 未报",
    "error.header": "报送没有保存，请修改以下内容后重新发送：",
    "error.example": "可参照下面的格式（填写真实数据）：",
    "error.line": (p: Params) => `- ${d(p, "field")}：${d(p, "reason")}`,
    "code.missing": "未填写",
    "code.empty": "是空的",
    "code.missing_values": "都未填写，请至少填写一项",
    "code.not_a_number": (p: Params) => `“${d(p, "text")}”不是数字`,
    "code.too_long": (p: Params) => `太长了（最多 ${d(p, "max")} 字）`,
    "code.out_of_range": "数值超出合理范围",
    "code.too_precise": (p: Params) => `小数位太多（最多 ${d(p, "max")} 位小数）`,
    "code.out_of_bounds": (p: Params) =>
      `${d(p, "target")}填写的 ${d(p, "value")} 不合理：` +
      (p.min !== undefined && p.max !== undefined
        ? `应在 ${d(p, "min")} 到 ${d(p, "max")} 之间`
        : p.min !== undefined
          ? Number(p.min) === 0
            ? "不能为负数"
            : `不能小于 ${d(p, "min")}`
          : `不能大于 ${d(p, "max")}`),
    "code.unit_mismatch": (p: Params) => `单位“${d(p, "unit")}”与指标单位“${d(p, "expected")}”不一致`,
    "code.unknown_status": (p: Params) => `“${d(p, "text")}”不是可选状态（正常推进、存在风险、滞后、已完成）`,
    "code.unknown_field": (p: Params) =>
      `第 ${d(p, "line")} 行的“${d(p, "key")}”不是报送字段${p.suggestion ? `，是否想写“${d(p, "suggestion")}”？` : ""}`,
    "code.duplicate_field": (p: Params) => `重复填写了“${d(p, "key") || d(p, "target")}”`,
    "code.unknown_target": (p: Params) => `本任务没有指标“${d(p, "target")}”`,
    "code.ambiguous_target": "本任务有多个指标，请用指标名称分别填写，例如“城镇新增就业：65万人”",
    "code.no_targets": "本任务没有量化指标，不需要填写完成值",
    "code.unknown_task": (p: Params) =>
      `没有您可以报送的任务“${d(p, "task")}”${p.mine ? `；您可以报送的任务：${d(p, "mine")}` : ""}`,
    "code.unexpected_text": (p: Params) => `第 ${d(p, "line")} 行不属于任何字段，请写成“字段：内容”`,
    "code.invalid": "格式不正确",
    "code.future_period": (p: Params) => `${d(p, "period")}还没有开始，不能提前报送`,
    "code.bad_period": (p: Params) => `“${d(p, "text")}”不是有效的期次，例如 2023-01-X2 或 2023年1月中旬`,
    "saved.title": (p: Params) => `已保存：${d(p, "task")} ${d(p, "period")}`,
    "saved.version": (p: Params) => `第 ${d(p, "version")} 版（之前的版本已保留）`,
    "saved.late": (p: Params) => `补报：截止时间 ${d(p, "due")} 已过，本次报送标记为逾期。`,
    "saved.onTime": (p: Params) => `截止时间 ${d(p, "due")}，按时报送。`,
    // Beside a bar that already names the metric and shows the percentage done: each said once.
    "saved.target": (p: Params) =>
      `${d(p, "value")}${d(p, "unit")}，目标 ${d(p, "target")}${d(p, "unit")}${d(p, "pace")}`,
    "saved.pace": (p: Params) => `，时序进度 ${d(p, "pace")}`,
    "saved.noTargets": "本任务没有量化指标。",
    "pick.title": "您负责多项任务，请先选择要报送哪一项：",
    "pick.hint": "也可以在模板第一行写明任务编号，例如：报送 MS-03",
    "pick.none": "您所在单位目前没有需要报送的任务。",
    "pick.kept": "您刚才填写的内容已保留：选择任务后即按该任务保存，无需重新填写。",
    "template.title": (p: Params) => `${d(p, "task")} ${d(p, "title")}（${d(p, "period")}，截止 ${d(p, "due")}）`,
    "template.hint": "请复制下面的模板，填好后发送给我（直接回复也可以）：",
    "template.form": "表单填写",
    "template.guided": "逐项填写",
    "form.submit": "提交",
  },
  {
    "field.task": "task",
    "field.period": "period",
    "field.value": "value",
    "field.status": "status",
    "field.progress": "progress",
    "field.problems": "problems",
    "field.nextSteps": "next steps",
    "field.coordination": "coordination needed",
    "field.text": "text",
    "status.on_track": "on track",
    "status.at_risk": "at risk",
    "status.behind": "behind",
    "status.done": "done",
    "light.green": "🟢 green",
    "light.yellow": "🟡 yellow",
    "light.red": "🔴 red",
    "light.done": "✅ done",
    "light.none": "⚪ not reported",
    "error.header": "The report was not saved. Please fix the following and send it again:",
    "error.example": "A valid report looks like this (with your real figures):",
    "error.line": (p: Params) => `- ${d(p, "field")}: ${d(p, "reason")}`,
    "code.missing": "is missing",
    "code.empty": "is empty",
    "code.missing_values": "are all missing; give at least one",
    "code.not_a_number": (p: Params) => `"${d(p, "text")}" is not a number`,
    "code.too_long": (p: Params) => `is too long (at most ${d(p, "max")} characters)`,
    "code.out_of_range": "is out of range",
    "code.too_precise": (p: Params) => `has too many decimals (at most ${d(p, "max")})`,
    "code.out_of_bounds": (p: Params) =>
      `${d(p, "value")} is not possible for ${d(p, "target")}: ` +
      (p.min !== undefined && p.max !== undefined
        ? `it must be between ${d(p, "min")} and ${d(p, "max")}`
        : p.min !== undefined
          ? `it cannot be below ${d(p, "min")}`
          : `it cannot be above ${d(p, "max")}`),
    "code.unit_mismatch": (p: Params) => `unit "${d(p, "unit")}" does not match the target's "${d(p, "expected")}"`,
    "code.unknown_status": (p: Params) => `"${d(p, "text")}" is not a status (正常推进, 存在风险, 滞后, 已完成)`,
    "code.unknown_field": (p: Params) =>
      `"${d(p, "key")}" on line ${d(p, "line")} is not a report field${p.suggestion ? `; did you mean "${d(p, "suggestion")}"?` : ""}`,
    "code.duplicate_field": (p: Params) => `"${d(p, "key") || d(p, "target")}" is given twice`,
    "code.unknown_target": (p: Params) => `this task has no target "${d(p, "target")}"`,
    "code.ambiguous_target": "this task has several targets; give each by its name, e.g. 城镇新增就业：65万人",
    "code.no_targets": "this task has no quantitative target; leave the value out",
    "code.unknown_task": (p: Params) =>
      `you have no task "${d(p, "task")}" to report on${p.mine ? `; your tasks: ${d(p, "mine")}` : ""}`,
    "code.unexpected_text": (p: Params) => `line ${d(p, "line")} belongs to no field; write it as "field: text"`,
    "code.invalid": "is not valid",
    "code.future_period": (p: Params) => `${d(p, "period")} has not started yet`,
    "code.bad_period": (p: Params) => `"${d(p, "text")}" is not a period, e.g. 2023-01-X2`,
    "saved.title": (p: Params) => `Saved: ${d(p, "task")} ${d(p, "period")}`,
    "saved.version": (p: Params) => `version ${d(p, "version")} (earlier versions are kept)`,
    "saved.late": (p: Params) => `Late report: the deadline ${d(p, "due")} has passed; it is flagged late.`,
    "saved.onTime": (p: Params) => `Deadline ${d(p, "due")}; on time.`,
    "saved.target": (p: Params) => `${d(p, "value")}${d(p, "unit")} of ${d(p, "target")}${d(p, "unit")}${d(p, "pace")}`,
    "saved.pace": (p: Params) => `, pace ${d(p, "pace")}`,
    "saved.noTargets": "This task has no quantitative target.",
    "pick.title": "You lead several tasks; which one is this report for?",
    "pick.hint": "Or name the task on the first line, e.g. 报送 MS-03",
    "pick.none": "Your units have no task to report on at the moment.",
    "pick.kept": "What you wrote is kept: choose the task and it is saved for that task, nothing to type again.",
    "template.title": (p: Params) => `${d(p, "task")} ${d(p, "title")} (${d(p, "period")}, due ${d(p, "due")})`,
    "template.hint": "Copy this template, fill it in and send it to me (a reply works too):",
    "template.form": "Fill in a form",
    "template.guided": "Answer step by step",
    "form.submit": "Submit",
  },
);
