/**
 * The chart as a standalone SVG: axes with round ticks, gridlines, axis titles, a title and a
 * legend, and <title>/<desc> for screen readers. Nothing is fetched (system fonts only), nothing
 * runs (no script), and the same chart gives the same bytes, so tests can compare output.
 */
import { columnsOf, type Chart } from "./model.js";

export interface SvgOptions {
  readonly width?: number;
  readonly height?: number;
  /** The heading above the plot; by default "Learning rate". */
  readonly title?: string;
}

export const DEFAULT_SVG_WIDTH = 720;
export const DEFAULT_SVG_HEIGHT = 400;

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

export function plotArea(chart: Chart, options: SvgOptions = {}): PlotArea {
  const width = Math.max(200, Math.round(options.width ?? DEFAULT_SVG_WIDTH));
  const height = Math.max(150, Math.round(options.height ?? DEFAULT_SVG_HEIGHT));
  const labelWidth = Math.max(...chart.y.ticks.map((tick) => chart.y.label(tick).length)) * CHAR;
  const left = 34 + labelWidth;
  const top = 40;
  const bottom = 48 + chart.series.length * LEGEND_ROW;
  return { left, top, width: Math.max(20, width - left - 20), height: Math.max(20, height - top - bottom) };
}

/** The pixel y of a value (the plot's top edge is the high end of the axis). */
export function svgY(chart: Chart, area: PlotArea, value: number): number {
  return area.top + (1 - Math.min(1, Math.max(0, chart.y.fraction(value)))) * area.height;
}

export function renderSvg(chart: Chart, options: SvgOptions = {}): string {
  const area = plotArea(chart, options);
  const width = Math.max(200, Math.round(options.width ?? DEFAULT_SVG_WIDTH));
  const height = area.top + area.height + 48 + chart.series.length * LEGEND_ROW;
  const title = options.title ?? "Learning rate";
  const x = (epoch: number) => area.left + chart.x.fraction(epoch) * area.width;
  const y = (value: number) => svgY(chart, area, value);
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  const names = chart.series.map((series) => series.label).join("; ");
  const scale = `${chart.y.kind} y axis from ${chart.y.label(chart.y.domain[0])} to ${chart.y.label(chart.y.domain[1])}`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="${FONT}" font-size="12">`,
    `<title id="chart-title">${escape(`${title}: ${names}`)}</title>`,
    `<desc id="chart-desc">${escape(`Line chart of the learning rate during each epoch, 0 to ${chart.epochs - 1}, for ${names}; ${scale}.`)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${area.left}" y="24" font-size="15" font-weight="600" fill="#111827">${escape(title)}</text>`,
    `<g stroke="#e5e7eb" stroke-width="1">`,
    ...chart.y.ticks.map((tick) => `<line x1="${n(area.left)}" x2="${n(right)}" y1="${n(y(tick))}" y2="${n(y(tick))}"/>`),
    ...chart.x.ticks.map((tick) => `<line x1="${n(x(tick))}" x2="${n(x(tick))}" y1="${n(area.top)}" y2="${n(bottom)}"/>`),
    `</g>`,
    `<g stroke="#6b7280" stroke-width="1"><line x1="${n(area.left)}" x2="${n(area.left)}" y1="${n(area.top)}" y2="${n(bottom)}"/><line x1="${n(area.left)}" x2="${n(right)}" y1="${n(bottom)}" y2="${n(bottom)}"/></g>`,
    `<g fill="#374151" text-anchor="end">`,
    ...chart.y.ticks.map((tick) => `<text x="${n(area.left - 6)}" y="${n(y(tick) + 4)}">${escape(chart.y.label(tick))}</text>`),
    `</g>`,
    `<g fill="#374151" text-anchor="middle">`,
    ...chart.x.ticks.map((tick) => `<text x="${n(x(tick))}" y="${n(bottom + 16)}">${escape(chart.x.label(tick))}</text>`),
    `</g>`,
    `<text x="${n(area.left + area.width / 2)}" y="${n(bottom + 34)}" text-anchor="middle" fill="#111827">epoch</text>`,
    `<text transform="translate(14 ${n(area.top + area.height / 2)}) rotate(-90)" text-anchor="middle" fill="#111827">learning rate${chart.y.kind === "log" ? " (log scale)" : ""}</text>`,
    `<g fill="none" stroke-width="2" stroke-linejoin="round">`,
    ...chart.series.map((series, s) => `<path stroke="${PALETTE[s % PALETTE.length]}" d="${seriesPath(chart, series.values, area)}"/>`),
    `</g>`,
    `<g fill="#111827">`,
    ...chart.series.map((series, s) => {
      const row = bottom + 48 + s * LEGEND_ROW;
      return `<line x1="${n(area.left)}" x2="${n(area.left + 24)}" y1="${row - 4}" y2="${row - 4}" stroke="${PALETTE[s % PALETTE.length]}" stroke-width="3"/><text x="${n(area.left + 32)}" y="${row}">${escape(series.label)}</text>`;
    }),
    `</g>`,
    `</svg>`,
  ];
  return `${out.join("\n")}\n`;
}

/**
 * One path per series, one pixel column at a time: horizontal while the lr holds, vertical where
 * it changes, and every value a column covers (so steps and cycles survive any width).
 */
export function seriesPath(chart: Chart, values: Float64Array, area: PlotArea): string {
  const pixels = Math.max(1, Math.round(area.width));
  const columns = columnsOf(values, pixels);
  const y = (value: number) => n(svgY(chart, area, value));
  const first = columns[0] as (typeof columns)[number];
  let current = y(first.first);
  let d = `M${n(area.left)} ${current}`;
  columns.forEach((column, c) => {
    const ys = [column.first, column.min, column.max, column.last].map(y);
    let moved = false;
    for (const next of ys) {
      if (next === current) continue;
      if (!moved) d += ` H${n(area.left + (c * area.width) / pixels)}`;
      d += ` V${next}`;
      current = next;
      moved = true;
    }
  });
  return `${d} H${n(area.left + area.width)}`;
}

/** Coordinates to one decimal, without a trailing ".0": short, and the same bytes every time. */
function n(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
