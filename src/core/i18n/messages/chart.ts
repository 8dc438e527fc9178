import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

/** Charts' alt texts (src/render/charts/alt-text.ts): the same figures as the picture, in words. */
export const chartMessages = defineMessages(
  {
    "alt.chart": (p: Params) => `图：${d(p, "title")}。${d(p, "body")}`,
    "alt.separator": "；",
    "alt.progress.item": (p: Params) => `${d(p, "label")}，完成率 ${d(p, "ratio")}${d(p, "pace")}，${d(p, "light")}`,
    "alt.progress.noValue": "未报数据",
    // A level or rate target is met or not: it has no pace, and the words say none.
    "alt.progress.pace": (p: Params) => `，时序进度 ${d(p, "pace")}`,
    "alt.trend.unit": (p: Params) => `（单位：${d(p, "unit")}）`,
    "alt.trend.series": (p: Params) => `${d(p, "name")}：${d(p, "points")}`,
    "alt.trend.point": (p: Params) => `${d(p, "label")} ${d(p, "value")}`,
    "alt.trend.pointSeparator": "，",
    "alt.trend.noValue": "未报",
    "alt.ranking.item": (p: Params) =>
      `${d(p, "label")} ${d(p, "onTimeName")} ${d(p, "onTime")}、${d(p, "lateName")} ${d(p, "late")}、${d(p, "missingName")} ${d(p, "missing")}`,
    "alt.lights.item": (p: Params) => `${d(p, "label")} ${d(p, "count")} 项`,
    "alt.empty": "无数据",
    "digest.progress.title": (p: Params) => `${d(p, "period")}各任务完成率与时序进度`,
    "digest.progress.capped": (p: Params) =>
      `${d(p, "period")}完成率与时序进度（共 ${d(p, "total")} 项，列出需关注的 ${d(p, "shown")} 项）`,
    "digest.progress.value": "完成率",
    "digest.progress.pace": "时序进度",
    "digest.lights.title": (p: Params) => `${d(p, "period")}任务灯号分布`,
    "digest.ranking.title": (p: Params) => `${d(p, "period")}报送及时性排名`,
    "digest.ranking.onTime": "按时",
    "digest.ranking.late": "补报",
    "digest.ranking.missing": "未报",
    "digest.trend.title": (p: Params) => `${d(p, "task")} ${d(p, "metric")}走势`,
    "light.green": "绿灯",
    "light.yellow": "黄灯",
    "light.red": "红灯",
    "light.done": "已完成",
    "light.none": "无数据",
  },
  {
    "alt.chart": (p: Params) => `Chart: ${d(p, "title")}. ${d(p, "body")}`,
    "alt.separator": "; ",
    "alt.progress.item": (p: Params) =>
      `${d(p, "label")}: completion ${d(p, "ratio")}${d(p, "pace")}, ${d(p, "light")}`,
    "alt.progress.noValue": "not reported",
    "alt.progress.pace": (p: Params) => `, pace ${d(p, "pace")}`,
    "alt.trend.unit": (p: Params) => ` (unit: ${d(p, "unit")})`,
    "alt.trend.series": (p: Params) => `${d(p, "name")}: ${d(p, "points")}`,
    "alt.trend.point": (p: Params) => `${d(p, "label")} ${d(p, "value")}`,
    "alt.trend.pointSeparator": ", ",
    "alt.trend.noValue": "not reported",
    "alt.ranking.item": (p: Params) =>
      `${d(p, "label")}: ${d(p, "onTimeName")} ${d(p, "onTime")}, ${d(p, "lateName")} ${d(p, "late")}, ${d(p, "missingName")} ${d(p, "missing")}`,
    "alt.lights.item": (p: Params) => `${d(p, "label")} ${d(p, "count")}`,
    "alt.empty": "no data",
    "digest.progress.title": (p: Params) => `${d(p, "period")}: completion and pace by task`,
    "digest.progress.capped": (p: Params) =>
      `${d(p, "period")}: completion and pace (${d(p, "shown")} of ${d(p, "total")} tasks needing attention)`,
    "digest.progress.value": "Completion",
    "digest.progress.pace": "Pace",
    "digest.lights.title": (p: Params) => `${d(p, "period")}: tasks by light`,
    "digest.ranking.title": (p: Params) => `${d(p, "period")}: timeliness ranking`,
    "digest.ranking.onTime": "On time",
    "digest.ranking.late": "Late",
    "digest.ranking.missing": "Missing",
    "digest.trend.title": (p: Params) => `${d(p, "task")} ${d(p, "metric")}: trend`,
    "light.green": "green",
    "light.yellow": "yellow",
    "light.red": "red",
    "light.done": "done",
    "light.none": "no data",
  },
);
