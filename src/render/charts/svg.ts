import type * as EchartsCoreModule from "echarts/core";

import type { ChartData } from "../../core/chat/chart-data.js";
import { chartLayout } from "./options.js";

type EchartsCore = typeof EchartsCoreModule;

let echartsLoading: Promise<EchartsCore> | undefined;

/**
 * ECharts, loaded on the first chart and with only the parts the charts use: the bot starts without
 * it (start-up time is measured), and the full build would register every chart type.
 */
function loadEcharts(): Promise<EchartsCore> {
  echartsLoading ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import("echarts/core"),
      import("echarts/charts"),
      import("echarts/components"),
      import("echarts/renderers"),
    ]);
    core.use([
      charts.BarChart,
      charts.LineChart,
      charts.PieChart,
      charts.ScatterChart,
      components.GridComponent,
      components.LegendComponent,
      components.TitleComponent,
      renderers.SVGRenderer,
    ]);
    return core;
  })();
  return echartsLoading;
}

export interface ChartSvg {
  svg: string;
  /** In CSS pixels. */
  width: number;
  height: number;
}

/** A chart as a standalone SVG document, drawn on the server (ECharts' SSR mode, no DOM). */
export async function chartToSvg(data: ChartData): Promise<ChartSvg> {
  const echarts = await loadEcharts();
  const { width, height, option } = chartLayout(data);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption(option);
    return { svg: chart.renderToSVGString(), width, height };
  } finally {
    chart.dispose();
  }
}
