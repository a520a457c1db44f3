// `export --to optax`: the printed Python runs verbatim in /usr/bin/python3 against the STAND-IN
// modules of scripts/export_keras_optax_check.py (optax and JAX are not installed here): jax.numpy
// backed by numpy (float64), and optax's constructors written from the formulas in optax's source
// (docs/export-keras-optax-tfjs.md). Each schedule(k) must equal nerva-lr's at(k), relative 1e-9.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { evaluate, parseExpression } from "../src/core/expression.js";
import { NervaLrError } from "../src/core/errors.js";
import type { Schedule } from "../src/core/schedule.js";
import type { ExportContext } from "../src/export/contract.js";
import { exportOptax } from "../src/export/targets/optax.js";
import { catalog, parseLearningRate } from "../src/index.js";

/** Formulas for a handful of schedules, from the catalog's (docs/catalog.md). */
function testFormula(schedule: Schedule): string | undefined {
  const p = schedule.params as Record<string, number>;
  switch (schedule.type) {
    case "StepBased":
      return `${p["lr"]} * ${p["drop_rate"]} ** ((1 + step) // ${p["change_rate"]})`;
    case "Exponential":
      return `${p["lr"]} * exp(-${p["change_rate"]} * step)`;
    case "ConstantLR":
      return `${p["lr"]} * (${p["factor"]} if step < ${p["total_iters"]} else 1)`;
    case "MultiStepLR":
      return `${p["lr"]} * ${p["gamma"]} ** (${(schedule.params["milestones"] as number[]).map((m) => `(step >= ${m})`).join(" + ")})`;
    case "join_schedules": {
      // schedules[i](t - boundaries[i-1]) from boundaries[i-1] on, as a chain of conditionals.
      const children = schedule.params["schedules"] as unknown as Schedule[];
      const boundaries = schedule.params["boundaries"] as unknown as number[];
      const piece = (i: number) => {
        const from = i === 0 ? 0 : (boundaries[i - 1] as number);
        return `(${(testFormula(children[i] as Schedule) as string).replace(/\bstep\b/g, `(step - ${from})`)})`;
      };
      let text = piece(children.length - 1);
      for (let i = children.length - 2; i >= 0; i--) text = `${piece(i)} if step < ${boundaries[i]} else ${text}`;
      return text;
    }
    case "linear_schedule":
      return `${p["init_value"]} + (${p["end_value"]} - ${p["init_value"]}) * min(max(step - ${p["transition_begin"]}, 0), ${p["transition_steps"]}) / ${p["transition_steps"]}`;
    case "TimeBased":
      return undefined;
    default:
      throw new Error(`no test formula for ${schedule.type}`);
  }
}

const context: ExportContext = {
  formula: testFormula,
  pytorch: () => {
    throw new Error("the optax target never asks for the PyTorch export");
  },
};

function runPython(jobs: readonly { target: "optax"; code: string; steps: number }[]): number[][] {
  const out = execFileSync("/usr/bin/python3", ["scripts/export_keras_optax_check.py"], { input: JSON.stringify(jobs), encoding: "utf8", timeout: 60_000 });
  return JSON.parse(out) as number[][];
}

function expectSame(got: readonly number[], expected: (k: number) => number, label: string): void {
  got.forEach((value, k) => {
    const want = expected(k);
    if (!(Math.abs(value - want) <= 1e-9 * Math.abs(want) + 1e-300)) expect.fail(`${label} at step ${k}: the export gives ${value}, nerva-lr ${want}`);
  });
}

const STEPS = 80;
const OPTAX_EXAMPLES = catalog.filter((d) => d.source === "optax").map((d) => d.example);

/** optax's constructors: every optax entry of the catalog, more cases, and schedules equal to one. */
const NATIVE = [
  ...OPTAX_EXAMPLES,
  "linear_onecycle_schedule(40, 0.1)",
  "exponential_decay(0.1, 3, 0.7, staircase=true)",
  "piecewise_interpolate_schedule(linear, 0.1, [5, 10, 30], [2, 0.1, 0.5])",
  "join_schedules([StepLR(0.1, 3, gamma=0.5), constant_schedule(0.01), Constant(0.02)], [5, 9])",
  "StepLR(0.1, 7, gamma=0.5)",
  "ExponentialLR(0.1, 0.95)",
  "MultiStepLR(0.1, [5, 12, 30], gamma=0.3)",
  "Constant(0.05)",
  "LinearLR(0.1, start_factor=0.25, total_iters=8)",
  "LinearLR(0.1, start_factor=1, end_factor=0.1, total_iters=30)",
  "CosineDecay(0.1, 30, alpha=0.05)",
  "ExponentialDecay(0.1, 10, 0.5, staircase=true)",
  "ExponentialDecay(0.1, 7, 0.9)",
];

const FORMULA = ["StepBased(0.1, 0.5, 10)", "Exponential(0.1, 0.05)", "ConstantLR(0.1, factor=0.5, total_iters=4)", "MultiStepLR(0.1;2,2,5;0.5)", "join_schedules([linear_schedule(0, 0.1, 5), StepBased(0.1, 0.5, 4)], [5])"];

describe("export --to optax", () => {
  it("uses optax's own constructors where one is the schedule, and its values are the schedule's at every step", () => {
    const codes = NATIVE.map((spec) => {
      const code = exportOptax(parseLearningRate(spec), context);
      expect(code, spec).toMatch(/^schedule = optax\.[a-z_]+\(/m);
      expect(code).not.toContain("def schedule");
      return code;
    });
    expect(codes[NATIVE.indexOf("piecewise_constant_schedule(0.1, [5, 10], [0.5, 0.2])")] ?? codes.find((c) => c.includes("piecewise_constant"))).toMatch(/boundaries_and_scales=\{\d+: [\d.]+(, \d+: [\d.]+)*\}/);
    const values = runPython(codes.map((code) => ({ target: "optax", code, steps: STEPS })));
    NATIVE.forEach((spec, i) => {
      const schedule = parseLearningRate(spec);
      expectSame(values[i] as number[], (k) => schedule.at(k), spec);
    });
  });

  it("writes def schedule(count) with the formula in jax.numpy where optax has no constructor", () => {
    const codes = FORMULA.map((spec) => exportOptax(parseLearningRate(spec), context));
    for (const code of codes) {
      expect(code).toContain("def schedule(count):");
      expect(code).toContain("step = jnp.asarray(count, dtype=jnp.float64)");
    }
    const values = runPython(codes.map((code) => ({ target: "optax", code, steps: STEPS })));
    FORMULA.forEach((spec, i) => {
      const schedule = parseLearningRate(spec);
      expectSame(values[i] as number[], (k) => schedule.at(k), spec);
    });
  });

  it("renders conditionals, comparisons, //, % and and/or/not with Python's meaning in jax.numpy", () => {
    const expressions = ["0.1 if step < 5 else 0.01 if step < 20 else 0.001", "0.1 * (step // 3) % 4 + 0.01 * (not 2 < step <= 9)", "(step > 3 and step < 10) * 0.2 + (step % 7 or 0.5) * 0.01 + int(step / 3) * 0.001"];
    const constant = parseLearningRate("StepBased(0.1, 0.5, 10)");
    const codes = expressions.map((text) => exportOptax(constant, { ...context, formula: () => text }));
    const values = runPython(codes.map((code) => ({ target: "optax", code, steps: 40 })));
    expressions.forEach((text, i) => {
      const expression = parseExpression(text);
      expectSame(values[i] as number[], (k) => evaluate(expression, k), text);
    });
  });

  it("refuses metric-driven schedules, naming optax's reduce_on_plateau", () => {
    let error: unknown;
    try {
      exportOptax(parseLearningRate("ReduceLROnPlateau(0.1, patience=3)"), context);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NervaLrError);
    expect((error as NervaLrError).code).toBe("cannot-export");
    expect((error as NervaLrError).problem).toContain("optax.contrib.reduce_on_plateau");
  });

  it("refuses a schedule without a formula, naming optax's constructors", () => {
    expect(() => exportOptax(parseLearningRate("TimeBased(0.1, 0.01)"), context)).toThrow(/no formula of the step alone.*constant_schedule/);
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
      const before = counts.formula;
      try {
        exportOptax(parseLearningRate(definition.example), asked);
        if (counts.formula === before) counts.native++;
      } catch (error) {
        expect((error as NervaLrError).code).toBe("cannot-export");
        counts.refused++;
      }
    }
    // optax's 14, plus StepLR, ExponentialLR, LinearLR, nerva's Constant and Keras' ExponentialDecay
    // (Keras' CosineDecay example has a warmup).
    expect(counts.native).toBe(19);
    expect(counts.refused).toBe(1);
    expect(counts.native + counts.formula + counts.refused).toBe(catalog.length);
  });
});
