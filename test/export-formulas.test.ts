// Every formula (src/export/formulas/, docs/export.md) against the schedule itself: the formula,
// parsed and evaluated by the expression language, gives `at(t)` within a relative 1e-12 for
// every catalog example of the libraries that have formula tables, and for extra parameter sets
// that take the other branches (staircase, cycle, three phases, warmups of zero steps, ...).
import { describe, expect, it } from "vitest";
import { evaluate, parseExpression } from "../src/core/expression.js";
import { catalog, parseLearningRate, type Schedule } from "../src/index.js";
import { FORMULAS, formulaOf } from "../src/export/formulas/index.js";
import { spanOf } from "../src/plot/span.js";
import { EXTRA, LONG_RUNS, STEP_PRODUCTS } from "./export-specs.js";
import { close } from "./helpers.js";

/** The schedules that have no formula, and why (each must be refused, by its table). */
const NO_FORMULA: Record<string, string> = {
  TimeBased: "a product with one factor per call",
  ReduceLROnPlateau: "metric-driven",
};

/** Examples whose parameters leave no closed form (their table says so; docs/export.md). */
const NO_FORMULA_HERE: Record<string, string> = {
  // Each cycle's length is truncated to a whole number when it grows by 1.5: no closed form.
  "pytorch_optimizer.CosineAnnealingWarmupRestarts(20, 1.5, max_lr=0.1, min_lr=0.001, warmup_steps=4, gamma=0.8)": "cycle lengths truncated one by one",
};


/** Steps 0..N: past the schedule's own span (a cycle or more past it), and some when it has none. */
function steps(schedule: Schedule, spec: string): number {
  if (LONG_RUNS[spec] !== undefined) return LONG_RUNS[spec];
  return Math.min(2000, Math.ceil(2 * (spanOf(schedule) ?? 40)) + 10);
}

const sources = Object.keys(FORMULAS);
const examples = catalog.filter((d) => sources.includes(d.source)).map((d) => d.example);

describe("formulas", () => {
  it("every schedule of the libraries with tables has an entry in its table", () => {
    const missing = catalog.filter((d) => sources.includes(d.source) && !Object.hasOwn(FORMULAS[d.source] ?? {}, d.type)).map((d) => d.type);
    expect(missing).toEqual([]);
  });

  for (const spec of [...examples, ...EXTRA]) {
    it(spec, () => {
      const schedule = parseLearningRate(spec);
      const formula = formulaOf(schedule);
      if (NO_FORMULA[schedule.type] !== undefined || STEP_PRODUCTS.includes(spec) || NO_FORMULA_HERE[spec] !== undefined) {
        expect(formula).toBeUndefined();
        return;
      }
      expect(formula).toBeTypeOf("string");
      const expression = parseExpression(formula as string);
      const fresh = schedule.fresh();
      const bad: string[] = [];
      for (let t = 0; t <= steps(schedule, spec); t++) {
        const expected = fresh.at(t);
        const actual = evaluate(expression, t);
        if (!close(actual, expected, 1e-12, 1e-300)) bad.push(`t=${t}: ${actual} vs ${expected}`);
      }
      expect(bad.slice(0, 5), formula).toEqual([]);
    });
  }
});
