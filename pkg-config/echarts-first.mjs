// The chart library the page loads (issue 17, point 13): ECharts' tree-shakable `echarts/core` with only the charts,
// components and features www/views/*.js draw with, bundled by build.sh (esbuild, code splitting) into www/vendor/.
// split (issue 17.13): this entry has what the Overview draws (treemap, heatmap, funnel) and is in the first load
// (www/vendor/echarts-first.js + the shared echarts-shared.js); pkg-config/echarts-more.mjs adds the charts of the
// other views (www/vendor/echarts-more.js, loaded when one of them draws). Both register into the one echarts/core
// of the shared chunk. Charts and components are imported from their own files, not from ECharts' index modules
// (echarts/charts, echarts/components), so that esbuild keeps each in the entry that uses it. A view that starts
// using another chart type or component adds it to one of the two (ECharts ignores an unregistered one), and, for
// the Overview, to FIRST_SERIES in www/charts.js.
import { use } from "echarts/core";
import { install as FunnelChart } from "echarts/lib/chart/funnel/install.js";
import { install as HeatmapChart } from "echarts/lib/chart/heatmap/install.js";
import { install as TreemapChart } from "echarts/lib/chart/treemap/install.js";
import { install as AriaComponent } from "echarts/lib/component/aria/install.js";
import { install as GridComponent } from "echarts/lib/component/grid/install.js";
import { install as TooltipComponent } from "echarts/lib/component/tooltip/install.js";
import { install as VisualMapComponent } from "echarts/lib/component/visualMap/install.js";
import { installLegacyGridContainLabel as LegacyGridContainLabel } from "echarts/lib/coord/cartesian/legacyContainLabel.js";
import { installLabelLayout as LabelLayout } from "echarts/lib/label/installLabelLayout.js";
import { install as CanvasRenderer } from "echarts/lib/renderer/installCanvasRenderer.js";

use([
  FunnelChart, HeatmapChart, TreemapChart,
  AriaComponent, GridComponent, TooltipComponent, VisualMapComponent,
  LabelLayout, LegacyGridContainLabel, CanvasRenderer,
]);

export { getInstanceByDom, init, use } from "echarts/core";
