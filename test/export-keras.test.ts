// `export --to keras`: the printed Python runs verbatim in /usr/bin/python3 against the STAND-IN
// modules of scripts/export_keras_optax_check.py (Keras is not installed here): keras.ops backed by
// numpy, and keras.optimizers.schedules' classes written from the formulas in Keras' source
// (docs/export-keras-optax-tfjs.md). Each value schedule(k) must equal nerva-lr's at(k), relative 1e-9.
// The formulas handed to the exporter are written here (the catalog's arrive with src/export/formulas/).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { evaluate, parseExpression } from "../src/core/expression.js";
import { NervaLrError } from "../src/core/errors.js";
import type { Schedule } from "../src/core/schedule.js";
import type { ExportContext } from "../src/export/contract.js";
import { exportKeras } from "../src/export/targets/keras.js";
import { catalog, parseLearningRate } from "../src/index.js";

/** Formulas for a handful of schedules, from the catalog's (docs/catalog.md). */
function testFormula(schedule: Schedule): string | undefined {
  const p = schedule.params as Record<string, number>;
  switch (schedule.type) {
    case "Constant":
      return `${p["lr"]}`;
    case "StepBased":
      return `${p["lr"]} * ${p["drop_rate"]} ** ((1 + step) // ${p["change_rate"]})`;
    case "Exponential":
      return `${p["lr"]} * exp(-${p["change_rate"]} * step)`;
    case "LinearLR":
      return `${p["lr"]} * (${p["start_factor"]} + (${p["end_factor"]} - ${p["start_factor"]}) * min(step, ${p["total_iters"]}) / ${p["total_iters"]})`;
    case "ConstantLR":
      return `${p["lr"]} * (${p["factor"]} if step < ${p["total_iters"]} else 1)`;
    case "MultiStepLR":
      return `${p["lr"]} * ${p["gamma"]} ** (${(schedule.params["milestones"] as number[]).map((m) => `(step >= ${m})`).join(" + ")})`;
    case "TimeBased":
      return undefined;
    default:
      throw new Error(`no test formula for ${schedule.type}`);
  }
}

const context: ExportContext = {
  formula: testFormula,
  pytorch: () => {
    throw new Error("the keras target never asks for the PyTorch export");
  },
};

/** Runs generated code in real Python with the stand-in modules; the values at 0..steps-1. */
function runPython(jobs: readonly { target: "keras" | "optax"; code: string; steps: number }[]): number[][] {
  const out = execFileSync("/usr/bin/python3", ["scripts/export_keras_optax_check.py"], { input: JSON.stringify(jobs), encoding: "utf8", timeout: 60_000 });
  return JSON.parse(out) as number[][];
}

function expectSame(got: readonly number[], expected: (k: number) => number, label: string): void {
  got.forEach((value, k) => {
    const want = expected(k);
    if (!(Math.abs(value - want) <= 1e-9 * Math.abs(want) + 1e-300)) expect.fail(`${label} at step ${k}: the export gives ${value}, nerva-lr ${want}`);
  });
}

const STEPS = 60;

/** Keras' own classes: the catalog's Keras schedules and the PyTorch ones equal to one. */
const NATIVE = [
  ["ExponentialDecay(0.1, 10, 0.5, staircase=true)", "ExponentialDecay"],
  ["ExponentialDecay(0.1, 7, 0.9)", "ExponentialDecay"],
  ["InverseTimeDecay(0.1, 5, 0.5)", "InverseTimeDecay"],
  ["InverseTimeDecay(0.1, 5, 0.5, staircase=true)", "InverseTimeDecay"],
  ["PolynomialDecay(0.1, 10, cycle=true)", "PolynomialDecay"],
  ["PolynomialDecay(0.1, 25, end_learning_rate=0.01, power=2)", "PolynomialDecay"],
  ["PiecewiseConstantDecay([5, 10], [0.1, 0.05, 0.01])", "PiecewiseConstantDecay"],
  ["CosineDecay(0.01, 20, alpha=0.1, warmup_target=0.1, warmup_steps=5)", "CosineDecay"],
  ["CosineDecay(0.1, 30, alpha=0.05)", "CosineDecay"],
  ["CosineDecayRestarts(0.1, 5, m_mul=0.8, alpha=0.05)", "CosineDecayRestarts"],
  ["CosineDecayRestarts(0.1, 4, t_mul=1, m_mul=0.5)", "CosineDecayRestarts"],
  ["StepLR(0.1, 7, gamma=0.5)", "ExponentialDecay"],
  ["ExponentialLR(0.1, 0.95)", "ExponentialDecay"],
  ["torch.MultiStepLR(0.1, [5, 12, 30], gamma=0.3)", "PiecewiseConstantDecay"],
  ["nerva.MultiStepLR(0.1, [1, 2, 40])", "PiecewiseConstantDecay"],
  ["exponential_decay(0.1, 4, 0.8, staircase=true)", "ExponentialDecay"],
  ["exponential_decay(0.1, 3, 0.9)", "ExponentialDecay"],
  ["cosine_decay_schedule(0.1, 20, alpha=0.1)", "CosineDecay"],
] as const;

/** Schedules without a Keras class: the subclass with the formula. */
const FORMULA = ["Constant(0.05)", "StepBased(0.1, 0.5, 10)", "Exponential(0.1, 0.05)", "LinearLR(0.1, start_factor=0.25, total_iters=8)", "ConstantLR(0.1, factor=0.5, total_iters=4)", "torch.MultiStepLR(0.1, [0, 3])"];

describe("export --to keras", () => {
  it("uses Keras' own class where one is the schedule, and its values are the schedule's at every step", () => {
    const codes = NATIVE.map(([spec, name]) => {
      const code = exportKeras(parseLearningRate(spec), context);
      expect(code, spec).toContain(`schedule = keras.optimizers.schedules.${name}(`);
      expect(code).not.toContain("class Schedule");
      return code;
    });
    const values = runPython(codes.map((code) => ({ target: "keras", code, steps: STEPS })));
    NATIVE.forEach(([spec], i) => {
      const schedule = parseLearningRate(spec);
      expectSame(values[i] as number[], (k) => schedule.at(k), spec);
    });
  });

  it("writes a LearningRateSchedule subclass with the formula in keras.ops where Keras has no class", () => {
    const codes = FORMULA.map((spec) => exportKeras(parseLearningRate(spec), context));
    for (const code of codes) {
      expect(code).toContain("class Schedule(keras.optimizers.schedules.LearningRateSchedule):");
      expect(code).toContain('step = keras.ops.cast(step, "float64")');
      expect(code).toContain("def get_config(self):");
    }
    const values = runPython(codes.map((code) => ({ target: "keras", code, steps: STEPS })));
    FORMULA.forEach((spec, i) => {
      const schedule = parseLearningRate(spec);
      expectSame(values[i] as number[], (k) => schedule.at(k), spec);
    });
  });

  it("renders every form of the expression language with Python's meaning (checked against the language's own evaluate)", () => {
    const expressions = [
      "0.1 if step < 5 else 0.01 if step < 20 else 0.001",
      "0.1 * (step // 3) % 4 + 0.01",
      "0.1 * (2 < step <= 9) + 0.01 * (not step > 4)",
      "(step > 3 and step < 10) * 0.2 + (step % 7 or 0.5) * 0.01",
      "0.1 * (0 if step >= 5 or step == 2 else 1) + 0.001",
      "int(step / 3) * 0.01 + float(step) * 0.001 + abs(-0.1) + 1e-3",
      "min(step, 10, 20 - step / 4) / 100 + max(0.001, step / 1000, 0.002)",
      "log(step + 1, 2) / 100 + log2(step + 2) / 1000 + log10(step + 10) / 1000 + log(step + 1) / 50",
      "pow(0.9, step) * sqrt(step + 1) / 10 + exp(-step) + tanh(step / 10) / 10",
      "0.05 * (1 + cos(pi * step / 25)) + 0.01 * sin(step / e) ** 2 + ceil(step / 4) / 100 + floor(step / 5) / 100",
      "0.1 * (0.5 if 1 < 2 else 0.25) + min(1, 2) * max(0.1, 0.2) * 0 + math.pi / 100 + (2 < 3 < 4) * 0.001",
      "-(-step) / 100 + (-2) ** 2 / 100 + -2 ** 2 / -100",
    ];
    const constant = parseLearningRate("Constant(1)");
    const codes = expressions.map((text) => exportKeras(constant, { ...context, formula: () => text }));
    const values = runPython(codes.map((code) => ({ target: "keras", code, steps: 40 })));
    expressions.forEach((text, i) => {
      const expression = parseExpression(text);
      expectSame(values[i] as number[], (k) => evaluate(expression, k), text);
    });
  });

  it("refuses metric-driven schedules, naming Keras' ReduceLROnPlateau callback", () => {
    const error = (() => {
      try {
        exportKeras(parseLearningRate("ReduceLROnPlateau(0.1, patience=3)"), context);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NervaLrError);
    expect((error as NervaLrError).code).toBe("cannot-export");
    expect((error as NervaLrError).problem).toContain("keras.callbacks.ReduceLROnPlateau");
  });

  it("refuses a schedule without a formula (TimeBased depends on the order of calls), naming Keras' classes", () => {
    expect(() => exportKeras(parseLearningRate("TimeBased(0.1, 0.01)"), context)).toThrow(/no formula of the step alone.*ExponentialDecay, InverseTimeDecay/);
  });

  it("counts over the catalog's examples: native, formula, refused", () => {
    const counts = { native: 0, formula: 0, refused: 0 };
    const asked: ExportContext = {
      formula: () => {
        counts.formula++;
        return "0.1";
      },
      pytorch: context.pytorch,
    };
    for (const definition of catalog) {
      const schedule = parseLearningRate(definition.example);
      const before = counts.formula;
      try {
        const code = exportKeras(schedule, asked);
        if (counts.formula === before) counts.native++;
        expect(code).toMatch(/^schedule = /m);
      } catch (error) {
        expect((error as NervaLrError).code).toBe("cannot-export");
        counts.refused++;
      }
    }
    // The six Keras classes plus StepLR and ExponentialLR (MultiStepLR's example repeats a milestone,
    // the examples of optax's exponential_decay and cosine_decay_schedule use transition_begin and exponent).
    expect(counts.native).toBe(8);
    expect(counts.refused).toBe(1);
    expect(counts.native + counts.formula + counts.refused).toBe(catalog.length);
  });
});
