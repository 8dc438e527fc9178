import type { ChartData, ProgressChart } from "../core/chat/chart-data.js";
import type { Light } from "../core/chat/outbound.js";
import type { DigestContent } from "../core/digest/digest-content.js";
import { translator } from "../core/i18n/catalog.js";
import { chartMessages } from "../core/i18n/messages/chart.js";
import { MAX_BARS } from "./charts/palette.js";
import { digestT, LIGHTS, lightLabel, taskPace, taskRatio } from "./digest-text.js";

/**
 * The charts of a digest, as data: every figure read from the digest's content (the core's
 * evaluation), nothing computed here. Chat, .docx and Markdown draw the ones they show.
 */
export interface DigestCharts {
  /** Each task's completion against its pace, coloured by light (none when the group has no tasks). */
  progress: ChartData | null;
  lights: ChartData;
  /** 月通报: the units' timeliness, in rank order. */
  ranking: ChartData | null;
  /** 季总结: one chart per indicator. */
  trends: ChartData[];
}

/** Lights in the order a reader should look at them when not every task fits a chart. */
const ATTENTION: readonly Light[] = ["red", "yellow", "none", "green", "done"];

export function digestCharts(content: DigestContent): DigestCharts {
  const t = translator(chartMessages, content.locale);
  const dt = digestT(content);
  const period = content.period.label;
  return {
    progress: progressChart(content),
    lights: {
      kind: "lights",
      title: t("digest.lights.title", { period }),
      slices: LIGHTS.map((light) => ({ light, label: lightLabel(light, dt), count: content.headline.lights[light] })),
    },
    ranking:
      content.timeliness && content.timeliness.length > 0
        ? {
            kind: "ranking",
            title: t("digest.ranking.title", { period }),
            names: {
              onTime: t("digest.ranking.onTime"),
              late: t("digest.ranking.late"),
              missing: t("digest.ranking.missing"),
            },
            rows: content.timeliness
              .slice(0, MAX_BARS)
              .map((unit) => ({ label: unit.unitName, onTime: unit.onTime, late: unit.late, missing: unit.missing })),
          }
        : null,
    trends: (content.trends ?? []).map((trend) => ({
      kind: "trend",
      title: t("digest.trend.title", { task: trend.taskKey, metric: trend.metric }),
      unit: trend.unitOfMeasure,
      categories: trend.points.map((point) => point.label),
      series: [{ name: trend.metric, values: trend.points.map((point) => point.value) }],
    })),
  };
}

/**
 * One bar per task, in the digest's order. A group with more tasks than a chart can show gets the
 * ones that need attention first (red, yellow, not reported, green, done), and its title says so.
 */
function progressChart(content: DigestContent): ProgressChart | null {
  if (content.tasks.length === 0) return null;
  const t = translator(chartMessages, content.locale);
  const period = content.period.label;
  let tasks = content.tasks;
  let title = t("digest.progress.title", { period });
  if (tasks.length > MAX_BARS) {
    const rank = (light: Light) => ATTENTION.indexOf(light);
    tasks = tasks
      .map((task, index) => ({ task, index }))
      .sort((a, b) => rank(a.task.light) - rank(b.task.light) || a.index - b.index)
      .slice(0, MAX_BARS)
      .map(({ task }) => task);
    title = t("digest.progress.capped", { period, total: content.tasks.length, shown: tasks.length });
  }
  return {
    kind: "progress",
    title,
    valueName: t("digest.progress.value"),
    paceName: t("digest.progress.pace"),
    bars: tasks.map((task) => ({
      label: `${task.key} ${task.title}`,
      ratio: taskRatio(task),
      pace: taskPace(task),
      light: task.light,
    })),
  };
}
