/** `eval SPEC`: a schedule's learning rate at a run of epochs, or at a list of them, or per metric. */
import { NervaLrError } from "../core/errors.js";
import { formatNumber } from "../core/canonical.js";
import type { Schedule } from "../core/schedule.js";
import { parseLearningRate } from "../language/read.js";
import { oneSpec, readFormat, UsageError, type Format, type Io } from "./io.js";
import { renderTable } from "./table.js";

/** A bound on rows, so that a typo like --epochs 1e9 fails at once instead of printing for hours. */
export const MAX_EPOCHS = 1_000_000;

const DEFAULT_EPOCHS = 10;
const PLAIN_NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

interface EvalOptions {
  readonly epochs?: string | undefined;
  readonly at?: string | undefined;
  readonly metrics?: string | undefined;
  readonly format?: string | undefined;
}

export interface Row {
  readonly epoch: number;
  readonly lr: number;
}

export function evalCommand(positionals: readonly string[], options: EvalOptions, io: Io): number {
  const spec = oneSpec(positionals, "eval");
  const format = readFormat(options.format, "eval", ["table", "csv", "json"]);
  if (options.epochs !== undefined && options.at !== undefined) throw new UsageError("give --epochs or --at, not both", "eval");
  if (options.at !== undefined && options.metrics !== undefined) {
    throw new UsageError("--metrics feeds epochs 0, 1, 2, ... in order; it cannot be combined with --at", "eval");
  }
  const schedule = parseLearningRate(spec);
  const metrics = options.metrics === undefined ? undefined : readNumbers(options.metrics, "--metrics", false);
  const metricDriven = schedule.behaviour === "metric-driven";
  if (metrics && !metricDriven) throw new UsageError(`--metrics is for metric-driven schedules; ${schedule.type} takes none`, "eval");
  if (!metrics && metricDriven) throw new UsageError(`${schedule.type} is metric-driven: give one metric per epoch with --metrics`, "eval");

  let rows: Row[];
  if (options.at !== undefined) {
    rows = readNumbers(options.at, "--at", true).map((epoch) => ({ epoch, lr: schedule.at(epoch) }));
  } else {
    const count = options.epochs === undefined ? (metrics?.length ?? DEFAULT_EPOCHS) : readEpochCount(options.epochs);
    if (metrics && count > metrics.length) {
      throw new UsageError(`--epochs ${count} needs ${count} metrics, but --metrics has ${metrics.length}`, "eval");
    }
    rows = evaluateRun(schedule, count, metrics);
  }
  io.stdout(formatRows(rows, format));
  return 0;
}

/** Epochs 0..count-1; with metrics, each is reported after its epoch's row (PyTorch's order). */
export function evaluateRun(schedule: Schedule, count: number, metrics?: readonly number[]): Row[] {
  const rows: Row[] = [];
  for (let epoch = 0; epoch < count; epoch++) {
    rows.push({ epoch, lr: schedule.at(epoch) });
    const metric = metrics?.[epoch];
    if (metric !== undefined) schedule.step(metric);
  }
  return rows;
}

function readEpochCount(text: string): number {
  const value = PLAIN_NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 0 || value > MAX_EPOCHS) {
    throw new NervaLrError("invalid-epoch", `--epochs must be a whole number from 0 to ${MAX_EPOCHS}, got '${text}'`, { source: text, offset: 0 });
  }
  return value;
}

/** A comma-separated list of plain decimal numbers; epochs must also be >= 0. */
function readNumbers(text: string, option: string, epochs: boolean): number[] {
  const numbers: number[] = [];
  let offset = 0;
  for (const part of text.split(",")) {
    const trimmed = part.trim();
    const at = offset + part.indexOf(trimmed.charAt(0) || " ");
    const value = PLAIN_NUMBER.test(trimmed) ? Number(trimmed) : NaN;
    const where = { source: text, offset: Math.max(0, Math.min(at, text.length)) };
    const code = epochs ? "invalid-epoch" : "invalid-metric";
    if (trimmed === "") throw new NervaLrError(code, `${option} has an empty item`, where);
    if (!Number.isFinite(value)) throw new NervaLrError(code, `${option} expects plain decimal numbers, found '${trimmed.slice(0, 40)}'`, where);
    if (epochs && value < 0) throw new NervaLrError(code, `${option} expects epochs >= 0, found ${trimmed}`, where);
    numbers.push(value);
    offset += part.length + 1;
  }
  return numbers;
}

export function formatRows(rows: readonly Row[], format: Format): string {
  switch (format) {
    case "json":
      if (rows.length === 0) return "[]\n";
      return `[\n${rows.map((row) => `  {"epoch": ${JSON.stringify(row.epoch)}, "lr": ${JSON.stringify(row.lr)}}`).join(",\n")}\n]\n`;
    case "csv":
      return `epoch,lr\n${rows.map((row) => `${formatNumber(row.epoch)},${formatNumber(row.lr)}\n`).join("")}`;
    case "table":
      return renderTable(["epoch", "lr"], rows.map((row) => [formatNumber(row.epoch), formatNumber(row.lr)]));
  }
}
