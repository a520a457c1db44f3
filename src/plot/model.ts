/**
 * The chart model both renderers draw: the series' values per epoch, the scales, and, for a given
 * plot width, what each pixel column shows. The lr of epoch e holds for the whole epoch, so epoch e
 * covers [e, e + 1) on the x axis and a change of lr is a vertical step at the next epoch's edge.
 * Where several epochs share a column, the column shows all of them (first, lowest, highest, last),
 * so no step or spike is lost at any width (uPlot's rule: draw what the pixels can show).
 */
import { clip, NervaLrError } from "../core/errors.js";
import type { Schedule } from "../core/schedule.js";
import { epochScale, linearScale, logScale, type Scale } from "./scale.js";
import { defaultEpochs, MAX_PLOT_EPOCHS } from "./span.js";

export { defaultEpochs, FALLBACK_EPOCHS, MAX_PLOT_EPOCHS, spanOf } from "./span.js";

export interface PlotSeries {
  readonly label: string;
  readonly schedule: Schedule;
}

export interface ChartOptions {
  /** Epochs 0..epochs-1; by default the schedule's own span plus a fifth (see `defaultEpochs`). */
  readonly epochs?: number;
  /** A log-scale y axis (learning rates often span decades). */
  readonly log?: boolean;
  /** One metric per epoch for metric-driven schedules, reported after each epoch. */
  readonly metrics?: readonly number[];
}

export interface ChartSeries {
  readonly label: string;
  /** The lr of each epoch, 0..epochs-1. */
  readonly values: Float64Array;
}

export interface Chart {
  readonly epochs: number;
  readonly series: readonly ChartSeries[];
  /** Epochs: [0, epochs]. */
  readonly x: Scale;
  /** Learning rates. */
  readonly y: Scale;
  /**
   * The momentum panel, for schedules that cycle momentum (OneCycleLR, CyclicLR): their momentum
   * per epoch on a scale of its own. Absent when no schedule cycles it.
   */
  readonly momentum?: Panel;
  /** The series' lowest and highest values (a text chart fits its rows to these). */
  readonly extent: Extent;
  /** On a log axis, how many values are 0 or below: they have no place on it and are left out. */
  readonly leftOut: number;
}

export interface Extent {
  readonly low: number;
  readonly high: number;
  /** Infinity when no value is positive. */
  readonly smallestPositive: number;
}

/** A second set of series over the same epochs, with its own y scale. */
export interface Panel {
  readonly series: readonly ChartSeries[];
  readonly y: Scale;
  readonly extent: Extent;
  /** Each series' position among the chart's series, so it keeps its colour and marker. */
  readonly index: readonly number[];
}

/** What one pixel column shows of one series. */
export interface Column {
  readonly first: number;
  readonly min: number;
  readonly max: number;
  readonly last: number;
}

export function buildChart(inputs: readonly PlotSeries[], options: ChartOptions = {}): Chart {
  if (inputs.length === 0) throw new NervaLrError("out-of-range", "nothing to plot: give at least one schedule");
  const epochs = options.epochs === undefined ? Math.max(...inputs.map((input) => defaultEpochs(input.schedule))) : checkEpochs(options.epochs);
  const series = inputs.map(({ label, schedule }) => ({ label, values: evaluate(schedule, epochs, options.metrics) }));
  const momentum = momentumPanel(inputs, epochs);
  return chartOf(series, { log: options.log === true, ...(momentum ? { momentum } : {}) });
}

/**
 * The chart of values already computed, one array per series, all as long (the epochs). Each
 * value is checked: a non-finite one throws a NervaLrError naming the series and the epoch.
 */
export function chartOf(series: readonly ChartSeries[], options: { readonly log?: boolean; readonly momentum?: Panel } = {}): Chart {
  const epochs = series[0]?.values.length ?? 0;
  if (epochs < 1 || epochs > MAX_PLOT_EPOCHS || series.some(({ values }) => values.length !== epochs)) {
    throw new NervaLrError("out-of-range", `a chart needs one to ${MAX_PLOT_EPOCHS} values in each series, as many in each`);
  }
  for (const { label, values } of series) finite(label, "lr", values);
  const extent = extentOf(series);
  const log = options.log === true;
  if (log && extent.smallestPositive === Infinity) {
    throw new NervaLrError("out-of-range", "a log scale cannot show learning rates of 0 or below, and every lr here is 0 or below: use a linear scale");
  }
  const y = log ? logScale(extent.smallestPositive, extent.high) : linearScale(Math.min(0, extent.low), extent.high);
  const leftOut = log ? series.reduce((count, { values }) => count + values.filter((v) => v <= 0).length, 0) : 0;
  return { epochs, series, x: epochScale(epochs), y, extent, leftOut, ...(options.momentum ? { momentum: options.momentum } : {}) };
}

/** The lowest and highest values of the series, and the smallest positive one (Infinity if none). */
export function extentOf(series: readonly ChartSeries[]): Extent {
  let low = Infinity;
  let high = -Infinity;
  let smallestPositive = Infinity;
  for (const { values } of series) {
    for (const v of values) {
      if (v < low) low = v;
      if (v > high) high = v;
      if (v > 0 && v < smallestPositive) smallestPositive = v;
    }
  }
  return { low, high, smallestPositive };
}

function checkEpochs(epochs: number): number {
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_PLOT_EPOCHS) {
    throw new NervaLrError("invalid-epoch", `epochs must be a whole number from 1 to ${MAX_PLOT_EPOCHS}, got ${clip(String(epochs))}`);
  }
  return epochs;
}

/**
 * The values, once each is known to be finite: a chart places every value on an axis, and an
 * overflowed or undefined one has no place (the axis would have no end).
 */
function finite(label: string, what: string, values: Float64Array): Float64Array {
  for (let t = 0; t < values.length; t++) {
    const v = values[t] as number;
    if (Number.isFinite(v)) continue;
    const cause = Number.isNaN(v) ? "the formula gives no number" : "it overflows the largest double, about 1.8e308";
    throw new NervaLrError("out-of-range", `cannot plot ${clip(label, 60)}: its ${what} at epoch ${t} is not a finite number (${cause})`);
  }
  return values;
}

function momentumPanel(inputs: readonly PlotSeries[], epochs: number): Panel | undefined {
  const index = inputs.flatMap((input, i) => (input.schedule.cyclesMomentum ? [i] : []));
  if (index.length === 0) return undefined;
  const series = index.map((i) => {
    const { label, schedule } = inputs[i] as PlotSeries;
    const values = new Float64Array(epochs);
    for (let t = 0; t < epochs; t++) values[t] = schedule.momentumAt(t) as number;
    return { label, values: finite(label, "momentum", values) };
  });
  const extent = extentOf(series);
  return { series, y: linearScale(extent.low, extent.high, 3), extent, index };
}

/** Values in call order; metric-driven schedules get their epoch's metric after each value. */
function evaluate(schedule: Schedule, epochs: number, metrics: readonly number[] | undefined): Float64Array {
  const values = new Float64Array(epochs);
  if (schedule.behaviour !== "metric-driven" || metrics === undefined) return schedule.fill(values, 0);
  for (let t = 0; t < epochs; t++) {
    values[t] = schedule.at(t);
    const metric = metrics[t];
    if (metric !== undefined) schedule.step(metric);
  }
  return values;
}

/**
 * What each of `pixels` columns shows of `values`: column c covers epochs [c, c + 1) * epochs / pixels,
 * and at least the epoch under its left edge. With `positiveOnly` (a log axis), values of 0 and
 * below are left out, and a column with none left is a gap (undefined).
 */
export function columnsOf(values: Float64Array, pixels: number, positiveOnly = false): (Column | undefined)[] {
  const epochs = values.length;
  const columns: (Column | undefined)[] = [];
  for (let c = 0; c < pixels; c++) {
    const from = Math.min(epochs - 1, Math.floor((c * epochs) / pixels));
    const to = Math.max(from, Math.min(epochs - 1, Math.ceil(((c + 1) * epochs) / pixels) - 1));
    let column: { first: number; min: number; max: number; last: number } | undefined;
    for (let e = from; e <= to; e++) {
      const v = values[e] as number;
      if (positiveOnly && !(v > 0)) continue;
      if (column === undefined) column = { first: v, min: v, max: v, last: v };
      if (v < column.min) column.min = v;
      if (v > column.max) column.max = v;
      column.last = v;
    }
    columns.push(column);
  }
  return columns;
}
