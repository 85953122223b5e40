// The chart library the page loads (issue 17, point 13): ECharts' tree-shakable `echarts/core` with only the charts,
// components and features www/views/*.js draw with, bundled by build.sh (esbuild) into www/vendor/echarts.esm.min.js.
// A view that starts using another chart type or component adds it here (ECharts ignores an unregistered one).
import { use } from "echarts/core";
import { BarChart, FunnelChart, HeatmapChart, LineChart, ScatterChart, TreemapChart } from "echarts/charts";
import {
  AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, VisualMapComponent,
} from "echarts/components";
import { LabelLayout, LegacyGridContainLabel } from "echarts/features";
import { CanvasRenderer } from "echarts/renderers";

use([
  BarChart, FunnelChart, HeatmapChart, LineChart, ScatterChart, TreemapChart,
  AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, VisualMapComponent,
  LabelLayout, LegacyGridContainLabel, CanvasRenderer,
]);

export { getInstanceByDom, init, use } from "echarts/core";
