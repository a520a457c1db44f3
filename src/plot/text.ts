/**
 * The chart as text for a terminal: a labelled y axis, the plot, an epoch axis and a legend.
 * Unicode braille gives each character cell 2 x 4 dots; with several series and no colour, each
 * series gets its own marker at one per cell instead, so they stay apart; `ascii` uses plain
 * characters throughout. Colour (ANSI) is the caller's choice: only on a TTY, never with NO_COLOR.
 */
import { columnsOf, type Chart, type ChartSeries } from "./model.js";
import type { Scale } from "./scale.js";

export interface TextOptions {
  /** Total width in characters (default 80). */
  readonly width?: number;
  /** Rows of the plot area (default 15). */
  readonly height?: number;
  readonly ascii?: boolean;
  readonly color?: boolean;
}

export const DEFAULT_TEXT_WIDTH = 80;
export const DEFAULT_TEXT_HEIGHT = 15;
/** Below these the chart cannot show its axes and a readable plot. */
export const MIN_TEXT_WIDTH = 30;
export const MIN_TEXT_HEIGHT = 4;

/** One marker per series where series must be told apart without colour. */
export const MARKERS = ["*", "o", "+", "x", "#", "@", "%", "&"] as const;
const COLORS = [34, 33, 32, 35, 36, 31, 94, 93] as const;

/** The grid a series is drawn into: rows x columns of pixels, `dotsX` x `dotsY` pixels per cell. */
export interface TextGrid {
  readonly rows: number;
  readonly cols: number;
  readonly dotsX: number;
  readonly dotsY: number;
}

/** The pixel row of a value on a panel's y scale: row 0 is the top of the plot. */
export function pixelRow(panel: { readonly y: Scale }, value: number, pixelRows: number): number {
  const fraction = Math.min(1, Math.max(0, panel.y.fraction(value)));
  return Math.round((1 - fraction) * (pixelRows - 1));
}

/** What one panel draws: series on a y scale, each with its position among the chart's series. */
interface PanelView {
  readonly y: Scale;
  readonly series: readonly ChartSeries[];
  readonly index: readonly number[];
}

export function renderText(chart: Chart, options: TextOptions = {}): string {
  const width = Math.max(MIN_TEXT_WIDTH, Math.floor(options.width ?? DEFAULT_TEXT_WIDTH));
  const rows = Math.max(MIN_TEXT_HEIGHT, Math.floor(options.height ?? DEFAULT_TEXT_HEIGHT));
  const ascii = options.ascii === true;
  const color = options.color === true;
  const markers = ascii || (!color && chart.series.length > 1);
  const glyphOf = (s: number) => (markers ? (ascii && chart.series.length === 1 ? "*" : (MARKERS[s % MARKERS.length] as string)) : "⣿");
  const paint = (text: string, s: number) => (color ? `\x1b[${COLORS[s % COLORS.length]}m${text}\x1b[0m` : text);
  const panels: PanelView[] = [{ y: chart.y, series: chart.series, index: chart.series.map((_, i) => i) }];
  if (chart.momentum) panels.push(chart.momentum);
  // One label width for both panels, so their axes line up.
  const labelWidth = Math.max(...panels.flatMap((panel) => panel.y.ticks.map((tick) => panel.y.label(tick).length)));
  const cols = Math.max(1, width - labelWidth - 2);
  const frame = ascii ? { tick: "+", axis: "|", corner: "+", rule: "-", mark: "+" } : { tick: "┤", axis: "│", corner: "└", rule: "─", mark: "┬" };
  const draw = (panel: PanelView, height: number) => panelLines(panel, height, cols, labelWidth, markers, frame, (cell, s) => paint(markers ? glyphOf(s) : cell, s));
  const lines = draw(panels[0] as PanelView, rows);
  lines.push(...epochAxis(chart, labelWidth, cols, frame));
  if (chart.momentum) {
    // The momentum PyTorch cycles against the lr, on its own scale, over the same epochs.
    lines.push(`${" ".repeat(labelWidth + 2)}momentum`, ...draw(chart.momentum, Math.max(MIN_TEXT_HEIGHT, Math.round(rows / 3))));
    lines.push(...epochAxis(chart, labelWidth, cols, frame).slice(0, 2));
  }
  chart.series.forEach((series, s) => lines.push(`  ${paint(glyphOf(s), s)} ${series.label}`));
  return `${lines.join("\n")}\n`;
}

/** The rows of one panel: y labels at the tick rows, the axis, and the series' pixels. */
function panelLines(
  panel: PanelView,
  rows: number,
  cols: number,
  labelWidth: number,
  markers: boolean,
  frame: { tick: string; axis: string },
  paint: (braille: string, series: number) => string,
): string[] {
  const grid: TextGrid = { rows, cols, dotsX: markers ? 1 : 2, dotsY: markers ? 1 : 4 };
  // Per cell: the braille dots set, and the series drawn last there (it gives the colour or marker).
  const dots = new Uint8Array(rows * cols);
  const owner = new Int16Array(rows * cols).fill(-1);
  panel.series.forEach((series, i) => {
    for (const [x, y] of seriesPixels(panel, series.values, grid)) {
      const cell = Math.floor(y / grid.dotsY) * cols + Math.floor(x / grid.dotsX);
      dots[cell] = (dots[cell] as number) | (markers ? 1 : brailleBit(x % 2, y % 4));
      owner[cell] = panel.index[i] as number;
    }
  });
  const tickRows = new Map<number, string>();
  for (const tick of panel.y.ticks) tickRows.set(Math.round((1 - panel.y.fraction(tick)) * (rows - 1)), panel.y.label(tick));
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const label = tickRows.get(r);
    let line = `${(label ?? "").padStart(labelWidth)} ${label === undefined ? frame.axis : frame.tick}`;
    for (let c = 0; c < cols; c++) {
      const cell = r * cols + c;
      const s = owner[cell] as number;
      line += s < 0 ? " " : paint(String.fromCharCode(0x2800 + (dots[cell] as number)), s);
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** The axis line with tick marks, the tick labels under them, and the axis name. */
function epochAxis(chart: Chart, labelWidth: number, cols: number, frame: { corner: string; rule: string; mark: string }): string[] {
  const rule = Array.from({ length: cols }, () => frame.rule);
  let labels = "";
  for (const tick of chart.x.ticks) {
    const col = Math.min(cols - 1, Math.round(chart.x.fraction(tick) * (cols - 1)));
    const text = chart.x.label(tick);
    const start = Math.max(0, Math.min(cols - text.length, col - Math.floor(text.length / 2)));
    // A label that would touch the one before it is left out.
    if (start < labels.length + 1 && labels.length > 0) continue;
    rule[col] = frame.mark;
    labels = labels.padEnd(start) + text;
  }
  const indent = " ".repeat(labelWidth + 1);
  const name = "epoch";
  return [`${indent}${frame.corner}${rule.join("")}`, `${indent} ${labels}`.trimEnd(), `${indent} ${" ".repeat(Math.max(0, Math.floor((cols - name.length) / 2)))}${name}`];
}

/**
 * The pixels of one series: in each pixel column, a vertical run from the value the column starts
 * with (the previous column's last value) through every value it covers, so steps are steps.
 */
export function* seriesPixels(panel: { readonly y: Scale }, values: Float64Array, grid: TextGrid): Generator<[number, number]> {
  const width = grid.cols * grid.dotsX;
  const height = grid.rows * grid.dotsY;
  const columns = columnsOf(values, width);
  let previous: number | undefined;
  for (let x = 0; x < width; x++) {
    const column = columns[x] as (typeof columns)[number];
    const low = Math.min(column.min, previous ?? column.min);
    const high = Math.max(column.max, previous ?? column.max);
    const top = pixelRow(panel, high, height);
    const bottom = pixelRow(panel, low, height);
    for (let y = top; y <= bottom; y++) yield [x, y];
    previous = column.last;
  }
}

/** The bit of a braille dot: columns 0-1, rows 0-3 (Unicode's dot numbering 1-8). */
function brailleBit(x: number, y: number): number {
  if (y === 3) return x === 0 ? 0x40 : 0x80;
  return (x === 0 ? 1 : 8) << y;
}
