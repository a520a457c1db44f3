// PyTorch parity: every PyTorch-named schedule against values recorded from torch 1.13 itself
// (scripts/pytorch_reference.py wrote test/fixtures/pytorch.json; tests do not need torch).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLearningRate } from "../src/index.js";
import { cli, close } from "./helpers.js";

interface Case {
  spec: string;
  values: number[];
  metrics?: number[];
  /** The optimizer's momentum (SGD) or beta1 (Adam) after t steps, where the case records it. */
  momentum?: number[];
  optimizer?: "Adam";
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/pytorch.json", import.meta.url), "utf8")) as { torch: string; cases: Case[] };

/**
 * docs/guarantees.md: relative difference <= 1e-9. PyTorch multiplies step by step where nerva-lr uses the
 * closed form; where the exact value is 0 (a cosine at its minimum), PyTorch's is ~1e-18, so values
 * within 1e-15 of the base lr in absolute terms also count as equal.
 */
function expectClose(actual: number[], expected: number[], scale: number): void {
  expect(actual).toHaveLength(expected.length);
  const bad = actual.map((a, t) => ({ t, a, e: expected[t] as number })).filter(({ a, e }) => !close(a, e, 1e-9, 1e-15 * scale));
  expect(bad).toEqual([]);
}

describe(`PyTorch ${fixture.torch} fixtures`, () => {
  it("cover every PyTorch scheduler of the catalog", () => {
    const types = new Set(fixture.cases.map((c) => parseLearningRate(c.spec).type));
    for (const name of ["StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "OneCycleLR", "SWALR", "LambdaLR", "MultiplicativeLR", "SequentialLR", "ChainedScheduler", "ReduceLROnPlateau"]) {
      expect(types).toContain(name);
    }
  });
  for (const c of fixture.cases) {
    it(c.spec, () => {
      const schedule = parseLearningRate(c.spec);
      const values: number[] = [];
      c.values.forEach((_, t) => {
        values.push(schedule.at(t));
        const metric = c.metrics?.[t];
        if (metric !== undefined) schedule.step(metric);
      });
      expectClose(values, c.values, Math.max(...c.values));
    });
    if (c.momentum) {
      it(`${c.spec}: momentum${c.optimizer === "Adam" ? " (Adam's beta1)" : ""}`, () => {
        const schedule = parseLearningRate(c.spec);
        const momentum = c.momentum ?? [];
        if (/cycle_momentum=false/.test(c.spec)) {
          // Not cycled: nerva-lr gives no momentum, and PyTorch leaves the optimizer's as it was.
          expect(schedule.momentumAt(0)).toBeUndefined();
          expect(new Set(momentum).size).toBe(1);
          return;
        }
        expectClose(momentum.map((_, t) => schedule.momentumAt(t) as number), momentum, 1);
      });
    }
  }
  it("record momentum for every momentum-cycling case, SGD and Adam", () => {
    const cycling = fixture.cases.filter((c) => c.momentum && !/cycle_momentum=false/.test(c.spec));
    expect(new Set(cycling.map((c) => parseLearningRate(c.spec).type))).toEqual(new Set(["CyclicLR", "OneCycleLR"]));
    expect(cycling.some((c) => c.optimizer === "Adam")).toBe(true);
  });
});

describe("the CLI prints PyTorch's values", () => {
  it("for the SequentialLR warmup + cosine of the catalog issue", () => {
    const spec = "SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])";
    const expected = fixture.cases.find((c) => c.spec === spec);
    const { code, stdout } = cli("eval", spec, "--epochs", "21", "--format", "json");
    expect(code).toBe(0);
    expectClose((JSON.parse(stdout) as { lr: number }[]).map((r) => r.lr), expected?.values ?? [], 0.1);
  });
  it("for ReduceLROnPlateau fed metrics", () => {
    const spec = "ReduceLROnPlateau(0.1, factor=0.5, patience=2)";
    const expected = fixture.cases.find((c) => c.spec === spec);
    const { stdout } = cli("eval", spec, "--metrics", "1,0.9,0.95,0.93,0.92", "--format", "json");
    expectClose((JSON.parse(stdout) as { lr: number }[]).map((r) => r.lr), expected?.values ?? [], 0.1);
  });
});

describe("CosineAnnealingLR's bulk fill", () => {
  it("wraps its period step by step to the same values at() computes, bit for bit", () => {
    for (const spec of ["CosineAnnealingLR(0.1, 7)", "CosineAnnealingLR(0.1, 7, eta_min=0.01)", "CosineAnnealingLR(1, 1000)"]) {
      const schedule = parseLearningRate(spec);
      for (const from of [0, 13, 999_990, 2 ** 31 - 50, 2 ** 31 + 5]) {
        const filled = schedule.fill(new Float64Array(120), from);
        filled.forEach((value, i) => expect(value, `${spec} at ${from + i}`).toBe(schedule.at(from + i)));
      }
    }
  });
});
