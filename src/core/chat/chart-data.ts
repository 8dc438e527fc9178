import type { Light } from "./outbound.js";

/**
 * A chart as neutral data: what to draw, with every label already in the reader's language and every
 * figure already computed (by the core's one evaluation). src/render/charts draws it as SVG or PNG;
 * adapters send the picture where their platform shows images and the block's alt text elsewhere.
 * Ratios are shares (0.5 = 50%), not percentages.
 */
export type ChartData = ProgressChart | TrendChart | RankingChart | LightsChart;

/** Progress against pace: one horizontal bar per item (its completion), a marker at its 时序进度, coloured by light. */
export interface ProgressChart {
  kind: "progress";
  title: string;
  /** Legend names of the bar and the marker: 完成率, 时序进度. */
  valueName: string;
  paceName: string;
  bars: { label: string; ratio: number | null; pace: number | null; light: Light }[];
}

/** An indicator's values across periods: one line per series, gaps where nothing was reported. */
export interface TrendChart {
  kind: "trend";
  title: string;
  /** The unit of measure shown on the value axis (万人, 元/月). */
  unit: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

/** The timeliness ranking: one stacked bar per unit (on time, late, missing), in rank order. */
export interface RankingChart {
  kind: "ranking";
  title: string;
  /** Legend names of the three parts: 按时, 补报, 未报. */
  names: { onTime: string; late: string; missing: string };
  rows: { label: string; onTime: number; late: number; missing: number }[];
}

/** How many items have each light. */
export interface LightsChart {
  kind: "lights";
  title: string;
  slices: { light: Light; label: string; count: number }[];
}
