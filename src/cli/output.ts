/**
 * Writing evaluated rows: CSV and JSON stream chunk by chunk and print every double exactly; the
 * table is for people (rounded, one notation per column), so it reads all values first to choose
 * each column's notation and width, then streams the rows.
 */
import { formatNumber } from "../core/canonical.js";
import { layoutColumn, type ColumnLayout } from "./columns.js";
import type { Chunk } from "./evaluate.js";
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

/** Joins chunks into whole columns (Float64Arrays: 8 bytes a value, no objects per row). */
function gather(chunks: Iterable<Chunk>, columns: Columns): Float64Array[] {
  const parts: Float64Array[][] = Array.from({ length: 1 + columns.labels.length + (columns.metric ? 1 : 0) }, () => []);
  for (const chunk of chunks) {
    const row = [chunk.epochs, ...chunk.values, ...(chunk.metrics ? [chunk.metrics] : [])];
    row.forEach((column, c) => parts[c]?.push(column));
  }
  return parts.map((pieces) => {
    const whole = new Float64Array(pieces.reduce((n, piece) => n + piece.length, 0));
    let offset = 0;
    for (const piece of pieces) {
      whole.set(piece, offset);
      offset += piece.length;
    }
    return whole;
  });
}

/** Plain text for people: a header, a rule, and right-aligned columns two spaces apart. */
export function writeTable(chunks: Iterable<Chunk>, columns: Columns, io: Io, precision: number, headers?: readonly string[]): void {
  const data = gather(chunks, columns);
  const names = ["epoch", ...(headers ?? columns.labels), ...(columns.metric ? ["metric"] : [])];
  // Epochs print exactly (they are whole numbers, or the fractions a user typed).
  const layouts: ColumnLayout[] = data.map((values, c) => (c === 0 ? exactLayout(values) : layoutColumn(values, precision)));
  const widths = layouts.map((layout, c) => Math.max(layout.width, (names[c] as string).length));
  // Epochs align right; values align on their decimal point (the layout pads them), and they and
  // their headers sit at the column's left edge.
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padStart(widths[0] as number) : cell.padEnd(widths[c] as number))).join("  ").trimEnd() + "\n";
  io.stdout(line(names) + line(widths.map((w) => "-".repeat(w))));
  const rows = data[0]?.length ?? 0;
  const step = 4096;
  for (let start = 0; start < rows; start += step) {
    let text = "";
    for (let i = start; i < Math.min(rows, start + step); i++) text += line(layouts.map((layout, c) => layout.cell(data[c]?.[i] as number)));
    io.stdout(text);
  }
}

function exactLayout(values: Float64Array): ColumnLayout {
  let width = 0;
  for (const x of values) width = Math.max(width, formatNumber(x).length);
  return { width, cell: (x) => formatNumber(x).padStart(width) };
}
