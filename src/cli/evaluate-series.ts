/**
 * Evaluating schedules for the CLI: one or more series side by side, at epochs 0..N-1 or at a list
 * of epochs, in chunks, so that a million rows never become a million objects. Each schedule is
 * called in epoch order; a metric-driven one is given its epoch's metric right after its value
 * (PyTorch's order: train with the lr, then `scheduler.step(metric)`).
 */
import type { Schedule } from "../core/schedule.js";

/** One column of output: a schedule and the label it is shown under. */
export interface Series {
  readonly label: string;
  readonly schedule: Schedule;
  /** The column shows the momentum the schedule cycles (OneCycleLR, CyclicLR), not its lr. */
  readonly momentum?: boolean;
}

/** Which epochs to evaluate: 0..count-1, or the listed ones in the order given. */
export type Epochs = { readonly count: number } | { readonly list: readonly number[] };

/** One stretch of rows: the epochs, each series' values, and the metrics reported after them. */
export interface Chunk {
  readonly epochs: Float64Array;
  readonly values: readonly Float64Array[];
  readonly metrics: Float64Array | undefined;
}

/** Rows per chunk: large enough to amortise the calls, small enough to keep memory flat. */
export const CHUNK_ROWS = 4096;

export function epochCount(epochs: Epochs): number {
  return "count" in epochs ? epochs.count : epochs.list.length;
}

/** The rows in order, chunk by chunk. Metrics, when given, hold at least one value per row. */
export function* evaluateChunks(series: readonly Series[], epochs: Epochs, metrics?: readonly number[]): Generator<Chunk> {
  const total = epochCount(epochs);
  for (let start = 0; start < total; start += CHUNK_ROWS) {
    const length = Math.min(CHUNK_ROWS, total - start);
    const at = new Float64Array(length);
    for (let i = 0; i < length; i++) at[i] = "count" in epochs ? start + i : (epochs.list[start + i] as number);
    const reported = metrics ? Float64Array.from(metrics.slice(start, start + length)) : undefined;
    const values = series.map(({ schedule, momentum }) => {
      const column = new Float64Array(length);
      if (momentum) {
        for (let i = 0; i < length; i++) column[i] = schedule.momentumAt(at[i] as number) as number;
        return column;
      }
      const feeds = reported !== undefined && schedule.behaviour === "metric-driven";
      // A run of epochs 0..N-1 is the bulk method's case; a list or metrics go one call at a time.
      if ("count" in epochs && !feeds) return schedule.fill(column, start);
      for (let i = 0; i < length; i++) {
        column[i] = schedule.at(at[i] as number);
        if (feeds) schedule.step(reported[i] as number);
      }
      return column;
    });
    yield { epochs: at, values, metrics: reported };
  }
}
