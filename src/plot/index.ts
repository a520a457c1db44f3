/**
 * nerva-lr/plot: schedules as charts, in a terminal or as SVG, in Node or a browser (no DOM
 * needed). One chart model (series, scales, ticks) drawn by two renderers, so a CLI chart and the
 * playground's never disagree. `import "nerva-lr"` does not load this.
 *
 *   import { plotText, plotSvg } from "nerva-lr/plot";
 *   console.log(plotText([{ label: "step", schedule: stepLR({ lr: 0.1, step_size: 10 }) }], { epochs: 50 }));
 */
import { buildChart, type ChartOptions, type PlotSeries } from "./model.js";
import { renderSvg, type SvgOptions } from "./svg.js";
import { renderText, type TextOptions } from "./text.js";

// The chart model, for a chart drawn some other way: buildChart (schedules) and chartOf (values).
export { buildChart, chartOf, defaultEpochs, type Chart, type ChartOptions, type ChartSeries, type PlotSeries } from "./model.js";
export type { SvgOptions } from "./svg.js";
export type { TextOptions } from "./text.js";

/** A text chart of the schedules (for a terminal). */
export function plotText(series: readonly PlotSeries[], options: ChartOptions & TextOptions = {}): string {
  return renderText(buildChart(series, options), options);
}

/** A standalone SVG chart of the schedules. */
export function plotSvg(series: readonly PlotSeries[], options: ChartOptions & SvgOptions = {}): string {
  return renderSvg(buildChart(series, options), options);
}
