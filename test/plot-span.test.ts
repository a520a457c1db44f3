// The default span of a chart, for every schedule of the catalog: its natural length (the rule
// docs/charts.md gives for it) plus a fifth, rounded up; 100 epochs for schedules without one.
// Each schedule with a length is tried with two lengths, so the span is seen to follow it.
import { describe, expect, it } from "vitest";
import { catalog, parseLearningRate } from "../src/index.js";
import { buildChart, defaultEpochs, FALLBACK_EPOCHS } from "../src/plot/model.js";
import { cli } from "./helpers.js";

/** Per schedule: specs and their natural lengths by docs/charts.md, or [] for schedules with none. */
const LENGTHS: Record<string, readonly (readonly [string, number])[]> = {
  Constant: [],
  TimeBased: [],
  StepBased: [["StepBased(0.1, 0.5, 10)", 50], ["StepBased(0.1, 0.5, 3)", 15]], // five drops of change_rate
  Exponential: [],
  StepLR: [["StepLR(0.1, 3)", 12], ["StepLR(0.1, 30)", 120]], // four steps
  MultiStepLR: [["MultiStepLR(0.1;2,2,5;0.5)", 5], ["MultiStepLR(0.1;30,60,90;0.1)", 90]],
  ConstantLR: [["ConstantLR(0.1)", 5], ["ConstantLR(0.1, total_iters=20)", 20]],
  LinearLR: [["LinearLR(0.1)", 5], ["LinearLR(0.1, total_iters=40)", 40]],
  ExponentialLR: [],
  PolynomialLR: [["PolynomialLR(0.1)", 5], ["PolynomialLR(0.1, total_iters=7)", 7]],
  CosineAnnealingLR: [["CosineAnnealingLR(0.1, 10)", 10], ["CosineAnnealingLR(0.1, 50)", 50]],
  CosineAnnealingWarmRestarts: [["CosineAnnealingWarmRestarts(0.1, 3, T_mult=2)", 3 + 6 + 12], ["CosineAnnealingWarmRestarts(0.1, 10)", 30]],
  CyclicLR: [["CyclicLR(0.01, 0.1, 3, step_size_down=5)", 3 * 8], ["CyclicLR(0.01, 0.1, 10)", 3 * 20]],
  OneCycleLR: [["OneCycleLR(0.1, 30)", 30], ["OneCycleLR(0.1, 1000)", 1000]],
  SWALR: [["SWALR(0.1, 0.01)", 10], ["SWALR(0.1, 0.01, anneal_epochs=5)", 5]],
  LambdaLR: [],
  MultiplicativeLR: [],
  SequentialLR: [
    ["SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])", 20],
    ["SequentialLR(0.1, [LinearLR(total_iters=5), CosineAnnealingLR(T_max=95)], [5])", 100],
  ],
  ChainedScheduler: [
    ["ChainedScheduler(0.1, [ConstantLR(factor=0.5, total_iters=3), ExponentialLR(gamma=0.95)])", 3],
    ["ChainedScheduler(0.1, [ConstantLR(total_iters=3), CosineAnnealingLR(T_max=40)])", 40],
  ],
  ReduceLROnPlateau: [],
  ExponentialDecay: [["ExponentialDecay(0.1, 10, 0.5)", 10], ["ExponentialDecay(0.1, 25, 0.5)", 25]],
  InverseTimeDecay: [["InverseTimeDecay(0.1, 5, 0.5)", 5], ["InverseTimeDecay(0.1, 50, 0.5)", 50]],
  PolynomialDecay: [["PolynomialDecay(0.1, 10)", 10], ["PolynomialDecay(0.1, 33)", 33]],
  PiecewiseConstantDecay: [["PiecewiseConstantDecay([5, 10], [0.1, 0.05, 0.01])", 10], ["PiecewiseConstantDecay([50], [0.1, 0.01])", 50]],
  CosineDecay: [["CosineDecay(0.01, 20, warmup_target=0.1, warmup_steps=5)", 25], ["CosineDecay(0.1, 40)", 40]],
  CosineDecayRestarts: [["CosineDecayRestarts(0.1, 5)", 5 + 10 + 20], ["CosineDecayRestarts(0.1, 10, t_mul=1)", 30]],
  linear_schedule: [["linear_schedule(0, 0.1, 5, transition_begin=2)", 7], ["linear_schedule(0, 0.1, 40)", 40]],
  cosine_decay_schedule: [["cosine_decay_schedule(0.1, 20)", 20], ["cosine_decay_schedule(0.1, 70)", 70]],
  warmup_cosine_decay_schedule: [["warmup_cosine_decay_schedule(0, 0.1, 5, 30)", 30], ["warmup_cosine_decay_schedule(0, 0.1, 10, 80)", 80]],
  piecewise_constant_schedule: [["piecewise_constant_schedule(0.1, [5, 10], [0.5, 0.2])", 10], ["piecewise_constant_schedule(0.1, [40], [0.5])", 40]],
  piecewise_interpolate_schedule: [["piecewise_interpolate_schedule(cosine, 0.1, [5, 10], [2, 0.1])", 10], ["piecewise_interpolate_schedule(linear, 0.1, [25], [0.1])", 25]],
  cosine_onecycle_schedule: [["cosine_onecycle_schedule(40, 0.1)", 40], ["cosine_onecycle_schedule(15, 0.1)", 15]],
  linear_onecycle_schedule: [["linear_onecycle_schedule(40, 0.1)", 40], ["linear_onecycle_schedule(15, 0.1)", 15]],
  constant_schedule: [],
  polynomial_schedule: [["polynomial_schedule(0.1, 0.001, 2, 20, transition_begin=5)", 25], ["polynomial_schedule(0.1, 0.001, 2, 60)", 60]],
  exponential_decay: [["exponential_decay(0.1, 5, 0.5, transition_begin=2)", 7], ["exponential_decay(0.1, 30, 0.5)", 30]],
  warmup_constant_schedule: [["warmup_constant_schedule(0, 0.1, 5)", 5], ["warmup_constant_schedule(0, 0.1, 12)", 12]],
  warmup_exponential_decay_schedule: [["warmup_exponential_decay_schedule(0, 0.1, 5, 10, 0.5)", 15], ["warmup_exponential_decay_schedule(0, 0.1, 5, 10, 0.5, transition_begin=3)", 18]],
  join_schedules: [["join_schedules([linear_schedule(0, 0.1, 5), cosine_decay_schedule(0.1, 20)], [5])", 25], ["join_schedules([constant_schedule(0.1), cosine_decay_schedule(0.1, 30)], [10])", 40]],
  sgdr_schedule: [["sgdr_schedule([warmup_cosine_decay_schedule(0, 0.1, 5, 20), warmup_cosine_decay_schedule(0, 0.05, 5, 40)])", 60], ["sgdr_schedule([warmup_cosine_decay_schedule(0, 0.1, 5, 20)])", 20]],
  get_constant_schedule_with_warmup: [["get_constant_schedule_with_warmup(0.1, 5)", 5], ["get_constant_schedule_with_warmup(0.1, 30)", 30]],
  get_linear_schedule_with_warmup: [["get_linear_schedule_with_warmup(0.1, 5, 40)", 40], ["get_linear_schedule_with_warmup(0.1, 5, 90)", 90]],
  get_cosine_schedule_with_warmup: [["get_cosine_schedule_with_warmup(0.1, 5, 40)", 40], ["get_cosine_schedule_with_warmup(0.1, 5, 90)", 90]],
  get_cosine_with_hard_restarts_schedule_with_warmup: [["get_cosine_with_hard_restarts_schedule_with_warmup(0.1, 5, 40, num_cycles=3)", 40], ["get_cosine_with_hard_restarts_schedule_with_warmup(0.1, 5, 90)", 90]],
  get_polynomial_decay_schedule_with_warmup: [["get_polynomial_decay_schedule_with_warmup(0.1, 5, 40)", 40], ["get_polynomial_decay_schedule_with_warmup(0.1, 5, 90)", 90]],
  get_inverse_sqrt_schedule: [["get_inverse_sqrt_schedule(0.1, 5)", 5], ["get_inverse_sqrt_schedule(0.1, 50)", 50]],
  get_wsd_schedule: [["get_wsd_schedule(0.1, 5, 10, num_stable_steps=20)", 35], ["get_wsd_schedule(0.1, 5, 10, num_training_steps=100)", 100]],
  get_constant_schedule: [],
  get_cosine_with_min_lr_schedule_with_warmup: [["get_cosine_with_min_lr_schedule_with_warmup(0.1, 5, 40, min_lr_rate=0.1)", 40], ["get_cosine_with_min_lr_schedule_with_warmup(0.1, 5, 90, min_lr_rate=0.1)", 90]],
  get_cosine_with_min_lr_schedule_with_warmup_lr_rate: [["get_cosine_with_min_lr_schedule_with_warmup_lr_rate(0.1, 5, 40, min_lr=0.001)", 40], ["get_cosine_with_min_lr_schedule_with_warmup_lr_rate(0.1, 5, 90, min_lr=0.001)", 90]],
  Warmup: [["Warmup(CosineAnnealingLR(0.1, 20), 5)", 25], ["Warmup(CosineAnnealingLR(0.1, 20), 5, warmup_prefix=false)", 20]],
  CosineLRScheduler: [["CosineLRScheduler(0.1, 10, cycle_mul=2, cycle_limit=3, warmup_t=3)", 10 + 20 + 40], ["CosineLRScheduler(0.1, 30, warmup_t=3, warmup_prefix=true)", 33]],
  TanhLRScheduler: [["TanhLRScheduler(0.1, 20, warmup_t=2)", 20], ["TanhLRScheduler(0.1, 20, cycle_limit=2)", 40]],
  PolyLRScheduler: [["PolyLRScheduler(0.1, 15, cycle_limit=2, warmup_t=3, warmup_prefix=true)", 33], ["PolyLRScheduler(0.1, 50)", 50]],
  StepLRScheduler: [["StepLRScheduler(0.1, 3, decay_rate=0.5, warmup_t=2)", 2 + 12], ["StepLRScheduler(0.1, 10, warmup_prefix=false)", 40]],
  "timm.MultiStepLRScheduler": [["timm.MultiStepLRScheduler(0.1, [3, 6], decay_rate=0.5, warmup_t=2)", 8], ["timm.MultiStepLRScheduler(0.1, [30, 60])", 60]],
  WarmupLR: [["WarmupLR(warmup_num_steps=10)", 10], ["WarmupLR()", 1000]],
  WarmupDecayLR: [["WarmupDecayLR(40, warmup_num_steps=10)", 40], ["WarmupDecayLR(400)", 400]],
  WarmupCosineLR: [["WarmupCosineLR(0.1, 50, warmup_num_steps=10)", 50], ["WarmupCosineLR(0.1, 5000)", 5000]],
  OneCycle: [["OneCycle(0.001, 0.1, cycle_first_step_size=10, cycle_second_step_size=15)", 25], ["OneCycle(0.001, 0.1, cycle_first_step_size=10)", 20]],
  LRRangeTest: [],
  tri_stage: [["tri_stage(0.1, 5, 10, 20)", 35], ["tri_stage(0.1, 0, 0, 20)", 20]],
  inverse_sqrt: [["inverse_sqrt(0.1, warmup_updates=10)", 10], ["inverse_sqrt(0.1)", 4000]],
  OptimizerParamScheduler: [["OptimizerParamScheduler(max_lr=0.1, lr_decay_steps=100)", 100], ["OptimizerParamScheduler(max_lr=0.1, lr_warmup_steps=5, lr_decay_steps=40)", 40]],
  WarmupPolicy: [["WarmupPolicy(0.1, 50, warmup_steps=10)", 50], ["WarmupPolicy(0.1, 80, warmup_steps=10)", 80]],
  WarmupHoldPolicy: [["WarmupHoldPolicy(0.1, 50, warmup_steps=10, hold_steps=20)", 50], ["WarmupHoldPolicy(0.1, 90, warmup_steps=10, hold_steps=20)", 90]],
  SquareAnnealing: [["SquareAnnealing(0.1, 100, warmup_steps=10)", 100], ["SquareAnnealing(0.1, 30)", 30]],
  CosineAnnealing: [["CosineAnnealing(0.1, 100, warmup_steps=10)", 100], ["CosineAnnealing(0.1, 30)", 30]],
  NoamAnnealing: [["NoamAnnealing(1, 512, warmup_steps=100)", 500], ["NoamAnnealing(1, 512, warmup_steps=10, max_steps=70)", 70]],
  NoamHoldAnnealing: [["NoamHoldAnnealing(0.1, 100, warmup_steps=10, hold_steps=20)", 100], ["NoamHoldAnnealing(0.1, 40, warmup_steps=10)", 40]],
  WarmupHoldAnnealOneMinusSquareRoot: [["WarmupHoldAnnealOneMinusSquareRoot(0.1, 100, warmup_steps=10, hold_steps=20)", 100], ["WarmupHoldAnnealOneMinusSquareRoot(0.1, 60, warmup_steps=10, hold_steps=20)", 60]],
  WarmupHoldAnnealLinear: [["WarmupHoldAnnealLinear(0.1, 100, warmup_steps=10, hold_steps=20)", 100], ["WarmupHoldAnnealLinear(0.1, 60, warmup_steps=10, hold_steps=20)", 60]],
  WarmupAnnealing: [["WarmupAnnealing(0.1, 50, warmup_steps=10)", 50], ["WarmupAnnealing(0.1, 25, warmup_steps=10)", 25]],
  InverseSquareRootAnnealing: [["InverseSquareRootAnnealing(0.1, 100, warmup_steps=10)", 100], ["InverseSquareRootAnnealing(0.1, 45, warmup_steps=10)", 45]],
  T5InverseSquareRootAnnealing: [["T5InverseSquareRootAnnealing(0.01, 1000, constant_steps=100)", 1000], ["T5InverseSquareRootAnnealing(0.01, 300, constant_steps=100)", 300]],
  SquareRootAnnealing: [["SquareRootAnnealing(0.1, 100, warmup_steps=10)", 100], ["SquareRootAnnealing(0.1, 35, warmup_steps=10)", 35]],
  PolynomialDecayAnnealing: [["PolynomialDecayAnnealing(0.1, 60, warmup_steps=10)", 60], ["PolynomialDecayAnnealing(0.1, 20)", 20]],
  PolynomialHoldDecayAnnealing: [["PolynomialHoldDecayAnnealing(0.1, 60, warmup_steps=5, hold_steps=10)", 60], ["PolynomialHoldDecayAnnealing(0.1, 90, warmup_steps=5, hold_steps=10)", 90]],
  // pytorch_warmup: the dampened schedule's length, at least the warmup's (linear: the period;
  // exponential: three periods, where 1 - e^-3 is 95% of the way; untuned: int(2 / (1 - beta2)) as pytorch_warmup truncates, 199 for 0.99).
  LinearWarmup: [["pytorch_warmup.LinearWarmup(schedule=CosineAnnealingLR(0.1, 100), warmup_period=10)", 100], ["pytorch_warmup.LinearWarmup(0.1, warmup_period=10)", 10]],
  ExponentialWarmup: [["pytorch_warmup.ExponentialWarmup(schedule=CosineAnnealingLR(0.1, 100), warmup_period=10)", 100], ["pytorch_warmup.ExponentialWarmup(0.1, warmup_period=10)", 30]],
  UntunedLinearWarmup: [["pytorch_warmup.UntunedLinearWarmup(schedule=CosineAnnealingLR(0.001, 3000))", 3000], ["pytorch_warmup.UntunedLinearWarmup(0.1, beta2=0.99)", 199]],
  UntunedExponentialWarmup: [["pytorch_warmup.UntunedExponentialWarmup(schedule=CosineAnnealingLR(0.001, 3000))", 3000], ["pytorch_warmup.UntunedExponentialWarmup(0.1, beta2=0.99)", 297]],
  RAdamWarmup: [["pytorch_warmup.RAdamWarmup(schedule=CosineAnnealingLR(0.001, 3000))", 3000], ["pytorch_warmup.RAdamWarmup(0.1, beta2=0.99)", 199]],
  REXScheduler: [["pytorch_optimizer.REXScheduler(100, max_lr=0.1)", 100], ["pytorch_optimizer.REXScheduler(40, max_lr=0.1)", 40]],
  CosineAnnealingWarmupRestarts: [["pytorch_optimizer.CosineAnnealingWarmupRestarts(20, 2, max_lr=0.1)", 20 + 40 + 80], ["pytorch_optimizer.CosineAnnealingWarmupRestarts(20, max_lr=0.1)", 60]],
  LinearScheduler: [["pytorch_optimizer.LinearScheduler(10, 0.01)", 10], ["pytorch_optimizer.LinearScheduler(50, 0.01)", 50]],
  CosineScheduler: [["pytorch_optimizer.CosineScheduler(2000, 0.1)", 2000], ["pytorch_optimizer.CosineScheduler(50, 0.1)", 50]],
  PolyScheduler: [["pytorch_optimizer.PolyScheduler(100, 0.001)", 100], ["pytorch_optimizer.PolyScheduler(30, 0.001)", 30]],
  get_chebyshev_schedule: [["pytorch_optimizer.get_chebyshev_schedule(0.001, 16)", 16], ["pytorch_optimizer.get_chebyshev_schedule(0.001, 64)", 64]],
  "pytorch_optimizer.get_wsd_schedule": [["pytorch_optimizer.get_wsd_schedule(0.1, 100, 1000, 900)", 2000], ["pytorch_optimizer.get_wsd_schedule(0.1, 5, 10, 20)", 35]],
  LinearWarmupCosineAnnealingLR: [["pl_bolts.LinearWarmupCosineAnnealingLR(0.1, 5, 50)", 50], ["pl_bolts.LinearWarmupCosineAnnealingLR(0.1, 5, 20)", 20]],
};

/** The natural length plus a fifth, rounded up (exactly: length * 6 / 5). */
const expectedSpan = (length: number) => Math.ceil((length * 6) / 5);

describe("default span over the whole catalog", () => {
  it("covers every schedule of the catalog", () => {
    expect(Object.keys(LENGTHS).sort()).toEqual(catalog.map((definition) => definition.printAs ?? definition.type).sort());
  });
  it.each(catalog.map((definition) => [definition.printAs ?? definition.type, definition] as const))("%s", (type, definition) => {
    const cases = LENGTHS[type]!;
    if (cases.length === 0) {
      // No length: the fallback, for its example too.
      expect(defaultEpochs(parseLearningRate(definition.example))).toBe(FALLBACK_EPOCHS);
      return;
    }
    for (const [spec, length] of cases) expect(defaultEpochs(parseLearningRate(spec)), spec).toBe(expectedSpan(length));
    // Two lengths, two spans: the span follows the length.
    expect(expectedSpan(cases[0]![1])).not.toBe(expectedSpan(cases[1]![1]));
  });
  it("a chart without --epochs spans exactly that (LinearLR(0.1): 5 epochs plus a fifth, 6)", () => {
    expect(buildChart([{ label: "l", schedule: parseLearningRate("LinearLR(0.1)") }]).epochs).toBe(6);
    const { code, stdout } = cli("plot", "LinearLR(0.1)", "--width", "40", "--height", "5");
    expect(code).toBe(0);
    // The epoch axis ends at 6.
    expect(stdout.split("\n")[6]!.trimEnd().endsWith(" 6")).toBe(true);
  });
});
