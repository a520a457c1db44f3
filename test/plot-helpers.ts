// Reading a text chart back: its rows, the labels on them, and the cells each series lit. The
// row-to-value map is taken from the chart's own labels, so a test can check where a value was
// drawn without asking the renderer where it meant to draw it.

/** One panel of a text chart: its rows (label text and plot cells), top to bottom. */
export interface TextPanel {
  readonly labels: readonly { row: number; text: string; value: number }[];
  /** The cells of each row, after the axis character. */
  readonly cells: readonly string[][];
}

/** The panels of a text chart, top to bottom (the lr, then the momentum if any). */
export function textPanels(text: string): TextPanel[] {
  const lines = text.split("\n");
  const panels: TextPanel[] = [];
  let rows: string[] = [];
  for (const line of lines) {
    if (/^\s*[└+][─┬+-]/.test(line)) {
      if (rows.length > 0) panels.push(panelOf(rows));
      rows = [];
    } else if (/^ *\S* [┤│+|]/.test(line)) rows.push(line);
    // Anything else (axis labels, the momentum heading) ends a panel's rows; legend lines come
    // after the last axis, so they are never taken for rows.
    else rows = [];
  }
  return panels;
}

function panelOf(rows: string[]): TextPanel {
  const axis = Math.max(...rows.map((row) => row.search(/[┤│+|]/)));
  const labels: { row: number; text: string; value: number }[] = [];
  const cells = rows.map((row, r) => {
    const text = row.slice(0, axis).trim();
    if (text !== "") labels.push({ row: r, text, value: Number(text) });
    return Array.from(row.slice(axis + 1));
  });
  return { labels, cells };
}

/**
 * Where a value belongs, in rows down from the top, by the line through the panel's outermost
 * labels (on a log axis, through their logarithms).
 */
export function rowOf(panel: TextPanel, value: number, log: boolean): number {
  const first = panel.labels[0]!;
  const last = panel.labels[panel.labels.length - 1]!;
  const y = (v: number) => (log ? Math.log10(v) : v);
  const perRow = (y(first.value) - y(last.value)) / (last.row - first.row);
  return first.row + (y(first.value) - y(value)) / perRow;
}

/** The rows of a character column that hold anything. */
export function litRows(panel: TextPanel, col: number): number[] {
  return panel.cells.flatMap((row, r) => (row[col] !== undefined && row[col] !== " " ? [r] : []));
}
