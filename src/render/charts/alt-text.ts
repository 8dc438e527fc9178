import type { ChartData } from "../../core/chat/chart-data.js";
import { translator, type Locale } from "../../core/i18n/catalog.js";
import { chartMessages } from "../../core/i18n/messages/chart.js";
import { formatNumber } from "../format.js";
import { percent } from "../format.js";

/**
 * The words for a chart: its title and every figure it draws, for screen readers and for the
 * platforms and files that show no pictures. Nothing is summarised away: a reader of the alt text
 * learns what a reader of the picture does.
 */
export function chartAltText(data: ChartData, locale: Locale): string {
  const t = translator(chartMessages, locale);
  const join = (items: string[]) => (items.length === 0 ? t("alt.empty") : items.join(t("alt.separator")));
  let title = data.title;
  let body: string;
  switch (data.kind) {
    case "progress":
      body = join(
        data.bars.map((bar) =>
          t("alt.progress.item", {
            label: bar.label,
            ratio: bar.ratio === null ? t("alt.progress.noValue") : percent(bar.ratio),
            pace: bar.pace === null ? "" : t("alt.progress.pace", { pace: percent(bar.pace) }),
            light: t(`light.${bar.light}`),
          }),
        ),
      );
      break;
    case "trend":
      if (data.unit) title += t("alt.trend.unit", { unit: data.unit });
      body = join(
        data.series.map((series) =>
          t("alt.trend.series", {
            name: series.name,
            points: data.categories
              .map((label, index) => {
                const value = series.values[index];
                const text =
                  value === null || value === undefined ? t("alt.trend.noValue") : formatNumber(value, locale);
                return t("alt.trend.point", { label, value: text });
              })
              .join(t("alt.trend.pointSeparator")),
          }),
        ),
      );
      break;
    case "ranking":
      body = join(
        data.rows.map((row) =>
          t("alt.ranking.item", {
            label: row.label,
            onTimeName: data.names.onTime,
            onTime: row.onTime,
            lateName: data.names.late,
            late: row.late,
            missingName: data.names.missing,
            missing: row.missing,
          }),
        ),
      );
      break;
    case "lights":
      body = join(data.slices.map((slice) => t("alt.lights.item", { label: slice.label, count: slice.count })));
      break;
  }
  return t("alt.chart", { title, body });
}
