import type { Light } from "../../core/chat/outbound.js";

/** The family name inside assets/fonts/NotoSansSC-Chart.ttf; every text of a chart asks for it. */
export const CHART_FONT_FAMILY = "Noto Sans SC";

/** Light colours, the same red, amber, green the office uses in its printed tables. */
export const LIGHT_COLOR: Record<Light, string> = {
  green: "#2E9D4F",
  yellow: "#E6A700",
  red: "#D7261E",
  done: "#2F6DB5",
  none: "#A6A6A6",
};

export const PACE_COLOR = "#333333";
export const TEXT_COLOR = "#333333";
export const SERIES_COLORS = ["#2F6DB5", "#D7261E", "#2E9D4F", "#E6A700", "#7A4FB0", "#1A9AA0"];

/** Widths and heights in CSS pixels; a PNG is drawn at twice that for print and retina screens. */
export const CHART_WIDTH = 800;
export const BAR_ROW_HEIGHT = 30;
export const CHART_CHROME_HEIGHT = 126;
export const PLAIN_CHART_HEIGHT = 400;
/** More bars than this make an unreadable picture: charts of larger groups are cut (see digest-charts). */
export const MAX_BARS = 30;
