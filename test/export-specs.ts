// Parameter sets beyond the catalog's examples that the export tests run (formulas and torch):
// each takes a branch the examples do not (staircase, cycle, three phases, zero-step warmups, ...).

/** MultiplicativeLR with a factor of the step: a product of one factor per step, no formula. */
export const STEP_PRODUCTS = ['MultiplicativeLR(0.1, lr_lambda="0.9 + 0.1 * 0.5 ** epoch")'];

export const EXTRA = [
  "StepBased(0.3, 0.9, 3)",
  "StepBased(0.1, 1, 0.001)",
  "Exponential(1, 0)",
  "StepLR(0.05, 1, gamma=0.99)",
  "MultiStepLR(0.1, [], 0.5)",
  "MultiStepLR(0.1, [0, 3, 3, 7], 0.1)",
  "ConstantLR(0.2, factor=0.1, total_iters=1)",
  "LinearLR(0.1, start_factor=1, end_factor=0, total_iters=9)",
  "LinearLR(0.1)",
  "PolynomialLR(0.1)",
  "CosineAnnealingLR(0.1, 7)",
  "CosineAnnealingLR(0.01, 4, eta_min=0.05)",
  "CosineAnnealingWarmRestarts(0.1, 4)",
  "CosineAnnealingWarmRestarts(0.1, 1, T_mult=3, eta_min=0.01)",
  "CosineAnnealingWarmRestarts(0.5, 5, T_mult=2)",
  "CyclicLR(0.001, 0.1, 4)",
  "CyclicLR(0.001, 0.1, 3, step_size_down=2, mode=triangular2)",
  "CyclicLR(0.01, 0.1, 2.5, mode=exp_range, gamma=0.9, cycle_momentum=false)",
  "OneCycleLR(0.1, 30)",
  "OneCycleLR(0.1, 2)",
  "OneCycleLR(1, 25, pct_start=0.1, div_factor=10, final_div_factor=100, three_phase=true)",
  "OneCycleLR(0.1, 10, pct_start=0)",
  "SWALR(0.1, 0.05)",
  "SWALR(0.1, 0.5, anneal_epochs=0)",
  "SWALR(0.2, 0.01, anneal_epochs=3, anneal_strategy=cos)",
  'LambdaLR(0.1, lr_lambda="lambda epoch: epoch / 5 if epoch < 5 else 0.5 ** (epoch // 10)")',
  'LambdaLR(0.1, lr_lambda="max(0.0, 1 - math.sqrt(t / 40)) + (t > 3 and t < 8) * 0.1")',
  'MultiplicativeLR(0.1, lr_lambda="0.95")',
  'MultiplicativeLR(0.1, lr_lambda="1")',
  "SequentialLR(0.1, [ConstantLR(factor=0.5, total_iters=2), ExponentialLR(gamma=0.9), StepLR(step_size=2)], [3, 8])",
  "SequentialLR(schedulers=[StepLR(0.2, 2), CosineAnnealingLR(0.05, 6)], milestones=[4])",
  "ChainedScheduler(schedulers=[StepLR(0.1, 2, gamma=0.5), LinearLR(0.1, start_factor=0.5, total_iters=4)])",
  "ChainedScheduler(0.1, [ExponentialLR(gamma=0.9), CosineAnnealingLR(T_max=10, eta_min=0.01)])",
  "ExponentialDecay(0.1, 7, 0.9)",
  "InverseTimeDecay(0.1, 3, 2, staircase=true)",
  "PolynomialDecay(0.1, 10, end_learning_rate=0.01, power=0.5)",
  "PolynomialDecay(0.1, 4, power=2, cycle=true)",
  "CosineDecay(0.1, 20)",
  "CosineDecay(0, 10, warmup_target=0.1, warmup_steps=3)",
  "CosineDecayRestarts(0.1, 4, t_mul=1, m_mul=0.5)",
  "CosineDecayRestarts(0.1, 3, t_mul=1.5, alpha=0.1)",
  "CosineDecayRestarts(0.1, 2, t_mul=3, m_mul=0.9)",
  "linear_schedule(0.1, 0, 10)",
  "cosine_decay_schedule(0.1, 10)",
  "warmup_cosine_decay_schedule(0.01, 0.1, 0, 10)",
  "piecewise_constant_schedule(0.1, [], [])",
  "piecewise_interpolate_schedule(linear, 0.1, [3, 4, 9], [0.5, 2, 0.1])",
  "cosine_onecycle_schedule(10, 0.1, pct_start=0.25, div_factor=10)",
  "linear_onecycle_schedule(23, 0.2)",
  "polynomial_schedule(0.001, 0.1, 0.5, 10)",
  "exponential_decay(0.1, 3, 0.5, staircase=true)",
  "exponential_decay(0.001, 2, 2, end_value=0.1)",
  "exponential_decay(0, 2, 0.5, end_value=0.01)",
  "exponential_decay(0.001, 1, 2, end_value=0.1, transition_begin=3)",
  "warmup_exponential_decay_schedule(0, 0.1, 0, 4, 0.8)",
  "warmup_exponential_decay_schedule(0.01, 0.1, 3, 4, 0.8, staircase=true, transition_begin=2)",
  "join_schedules([constant_schedule(0.1), linear_schedule(0.1, 0, 5), constant_schedule(0.01)], [0, 3])",
  "get_constant_schedule_with_warmup(0.1, 0)",
  "get_linear_schedule_with_warmup(0.1, 0, 10)",
  "get_cosine_schedule_with_warmup(0.1, 3, 20, num_cycles=2)",
  "get_cosine_with_hard_restarts_schedule_with_warmup(0.1, 0, 12)",
  "get_polynomial_decay_schedule_with_warmup(0.1, 0, 10)",
  "get_inverse_sqrt_schedule(0.1, 0, timescale=7)",
  "get_wsd_schedule(0.1, 4, 6, num_training_steps=20, warmup_type=cosine, decay_type=cosine, num_cycles=0.3)",
  "get_wsd_schedule(0.1, 4, 6, num_stable_steps=5, warmup_type=one_minus_sqrt, decay_type=one_minus_sqrt, min_lr_ratio=0.2)",
  "get_cosine_with_min_lr_schedule_with_warmup(0.1, 2, 20, min_lr=0.01)",
  "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(0.1, 4, 20, min_lr_rate=0.05)",
  "tri_stage(0.1, 0, 0, 10)",
  "tri_stage(0.1, 4, 0, 6, init_lr_scale=0)",
  "inverse_sqrt(0.1, warmup_updates=1)",
];

/** Metrics for the metric-driven schedules: a plateau, a fall, another plateau. */
export const METRICS = [1, 0.9, 0.95, 0.93, 0.92, 0.91, 0.91, 0.95, 0.8, 0.8, 0.85, 0.86, 0.87, 0.9, 0.7, 0.75, 0.75, 0.76, 0.8, 0.9, 0.95, 1, 1.1, 0.6, 0.6, 0.6, 0.6, 0.61, 0.62, 0.63];

/** Metric-driven specs beyond the catalog example. */
export const PLATEAU = ["ReduceLROnPlateau(0.1, factor=0.5, patience=1)", "ReduceLROnPlateau(0.1, factor=0.3, patience=0, threshold=0.05, threshold_mode=abs, min_lr=0.005, cooldown=2)"];

/** Runs longer than twice the span: growth past where a float power overflows (2 ** 1100). */
export const LONG_RUNS: Record<string, number> = { "exponential_decay(0.001, 1, 2, end_value=0.1, transition_begin=3)": 1200 };
