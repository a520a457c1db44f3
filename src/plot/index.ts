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

export { buildChart, chartOf, columnsOf, extentOf, spanOf, defaultEpochs, FALLBACK_EPOCHS, MAX_PLOT_EPOCHS, type Chart, type ChartOptions, type ChartSeries, type Column, type Extent, type Panel, type PlotSeries } from "./model.js";
export { epochScale, linearRowScale, linearScale, logRowScale, logScale, type RoundStep, type Scale } from "./scale.js";
export { DEFAULT_TEXT_HEIGHT, DEFAULT_TEXT_WIDTH, MARKERS, MAX_TEXT_HEIGHT, MAX_TEXT_WIDTH, pixelRow, renderText, rowScale, seriesPixels, textPanels, wrap, type PanelView, type TextGrid, type TextOptions } from "./text.js";
export { DEFAULT_SVG_HEIGHT, DEFAULT_SVG_WIDTH, MAX_SVG_SIZE, PALETTE, plotArea, renderSvg, seriesPath, svgY, type PlotArea, type SvgOptions } from "./svg.js";

/** A text chart of the schedules (for a terminal). */
export function plotText(series: readonly PlotSeries[], options: ChartOptions & TextOptions = {}): string {
  return renderText(buildChart(series, options), options);
}

/** A standalone SVG chart of the schedules. */
export function plotSvg(series: readonly PlotSeries[], options: ChartOptions & SvgOptions = {}): string {
  return renderSvg(buildChart(series, options), options);
}
