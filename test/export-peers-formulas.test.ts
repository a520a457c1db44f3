// The formulas of the peers' schedules (src/export/formulas/, docs/export.md): for every catalog
// example of timm, DeepSpeed, Megatron-LM, NeMo, pytorch_warmup, pytorch_optimizer and Lightning
// Bolts, and for non-default parameters, the expression evaluates to the schedule's own value
// (relative 1e-12) over the span and past it; where a formula cannot exist, it is undefined.
import { describe, expect, it } from "vitest";
import { evaluate, parseExpression } from "../src/core/expression.js";
import { catalog, parseLearningRate } from "../src/index.js";
import { formulaOf, PEER_TABLES } from "./export-peers-helpers.js";
import { close } from "./helpers.js";

/** Whole steps to 400, halves to 60, and a few far ones. */
const STEPS = [...Array.from({ length: 401 }, (_, t) => t), ...Array.from({ length: 60 }, (_, t) => t + 0.5), 1000, 2999, 5000, 123456];

function expectFormula(spec: string): void {
  const schedule = parseLearningRate(spec);
  const formula = formulaOf(schedule);
  if (formula === undefined) expect.fail(`${spec}: no formula`);
  const expression = parseExpression(formula);
  for (const t of STEPS) {
    const [want, got] = [schedule.at(t), evaluate(expression, t)];
    if (!close(got, want, 1e-12)) expect.fail(`${spec} at t=${t}: schedule ${want}, formula ${got}\n${formula}`);
  }
}

const EXAMPLES = catalog.filter((d) => d.source in PEER_TABLES);

/** Catalog examples whose formula is undefined, and why (asserted below). */
const NO_FORMULA: Readonly<Record<string, string>> = {
  // cycle_mult 1.5: each next cycle length is truncated to a whole number, no closed form.
  CosineAnnealingWarmupRestarts: "pytorch_optimizer.CosineAnnealingWarmupRestarts(20, 1.5, max_lr=0.1, min_lr=0.001, warmup_steps=4, gamma=0.8)",
};

const MORE = [
  // timm: cycles, warmup_prefix, k_decay, noise-free defaults
  "CosineLRScheduler(0.1, 10)",
  "CosineLRScheduler(0.1, 8, warmup_t=4, warmup_lr_init=0.001, warmup_prefix=true)",
  "CosineLRScheduler(0.1, 5, lr_min=0.002, cycle_mul=2, cycle_decay=0.5, cycle_limit=3)",
  "CosineLRScheduler(0.05, 6, cycle_limit=4, cycle_decay=0.8)",
  "CosineLRScheduler(0.1, 12, k_decay=2, lr_min=0.01)",
  "CosineLRScheduler(0.1, 4, cycle_mul=1.5, cycle_limit=5, warmup_t=2)",
  "TanhLRScheduler(0.1, 10, lb=-5, ub=5, lr_min=0.001, cycle_limit=2, warmup_t=3, warmup_lr_init=0.01)",
  "TanhLRScheduler(0.1, 10, cycle_limit=3, cycle_mul=2, warmup_t=3, warmup_prefix=true)",
  "PolyLRScheduler(0.1, 8, power=2, lr_min=0.005, cycle_mul=2, cycle_limit=3, k_decay=0.5, warmup_t=2, warmup_prefix=true)",
  "PolyLRScheduler(0.1, 10)",
  "StepLRScheduler(0.1, 2.5, decay_rate=0.3, warmup_t=3, warmup_lr_init=0.001)",
  "StepLRScheduler(0.1, 4, decay_rate=0.5, warmup_t=2, warmup_prefix=false)",
  "timm.MultiStepLRScheduler(0.1, [3, 6, 6, 9], decay_rate=0.5)",
  "timm.MultiStepLRScheduler(0.1, [2, 5], decay_rate=0.1, warmup_t=2, warmup_lr_init=0.01, warmup_prefix=false)",
  "Warmup(CosineAnnealingLR(0.1, 20), 5, warmup_lr_init=0.001, warmup_prefix=false)",
  "Warmup(WarmupAnnealing(0.1, 50, warmup_steps=10, min_lr=0.01), 7)",
  // DeepSpeed: warmup types, defaults
  "WarmupLR(warmup_min_lr=0.001, warmup_max_lr=0.1, warmup_num_steps=10)",
  "WarmupLR(warmup_max_lr=0.05, warmup_num_steps=1)",
  "WarmupDecayLR(30, warmup_min_lr=0.001, warmup_max_lr=0.1, warmup_num_steps=10)",
  "WarmupDecayLR(20, warmup_max_lr=0.1, warmup_num_steps=5, warmup_type=linear)",
  "WarmupCosineLR(0.1, 30, warmup_num_steps=10)",
  "OneCycle(0.001, 0.1, cycle_first_step_size=10)",
  "OneCycle(0.001, 0.1, cycle_first_step_size=6, cycle_second_step_size=9, decay_lr_rate=0.5, decay_step_size=4)",
  "LRRangeTest(lr_range_test_min_lr=0.002, lr_range_test_step_size=3, lr_range_test_staircase=true)",
  // Megatron-LM: every decay style
  ...["constant", "linear", "cosine", "inverse-square-root"].map((style) => `OptimizerParamScheduler(init_lr=0.01, max_lr=0.1, min_lr=0.001, lr_warmup_steps=10, lr_decay_steps=100, lr_decay_style="${style}")`),
  ...["exponential", "linear", "cosine"].map((a) => `OptimizerParamScheduler(max_lr=0.1, min_lr=0.001, lr_warmup_steps=10, lr_decay_steps=100, lr_decay_style=WSD, wsd_decay_steps=30, lr_wsd_decay_style=${a})`),
  "OptimizerParamScheduler(max_lr=0.1, lr_decay_steps=50, lr_decay_style=cosine)",
  "OptimizerParamScheduler(max_lr=0.1, lr_warmup_steps=2.5, lr_decay_steps=50)",
  // NeMo: ratios, no warmup, holds, cycle, constant steps
  "WarmupPolicy(0.1, warmup_steps=10)",
  "WarmupPolicy(0.1, 100, warmup_ratio=0.15)",
  "WarmupHoldPolicy(0.1, 50, warmup_ratio=0.1, hold_ratio=0.2)",
  "SquareAnnealing(0.1, 100)",
  "CosineAnnealing(0.1, 100, min_lr=0.001)",
  "CosineAnnealing(0.1, 100, constant_steps=20, min_lr=0.001)",
  "NoamAnnealing(1, 512, min_lr=1e-5)",
  "NoamAnnealing(1, 256, warmup_ratio=0.1, max_steps=400)",
  "NoamHoldAnnealing(0.1, 100, warmup_steps=10, decay_rate=1)",
  "WarmupHoldAnnealOneMinusSquareRoot(0.1, 100, warmup_steps=10)",
  "WarmupHoldAnnealLinear(0.1, 100, min_lr=0.01)",
  "PolynomialDecayAnnealing(0.1, 60, warmup_steps=10, min_lr=0.001, power=2, cycle=true)",
  "PolynomialHoldDecayAnnealing(0.1, 60, min_lr=0.001, power=0.5, cycle=true)",
  "PolynomialHoldDecayAnnealing(0.1, 60, warmup_steps=5, hold_steps=10, min_lr=0.001)",
  "InverseSquareRootAnnealing(0.1, 100)",
  // pytorch_warmup: without a schedule, and around schedules of these libraries
  "pytorch_warmup.LinearWarmup(lr=0.1, warmup_period=10)",
  "pytorch_warmup.ExponentialWarmup(schedule=CosineLRScheduler(0.1, 30, lr_min=0.001), warmup_period=5)",
  "pytorch_warmup.RAdamWarmup(lr=0.001, beta2=0.999)",
  "pytorch_warmup.UntunedLinearWarmup(schedule=WarmupDecayLR(300, warmup_max_lr=0.01, warmup_num_steps=20), beta2=0.99)",
  // pytorch_optimizer: lengths that stay, cooldowns, Chebyshev lengths, warmups
  "pytorch_optimizer.CosineAnnealingWarmupRestarts(20, 1, max_lr=0.1, min_lr=0.001, warmup_steps=4, gamma=0.8)",
  "pytorch_optimizer.CosineAnnealingWarmupRestarts(15, max_lr=0.1)",
  "pytorch_optimizer.LinearScheduler(100, 0.01)",
  "pytorch_optimizer.CosineScheduler(50, 0.1, min_lr=0.001, init_lr=0.01, warmup_steps=10)",
  "pytorch_optimizer.PolyScheduler(100, 0.001, min_lr=0.0001, poly_order=2)",
  "pytorch_optimizer.get_chebyshev_schedule(0.001, 100)",
  "pytorch_optimizer.get_chebyshev_schedule(0.001, 3)",
  "pytorch_optimizer.get_chebyshev_schedule(0.1, 16, is_warmup=true)",
  ...["cosine", "1-square", "linear"].map((c) => `pytorch_optimizer.get_wsd_schedule(0.1, 10, 50, 40, min_lr_ratio=0.01, num_cycles=0.5, cooldown_type="${c}")`),
  // Lightning Bolts: no warmup, one warmup step
  "pl_bolts.LinearWarmupCosineAnnealingLR(0.1, 0, 50, warmup_start_lr=0.001, eta_min=0.0001)",
  "pl_bolts.LinearWarmupCosineAnnealingLR(0.1, 1, 30)",
];

describe("formulas of the peers' schedules", () => {
  it("covers every catalog schedule of these libraries", () => {
    const types = new Set(Object.values(PEER_TABLES).flatMap((table) => Object.keys(table)));
    expect(EXAMPLES.map((d) => d.type).filter((type) => !types.has(type))).toEqual([]);
  });

  for (const definition of EXAMPLES) {
    if (definition.type in NO_FORMULA) continue;
    it(`catalog example ${definition.example}`, () => expectFormula(definition.example));
  }
  for (const spec of MORE) it(spec, () => expectFormula(spec));

  it("has none where none can exist: timm's noise, changing cycle lengths, long Chebyshev tables, stateful children", () => {
    for (const spec of [
      ...Object.values(NO_FORMULA),
      "CosineLRScheduler(0.1, 30, warmup_t=3, noise_range_t=[5, 20], noise_pct=0.3)",
      "StepLRScheduler(0.1, 4, decay_rate=0.5, noise_range_t=6)",
      "pytorch_optimizer.get_chebyshev_schedule(0.001, 2000)",
      "Warmup(TimeBased(0.1, 0.01), 5)",
      "pytorch_warmup.LinearWarmup(schedule=TimeBased(0.1, 0.01), warmup_period=5)",
    ]) {
      expect(formulaOf(parseLearningRate(spec)), spec).toBeUndefined();
    }
  });
});
