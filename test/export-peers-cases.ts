// The specs whose transformers, timm and deepspeed exports scripts/export_peers_reference.py runs in
// the peers' own code (every catalog entry a target expresses natively, and non-default parameters).
// Run with PRINT_EXPORT_CASES=1 (vite-node), it prints {spec, target, code} for each as JSON, for that script.
import { catalog, parseLearningRate } from "../src/index.js";
import type { Exporter } from "../src/export/contract.js";
import { toDeepSpeed } from "../src/export/targets/deepspeed.js";
import { toTimm } from "../src/export/targets/timm.js";
import { toTransformers } from "../src/export/targets/transformers.js";
import { testContext } from "./export-peers-helpers.js";

export const EXPORTERS: Readonly<Record<string, Exporter>> = { transformers: toTransformers, timm: toTimm, deepspeed: toDeepSpeed };

const examples = (source: string) => catalog.filter((d) => d.source === source).map((d) => d.example);

export const CASES: readonly { readonly target: string; readonly spec: string }[] = [
  ...[
    ...examples("Hugging Face"),
    "get_linear_schedule_with_warmup(0.1, 0, 30)",
    "get_cosine_schedule_with_warmup(0.1, 5, 40, num_cycles=1.5)",
    "get_polynomial_decay_schedule_with_warmup(0.1, 5, 40, lr_end=0.001, power=0.5)",
    "get_inverse_sqrt_schedule(0.1, 5, timescale=20)",
    "get_inverse_sqrt_schedule(0.1, 0)",
    "get_wsd_schedule(0.1, 5, 10, num_training_steps=40, warmup_type=cosine, decay_type=one_minus_sqrt)",
    "get_cosine_with_min_lr_schedule_with_warmup(0.1, 5, 40, min_lr=0.002)",
    "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(0.1, 5, 40, min_lr_rate=0.05)",
  ].map((spec) => ({ target: "transformers", spec })),
  ...[
    ...examples("timm").filter((spec) => !spec.startsWith("Warmup(")),
    "CosineLRScheduler(0.1, 10)",
    "CosineLRScheduler(0.1, 8, warmup_t=4, warmup_lr_init=0.001, warmup_prefix=true)",
    "CosineLRScheduler(0.1, 12, k_decay=2, lr_min=0.01)",
    "CosineLRScheduler(0.1, 4, cycle_mul=1.5, cycle_limit=5, warmup_t=2)",
    "TanhLRScheduler(0.1, 10, lb=-5, ub=5, lr_min=0.001, cycle_limit=2, warmup_t=3, warmup_lr_init=0.01)",
    "PolyLRScheduler(0.1, 8, power=2, lr_min=0.005, cycle_mul=2, cycle_limit=3, k_decay=0.5, warmup_t=2, warmup_prefix=true)",
    "StepLRScheduler(0.1, 2.5, decay_rate=0.3, warmup_t=3, warmup_lr_init=0.001)",
    "StepLRScheduler(0.1, 4, decay_rate=0.5, warmup_t=2, warmup_prefix=false)",
    "timm.MultiStepLRScheduler(0.1, [3, 6, 6, 9], decay_rate=0.5)",
  ].map((spec) => ({ target: "timm", spec })),
  ...[
    ...examples("DeepSpeed"),
    "WarmupLR(warmup_min_lr=0.001, warmup_max_lr=0.1, warmup_num_steps=10)",
    "WarmupLR(warmup_max_lr=0.05, warmup_num_steps=1)",
    "WarmupDecayLR(20, warmup_max_lr=0.1, warmup_num_steps=5, warmup_type=linear)",
    "WarmupCosineLR(0.1, 30, warmup_num_steps=10)",
    "OneCycle(0.001, 0.1, cycle_first_step_size=10)",
    "OneCycle(0.001, 0.1, cycle_first_step_size=6, cycle_second_step_size=9, decay_lr_rate=0.5, decay_step_size=4, cycle_momentum=false)",
    "LRRangeTest(lr_range_test_min_lr=0.002, lr_range_test_step_size=3, lr_range_test_staircase=true)",
    // torch.optim.lr_scheduler classes, by name, as DeepSpeed's engine falls back to them
    "StepLR(0.1, 3, gamma=0.5)",
    "MultiStepLR(0.1;2,2,5;0.5)",
    "ConstantLR(0.1)",
    "LinearLR(0.1, start_factor=0.25, end_factor=0.5, total_iters=4)",
    "ExponentialLR(0.1, 0.9)",
    "PolynomialLR(0.1, total_iters=7, power=1.5)",
    "CosineAnnealingLR(0.1, 10, eta_min=0.001)",
    "CosineAnnealingWarmRestarts(0.1, 3, T_mult=2)",
    "CyclicLR(0.01, 0.1, 3, step_size_down=5, mode=exp_range, gamma=0.97)",
    "CyclicLR(0.01, 0.1, 4, mode=triangular2, cycle_momentum=false)",
    "OneCycleLR(0.1, 30, three_phase=true, anneal_strategy=linear)",
    "OneCycleLR(0.1, 25, pct_start=0.2, div_factor=10, final_div_factor=100)",
  ].map((spec) => ({ target: "deepspeed", spec })),
];

/** The code each case's exporter prints. */
export function exportCase(target: string, spec: string): string {
  return (EXPORTERS[target] as Exporter)(parseLearningRate(spec), testContext());
}

if (process.env["PRINT_EXPORT_CASES"] === "1") {
  process.stdout.write(JSON.stringify(CASES.map(({ target, spec }) => ({ target, spec, code: exportCase(target, spec) }))));
}
