import type { ChartData, LightsChart, ProgressChart, RankingChart, TrendChart } from "../../core/chat/chart-data.js";
import {
  BAR_ROW_HEIGHT,
  CHART_CHROME_HEIGHT,
  CHART_FONT_FAMILY,
  CHART_WIDTH,
  LIGHT_COLOR,
  PACE_COLOR,
  PLAIN_CHART_HEIGHT,
  SERIES_COLORS,
  TEXT_COLOR,
} from "./palette.js";
import { percent } from "../format.js";

/** An ECharts option object; kept loose because ECharts' own option type is a very wide union. */
export type ChartOption = Record<string, unknown>;

export interface ChartLayout {
  width: number;
  height: number;
  option: ChartOption;
}

const BASE = {
  animation: false,
  backgroundColor: "#FFFFFF",
  textStyle: { fontFamily: CHART_FONT_FAMILY, color: TEXT_COLOR },
  title: { left: "center", top: 8, textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 18, fontWeight: "bold" } },
  legend: { bottom: 6, textStyle: { fontFamily: CHART_FONT_FAMILY } },
};

/** The ECharts option and the size of a chart: bar charts grow with their rows, the others are fixed. */
export function chartLayout(data: ChartData): ChartLayout {
  switch (data.kind) {
    case "progress":
      return barLayout(data.bars.length, progressOption(data));
    case "ranking":
      return barLayout(data.rows.length, rankingOption(data));
    case "trend":
      return { width: CHART_WIDTH, height: PLAIN_CHART_HEIGHT, option: trendOption(data) };
    case "lights":
      return { width: CHART_WIDTH, height: PLAIN_CHART_HEIGHT, option: lightsOption(data) };
  }
}

function barLayout(rows: number, option: ChartOption): ChartLayout {
  return { width: CHART_WIDTH, height: CHART_CHROME_HEIGHT + Math.max(rows, 1) * BAR_ROW_HEIGHT, option };
}

function withBase(title: string, option: ChartOption): ChartOption {
  return { ...BASE, ...option, title: { ...BASE.title, text: title } };
}

/** Bars top-down in the order given (ECharts draws a category axis bottom-up, hence `inverse`). */
function categoryAxis(labels: string[]): ChartOption {
  return {
    type: "category",
    inverse: true,
    data: labels,
    axisLabel: { fontFamily: CHART_FONT_FAMILY, width: 230, overflow: "truncate", fontSize: 12 },
    axisTick: { show: false },
  };
}

const GRID = { left: 16, right: 64, top: 48, bottom: 60 };

function progressOption(data: ProgressChart): ChartOption {
  const max = Math.max(1, ...data.bars.map((bar) => Math.max(bar.ratio ?? 0, bar.pace ?? 0)));
  return withBase(data.title, {
    grid: GRID,
    legend: { ...BASE.legend, data: [data.valueName, data.paceName] },
    xAxis: {
      type: "value",
      min: 0,
      // Whole steps of 20%, so the axis labels fall on round figures.
      max: Math.ceil(max * 5) / 5,
      interval: 0.2,
      axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` },
    },
    yAxis: categoryAxis(data.bars.map((bar) => bar.label)),
    series: [
      {
        name: data.valueName,
        type: "bar",
        barWidth: 16,
        data: data.bars.map((bar) => ({
          value: bar.ratio ?? 0,
          itemStyle: { color: LIGHT_COLOR[bar.light] },
          label: {
            show: true,
            position: "right",
            fontFamily: CHART_FONT_FAMILY,
            formatter: () => (bar.ratio === null ? "—" : percent(bar.ratio)),
          },
        })),
      },
      {
        name: data.paceName,
        type: "scatter",
        symbol: "rect",
        symbolSize: [3, 24],
        itemStyle: { color: PACE_COLOR },
        z: 3,
        data: data.bars.map((bar) => (bar.pace === null ? null : bar.pace)),
      },
    ],
  });
}

function rankingOption(data: RankingChart): ChartOption {
  const stack = (name: string, color: string, pick: (row: RankingChart["rows"][number]) => number) => ({
    name,
    type: "bar",
    stack: "total",
    barWidth: 16,
    itemStyle: { color },
    label: { show: true, fontFamily: CHART_FONT_FAMILY, formatter: (p: { value: number }) => (p.value ? p.value : "") },
    data: data.rows.map(pick),
  });
  return withBase(data.title, {
    grid: GRID,
    legend: { ...BASE.legend, data: [data.names.onTime, data.names.late, data.names.missing] },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: categoryAxis(data.rows.map((row) => row.label)),
    series: [
      stack(data.names.onTime, LIGHT_COLOR.green, (row) => row.onTime),
      stack(data.names.late, LIGHT_COLOR.yellow, (row) => row.late),
      stack(data.names.missing, LIGHT_COLOR.red, (row) => row.missing),
    ],
  });
}

function trendOption(data: TrendChart): ChartOption {
  return withBase(data.title, {
    grid: { ...GRID, left: 24 },
    color: SERIES_COLORS,
    legend: { ...BASE.legend, type: "scroll", data: data.series.map((series) => series.name) },
    xAxis: { type: "category", data: data.categories, axisLabel: { fontFamily: CHART_FONT_FAMILY, rotate: 30 } },
    yAxis: { type: "value", name: data.unit, nameTextStyle: { fontFamily: CHART_FONT_FAMILY } },
    series: data.series.map((series) => ({
      name: series.name,
      type: "line",
      connectNulls: false,
      symbolSize: 6,
      label: { show: data.series.length === 1, fontFamily: CHART_FONT_FAMILY },
      data: series.values,
    })),
  });
}

function lightsOption(data: LightsChart): ChartOption {
  const slices = data.slices.filter((slice) => slice.count > 0);
  return withBase(data.title, {
    legend: { ...BASE.legend, data: slices.map((slice) => slice.label) },
    series: [
      {
        type: "pie",
        radius: ["35%", "62%"],
        center: ["50%", "52%"],
        label: { fontFamily: CHART_FONT_FAMILY, formatter: "{b} {c}" },
        data: slices.map((slice) => ({
          name: slice.label,
          value: slice.count,
          itemStyle: { color: LIGHT_COLOR[slice.light] },
        })),
      },
    ],
  });
}
