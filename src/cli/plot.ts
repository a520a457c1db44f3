/**
 * `plot SPEC [SPEC ...]`: the schedules as a chart, in the terminal (text) or as SVG, to stdout or
 * a file. The same specs, per-layer lists and metrics as `eval`; the chart code is nerva-lr/plot.
 */
import { writeFileSync } from "node:fs";
import { buildChart, MAX_PLOT_EPOCHS } from "../plot/model.js";
import { renderSvg } from "../plot/svg.js";
import { DEFAULT_TEXT_HEIGHT, DEFAULT_TEXT_WIDTH, MIN_TEXT_HEIGHT, MIN_TEXT_WIDTH, renderText } from "../plot/text.js";
import { configSpan, readNumbers, readSpecSeries, readWhole } from "./eval-command.js";
import type { InputOptions } from "./spec-input.js";
import { CliError, UsageError, type Io } from "./io.js";

export interface PlotOptions extends InputOptions {
  readonly epochs?: string | undefined;
  readonly metrics?: string | undefined;
  readonly format?: string | undefined;
  readonly output?: string | undefined;
  readonly width?: string | undefined;
  readonly height?: string | undefined;
  readonly log?: boolean | undefined;
  readonly ascii?: boolean | undefined;
}

export function plotCommand(specs: readonly string[], options: PlotOptions, io: Io): number {
  if (specs.length === 0) throw new UsageError(`'plot' needs a SPEC, e.g. nerva-lr plot "StepBased(0.1,0.5,10)" --epochs 50`, "plot");
  const format = options.format ?? "text";
  if (format !== "text" && format !== "svg") throw new UsageError(`--format must be text or svg, got '${format}'`, "plot");
  if (format === "svg" && options.ascii) throw new UsageError("--ascii is for the text chart", "plot");
  const { series, span } = readSpecSeries(specs, options, (spec) => spec);
  const metrics = options.metrics === undefined ? undefined : readNumbers(options.metrics, "--metrics", false);
  const driven = series.filter((s) => s.schedule.behaviour === "metric-driven");
  if (metrics && driven.length === 0) throw new UsageError("--metrics is for metric-driven schedules such as ReduceLROnPlateau", "plot");
  if (!metrics && driven.length > 0) throw new UsageError(`${driven[0]?.schedule.type} is metric-driven: give one metric per epoch with --metrics`, "plot");
  let epochs = options.epochs === undefined ? (metrics?.length ?? configSpan(span, MAX_PLOT_EPOCHS, "plot")) : readWhole(options.epochs, "--epochs", 1, MAX_PLOT_EPOCHS);
  if (metrics && epochs !== undefined && epochs > metrics.length) throw new UsageError(`--epochs ${epochs} needs ${epochs} metrics, but --metrics has ${metrics.length}`, "plot");
  if (epochs === 0) epochs = undefined;
  const chart = buildChart(series, { ...(epochs === undefined ? {} : { epochs }), log: options.log === true, ...(metrics ? { metrics } : {}) });
  let text: string;
  if (format === "svg") {
    const width = options.width === undefined ? undefined : readWhole(options.width, "--width", 200, 10_000);
    const height = options.height === undefined ? undefined : readWhole(options.height, "--height", 150, 10_000);
    text = renderSvg(chart, { ...(width === undefined ? {} : { width }), ...(height === undefined ? {} : { height }) });
  } else {
    const width = options.width === undefined ? (io.terminal?.columns ?? DEFAULT_TEXT_WIDTH) : readWhole(options.width, "--width", MIN_TEXT_WIDTH, 1000);
    const height = options.height === undefined ? DEFAULT_TEXT_HEIGHT : readWhole(options.height, "--height", MIN_TEXT_HEIGHT, 500);
    // Colour only for a terminal that wants it, and never into a file.
    text = renderText(chart, { width, height, ascii: options.ascii === true, color: options.output === undefined && io.terminal?.color === true });
  }
  if (options.output === undefined) io.stdout(text);
  else writeOutput(options.output, text);
  return 0;
}

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "error";
    throw new CliError(`cannot write ${JSON.stringify(path)} (${reason})`);
  }
}
