// split (issue 17.13): the charts and components of the views other than the Overview (bars, lines, scatter, legends,
// mark lines and areas), registered into the same echarts/core as pkg-config/echarts-first.mjs (see there); built
// into www/vendor/echarts-more.js and loaded by www/charts.js when a chart needs one of them.
import { use } from "echarts/core";
import { install as BarChart } from "echarts/lib/chart/bar/install.js";
import { install as LineChart } from "echarts/lib/chart/line/install.js";
import { install as ScatterChart } from "echarts/lib/chart/scatter/install.js";
import { install as LegendComponent } from "echarts/lib/component/legend/install.js";
import { install as MarkAreaComponent } from "echarts/lib/component/marker/installMarkArea.js";
import { install as MarkLineComponent } from "echarts/lib/component/marker/installMarkLine.js";

use([BarChart, LineChart, ScatterChart, LegendComponent, MarkAreaComponent, MarkLineComponent]);

export { getInstanceByDom, init, use } from "echarts/core";
