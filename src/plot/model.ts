/**
 * The chart model both renderers draw: the series' values per epoch, the scales, and, for a given
 * plot width, what each pixel column shows. The lr of epoch e holds for the whole epoch, so epoch e
 * covers [e, e + 1) on the x axis and a change of lr is a vertical step at the next epoch's edge.
 * Where several epochs share a column, the column shows all of them (first, lowest, highest, last),
 * so no step or spike is lost at any width (uPlot's rule: draw what the pixels can show).
 */
import type { Schedule } from "../core/schedule.js";
import type { ParamValues } from "../core/params.js";
import { epochScale, linearScale, logScale, type Scale } from "./scale.js";

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
}

/** A second set of series over the same epochs, with its own y scale. */
export interface Panel {
  readonly series: readonly ChartSeries[];
  readonly y: Scale;
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

/** Used when a schedule has no length of its own (Constant, ExponentialLR, ...). */
export const FALLBACK_EPOCHS = 100;
export const MAX_PLOT_EPOCHS = 1_000_000;

export function buildChart(inputs: readonly PlotSeries[], options: ChartOptions = {}): Chart {
  const epochs = options.epochs ?? Math.max(...inputs.map((input) => defaultEpochs(input.schedule)));
  const series = inputs.map(({ label, schedule }) => ({ label, values: evaluate(schedule, epochs, options.metrics) }));
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
  if (!(high >= low)) [low, high] = [0, 1];
  const y = options.log ? logScale(Number.isFinite(smallestPositive) ? smallestPositive : 1, high > 0 ? high : 1) : linearScale(Math.min(0, low), high);
  const momentum = momentumPanel(inputs, epochs);
  return { epochs, series, x: epochScale(epochs), y, ...(momentum ? { momentum } : {}) };
}

function momentumPanel(inputs: readonly PlotSeries[], epochs: number): Panel | undefined {
  const index = inputs.flatMap((input, i) => (input.schedule.cyclesMomentum ? [i] : []));
  if (index.length === 0) return undefined;
  const series = index.map((i) => {
    const { label, schedule } = inputs[i] as PlotSeries;
    const values = new Float64Array(epochs);
    for (let t = 0; t < epochs; t++) values[t] = schedule.momentumAt(t) as number;
    return { label, values };
  });
  let low = Infinity;
  let high = -Infinity;
  for (const { values } of series) for (const v of values) [low, high] = [Math.min(low, v), Math.max(high, v)];
  return { series, y: linearScale(low, high, 3), index };
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
 * A span that shows the whole shape: the schedule's own length (total_steps, T_max, the last
 * milestone, three cycles of a cyclic schedule, ...) plus a fifth, so the end is visible; else 100.
 */
export function defaultEpochs(schedule: Schedule): number {
  const span = spanOf(schedule);
  return span === undefined ? FALLBACK_EPOCHS : Math.min(MAX_PLOT_EPOCHS, Math.max(10, Math.ceil(span * 1.2)));
}

function spanOf(schedule: Schedule): number | undefined {
  const p = schedule.params as ParamValues;
  const n = (name: string) => (typeof p[name] === "number" ? (p[name] as number) : undefined);
  const last = (name: string) => {
    const list = p[name];
    return Array.isArray(list) && list.length > 0 && typeof list[list.length - 1] === "number" ? (list[list.length - 1] as number) : undefined;
  };
  const children = schedule.children();
  if (schedule.type === "SequentialLR") {
    const start = last("milestones") ?? 0;
    return start + (spanOf(children[children.length - 1] as Schedule) ?? start);
  }
  if (schedule.type === "Warmup") return (n("warmup_t") ?? 0) + (spanOf(children[0] as Schedule) ?? FALLBACK_EPOCHS);
  if (children.length > 0) return Math.max(...children.map((child) => spanOf(child) ?? 0)) || undefined;
  const t0 = n("T_0");
  if (t0 !== undefined) {
    const mult = n("T_mult") ?? 1;
    return t0 * (1 + mult + mult * mult); // three cycles
  }
  const up = n("step_size_up");
  if (up !== undefined) return 3 * (up + (n("step_size_down") ?? up));
  return (
    n("total_steps") ??
    n("num_training_steps") ??
    n("T_max") ??
    n("total_iters") ??
    last("milestones") ??
    last("boundaries") ??
    (n("transition_steps") !== undefined ? (n("transition_begin") ?? 0) + (n("transition_steps") as number) : undefined) ??
    n("decay_steps") ??
    (n("step_size") !== undefined ? 4 * (n("step_size") as number) : undefined) ??
    (n("change_rate") !== undefined && schedule.type === "StepBased" ? 5 * (n("change_rate") as number) : undefined) ??
    n("t_max") ??
    n("max_epochs") ??
    n("num_epochs") ??
    (n("first_cycle_steps") !== undefined ? (n("first_cycle_steps") as number) * (1 + (n("cycle_mult") ?? 1) + (n("cycle_mult") ?? 1) ** 2) : undefined) ??
    (n("num_stable_steps") !== undefined ? (n("num_warmup_steps") ?? 0) + (n("num_stable_steps") as number) + (n("num_decay_steps") ?? 0) : undefined) ??
    n("num_warmup_steps")
  );
}

/**
 * What each of `pixels` columns shows of `values`: column c covers epochs [c, c + 1) * epochs / pixels,
 * and at least the epoch under its left edge.
 */
export function columnsOf(values: Float64Array, pixels: number): Column[] {
  const epochs = values.length;
  const columns: Column[] = [];
  for (let c = 0; c < pixels; c++) {
    const from = Math.min(epochs - 1, Math.floor((c * epochs) / pixels));
    const to = Math.max(from, Math.min(epochs - 1, Math.ceil(((c + 1) * epochs) / pixels) - 1));
    let min = Infinity;
    let max = -Infinity;
    for (let e = from; e <= to; e++) {
      const v = values[e] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    columns.push({ first: values[from] as number, min, max, last: values[to] as number });
  }
  return columns;
}
