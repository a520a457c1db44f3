/**
 * The chart as a standalone SVG: axes with round ticks, gridlines, axis titles, a title and a
 * legend, and <title>/<desc> for screen readers. Nothing is fetched (system fonts only), nothing
 * runs (no script), and the same chart gives the same bytes, so tests can compare output.
 */
import { columnsOf, type Chart, type ChartSeries } from "./model.js";
import type { Scale } from "./scale.js";
import { leftOutNote } from "./text.js";

export interface SvgOptions {
  readonly width?: number;
  readonly height?: number;
  /** The heading above the plot; by default "Learning rate". */
  readonly title?: string;
}

export const DEFAULT_SVG_WIDTH = 720;
export const DEFAULT_SVG_HEIGHT = 400;
/** The largest width or height drawn, in pixels: the path has a command per pixel column. */
export const MAX_SVG_SIZE = 10_000;

/** Okabe and Ito's colour-blind-safe palette (yellow left out: too pale on white). */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"] as const;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
/** Rough width of a character of the 12px font, to leave room for tick labels. */
const CHAR = 7;
const LEGEND_ROW = 20;

/** Where the plot area sits inside the SVG, in pixels. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The lr panel's share of the height when a momentum panel sits below it. */
const MOMENTUM_SHARE = 0.3;
/** Room between the lr panel's x labels and the momentum panel. */
const PANEL_GAP = 44;

export function plotArea(chart: Chart, options: SvgOptions = {}): PlotArea {
  return areas(chart, options).lr;
}

/** Where the lr panel, and the momentum panel if there is one, sit inside the SVG. */
function areas(chart: Chart, options: SvgOptions): { width: number; height: number; lr: PlotArea; momentum?: PlotArea } {
  const width = Math.min(MAX_SVG_SIZE, Math.max(200, Math.round(options.width ?? DEFAULT_SVG_WIDTH) || DEFAULT_SVG_WIDTH));
  const height = Math.min(MAX_SVG_SIZE, Math.max(150, Math.round(options.height ?? DEFAULT_SVG_HEIGHT) || DEFAULT_SVG_HEIGHT));
  const scales = [chart.y, ...(chart.momentum ? [chart.momentum.y] : [])];
  const labelWidth = Math.max(...scales.flatMap((y) => y.ticks.map((tick) => y.label(tick).length))) * CHAR;
  const left = 34 + labelWidth;
  const top = 40;
  const plotWidth = Math.max(20, width - left - 20);
  const plots = Math.max(40, height - top - 48);
  const legend = (chart.series.length + (chart.leftOut > 0 ? 1 : 0)) * LEGEND_ROW;
  if (!chart.momentum) {
    return { width, height: top + plots + 48 + legend, lr: { left, top, width: plotWidth, height: plots } };
  }
  const momentum = Math.max(30, Math.round(plots * MOMENTUM_SHARE));
  const lr = { left, top, width: plotWidth, height: plots };
  return {
    width,
    height: top + plots + PANEL_GAP + momentum + 48 + legend,
    lr,
    momentum: { left, top: top + plots + PANEL_GAP, width: plotWidth, height: momentum },
  };
}

/** The pixel y of a value on a panel's scale (the panel's top edge is the high end of the axis). */
export function svgY(panel: { readonly y: Scale }, area: PlotArea, value: number): number {
  return area.top + (1 - Math.min(1, Math.max(0, panel.y.fraction(value)))) * area.height;
}

export function renderSvg(chart: Chart, options: SvgOptions = {}): string {
  const layout = areas(chart, options);
  const { width, height } = layout;
  const title = options.title ?? "Learning rate";
  const names = chart.series.map((series) => series.label).join("; ");
  const scale = `${chart.y.kind} y axis from ${chart.y.label(chart.y.domain[0])} to ${chart.y.label(chart.y.domain[1])}`;
  const leftOut = chart.leftOut > 0 ? `; ${leftOutNote(chart.leftOut).replace(/^note: /, "")}` : "";
  const momentumText = chart.momentum ? `; below it, the momentum of ${chart.momentum.series.map((s) => s.label).join("; ")}` : "";
  const last = layout.momentum ?? layout.lr;
  const legendTop = last.top + last.height + 48;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="${FONT}" font-size="12">`,
    `<title id="chart-title">${escape(`${title}: ${names}`)}</title>`,
    `<desc id="chart-desc">${escape(`Line chart of the learning rate during each epoch, 0 to ${chart.epochs - 1}, for ${names}; ${scale}${momentumText}${leftOut}.`)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    // The heading at 15px: about 8.5px a character.
    labelText(title, (width - layout.lr.left - 8) / 8.5, `x="${layout.lr.left}" y="24" font-size="15" font-weight="600" fill="#111827"`),
    ...panel(chart, { y: chart.y, series: chart.series, index: chart.series.map((_, i) => i) }, layout.lr, `learning rate${chart.y.kind === "log" ? " (log scale)" : ""}`),
    ...(chart.momentum && layout.momentum ? panel(chart, chart.momentum, layout.momentum, "momentum") : []),
    `<g fill="#111827">`,
    ...chart.series.map((series, s) => {
      const row = legendTop + s * LEGEND_ROW;
      const text = labelText(series.label, (width - layout.lr.left - 32 - 8) / CHAR, `x="${n(layout.lr.left + 32)}" y="${row}"`);
      return `<line x1="${n(layout.lr.left)}" x2="${n(layout.lr.left + 24)}" y1="${row - 4}" y2="${row - 4}" stroke="${PALETTE[s % PALETTE.length]}" stroke-width="3"/>${text}`;
    }),
    ...(chart.leftOut > 0 ? [labelText(leftOutNote(chart.leftOut), (width - layout.lr.left - 8) / CHAR, `x="${n(layout.lr.left)}" y="${legendTop + chart.series.length * LEGEND_ROW}" fill="#6b7280"`)] : []),
    `</g>`,
    `</svg>`,
  ];
  return `${out.join("\n")}\n`;
}

/** One panel: gridlines, axes, tick labels, axis titles and the series' paths. */
function panel(chart: Chart, view: { y: Scale; series: readonly ChartSeries[]; index: readonly number[] }, area: PlotArea, yTitle: string): string[] {
  const x = (epoch: number) => area.left + chart.x.fraction(epoch) * area.width;
  const y = (value: number) => svgY(view, area, value);
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  return [
    `<g stroke="#e5e7eb" stroke-width="1">`,
    ...view.y.ticks.map((tick) => `<line x1="${n(area.left)}" x2="${n(right)}" y1="${n(y(tick))}" y2="${n(y(tick))}"/>`),
    ...chart.x.ticks.map((tick) => `<line x1="${n(x(tick))}" x2="${n(x(tick))}" y1="${n(area.top)}" y2="${n(bottom)}"/>`),
    `</g>`,
    `<g stroke="#6b7280" stroke-width="1"><line x1="${n(area.left)}" x2="${n(area.left)}" y1="${n(area.top)}" y2="${n(bottom)}"/><line x1="${n(area.left)}" x2="${n(right)}" y1="${n(bottom)}" y2="${n(bottom)}"/></g>`,
    `<g fill="#374151" text-anchor="end">`,
    ...view.y.ticks.map((tick) => `<text x="${n(area.left - 6)}" y="${n(y(tick) + 4)}">${escape(view.y.label(tick))}</text>`),
    `</g>`,
    `<g fill="#374151" text-anchor="middle">`,
    ...chart.x.ticks.map((tick) => `<text x="${n(x(tick))}" y="${n(bottom + 16)}">${escape(chart.x.label(tick))}</text>`),
    `</g>`,
    `<text x="${n(area.left + area.width / 2)}" y="${n(bottom + 34)}" text-anchor="middle" fill="#111827">epoch</text>`,
    `<text transform="translate(14 ${n(area.top + area.height / 2)}) rotate(-90)" text-anchor="middle" fill="#111827">${escape(yTitle)}</text>`,
    `<g fill="none" stroke-width="2" stroke-linejoin="round">`,
    ...view.series.map((series, i) => `<path stroke="${PALETTE[(view.index[i] as number) % PALETTE.length]}" d="${seriesPath(view, series.values, area)}"/>`),
    `</g>`,
  ];
}

/**
 * One path per series, one pixel column at a time: horizontal while the lr holds, vertical where
 * it changes, and every value a column covers (so steps and cycles survive any width).
 */
export function seriesPath(panel: { readonly y: Scale }, values: Float64Array, area: PlotArea): string {
  const pixels = Math.max(1, Math.round(area.width));
  const columns = columnsOf(values, pixels, panel.y.kind === "log");
  const y = (value: number) => n(svgY(panel, area, value));
  const edge = (c: number) => n(area.left + (c * area.width) / pixels);
  // `current` is the y the pen is at, undefined in a gap (values a log axis cannot show).
  let current: string | undefined;
  let d = "";
  columns.forEach((column, c) => {
    if (column === undefined) {
      if (current !== undefined) d += ` H${edge(c)}`;
      current = undefined;
      return;
    }
    if (current === undefined) {
      current = y(column.first);
      d += `${d === "" ? "" : " "}M${edge(c)} ${current}`;
    }
    let moved = false;
    for (const next of [column.first, column.min, column.max, column.last].map(y)) {
      if (next === current) continue;
      if (!moved) d += ` H${edge(c)}`;
      d += ` V${next}`;
      current = next;
      moved = true;
    }
  });
  return current === undefined ? d : `${d} H${n(area.left + area.width)}`;
}

/** Coordinates to one decimal, without a trailing ".0": short, and the same bytes every time. */
function n(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/**
 * A <text> element that fits about `room` characters: a longer text is cut with an ellipsis, and
 * the whole of it is in a <title> (a tooltip, and what screen readers read).
 */
function labelText(text: string, room: number, attributes: string): string {
  const chars = Array.from(text);
  const fits = Math.max(4, Math.floor(room));
  if (chars.length <= fits) return `<text ${attributes}>${escape(text)}</text>`;
  return `<text ${attributes}><title>${escape(text)}</title>${escape(`${chars.slice(0, fits - 1).join("")}…`)}</text>`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
