/**
 * The chart as text for a terminal: a labelled y axis, the plot, an epoch axis and a legend.
 * Unicode braille gives each character cell 2 x 4 dots; with several series and no colour, each
 * series gets its own marker at one per cell instead, so they stay apart; `ascii` uses plain
 * characters throughout. Colour (ANSI) is the caller's choice: only on a TTY, never with NO_COLOR.
 */
import { columnsOf, type Chart } from "./model.js";

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

/** The pixel row of a value: row 0 is the top of the plot. */
export function pixelRow(chart: Chart, value: number, pixelRows: number): number {
  const fraction = Math.min(1, Math.max(0, chart.y.fraction(value)));
  return Math.round((1 - fraction) * (pixelRows - 1));
}

export function renderText(chart: Chart, options: TextOptions = {}): string {
  const width = Math.max(MIN_TEXT_WIDTH, Math.floor(options.width ?? DEFAULT_TEXT_WIDTH));
  const rows = Math.max(MIN_TEXT_HEIGHT, Math.floor(options.height ?? DEFAULT_TEXT_HEIGHT));
  const ascii = options.ascii === true;
  const color = options.color === true;
  const markers = ascii || (!color && chart.series.length > 1);
  const paint = (text: string, series: number) => (color ? `\x1b[${COLORS[series % COLORS.length]}m${text}\x1b[0m` : text);

  const labels = chart.y.ticks.map((tick) => chart.y.label(tick));
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const cols = Math.max(1, width - labelWidth - 2);
  const grid: TextGrid = { rows, cols, dotsX: markers ? 1 : 2, dotsY: markers ? 1 : 4 };

  // Per cell: the braille dots set, and the series drawn last there (it gives the colour or marker).
  const dots = new Uint8Array(rows * cols);
  const owner = new Int16Array(rows * cols).fill(-1);
  chart.series.forEach((series, s) => {
    for (const [x, y] of seriesPixels(chart, series.values, grid)) {
      const cell = Math.floor(y / grid.dotsY) * cols + Math.floor(x / grid.dotsX);
      dots[cell] = (dots[cell] as number) | (markers ? 1 : brailleBit(x % 2, y % 4));
      owner[cell] = s;
    }
  });

  const frame = ascii ? { tick: "+", axis: "|", corner: "+", rule: "-", mark: "+" } : { tick: "┤", axis: "│", corner: "└", rule: "─", mark: "┬" };
  const tickRows = new Map<number, string>();
  chart.y.ticks.forEach((tick, i) => tickRows.set(Math.round((1 - chart.y.fraction(tick)) * (rows - 1)), labels[i] as string));
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const label = tickRows.get(r);
    let line = `${(label ?? "").padStart(labelWidth)} ${label === undefined ? frame.axis : frame.tick}`;
    for (let c = 0; c < cols; c++) {
      const cell = r * cols + c;
      const s = owner[cell] as number;
      if (s < 0) line += " ";
      else line += paint(markers ? (ascii && chart.series.length === 1 ? "*" : (MARKERS[s % MARKERS.length] as string)) : String.fromCharCode(0x2800 + (dots[cell] as number)), s);
    }
    lines.push(line.trimEnd());
  }
  lines.push(...epochAxis(chart, labelWidth, cols, frame));
  chart.series.forEach((series, s) => {
    const glyph = markers ? (ascii && chart.series.length === 1 ? "*" : (MARKERS[s % MARKERS.length] as string)) : "⣿";
    lines.push(`  ${paint(glyph, s)} ${series.label}`);
  });
  return `${lines.join("\n")}\n`;
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
export function* seriesPixels(chart: Chart, values: Float64Array, grid: TextGrid): Generator<[number, number]> {
  const width = grid.cols * grid.dotsX;
  const height = grid.rows * grid.dotsY;
  const columns = columnsOf(values, width);
  let previous: number | undefined;
  for (let x = 0; x < width; x++) {
    const column = columns[x] as (typeof columns)[number];
    const low = Math.min(column.min, previous ?? column.min);
    const high = Math.max(column.max, previous ?? column.max);
    const top = pixelRow(chart, high, height);
    const bottom = pixelRow(chart, low, height);
    for (let y = top; y <= bottom; y++) yield [x, y];
    previous = column.last;
  }
}

/** The bit of a braille dot: columns 0-1, rows 0-3 (Unicode's dot numbering 1-8). */
function brailleBit(x: number, y: number): number {
  if (y === 3) return x === 0 ? 0x40 : 0x80;
  return (x === 0 ? 1 : 8) << y;
}
