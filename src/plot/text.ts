/**
 * The chart as text for a terminal: a labelled y axis, the plot, an epoch axis and a legend.
 * Unicode braille gives each character cell 2 x 4 dots; with several series and no colour, each
 * series gets its own marker at one per cell instead, so they stay apart; `ascii` uses plain
 * characters throughout. Colour (ANSI) is the caller's choice: only on a TTY, never with NO_COLOR.
 */
import { columnsOf, type Chart, type ChartSeries, type Extent } from "./model.js";
import { linearRowScale, logRowScale, type Scale } from "./scale.js";

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
/** Above these a chart is no longer for a terminal (and its grid would be large). */
export const MAX_TEXT_WIDTH = 1000;
export const MAX_TEXT_HEIGHT = 500;

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

/**
 * The pixel row of a value on a panel's y scale (row 0 is the top of the plot). Character row r
 * stands for the value at fraction 1 - r / (rows - 1), and holds the values within half a row of
 * it, so a value is always drawn in the cell of its nearest labelled row; its `dotsY` pixels split
 * that half-row either side.
 */
export function pixelRow(panel: { readonly y: Scale }, value: number, grid: Pick<TextGrid, "rows" | "dotsY">): number {
  const fraction = Math.min(1, Math.max(0, panel.y.fraction(value)));
  const rowsDown = (1 - fraction) * (grid.rows - 1);
  return Math.min(grid.rows * grid.dotsY - 1, Math.floor(rowsDown * grid.dotsY + grid.dotsY / 2));
}

/** What one panel draws: series on a y scale, each with its position among the chart's series. */
export interface PanelView {
  readonly y: Scale;
  readonly series: readonly ChartSeries[];
  readonly index: readonly number[];
}

/**
 * The y scale of a text panel of `rows` rows. A label stands on a whole row, so the scale is fitted
 * to the rows: its ends are chosen so every tick lands exactly on one (see `linearRowScale`). The
 * lr panel's linear axis starts at 0, as the SVG's does; the momentum panel's spans its values.
 */
export function rowScale(kind: Scale["kind"], extent: Extent, rows: number, fromZero: boolean): Scale {
  if (kind === "log") return logRowScale(extent.smallestPositive, extent.high, rows);
  return linearRowScale(fromZero ? Math.min(0, extent.low) : extent.low, extent.high, rows);
}

/** The chart's panels as a text chart of `rows` rows draws them: the lr, then the momentum if any. */
export function textPanels(chart: Chart, rows: number): { view: PanelView; rows: number }[] {
  const panels: { view: PanelView; rows: number }[] = [{ view: { y: rowScale(chart.y.kind, chart.extent, rows, true), series: chart.series, index: chart.series.map((_, i) => i) }, rows }];
  if (chart.momentum) {
    const momentumRows = Math.max(MIN_TEXT_HEIGHT, Math.round(rows / 3));
    const { series, index, extent } = chart.momentum;
    panels.push({ view: { y: rowScale("linear", extent, momentumRows, false), series, index }, rows: momentumRows });
  }
  return panels;
}

export function renderText(chart: Chart, options: TextOptions = {}): string {
  const width = Math.min(MAX_TEXT_WIDTH, Math.max(MIN_TEXT_WIDTH, Math.floor(options.width ?? DEFAULT_TEXT_WIDTH) || DEFAULT_TEXT_WIDTH));
  const rows = Math.min(MAX_TEXT_HEIGHT, Math.max(MIN_TEXT_HEIGHT, Math.floor(options.height ?? DEFAULT_TEXT_HEIGHT) || DEFAULT_TEXT_HEIGHT));
  const ascii = options.ascii === true;
  const color = options.color === true;
  const markers = ascii || (!color && chart.series.length > 1);
  const glyphOf = (s: number) => (markers ? (ascii && chart.series.length === 1 ? "*" : (MARKERS[s % MARKERS.length] as string)) : "⣿");
  const paint = (text: string, s: number) => (color ? `\x1b[${COLORS[s % COLORS.length]}m${text}\x1b[0m` : text);
  const panels = textPanels(chart, rows);
  // One label width for both panels, so their axes line up.
  const labelWidth = Math.max(1, ...panels.flatMap(({ view }) => view.y.ticks.map((tick) => view.y.label(tick).length)));
  const cols = Math.max(1, width - labelWidth - 2);
  const frame = ascii ? { tick: "+", axis: "|", corner: "+", rule: "-", mark: "+" } : { tick: "┤", axis: "│", corner: "└", rule: "─", mark: "┬" };
  const draw = (panel: PanelView, height: number) => panelLines(panel, height, cols, labelWidth, markers, frame, (cell, s) => paint(markers ? glyphOf(s) : cell, s));
  const [lr, momentum] = panels as [{ view: PanelView; rows: number }, { view: PanelView; rows: number } | undefined];
  const lines = draw(lr.view, lr.rows);
  lines.push(...epochAxis(chart, labelWidth, cols, frame));
  if (momentum) {
    // The momentum PyTorch cycles against the lr, on its own scale, over the same epochs.
    lines.push(`${" ".repeat(labelWidth + 2)}momentum`, ...draw(momentum.view, momentum.rows));
    lines.push(...epochAxis(chart, labelWidth, cols, frame).slice(0, 2));
  }
  // Long labels wrap under themselves: a terminal has no tooltip, so the whole text stays on screen.
  chart.series.forEach((series, s) => lines.push(...wrap(series.label, width - 4).map((part, i) => `  ${i === 0 ? paint(glyphOf(s), s) : " "} ${part}`)));
  if (chart.leftOut > 0) lines.push(...wrap(leftOutNote(chart.leftOut), width));
  return `${lines.join("\n")}\n`;
}

/** The note under a log chart that leaves values out. */
export function leftOutNote(count: number): string {
  return `note: ${count} ${count === 1 ? "lr is" : "lrs are"} 0 or below, which a log scale cannot show; left out`;
}

/** `text` in lines of at most `width` characters, broken after spaces, commas and semicolons where it can be. */
export function wrap(text: string, width: number): string[] {
  const chars = Array.from(text.replace(/[\r\n\t]/g, " "));
  const size = Math.max(10, width);
  const lines: string[] = [];
  let start = 0;
  while (chars.length - start > size) {
    let end = start + size;
    // Break after the last space or separator in the line, if there is one past its first third.
    for (let i = start + size - 1; i > start + size / 3; i--) {
      if (/[\s,;]/.test(chars[i] as string)) {
        end = i + 1;
        break;
      }
    }
    lines.push(chars.slice(start, end).join("").trimEnd());
    start = end;
    while (chars[start] === " ") start++;
  }
  lines.push(chars.slice(start).join(""));
  return lines;
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
  const columns = columnsOf(values, width, panel.y.kind === "log");
  let previous: number | undefined;
  for (let x = 0; x < width; x++) {
    const column = columns[x];
    if (column === undefined) {
      // A gap: values a log axis cannot show. The next column starts afresh.
      previous = undefined;
      continue;
    }
    const low = Math.min(column.min, previous ?? column.min);
    const high = Math.max(column.max, previous ?? column.max);
    const top = pixelRow(panel, high, grid);
    const bottom = pixelRow(panel, low, grid);
    for (let y = top; y <= bottom; y++) yield [x, y];
    previous = column.last;
  }
}

/** The bit of a braille dot: columns 0-1, rows 0-3 (Unicode's dot numbering 1-8). */
function brailleBit(x: number, y: number): number {
  if (y === 3) return x === 0 ? 0x40 : 0x80;
  return (x === 0 ? 1 : 8) << y;
}
