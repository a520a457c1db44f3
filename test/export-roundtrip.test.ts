// Issue 18, item 12: import(export(s, target)) is s again, value for value. Every catalog entry is
// exported to every target; what comes out is read back as a user would paste it (readSchedule:
// Python text, a DeepSpeed config) and must give the same values at steps 0..59. Exports written
// with the framework's own constructors read back for every target; PyTorch's LambdaLR formula
// form reads back too. Keras' subclass and optax's `def schedule(count)` carry the formula in
// code nerva-lr does not read (docs/export.md): those are proven by running them instead.
import { describe, expect, it } from "vitest";
import { readSchedule } from "../src/configs/index.js";
import { exportSchedule, TARGETS } from "../src/export/index.js";
import { catalog, parseLearningRate, type Schedule } from "../src/index.js";
import { close } from "./helpers.js";

const METRICS = [1, 0.9, 0.95, 0.96, 0.97, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86, 0.87, 0.88, 0.89];

/** The values at steps 0..n-1 in order (a stateful schedule is asked in call order; metrics fed after each step). */
function values(schedule: Schedule, n = 60): number[] {
  const fresh = schedule.fresh();
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    out.push(fresh.at(t));
    if (fresh.behaviour === "metric-driven") fresh.step(METRICS[t % METRICS.length] as number);
  }
  return out;
}

/** Written with constructors nerva-lr reads: not Keras' formula subclass or optax's formula function. */
function readable(code: string): boolean {
  return !/^class Schedule\(|^def schedule\(/m.test(code);
}

describe("round trip: read back what export writes", () => {
  const counts: Record<string, { back: number; formula: number; refused: number }> = {};
  for (const target of TARGETS.filter((t) => t !== "tfjs")) {
    counts[target] = { back: 0, formula: 0, refused: 0 };
    for (const definition of catalog) {
      it(`${target}: ${definition.example}`, () => {
        const schedule = parseLearningRate(definition.example);
        let code: string;
        try {
          code = exportSchedule(schedule, target);
        } catch (error) {
          expect((error as { code?: string }).code).toBe("cannot-export");
          (counts[target] as { refused: number }).refused++;
          return;
        }
        if (!readable(code)) {
          expect(target === "keras" || target === "optax").toBe(true);
          (counts[target] as { formula: number }).formula++;
          return;
        }
        const back = readSchedule(code).schedule;
        const expected = values(schedule);
        const actual = values(back);
        const bad = expected.map((e, t) => ({ t, e, a: actual[t] as number })).filter(({ e, a }) => !close(a, e, 1e-9, 1e-15));
        expect(bad.slice(0, 3), code).toEqual([]);
        (counts[target] as { back: number }).back++;
      });
    }
  }
  it("reads back every PyTorch export and every export in a framework's own constructors", () => {
    console.log(`round trip (read back / formula code not read / refused): ${Object.entries(counts).map(([t, c]) => `${t} ${c.back}/${c.formula}/${c.refused}`).join(", ")}`);
    const pytorch = counts["pytorch"] as { back: number; formula: number; refused: number };
    expect(pytorch.back + pytorch.refused).toBe(catalog.length);
    expect(pytorch.formula).toBe(0);
  });
  it("reads the tfjs export's spec back", () => {
    for (const definition of catalog) {
      const schedule = parseLearningRate(definition.example);
      const code = exportSchedule(schedule, "tfjs");
      expect(code, definition.example).toContain(JSON.stringify(String(schedule)).slice(1, -1).slice(0, 20));
    }
  });
});
