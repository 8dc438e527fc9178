import type { Period } from "../../domain/time/periods.js";
import { label, parsePeriodId } from "../../domain/time/periods.js";
import type { TrendChart } from "../chat/chart-data.js";
import { translator, type Locale } from "../i18n/catalog.js";
import { chartMessages } from "../i18n/messages/chart.js";
import type { GroupTask } from "../status/ports.js";
import type { ReportVersionRow } from "./ports.js";

/**
 * 任务's trend: one chart per target, its reported value in each period of the year that has a
 * report, read from the current report versions (the figures the reports table lists, nothing
 * computed). A target answered for by one lead unit takes that unit's reports; otherwise any lead
 * unit's, the latest sent when two reported the same period (as a target's value is read).
 */
export function taskTrendCharts(
  task: Pick<GroupTask, "key" | "targets">,
  versions: readonly ReportVersionRow[],
  year: number,
  locale: Locale,
): TrendChart[] {
  const current = versions
    .filter((r) => r.isCurrent && periodYear(r.periodKey) === year)
    .sort((a, b) => a.periodStartsAt.getTime() - b.periodStartsAt.getTime());
  if (current.length === 0) return [];
  const periods = [...new Set(current.map((r) => r.periodKey))];
  const t = translator(chartMessages, locale);
  return task.targets.map((target) => {
    const values = periods.map((key) => {
      let value: number | null = null;
      let sent = 0;
      for (const r of current) {
        if (r.periodKey !== key || (target.leadUnitId !== null && r.unitId !== target.leadUnitId)) continue;
        const v = r.values.find((x) => x.targetId === target.id);
        if (v && r.submittedAt.getTime() >= sent) [value, sent] = [v.value, r.submittedAt.getTime()];
      }
      return value;
    });
    return {
      kind: "trend",
      title: t("digest.trend.title", { task: task.key, metric: target.metric }),
      unit: target.unitOfMeasure,
      categories: periods.map((key) => label(parsePeriodId(key), locale)),
      series: [{ name: target.metric, values }],
    };
  });
}

function periodYear(key: string): number {
  const period: Period = parsePeriodId(key);
  return period.year;
}
