/**
 * Writing evaluated rows: CSV and JSON stream chunk by chunk and print every double exactly; the
 * table is for people (rounded, one notation per column, aligned), so each column's notation and
 * width are decided before its rows stream (see writeTable).
 */
import { formatNumber } from "../core/canonical.js";
import { ColumnRange, layoutColumn, layoutRange, type ColumnLayout } from "./columns.js";
import { CHUNK_ROWS, type Chunk } from "./evaluate-series.js";
import type { Io } from "./io.js";

/** What each output format needs: the column names after `epoch`, and whether a metric column follows. */
export interface Columns {
  readonly labels: readonly string[];
  readonly metric: boolean;
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeCsv(chunks: Iterable<Chunk>, columns: Columns, io: Io): void {
  const header = ["epoch", ...columns.labels, ...(columns.metric ? ["metric"] : [])];
  io.stdout(`${header.map(csvField).join(",")}\n`);
  for (const chunk of chunks) {
    let text = "";
    for (let i = 0; i < chunk.epochs.length; i++) {
      text += formatNumber(chunk.epochs[i] as number);
      for (const column of chunk.values) text += `,${formatNumber(column[i] as number)}`;
      if (chunk.metrics) text += `,${formatNumber(chunk.metrics[i] as number)}`;
      text += "\n";
    }
    io.stdout(text);
  }
}

/**
 * `[{"epoch": 0, "lr": 0.1}, ...]`: one object per row, one key per column. JSON.stringify of a
 * finite double is its shortest exact form, so values read back as the same doubles.
 */
export function writeJson(chunks: Iterable<Chunk>, columns: Columns, io: Io): void {
  const keys = columns.labels.map((label) => `, ${JSON.stringify(label)}: `);
  let first = true;
  for (const chunk of chunks) {
    let text = "";
    for (let i = 0; i < chunk.epochs.length; i++) {
      text += `${first ? "[\n" : ",\n"}  {"epoch": ${JSON.stringify(chunk.epochs[i])}`;
      first = false;
      chunk.values.forEach((column, c) => (text += keys[c] + JSON.stringify(column[i])));
      if (chunk.metrics) text += `, "metric": ${JSON.stringify(chunk.metrics[i])}`;
      text += "}";
    }
    io.stdout(text);
  }
  io.stdout(first ? "[]\n" : "\n]\n");
}

/**
 * Plain text for people: a header, a rule, and right-aligned columns two spaces apart. `evaluate`
 * gives the rows afresh each time it is called. A table of one chunk is laid out from its cells; a
 * longer one takes a first pass over the numbers alone (no formatting, no rows kept) for each
 * column's range, then formats and writes each row once, chunk by chunk, in flat memory.
 */
export function writeTable(evaluate: () => Iterable<Chunk>, rows: number, columns: Columns, io: Io, precision: number, headers?: readonly string[]): void {
  const names = ["epoch", ...(headers ?? columns.labels), ...(columns.metric ? ["metric"] : [])];
  const layouts = rows <= CHUNK_ROWS ? cellLayouts(evaluate(), names.length, precision) : rangeLayouts(evaluate(), names.length, precision);
  const widths = layouts.map((layout, c) => Math.max(layout.width, (names[c] as string).length));
  // Epochs align right; values align on their decimal point (the layout pads them), and they and
  // their headers sit at the column's left edge.
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padStart(widths[0] as number) : cell.padEnd(widths[c] as number))).join("  ").trimEnd() + "\n";
  io.stdout(line(names) + line(widths.map((w) => "-".repeat(w))));
  // Before each value column: two spaces, and what pads the previous value column to its header's width.
  const gaps = widths.slice(1).map((_, c) => " ".repeat(2 + (c === 0 ? 0 : (widths[c] as number) - (layouts[c] as ColumnLayout).width)));
  const epochWidth = widths[0] as number;
  const [epochLayout, ...valueLayouts] = layouts as [ColumnLayout, ...ColumnLayout[]];
  for (const chunk of evaluate()) {
    const data = chunkColumns(chunk);
    let text = "";
    for (let i = 0; i < chunk.epochs.length; i++) {
      let row = epochLayout.cell(chunk.epochs[i] as number).padStart(epochWidth);
      for (let c = 0; c < valueLayouts.length; c++) row += (gaps[c] as string) + (valueLayouts[c] as ColumnLayout).cell((data[c + 1] as Float64Array)[i] as number);
      text += `${row.trimEnd()}\n`;
    }
    io.stdout(text);
  }
}

/** A chunk's columns in table order: epochs, values, metrics. */
function chunkColumns(chunk: Chunk): Float64Array[] {
  return [chunk.epochs, ...chunk.values, ...(chunk.metrics ? [chunk.metrics] : [])];
}

/** Layouts from every cell of the rows (a table of at most one chunk). */
function cellLayouts(chunks: Iterable<Chunk>, count: number, precision: number): ColumnLayout[] {
  // No chunk at all for --epochs 0: empty columns, as wide as their headers.
  let data: Float64Array[] = Array.from({ length: count }, () => new Float64Array(0));
  for (const chunk of chunks) data = chunkColumns(chunk);
  return data.map((values, c) => (c === 0 ? exactLayout(values) : layoutColumn(values, precision)));
}

/** Layouts from each column's range, read in one pass over the numbers (docs/cli.md, "Long tables"). */
function rangeLayouts(chunks: Iterable<Chunk>, count: number, precision: number): ColumnLayout[] {
  const ranges = Array.from({ length: count - 1 }, () => new ColumnRange());
  let epochWidth = 0;
  let largestWhole = -1;
  for (const chunk of chunks) {
    for (const t of chunk.epochs) {
      // Whole epochs (all of --epochs N) are as wide as the largest; others are measured.
      if (Number.isInteger(t) && t >= 0 && t < 1e21) largestWhole = Math.max(largestWhole, t);
      else epochWidth = Math.max(epochWidth, formatNumber(t).length);
    }
    chunkColumns(chunk).forEach((values, c) => {
      const range = ranges[c - 1];
      if (range) for (const x of values) range.add(x);
    });
  }
  if (largestWhole >= 0) epochWidth = Math.max(epochWidth, formatNumber(largestWhole).length);
  const width = epochWidth;
  return [{ width, cell: (x) => formatNumber(x).padStart(width) }, ...ranges.map((range) => layoutRange(range, precision))];
}
function exactLayout(values: Float64Array): ColumnLayout {
  let width = 0;
  for (const x of values) width = Math.max(width, formatNumber(x).length);
  return { width, cell: (x) => formatNumber(x).padStart(width) };
}
