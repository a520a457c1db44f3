// Text charts at many sizes: a y label stands on the row whose value it names (within a quarter of
// a row), and each epoch's lr, computed here from the schedule's formula, is drawn on the row the
// labels put it on. Issue 15: labels used to sit up to 0.4 of a row off (StepLR's 0.05 on "0.06").
import { describe, expect, it } from "vitest";
import { parseLearningRate } from "../src/index.js";
import { buildChart } from "../src/plot/model.js";
import { renderText } from "../src/plot/text.js";
import { textPanels as chartPanels } from "../src/plot/text.js";
import { cli } from "./helpers.js";
import { litRows, rowOf, textPanels, type TextPanel } from "./plot-helpers.js";

interface Case {
  readonly spec: string;
  readonly epochs: number;
  /** The lr of epoch t, from the schedule's documented formula. */
  readonly lr: (t: number) => number;
}

const CASES: readonly Case[] = [
  { spec: "StepLR(0.1, 10, 0.5)", epochs: 40, lr: (t) => 0.1 * 0.5 ** Math.floor(t / 10) },
  { spec: "CosineAnnealingLR(0.1, 50)", epochs: 50, lr: (t) => 0.05 * (1 + Math.cos((Math.PI * t) / 50)) },
  { spec: "ExponentialLR(0.1, 0.8)", epochs: 30, lr: (t) => 0.1 * 0.8 ** t },
  // PyTorch LinearLR: start_factor 1/3 to 1 over total_iters 5.
  { spec: "LinearLR(0.1)", epochs: 12, lr: (t) => 0.1 * (1 / 3 + ((1 - 1 / 3) * Math.min(t, 5)) / 5) },
  { spec: "Constant(0.37)", epochs: 20, lr: () => 0.37 },
  { spec: "ExponentialLR(3e5, 0.7)", epochs: 25, lr: (t) => 3e5 * 0.7 ** t },
  { spec: "ExponentialLR(4e-6, 0.9)", epochs: 25, lr: (t) => 4e-6 * 0.9 ** t },
  { spec: "ExponentialLR(0.1, 0.1)", epochs: 70, lr: (t) => 0.1 * 0.1 ** t },
];

const WIDTHS = [30, 47, 80, 137] as const;

/** Checks one rendered panel against the formula; returns how many epochs were checked. */
function checkPanel(panel: TextPanel, c: Case, log: boolean, width: number, dotsX: number, where: string): number {
  expect(panel.labels.length, `${where}: labels`).toBeGreaterThanOrEqual(2);
  // The labels agree with each other: every one is within a quarter row of where the outer two put it.
  for (const label of panel.labels) expect(Math.abs(rowOf(panel, label.value, log) - label.row), `${where}: label ${label.text}`).toBeLessThanOrEqual(0.25);
  const cols = Math.max(...panel.cells.map((row) => row.length));
  expect(cols).toBeLessThanOrEqual(width);
  let checked = 0;
  // The plot's columns: the width less the labels and the axis (the widest row tells).
  const pixels = panelWidth(panel) * dotsX;
  const epochOf = (x: number) => [Math.floor((x * c.epochs) / pixels), Math.ceil(((x + 1) * c.epochs) / pixels) - 1] as const;
  for (let col = 1; col < panelWidth(panel); col++) {
    const [from] = epochOf(col * dotsX - 1);
    const [, to] = epochOf(col * dotsX + dotsX - 1);
    if (from !== to) continue; // a change of lr may be drawn here: not one row
    const value = c.lr(from);
    if (log && !(value > 0)) continue;
    const row = rowOf(panel, value, log);
    if (Math.abs((row % 1) - 0.5) < 0.02 || row < -0.5 || row > panel.cells.length - 0.5) continue; // on a boundary
    expect(litRows(panel, col), `${where}: column ${col}, epoch ${from}, lr ${value}`).toEqual([Math.round(row) + 0]);
    checked++;
  }
  return checked;
}

/** The plot's width in cells: from the axis to the right edge of the chart. */
function panelWidth(panel: TextPanel): number {
  return panelWidths.get(panel) ?? 0;
}
const panelWidths = new WeakMap<TextPanel, number>();

function render(c: Case, options: { log: boolean; width: number; height: number; ascii?: boolean }): { panel: TextPanel; text: string } {
  const chart = buildChart([{ label: c.spec, schedule: parseLearningRate(c.spec) }], { epochs: c.epochs, log: options.log });
  const text = renderText(chart, options);
  const panel = textPanels(text)[0]!;
  // The axis line's rule is exactly as wide as the plot.
  const rule = text.split("\n").find((line) => /^\s*[└+][─┬+-]/.test(line))!;
  panelWidths.set(panel, Array.from(rule.trim()).length - 1);
  return { panel, text };
}

describe("text chart rows", () => {
  for (const log of [false, true]) {
    it(`labels stand on their rows, and each epoch's lr is on its row, heights 3..40 (${log ? "log" : "linear"})`, () => {
      let checked = 0;
      for (let height = 3; height <= 40; height++) {
        for (const [i, c] of CASES.entries()) {
          const width = WIDTHS[(height + i) % WIDTHS.length]!;
          const { panel } = render(c, { log, width, height });
          expect(panel.cells.length, `${c.spec} height ${height}`).toBe(Math.max(4, height));
          checked += checkPanel(panel, c, log, width, 2, `${c.spec} ${log ? "log" : "linear"} ${width}x${height}`);
        }
      }
      expect(checked).toBeGreaterThan(2000);
    });
  }

  it("holds with one marker per cell (--ascii) at every width", () => {
    let checked = 0;
    for (const width of WIDTHS) {
      for (const height of [4, 5, 7, 12, 23]) {
        for (const c of CASES) {
          for (const log of [false, true]) {
            const { panel } = render(c, { log, width, height, ascii: true });
            checked += checkPanel(panel, c, log, width, 1, `${c.spec} ascii ${log ? "log" : "linear"} ${width}x${height}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("StepLR at height 5 (issue 15): 0.10, 0.05 and 0.00 on their rows, each step on its own", () => {
    const { panel } = render(CASES[0]!, { log: false, width: 60, height: 5 });
    expect(panel.labels.map((l) => [l.row, l.text])).toEqual([
      [0, "0.10"],
      [2, "0.05"],
      [4, "0.00"],
    ]);
  });

  it("a log axis labels powers of ten a round number of decades apart", () => {
    for (let height = 4; height <= 40; height += 3) {
      const chart = buildChart([{ label: "x", schedule: parseLearningRate("ExponentialLR(0.1, 0.1)") }], { epochs: 70, log: true });
      const { y } = chartPanels(chart, height)[0]!.view;
      const exponents = y.ticks.map((tick) => Math.round(Math.log10(tick)));
      y.ticks.forEach((tick, i) => expect(tick).toBe(Number(`1e${exponents[i]}`)));
      const step = exponents[1]! - exponents[0]!;
      expect([1, 2, 5, 10, 20, 50, 100]).toContain(step);
      exponents.forEach((e) => expect(Math.abs(e % step)).toBe(0));
    }
  });

  it("the momentum panel's labels stand on their rows too", () => {
    const spec = "OneCycleLR(0.1, 100)";
    for (const height of [4, 9, 12, 15, 30]) {
      const chart = buildChart([{ label: spec, schedule: parseLearningRate(spec) }], { epochs: 100 });
      const panels = textPanels(renderText(chart, { width: 80, height }));
      expect(panels).toHaveLength(2);
      const momentum = panels[1]!;
      for (const label of momentum.labels) expect(Math.abs(rowOf(momentum, label.value, false) - label.row)).toBeLessThanOrEqual(0.25);
    }
  });

  it("through the CLI: the issue's command labels 0.10, 0.05, 0.00 on rows 0, 2, 4", () => {
    const { code, stdout } = cli("plot", "StepLR(0.1, 10, 0.5)", "--epochs", "40", "--height", "5");
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(0, 5).map((line) => line.slice(0, 6))).toEqual(["0.10 ┤", "     │", "0.05 ┤", "     │", "0.00 ┤"]);
  });
});
