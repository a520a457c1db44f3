/**
 * `eval SPEC [SPEC ...]`: learning rates per epoch, one column per schedule (a per-layer list `A;B`
 * gives one column per layer), at epochs 0..N-1 or at a list of epochs, fed metrics if they drive it.
 */
import { NervaLrError } from "../core/errors.js";
import { readInputs, readOptions, type InputOptions } from "./spec-input.js";
import { DEFAULT_PRECISION, MAX_PRECISION } from "./columns.js";
import { epochCount, evaluateChunks, type Epochs, type Series } from "./evaluate-series.js";
import { quote, readFormat, UsageError, type Io } from "./io.js";
import { writeCsv, writeJson, writeTable, type Columns } from "./output.js";

/** A bound on rows, so that a typo like --epochs 1e9 fails at once instead of printing for hours. */
export const MAX_EPOCHS = 1_000_000;
/** The same bound on the entries of --at and --metrics (each entry is a row). */
export const MAX_LIST_ENTRIES = MAX_EPOCHS;

const DEFAULT_EPOCHS = 10;
const PLAIN_NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
/** Labels longer than this make the table number its columns and print a legend above it. */
const MAX_HEADER = 20;

export interface EvalOptions extends InputOptions {
  readonly epochs?: string | undefined;
  readonly at?: string | undefined;
  readonly metrics?: string | undefined;
  readonly format?: string | undefined;
  readonly precision?: string | undefined;
}

export function evalCommand(specs: readonly string[], options: EvalOptions, io: Io): number {
  if (specs.length === 0) throw new UsageError(`'eval' needs a SPEC, e.g. nerva-lr eval "StepBased(0.1,0.5,10)"`, "eval");
  const format = readFormat(options.format, "eval", ["table", "csv", "json"]);
  if (options.precision !== undefined && format !== "table") {
    throw new UsageError("--precision is for the table; csv and json print every number exactly", "eval");
  }
  if (options.epochs !== undefined && options.at !== undefined) throw new UsageError("give --epochs or --at, not both", "eval");
  if (options.at !== undefined && options.metrics !== undefined) {
    throw new UsageError("--metrics feeds epochs 0, 1, 2, ... in order; it cannot be combined with --at", "eval");
  }
  const precision = options.precision === undefined ? DEFAULT_PRECISION : readPrecision(options.precision);
  const { series, span } = readSpecSeries(specs, options);
  const metrics = options.metrics === undefined ? undefined : readNumbers(options.metrics, "--metrics", false);
  const driven = series.filter((s) => s.schedule.behaviour === "metric-driven");
  if (metrics && driven.length === 0) {
    throw new UsageError(`--metrics is for metric-driven schedules such as ReduceLROnPlateau; ${series.map((s) => s.schedule.type).join(", ")} take${series.length === 1 ? "s" : ""} none`, "eval");
  }
  if (!metrics && driven.length > 0) throw new UsageError(`${driven[0]?.schedule.type} is metric-driven: give one metric per epoch with --metrics`, "eval");

  let epochs: Epochs;
  if (options.at !== undefined) epochs = { list: readNumbers(options.at, "--at", true) };
  else {
    const count = options.epochs === undefined ? (metrics?.length ?? configSpan(span, MAX_EPOCHS, "eval") ?? DEFAULT_EPOCHS) : readEpochCount(options.epochs);
    if (metrics && count > metrics.length) {
      throw new UsageError(`--epochs ${count} needs ${count} metrics, but --metrics has ${metrics.length}`, "eval");
    }
    epochs = { count };
  }
  writeEvaluation(series, epochs, metrics, format, precision, io);
  return 0;
}

/** Prints the series in the format asked for; the table gets a legend when its headers would be long. */
export function writeEvaluation(
  series: readonly Series[],
  epochs: Epochs,
  metrics: readonly number[] | undefined,
  format: "table" | "csv" | "json",
  precision: number,
  io: Io,
): void {
  // A schedule that cycles momentum gets a second column for it: "momentum" beside "lr", or
  // "<spec> momentum" beside the spec's own column.
  const withMomentum = [...series, ...series.filter((s) => s.schedule.cyclesMomentum).map((s) => ({ ...s, label: momentumLabel(s.label), momentum: true }))];
  const columns: Columns = { labels: withMomentum.map((s) => s.label), metric: metrics !== undefined };
  const fed = metrics?.slice(0, epochCount(epochs));
  if (format === "csv") return writeCsv(evaluateChunks(withMomentum, epochs, fed), columns, io);
  if (format === "json") return writeJson(evaluateChunks(withMomentum, epochs, fed), columns, io);
  const numbered = series.some((s) => s.label.length > MAX_HEADER);
  if (numbered) io.stdout(`${series.map((s, i) => `  [${i + 1}] ${s.label}\n`).join("")}\n`);
  const headers = withMomentum.map((s, i) => {
    const index = i < series.length ? i : series.findIndex((own) => own.schedule === s.schedule);
    return numbered ? (s.momentum ? momentumLabel(`[${index + 1}]`) : `[${index + 1}]`) : s.label;
  });
  // The table may evaluate twice (see writeTable): each time from the schedules' starting state,
  // so that call-order and metric-driven schedules give the same rows.
  const schedules = [...new Set(series.map((s) => s.schedule))];
  const start = schedules.map((schedule) => schedule.getState());
  const evaluate = () => {
    schedules.forEach((schedule, i) => schedule.setState(start[i]));
    return evaluateChunks(withMomentum, epochs, fed);
  };
  writeTable(evaluate, epochCount(epochs), columns, io, precision, headers);
}

/** `lr` -> `momentum`; `OneCycleLR(0.1, 100)` -> `OneCycleLR(0.1, 100) momentum`. */
function momentumLabel(label: string): string {
  return label === "lr" ? "momentum" : `${label} momentum`;
}

/**
 * The SPEC arguments as series (see readSeries), read through nerva-lr/configs with the command's
 * --lr, --set and --steps-per-epoch; `span` is the longest run a config gives (its `epochs`).
 */
export function readSpecSeries(specs: readonly string[], options: InputOptions, single: (text: string) => string = () => "lr"): { series: Series[]; span: number | undefined } {
  const inputs = readInputs(specs, readOptions(options));
  const spans = inputs.flatMap((input) => (input.epochs === undefined ? [] : [input.epochs]));
  return { series: labelLayers(inputs.flatMap((input) => input.layers), single), span: spans.length > 0 ? Math.max(...spans) : undefined };
}

/** A config's run length as the row count, when --epochs is not given; longer than the command prints is a usage error. */
export function configSpan(span: number | undefined, max: number, command: string): number | undefined {
  if (span === undefined) return undefined;
  if (span > max) throw new UsageError(`the config's run is ${span} steps, more than '${command}' shows (${max}); give --epochs N${command === "eval" ? " or --at LIST" : ""}`, command);
  return span;
}

/**
 * Every spec, and every layer of a per-layer list, is a column. One column alone is labelled
 * `single` (eval: `lr`, the SPEC's `{"epoch": 0, "lr": 0.1}`); several are labelled with their
 * own text, made unique.
 */
export function readSeries(specs: readonly string[], single: (text: string) => string = () => "lr"): Series[] {
  return readSpecSeries(specs, {}, single).series;
}

function labelLayers(layers: readonly { text: string; schedule: Series["schedule"] }[], single: (text: string) => string): Series[] {
  if (layers.length === 1) {
    const only = layers[0] as (typeof layers)[number];
    return [{ label: single(only.text), schedule: only.schedule }];
  }
  const seen = new Map<string, number>();
  return layers.map(({ text, schedule }, i) => {
    const count = (seen.get(text) ?? 0) + 1;
    seen.set(text, count);
    return { label: count === 1 ? text : `${text} [${i + 1}]`, schedule };
  });
}

function readEpochCount(text: string): number {
  return readWhole(text, "--epochs", 0, MAX_EPOCHS);
}

function readPrecision(text: string): number {
  return readWhole(text, "--precision", 1, MAX_PRECISION);
}

/**
 * A whole number option in [min, max], or a usage error (exit 2): counts and sizes are part of how
 * the command is called, unlike a spec or a list's entries, which get a caret under the place.
 */
export function readWhole(text: string, option: string, min: number, max: number): number {
  const value = PLAIN_NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}, got ${quote(text)}`);
  return value;
}

/** A comma-separated list of plain decimal numbers; epochs must also be >= 0. */
export function readNumbers(text: string, option: string, epochs: boolean): number[] {
  const numbers: number[] = [];
  let offset = 0;
  let entries = 1;
  for (let i = text.indexOf(","); i >= 0; i = text.indexOf(",", i + 1)) {
    if (++entries > MAX_LIST_ENTRIES) throw new UsageError(`${option} has more than ${MAX_LIST_ENTRIES} entries; give at most ${MAX_LIST_ENTRIES}`);
  }
  for (const part of text.split(",")) {
    const trimmed = part.trim();
    const at = offset + part.indexOf(trimmed.charAt(0) || " ");
    const value = PLAIN_NUMBER.test(trimmed) ? Number(trimmed) : NaN;
    const where = { source: text, offset: Math.max(0, Math.min(at, text.length)) };
    const code = epochs ? "invalid-epoch" : "invalid-metric";
    if (trimmed === "") throw new NervaLrError(code, `${option} has an empty item`, where);
    if (!Number.isFinite(value)) throw new NervaLrError(code, `${option} expects plain decimal numbers, found ${quote(trimmed)}`, where);
    if (epochs && value < 0) throw new NervaLrError(code, `${option} expects epochs >= 0, found ${quote(trimmed)}`, where);
    numbers.push(value);
    offset += part.length + 1;
  }
  return numbers;
}
