// Schedules beyond PyTorch (Keras, optax, Hugging Face, timm). Each expected value is worked out by
// hand from the source library's formula, quoted in the comment beside it.
import { describe, expect, it } from "vitest";
import { lambdaLR, multiplicativeLR, NervaLrError, parseLearningRate } from "../src/index.js";
import { CHECKPOINT_EVERY, RunningProduct } from "../src/schedules/functional.js";

function expectValues(spec: string, points: [t: number, value: number][]): void {
  const schedule = parseLearningRate(spec);
  for (const [t, value] of points) {
    const got = schedule.at(t);
    if (Math.abs(got - value) > 1e-12 * Math.max(1, Math.abs(value))) {
      expect.fail(`${spec} at t=${t}: expected ${value}, got ${got}`);
    }
  }
}

const halfCos = (f: number) => (1 + Math.cos(Math.PI * f)) / 2;

describe("Keras", () => {
  it("ExponentialDecay: lr * rate^(t / steps), floored with staircase", () => {
    expectValues("ExponentialDecay(0.1, 10, 0.5)", [[0, 0.1], [5, 0.1 * Math.sqrt(0.5)], [10, 0.05], [30, 0.0125]]);
    expectValues("ExponentialDecay(0.1, 10, 0.5, staircase=true)", [[9, 0.1], [10, 0.05], [15, 0.05], [20, 0.025]]);
  });
  it("InverseTimeDecay: lr / (1 + rate * t / steps), the stateless TimeBased", () => {
    expectValues("InverseTimeDecay(1, 1, 0.5)", [[0, 1], [2, 0.5], [6, 0.25]]);
    expectValues("InverseTimeDecay(1, 3, 0.5, staircase=true)", [[2, 1], [3, 1 / 1.5], [5, 1 / 1.5], [6, 0.5]]);
  });
  it("PolynomialDecay: (lr - end) * (1 - t/D)^power + end, holding end, or cycling", () => {
    expectValues("PolynomialDecay(0.1, 10, end_learning_rate=0.01, power=2)", [[0, 0.1], [5, 0.09 * 0.25 + 0.01], [10, 0.01], [20, 0.01]]);
    // cycle: D = 10 * ceil(t / 10), and 1 * 10 at t = 0
    expectValues("PolynomialDecay(0.1, 10, 0.01, 2, cycle=true)", [[0, 0.1], [10, 0.01], [15, 0.09 * 0.0625 + 0.01], [20, 0.01]]);
  });
  it("PiecewiseConstantDecay: a boundary belongs to the piece before it", () => {
    expectValues("PiecewiseConstantDecay([10, 20], [1, 0.5, 0.1])", [[0, 1], [10, 1], [10.5, 0.5], [20, 0.5], [21, 0.1]]);
  });
  it("CosineDecay: cosine to alpha * lr, holding it; with warmup to warmup_target first", () => {
    expectValues("CosineDecay(1, 10)", [[0, 1], [5, 0.5], [10, 0], [50, 0]]);
    expectValues("CosineDecay(1, 10, alpha=0.1)", [[5, 0.9 * 0.5 + 0.1], [10, 0.1], [99, 0.1]]);
    expectValues("CosineDecay(0, 10, warmup_target=1, warmup_steps=5)", [[0, 0], [2.5, 0.5], [5, 1], [10, 0.5], [15, 0], [40, 0]]);
  });
  it("CosineDecayRestarts: cycles of 10, 20, 40 ... steps, peaks times m_mul each restart", () => {
    // restarts at 10, 30, 70 (t_mul = 2); peak m_mul^i
    expectValues("CosineDecayRestarts(1, 10, t_mul=2, m_mul=0.5)", [[0, 1], [5, 0.5], [10, 0.5], [20, 0.5 * halfCos(0.5)], [30, 0.25], [70, 0.125]]);
    expectValues("CosineDecayRestarts(1, 10, t_mul=1, m_mul=0.5, alpha=0.2)", [[10, 0.8 * 0.5 + 0.2], [25, 0.8 * 0.25 * 0.5 + 0.2]]);
    // t_mul = 3 from 1: restarts at 1, 4, 13, 40, 121, 364 exactly
    expectValues("CosineDecayRestarts(1, 1, t_mul=3, m_mul=0.5)", [[363, Math.pow(0.5, 5) * halfCos(242 / 243)], [364, Math.pow(0.5, 6)]]);
  });
});

describe("optax", () => {
  it("linear_schedule: constant, ramp from transition_begin, constant", () => {
    expectValues("linear_schedule(1, 0, 10, transition_begin=5)", [[0, 1], [5, 1], [10, 0.5], [15, 0], [99, 0]]);
  });
  it("cosine_decay_schedule: init * ((1 - alpha) * cos^exponent + alpha)", () => {
    expectValues("cosine_decay_schedule(1, 10, alpha=0.2)", [[5, 0.8 * 0.5 + 0.2], [10, 0.2], [20, 0.2]]);
    expectValues("cosine_decay_schedule(1, 10, alpha=0.2, exponent=2)", [[5, 0.8 * 0.25 + 0.2]]);
  });
  it("warmup_cosine_decay_schedule: peak at the end of the warmup, end_value at decay_steps", () => {
    expectValues("warmup_cosine_decay_schedule(0, 1, 5, 15, end_value=0.1)", [[0, 0], [2.5, 0.5], [5, 1], [10, 0.9 * 0.5 + 0.1], [15, 0.1], [100, 0.1]]);
  });
  it("piecewise_constant_schedule: scales apply from their boundary on", () => {
    expectValues("piecewise_constant_schedule(1, [5, 10], [0.5, 0.1])", [[4, 1], [5, 0.5], [9, 0.5], [10, 0.05]]);
  });
  it("piecewise_interpolate_schedule: cumulative values, interpolated", () => {
    expectValues("piecewise_interpolate_schedule(linear, 1, [10, 20], [0.5, 2])", [[2.5, 0.875], [5, 0.75], [10, 0.5], [15, 0.75], [20, 1], [30, 1]]);
    expectValues("piecewise_interpolate_schedule(cosine, 1, [10, 20], [0.5, 2])", [[2.5, 0.5 + 0.25 * (Math.cos(Math.PI / 4) + 1)], [5, 0.75], [10, 0.5]]);
  });
  it("one-cycle presets: peak at int(pct_start * T), tiny at T", () => {
    expectValues("cosine_onecycle_schedule(100, 1)", [[0, 0.04], [15, 0.52], [30, 1], [100, 1 / 25 / 1e4], [200, 1 / 25 / 1e4]]);
    expectValues("linear_onecycle_schedule(100, 1)", [[0, 0.04], [30, 1], [85, 0.04], [100, 0.04 / 1e4]]);
  });
});

describe("Hugging Face", () => {
  it("get_constant_schedule_with_warmup", () => {
    expectValues("get_constant_schedule_with_warmup(1, 4)", [[0, 0], [1, 0.25], [4, 1], [100, 1]]);
  });
  it("get_linear_schedule_with_warmup", () => {
    expectValues("get_linear_schedule_with_warmup(1, 10, 110)", [[5, 0.5], [10, 1], [60, 0.5], [110, 0], [200, 0]]);
  });
  it("get_cosine_schedule_with_warmup (periodic past the end, as in transformers)", () => {
    expectValues("get_cosine_schedule_with_warmup(1, 10, 110)", [[5, 0.5], [10, 1], [60, 0.5], [110, 0], [210, 1]]);
  });
  it("get_cosine_with_hard_restarts_schedule_with_warmup", () => {
    expectValues("get_cosine_with_hard_restarts_schedule_with_warmup(1, 0, 100, num_cycles=2)", [[25, 0.5], [50, 1], [75, 0.5], [100, 0], [150, 0]]);
  });
  it("get_polynomial_decay_schedule_with_warmup", () => {
    expectValues("get_polynomial_decay_schedule_with_warmup(1, 10, 110, lr_end=0.1, power=2)", [[5, 0.5], [10, 1], [60, 0.9 * 0.25 + 0.1], [110, 0.1], [200, 0.1]]);
  });
  it("get_inverse_sqrt_schedule: timescale defaults to num_warmup_steps, or 10000", () => {
    expectValues("get_inverse_sqrt_schedule(1, 4)", [[2, 0.5], [4, 1], [16, 0.5], [64, 0.25]]);
    expectValues("get_inverse_sqrt_schedule(1, 0)", [[0, 1], [30000, 0.5]]);
    expect(parseLearningRate("get_inverse_sqrt_schedule(1, 0)").params["timescale"]).toBe(10000);
  });
  it("get_wsd_schedule: warmup, stable, decay to min_lr_ratio", () => {
    const points: [number, number][] = [[0, 0.1], [5, 0.1 + 0.9 * 0.5], [10, 1], [39, 1], [40, 1], [50, 0.1 + 0.9 * 0.5], [60, 0.1], [1000, 0.1]];
    expectValues("get_wsd_schedule(1, 10, 20, num_stable_steps=30, min_lr_ratio=0.1)", points);
    expectValues("get_wsd_schedule(1, 10, 20, num_training_steps=60, min_lr_ratio=0.1)", points);
    expectValues("get_wsd_schedule(1, 10, 20, num_stable_steps=30, decay_type=one_minus_sqrt)", [[45, 0.5]]);
    expectValues("get_wsd_schedule(1, 10, 20, num_stable_steps=30, warmup_type=cosine)", [[5, 0.5]]);
  });
  it("get_cosine_with_min_lr_schedule_with_warmup refuses a floor above lr (the fuzz found NaN from min_lr / lr overflowing)", () => {
    expect(() => parseLearningRate("get_cosine_with_min_lr_schedule_with_warmup(0.1, 10, 100, min_lr=0.2)")).toThrow(/min_lr must be <= lr \(0.1\), got 0.2/);
    expect(() => parseLearningRate("get_cosine_with_min_lr_schedule_with_warmup(5e-324, 0, 1, min_lr=8.881784197001252e-16)")).toThrow(/min_lr must be <= lr/);
    expect(parseLearningRate("get_cosine_with_min_lr_schedule_with_warmup(0.1, 0, 100, min_lr=0.1)").at(50)).toBeCloseTo(0.1, 15);
  });
  it("get_wsd_schedule needs the stable length, and a consistent one", () => {
    expect(() => parseLearningRate("get_wsd_schedule(1, 10, 20)")).toThrow(/num_stable_steps or num_training_steps/);
    expect(() => parseLearningRate("get_wsd_schedule(1, 10, 20, num_training_steps=50, num_stable_steps=30)")).toThrow(/must equal/);
  });
});

describe("timm-style Warmup around any schedule", () => {
  it("ramps to the wrapped schedule's first value, then runs it from its step 0", () => {
    expectValues("Warmup(CosineAnnealingLR(lr=1, T_max=10), warmup_t=5)", [[0, 0], [2.5, 0.5], [5, 1], [10, 0.5], [15, 0]]);
    expectValues("Warmup(StepLR(1, 2, 0.5), 4, warmup_lr_init=0.2)", [[0, 0.2], [2, 0.6], [4, 1], [6, 0.5]]);
  });
  it("warmup + cosine three ways give the same values", () => {
    const a = parseLearningRate("SequentialLR(1, [LinearLR(start_factor=1e-9, total_iters=5), CosineAnnealingLR(T_max=15)], [5])");
    const b = parseLearningRate("warmup_cosine_decay_schedule(1e-9, 1, 5, 20)");
    const c = parseLearningRate("Warmup(CosineAnnealingLR(1, 15), 5, warmup_lr_init=1e-9)");
    for (let t = 0; t <= 20; t++) {
      expect(b.at(t)).toBeCloseTo(a.at(t), 8);
      expect(c.at(t)).toBeCloseTo(a.at(t), 8);
    }
  });
});

describe("composition", () => {
  it("children that leave out lr inherit the combinator's", () => {
    const s = parseLearningRate("SequentialLR(0.5, [ConstantLR(factor=0.5, total_iters=2), ExponentialLR(gamma=0.9)], [3])");
    expect(String(s)).toBe(
      "SequentialLR(lr=0.5, schedulers=[ConstantLR(lr=0.5, factor=0.5, total_iters=2), ExponentialLR(lr=0.5, gamma=0.9)], milestones=[3])",
    );
    expect([0, 2, 3, 4].map((t) => s.at(t))).toEqual([0.25, 0.5 * 1, 0.5, 0.5 * 0.9]);
  });
  it("a child's own lr wins; nested combinators pass lr down", () => {
    const s = parseLearningRate("SequentialLR(0.5, [Constant(0.1), SequentialLR(schedulers=[Constant(), StepLR(step_size=1, gamma=0.5)], milestones=[2])], [1])");
    expect([0, 1, 2, 3, 4].map((t) => s.at(t))).toEqual([0.1, 0.5, 0.5, 0.5, 0.25]);
  });
  it("a child without lr, where nothing gives one, is a missing parameter at the child", () => {
    try {
      parseLearningRate("SequentialLR(schedulers=[StepLR(step_size=2)], milestones=[])");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NervaLrError);
      expect((error as NervaLrError).code).toBe("missing-parameter");
      expect((error as NervaLrError).offset).toBe(43); // the child's closing parenthesis
    }
  });
  it("milestones must match the children, and metric-driven children are refused", () => {
    expect(() => parseLearningRate("SequentialLR(0.1, [Constant(), Constant()], [2, 4])")).toThrow(/2 schedulers need 1 milestone/);
    expect(() => parseLearningRate("SequentialLR(0.1, [Constant(), ReduceLROnPlateau()], [2])")).toThrow(/metric-driven/);
    expect(() => parseLearningRate("CyclicLR(0.1, 0.01)")).toThrow(/max_lr must be >= base_lr/);
  });
  it("ChainedScheduler multiplies factors, any schedule can be a child", () => {
    const s = parseLearningRate("ChainedScheduler(2, [Constant(), StepBased(drop_rate=0.5, change_rate=2), InverseTimeDecay(1, 1, 1)])");
    for (const t of [0, 1, 2, 3, 7]) {
      expect(s.at(t)).toBeCloseTo(2 * Math.pow(0.5, Math.floor((1 + t) / 2)) * (1 / (1 + t)), 14);
    }
  });
});

describe("LambdaLR and MultiplicativeLR (TypeScript API)", () => {
  it("LambdaLR is lr * lr_lambda(t)", () => {
    const s = lambdaLR({ lr: 0.1, lr_lambda: (t) => 0.95 ** t });
    expect(s.at(3)).toBe(0.1 * 0.95 ** 3);
  });
  it("MultiplicativeLR is lr * f(1) * ... * f(t), in any call order", () => {
    const calls: number[] = [];
    const s = multiplicativeLR({ lr: 1, lr_lambda: (t) => (calls.push(t), 1 / (t + 1)) });
    expect(s.at(3)).toBeCloseTo(1 / 2 / 3 / 4, 15);
    expect(s.at(1)).toBe(0.5);
    // Going back starts again from the last saved product below (here step 0): src/schedules/functional.ts.
    expect(calls).toEqual([1, 2, 3, 1]);
  });
  it("a factor that is NaN, negative or infinite is an error", () => {
    expect(() => lambdaLR({ lr: 1, lr_lambda: () => NaN }).at(0)).toThrow(NervaLrError);
    expect(() => multiplicativeLR({ lr: 1, lr_lambda: () => -1 }).at(2)).toThrow(NervaLrError);
  });
});

describe("lr inheritance is the same in code and in text", () => {
  it("a combinator built in code without lr inherits its parent's, as the parser does", async () => {
    const { sequentialLR, chainedScheduler, constant, warmup } = await import("../src/index.js");
    const chained = chainedScheduler({ schedulers: [constant({ lr: 0.5 })] });
    expect(chained.at(0)).toBe(0.5); // alone: the first child's peak
    const inCode = sequentialLR({ lr: 1, schedulers: [warmup({ schedule: chained, warmup_t: 2 }), constant({ lr: 0.1 })], milestones: [5] });
    const fromText = parseLearningRate(String(inCode));
    expect(String(fromText)).toBe(String(inCode));
    expect(inCode.at(3)).toBe(1); // inherited lr 1, times the child's factor 0.5 / 0.5
    for (const t of [0, 1, 2, 3, 6]) expect(fromText.at(t)).toBe(inCode.at(t));
  });
});

describe("edges the fuzzer found", () => {
  it("PolynomialDecay with cycle at an epoch so small that t / decay_steps underflows", () => {
    expectValues("PolynomialDecay(0.1, 2, end_learning_rate=0, cycle=true)", [[5e-324, 0.1]]);
  });
  it("MultiStepLR keeps nerva's rounding when values become subnormal", () => {
    // nerva: eta = lr; eta *= gamma for each passed milestone
    const [lr, gamma] = [3.9451071509693554, 8.895573747107589e-82];
    const value = parseLearningRate("MultiStepLR(3.9451071509693554;0,0,0,0;8.895573747107589e-82)").at(0);
    expect(value).toBeGreaterThan(0);
    expect(value).toBe(lr * gamma * gamma * gamma * gamma); // exactly, not within a tolerance
  });
});

it("LinearLR reaches end_factor exactly, so a decay to 0 never goes negative (a fuzz find)", () => {
  const s = parseLearningRate("LinearLR(1.4240472694446092e-306, start_factor=0.013622296346197217, end_factor=0, total_iters=5)");
  expect(s.at(5)).toBe(0);
  expect(s.at(6)).toBe(0);
});

it("cosine annealing never leaves [start, end], even with subnormal values (a fuzz find)", () => {
  const s = parseLearningRate("OneCycleLR(max_lr=5.4e-323, total_steps=2, pct_start=1)");
  expect(s.at(0)).toBeGreaterThanOrEqual(0);
  expect(s.at(1)).toBeGreaterThanOrEqual(0);
});

describe("function-based schedules have no text form", () => {
  it("print plainly and refuse JSON with a clear error", () => {
    const s = lambdaLR({ lr: 0.1, lr_lambda: (t) => 0.5 ** t });
    expect(String(s)).toBe("LambdaLR(lr=0.1, lr_lambda=<function>)");
    expect(String(multiplicativeLR({ lr: 0.2, lr_lambda: () => 0.9 }))).toBe("MultiplicativeLR(lr=0.2, lr_lambda=<function>)");
    let error: unknown;
    try {
      JSON.stringify({ schedule: s });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NervaLrError);
    expect((error as NervaLrError).code).toBe("no-text-form");
    expect(s.at(2)).toBe(0.1 * 0.25);
  });
});

describe("step() on a schedule that takes no metric", () => {
  it("throws not-metric-driven", () => {
    const error = (() => {
      try {
        parseLearningRate("StepLR(0.1, 3)").step(1);
      } catch (e) {
        return e as NervaLrError;
      }
      return undefined;
    })();
    expect(error?.code).toBe("not-metric-driven");
    expect(error?.message).toBe("Not a metric-driven schedule: StepLR is not metric-driven and takes no metrics");
  });
});

describe("MultiplicativeLR's running product (src/schedules/functional.ts)", () => {
  // A factor that wobbles around 1, as lr_lambda="1 + sin(epoch)*1e-9" in the issue.
  const wobble = (step: number) => 1 + Math.sin(step) * 1e-9;
  it("gives bit for bit the values of one loop from step 1, in any order of calls", () => {
    const loop = [0.1];
    for (let step = 1; step <= 5000; step++) loop.push((loop[step - 1] as number) * wobble(step));
    const products = new RunningProduct(0.1, wobble);
    const order = [4999, 17, 2048, 1023, 1024, 1025, 0, 5000, 3000, 2047, 4096, 1];
    for (const n of order) expect(products.at(n)).toBe(loop[n]);
    const text = parseLearningRate('MultiplicativeLR(0.1, lr_lambda="1 + sin(epoch) * 1e-9")');
    for (const n of order) expect(text.at(n)).toBe(loop[n]);
  });
  it("20 descending steps near 10 million cost one pass plus at most a checkpoint interval each", () => {
    let calls = 0;
    const products = new RunningProduct(0.1, (step) => (calls++, wobble(step)));
    const top = 9_999_999;
    const values = Array.from({ length: 20 }, (_, i) => products.at(top - i));
    expect(calls).toBeLessThanOrEqual(top + 20 * CHECKPOINT_EVERY);
    // The straightforward way (each at() from step 1) would take 20 passes.
    expect(calls).toBeLessThan(2 * top);
    let product = 0.1;
    for (let step = 1; step <= top - 19; step++) product *= wobble(step);
    expect(values[19]).toBe(product);
    // Two passes of 10 million factors (ours and the reference loop): seconds on a loaded machine.
  }, 30_000);
  it("the typed factory with a function keeps the same checkpoints", () => {
    let calls = 0;
    const s = multiplicativeLR({ lr: 1, lr_lambda: (step) => (calls++, wobble(step)) });
    s.at(100_000);
    s.at(99_999);
    s.at(50_000);
    expect(calls).toBeLessThanOrEqual(100_000 + 2 * CHECKPOINT_EVERY);
  });
});
