// Charts: the geometry is checked against the formulas. For a pixel column inside one epoch, the
// lit pixel is where the scale puts that epoch's lr, computed here from the schedule's formula.
import { describe, expect, it } from "vitest";
import { parseLearningRate } from "../src/index.js";
import { buildChart, columnsOf, defaultEpochs } from "../src/plot/model.js";
import { plotSvg, plotText } from "../src/plot/index.js";
import { plotArea, renderSvg } from "../src/plot/svg.js";
import { renderText } from "../src/plot/text.js";
import { cli } from "./helpers.js";
import { litRows, rowOf, textPanels } from "./plot-helpers.js";

const series = (...specs: string[]) => specs.map((spec) => ({ label: spec, schedule: parseLearningRate(spec) }));
const stepBased = (t: number) => 0.1 * 0.5 ** Math.floor((1 + t) / 10);
// eslint-disable-next-line no-control-regex -- ANSI colour sequences start with ESC
const ANSI = /\x1b\[[0-9;]*m/g;

/** The plot area of a text chart: the lines above the axis, without the y labels and the axis. */
function plotRows(text: string): string[] {
  const lines = text.split("\n");
  const axis = lines.findIndex((line) => /^\s*[└+][─┬+-]/.test(line));
  return lines.slice(0, axis).map((line) => {
    const at = line.search(/[┤│+|]/);
    return Array.from(line.slice(at + 1));
  }).map((chars) => chars.join(""));
}

/** Pixel rows lit in each pixel column of a braille plot (2 x 4 dots per character). */
function brailleDots(rows: string[], cols: number): Set<number>[] {
  const lit = Array.from({ length: cols * 2 }, () => new Set<number>());
  const bits = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
  rows.forEach((row, r) => {
    Array.from(row).forEach((ch, c) => {
      const code = ch.codePointAt(0)! - 0x2800;
      if (code <= 0 || code > 0xff) return;
      for (let dx = 0; dx < 2; dx++) for (let dy = 0; dy < 4; dy++) if (code & bits[dx]![dy]!) lit[c * 2 + dx]!.add(r * 4 + dy);
    });
  });
  return lit;
}

describe("text chart", () => {
  const text = plotText(series("StepBased(0.1,0.5,10)"), { epochs: 50, width: 80, height: 15 });
  it("fits 80 columns and labels the axes", () => {
    for (const line of text.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/^0\.10 ┤/);
    expect(text).toContain("epoch");
    expect(text).toContain("⣿ StepBased(0.1,0.5,10)");
  });
  it("puts each epoch's lr where the linear scale puts it", () => {
    const rows = plotRows(text);
    const cols = Math.max(...rows.map((row) => Array.from(row).length));
    const plotCols = 80 - "0.10".length - 2;
    expect(cols).toBeLessThanOrEqual(plotCols);
    const pixels = plotCols * 2;
    const lit = brailleDots(rows, plotCols);
    expect(text.split("\n").filter((line) => /^\d/.test(line)).map((line) => line.slice(0, 4))).toEqual(["0.10", "0.05", "0.00"]);
    expect(text.split("\n")[7]!.startsWith("0.05 ┤")).toBe(true);
    let checked = 0;
    for (let x = 1; x < pixels; x++) {
      // Columns that lie inside one epoch, away from a step: exactly one lit pixel, at the lr's row.
      const epoch = Math.floor((x * 50) / pixels);
      const inside = Math.ceil(((x + 1) * 50) / pixels) - 1 === epoch && Math.floor(((x - 1) * 50) / pixels) === epoch;
      if (!inside) continue;
      // Row r stands for 0.1 * (1 - r / 14) (the labels 0.10, 0.05, 0.00 on rows 0, 7, 14); each
      // row's 4 dots split the half-rows either side of it.
      const expected = Math.floor((1 - stepBased(epoch) / 0.1) * 14 * 4 + 2);
      expect([...lit[x]!], `column ${x}, epoch ${epoch}`).toEqual([expected]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });
  it("draws a step as a vertical run at the epoch where it happens", () => {
    const lit = brailleDots(plotRows(text), 74);
    const pixels = 148;
    const x = Math.floor((9 * pixels) / 50); // the column where epoch 9 begins: 0.1 -> 0.05
    const top = Math.floor((1 - 0.1 / 0.1) * 14 * 4 + 2);
    const bottom = Math.floor((1 - 0.05 / 0.1) * 14 * 4 + 2);
    const run = [...lit[x]!, ...lit[x + 1]!].sort((a, b) => a - b);
    for (let y = top; y <= bottom; y++) expect(run).toContain(y);
  });
  it("on a log axis, puts each value at its decade's fraction", () => {
    const chart = buildChart(series("ExponentialLR(0.1, 0.8)"), { epochs: 20, log: true });
    expect(chart.y.domain).toEqual([1e-3, 1e-1]);
    expect(chart.y.ticks).toContain(1e-2);
    for (const height of [6, 10, 17]) {
      const text = renderText(chart, { width: 60, height });
      const panel = textPanels(text)[0]!;
      const cols = Array.from(text.split("\n")[height]!.trim()).length - 1; // the axis rule spans the plot
      for (const epoch of [2, 7, 13]) {
        const col = Math.floor(((epoch + 0.5) * cols) / 20);
        // The row the decade labels put 0.1 * 0.8^epoch on.
        const row = rowOf(panel, 0.1 * 0.8 ** epoch, true);
        expect(litRows(panel, col), `height ${height}, epoch ${epoch}`).toEqual([Math.round(row)]);
      }
    }
  });
  it("tells series apart without colour, and uses colour only when asked", () => {
    const two = plotText(series("StepLR(0.1, 10)", "CosineAnnealingLR(0.1, 40)"), { epochs: 40 });
    expect(two).toContain("  * StepLR(0.1, 10)");
    expect(two).toContain("  o CosineAnnealingLR(0.1, 40)");
    expect(two).not.toMatch(ANSI);
    const coloured = plotText(series("StepLR(0.1, 10)", "CosineAnnealingLR(0.1, 40)"), { epochs: 40, color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain("⣿");
  });
  it("--ascii is plain ASCII", () => {
    const ascii = plotText(series("OneCycleLR(0.1, 100)", "StepLR(0.1, 30)"), { ascii: true });
    expect(ascii).toMatch(/^[\x20-\x7e\n]*$/);
  });
  it("shows a one-epoch spike even when many epochs share a column", () => {
    const values = new Float64Array(10_000).fill(0.01);
    values[5_003] = 0.1;
    const columns = columnsOf(values, 100);
    expect(columns[50]!).toEqual({ first: 0.01, min: 0.01, max: 0.1, last: 0.01 });
    expect(columns.filter((column) => column?.max === 0.1)).toHaveLength(1);
  });
});

describe("default span", () => {
  it("is the schedule's own length plus a fifth, else 100", () => {
    expect(defaultEpochs(parseLearningRate("OneCycleLR(0.1, 1000)"))).toBe(1200);
    expect(defaultEpochs(parseLearningRate("CosineAnnealingLR(0.1, 50)"))).toBe(60);
    expect(defaultEpochs(parseLearningRate("MultiStepLR(0.1;30,60,90;0.1)"))).toBe(108);
    expect(defaultEpochs(parseLearningRate("SequentialLR(0.1, [LinearLR(total_iters=5), CosineAnnealingLR(T_max=95)], [5])"))).toBe(120);
    expect(defaultEpochs(parseLearningRate("CosineAnnealingWarmRestarts(0.1, 10, T_mult=2)"))).toBe(84);
    expect(defaultEpochs(parseLearningRate("Constant(0.1)"))).toBe(100);
  });
});

describe("SVG chart", () => {
  const chart = buildChart(series("StepBased(0.1,0.5,10)", "CosineAnnealingLR(0.1, 50)"), { epochs: 50 });
  const svg = renderSvg(chart);
  it("is standalone, accessible and deterministic", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain("<title id=\"chart-title\">Learning rate: StepBased(0.1,0.5,10); CosineAnnealingLR(0.1, 50)</title>");
    expect(svg).toMatch(/<desc id="chart-desc">[^<]*epoch[^<]*<\/desc>/);
    expect(svg).not.toMatch(/<script|href=|url\(|@import/);
    expect(svg.match(/https?:\/\/[^"\s]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
    expect(renderSvg(buildChart(series("StepBased(0.1,0.5,10)", "CosineAnnealingLR(0.1, 50)"), { epochs: 50 }))).toBe(svg);
    for (const label of ["0.00", "0.02", "0.10", ">0<", ">50<", "epoch", "learning rate"]) expect(svg).toContain(label);
  });
  it("draws each epoch's lr at the y the scale gives it, at several sizes", () => {
    for (const size of [{}, { width: 200, height: 150 }, { width: 333, height: 517 }, { width: 1600, height: 900 }]) {
      const svg = renderSvg(chart, size);
      const area = plotArea(chart, size);
      const path = /<path stroke="#0072B2" d="([^"]+)"/.exec(svg)?.[1] ?? "";
      // Walk the path: the y in effect at each x.
      const steps: { x: number; y: number }[] = [];
      let x = 0;
      let y = 0;
      for (const [, op, arg] of path.matchAll(/([MHV])([-0-9. ]+)/g)) {
        const numbers = arg!.trim().split(" ").map(Number);
        if (op === "M") [x, y] = numbers as [number, number];
        if (op === "H") x = numbers[0]!;
        if (op === "V") y = numbers[0]!;
        steps.push({ x, y });
      }
      const yAt = (px: number) => [...steps].reverse().find((step) => step.x <= px)?.y;
      for (let epoch = 0; epoch < 50; epoch += 3) {
        const px = area.left + ((epoch + 0.5) / 50) * area.width;
        // The axis is 0 to 0.1 (ticks 0.00 to 0.10): the lr's share of it, from the bottom.
        const expected = area.top + (1 - stepBased(epoch) / 0.1) * area.height;
        expect(Math.abs((yAt(px) ?? NaN) - expected), `${JSON.stringify(size)} epoch ${epoch}`).toBeLessThanOrEqual(0.05 + 1e-9); // coordinates have one decimal
      }
    }
  });
  it("comes from the library without a DOM, and escapes labels", () => {
    expect(plotSvg([{ label: "a<b & \"c\"", schedule: parseLearningRate("Constant(0.1)") }])).toContain("a&lt;b &amp; &quot;c&quot;");
  });
});

describe("nerva-lr plot", () => {
  it("draws the chart, fits 80 columns, and names two specs in a legend", () => {
    const { code, stdout } = cli("plot", "StepBased(0.1,0.5,10)", "Exponential(0.1,0.05)", "--epochs", "50");
    expect(code).toBe(0);
    for (const line of stdout.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(stdout).toContain("* StepBased(0.1,0.5,10)");
    expect(stdout).toContain("o Exponential(0.1,0.05)");
  });
  it("exits 1 with the caret for a bad spec, as eval does", () => {
    const { code, stderr } = cli("plot", "StepBased(0.1,,10)");
    expect(code).toBe(1);
    expect(stderr).toContain("  StepBased(0.1,,10)\n                ^");
  });
  it("takes the terminal's width, colour only on a terminal that wants it", () => {
    let out = "";
    const io = { stdout: (t: string) => (out += t), stderr: () => {}, terminal: { columns: 60, color: true } };
    expect(mainWith(["plot", "StepLR(0.1, 10)"], io)).toBe(0);
    expect(out).toMatch(ANSI);
    for (const line of out.replace(ANSI, "").split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(60);
  });
  it("writes SVG to stdout or a file", () => {
    const { stdout } = cli("plot", "StepLR(0.1, 10)", "--format", "svg");
    expect(stdout).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\n$/);
    const { code, stderr } = cli("plot", "StepLR(0.1, 10)", "--format", "svg", "--output", "/nonexistent-dir/x.svg");
    expect([code, stderr]).toEqual([1, 'nerva-lr: cannot write "/nonexistent-dir/x.svg" (ENOENT)\n']);
  });
  it("needs metrics for a metric-driven schedule, and plots them", () => {
    expect(cli("plot", "ReduceLROnPlateau(0.1)").code).toBe(2);
    expect(cli("plot", "ReduceLROnPlateau(0.1, patience=0)", "--metrics", "1,2,3").code).toBe(0);
  });
  it("refuses sizes it cannot draw", () => {
    expect(cli("plot", "Constant(0.1)", "--width", "5").code).toBe(2); // out of range: a usage error (docs/cli.md)
    expect(cli("plot", "Constant(0.1)", "--ascii", "--format", "svg").code).toBe(2);
  });
});

import { main } from "../src/cli/main.js";
function mainWith(argv: string[], io: Parameters<typeof main>[1]): number {
  return main(argv, io);
}

describe("momentum panel", () => {
  const chart = buildChart(series("StepLR(0.1, 30)", "OneCycleLR(0.1, 100)"), { epochs: 100 });
  const oneCycle = parseLearningRate("OneCycleLR(0.1, 100)");
  it("holds the momentum of the schedules that cycle it, on its own scale", () => {
    expect(chart.momentum?.series.map((s) => s.label)).toEqual(["OneCycleLR(0.1, 100)"]);
    expect(chart.momentum?.index).toEqual([1]);
    expect(Array.from(chart.momentum?.series[0]?.values ?? [])).toEqual(Array.from({ length: 100 }, (_, t) => oneCycle.momentumAt(t)));
    expect(chart.momentum?.y.domain[0]).toBeLessThanOrEqual(0.85);
    expect(chart.momentum?.y.domain[1]).toBeGreaterThanOrEqual(0.95);
    expect(buildChart(series("StepLR(0.1, 30)")).momentum).toBeUndefined();
  });
  it("is drawn below the lr in text, with each epoch's momentum on the row its labels give it", () => {
    for (const height of [6, 12, 30]) {
      const panels = textPanels(renderText(chart, { width: 80, height }));
      const momentum = panels[1]!;
      expect(momentum.cells).toHaveLength(Math.max(4, Math.round(height / 3)));
      const cols = Math.max(...panels[0]!.cells.map((row) => row.length), ...momentum.cells.map((row) => row.length));
      // Two series, no colour: markers, one per cell; OneCycleLR's is "o".
      for (const epoch of [5, 29, 60, 95]) {
        const col = Math.floor(((epoch + 0.5) * cols) / 100);
        const row = Math.round(rowOf(momentum, oneCycle.momentumAt(epoch)!, false));
        expect(momentum.cells[row]![col], `height ${height}, epoch ${epoch}`).toBe("o");
      }
    }
  });
  it("is a second panel in the SVG, with the momentum path at the scaled y", () => {
    const svg = renderSvg(chart);
    expect(svg).toContain(">momentum</text>");
    expect(svg).toContain("below it, the momentum of OneCycleLR(0.1, 100)");
    const paths = [...svg.matchAll(/<path stroke="([^"]+)" d="([^"]+)"/g)];
    expect(paths.map((p) => p[1])).toEqual(["#0072B2", "#E69F00", "#E69F00"]);
    const momentumPath = paths[2]?.[2] ?? "";
    const firstY = Number(/^M[\d.]+ ([\d.]+)/.exec(momentumPath)?.[1]);
    const top = Number(/<text x="[\d.]+" y="([\d.]+)"[^>]*>0\.95<\/text>/.exec(svg)?.[1]) - 4;
    expect(Math.abs(firstY - top)).toBeLessThanOrEqual(0.1); // epoch 0: max_momentum, the top tick
  });
});
