// The chart model and both renderers on any finite values: zeros, subnormals, 1.79e308, equal
// ends, one epoch or many, any size, linear and log. Each chart finishes at once (no loop or
// allocation grows with a value), its ticks are finite and round, and no NaN, Infinity, undefined
// or null reaches the text or the SVG (issue 16 item 2).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chartOf } from "../src/plot/model.js";
import { linearRowScale, linearScale, logRowScale, logScale, type Scale } from "../src/plot/scale.js";
import { renderSvg } from "../src/plot/svg.js";
import { renderText, textPanels } from "../src/plot/text.js";

const special = fc.constantFrom(0, Number.MIN_VALUE, 2.2e-308, 1e-320, 1e-300, 1e-12, 0.1, 1, 1e6, 1e300, 1e308, Number.MAX_VALUE);
const value = fc.oneof(special, fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }), fc.double({ min: 0, max: 1e-300, noNaN: true }));
const values = fc.array(value, { minLength: 1, maxLength: 200 });
const size = fc.record({ width: fc.integer({ min: 1, max: 400 }), height: fc.integer({ min: 1, max: 80 }) });

const BAD = /NaN|Infinity|undefined|null/;

/** Round: a linear tick is a whole multiple of a step 1, 2 or 5 times a power of ten. */
function expectRoundLinear(ticks: readonly number[]): void {
  for (const tick of ticks) expect(Number.isFinite(tick)).toBe(true);
  if (ticks.length < 2) return;
  // The step from the outer ticks (a difference of neighbours near 1e308 loses digits), snapped to one digit.
  const estimate = ((ticks[ticks.length - 1] as number) - (ticks[0] as number)) / (ticks.length - 1);
  const step = Number(estimate.toPrecision(1));
  // Doubles near 1e308 are 2e292 apart: allow that resolution, and no more.
  const resolution = 1e-15 * Math.max(...ticks.map(Math.abs));
  expect(Math.abs(estimate - step), `step ${estimate}`).toBeLessThanOrEqual(1e-9 * step + resolution);
  expect(["1", "2", "5"]).toContain(step.toExponential()[0]);
  for (const tick of ticks) expect(Math.abs(tick - Math.round(tick / step) * step), `tick ${tick} / ${step}`).toBeLessThanOrEqual(1e-9 * step + resolution);
}

/** Round: log ticks are powers of ten (or 2 and 5 times one), exponents a round number of decades apart. */
function expectRoundLog(ticks: readonly number[]): void {
  for (const tick of ticks) {
    expect(Number.isFinite(tick) && tick > 0, `tick ${tick}`).toBe(true);
    expect(/^[125]e[+-]?\d+$/.test(tick.toExponential()), `tick ${tick}`).toBe(true);
  }
  const decades = ticks.filter((tick) => tick.toExponential().startsWith("1e")).map((tick) => Number(tick.toExponential().slice(2)));
  if (decades.length === ticks.length && decades.length >= 2) {
    const step = (decades[1] as number) - (decades[0] as number);
    expect([1, 2, 5, 10, 20, 50, 100, 200, 500]).toContain(step);
  }
}

function expectScale(scale: Scale): void {
  expect(Number.isFinite(scale.domain[0]) && Number.isFinite(scale.domain[1]) && scale.domain[0] < scale.domain[1], `domain ${scale.domain}`).toBe(true);
  expect(scale.ticks.length).toBeGreaterThanOrEqual(1);
  expect(scale.ticks.length).toBeLessThanOrEqual(16);
  if (scale.kind === "log") expectRoundLog(scale.ticks);
  else expectRoundLinear(scale.ticks);
  for (const tick of scale.ticks) expect(scale.label(tick)).not.toMatch(BAD);
}

describe("charts on any finite values", () => {
  it("scales: finite ends, round ticks, bounded work, for any two ends and any row count", () => {
    fc.assert(
      fc.property(value, value, fc.integer({ min: 3, max: 500 }), (a, b, rows) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const start = performance.now();
        expectScale(linearScale(low, high));
        expectScale(linearRowScale(low, high, rows));
        if (high > 0) {
          const smallest = low > 0 ? low : high;
          expectScale(logScale(smallest, high));
          expectScale(logRowScale(smallest, high, rows));
        }
        // Generous: the machine is shared; a loop that grew with a value would take far longer.
        expect(performance.now() - start).toBeLessThan(1000);
      }),
      { numRuns: Number(process.env["PLOT_FUZZ_RUNS"] ?? 400) },
    );
  }, 120_000);

  it("text and SVG: finish quickly, round ticks, labels on their rows, no NaN", () => {
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 3 }), size, fc.boolean(), (arrays, { width, height }, log) => {
        const epochs = arrays[0]!.length;
        const series = arrays.map((list, i) => ({ label: `s${i}`, values: Float64Array.from({ length: epochs }, (_, t) => list[t % list.length]!) }));
        if (log && !series.some(({ values }) => values.some((v) => v > 0))) {
          expect(() => chartOf(series, { log })).toThrow(/log scale cannot show/);
          return;
        }
        const start = performance.now();
        const chart = chartOf(series, { log });
        expectScale(chart.y);
        const text = renderText(chart, { width, height });
        const svg = renderSvg(chart, { width: width * 10, height: height * 10 });
        expect(performance.now() - start).toBeLessThan(2000);
        expect(text).not.toMatch(BAD);
        // Every tick of the text chart's axes on a whole row (within a quarter row).
        for (const panel of textPanels(chart, Math.max(4, height))) {
          for (const tick of panel.view.y.ticks) {
            const row = (1 - panel.view.y.fraction(tick)) * (panel.rows - 1);
            expect(Math.abs(row - Math.round(row)), `tick ${tick}`).toBeLessThanOrEqual(0.25);
          }
        }
        expect(svg).not.toMatch(BAD);
        for (const [, number] of svg.matchAll(/\s[xy][12]?="([^"]*)"/g)) expect(Number.isFinite(Number(number)), number).toBe(true);
      }),
      { numRuns: Number(process.env["PLOT_FUZZ_RUNS"] ?? 300) },
    );
  }, 120_000);

  it("refuses a non-finite value with a one-line NervaLrError naming the series and the epoch", () => {
    for (const bad of [Infinity, -Infinity, NaN]) {
      const values = Float64Array.from([0.1, 0.2, bad, 0.3]);
      expect(() => chartOf([{ label: "mine", values }])).toThrow(/^Invalid schedule: cannot plot mine: its lr at epoch 2 is not a finite number \(.+\)$/);
    }
  });
});
