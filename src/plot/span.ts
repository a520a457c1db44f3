/**
 * A schedule's natural length, the epochs its shape takes: total_steps, T_max, the last milestone,
 * warmup plus decay, three cycles of a cyclic schedule, ... The chart's default span is that plus a
 * fifth, so the end is visible (docs/charts.md lists the rule for each schedule). Schedules that
 * decay or grow forever with no length parameter (Constant, ExponentialLR, LambdaLR, ...) have none.
 */
import type { ParamValues } from "../core/params.js";
import type { Schedule } from "../core/schedule.js";

/** Used when a schedule has no length of its own (Constant, ExponentialLR, ...). */
export const FALLBACK_EPOCHS = 100;
export const MAX_PLOT_EPOCHS = 1_000_000;

/** The cycles drawn of a schedule that restarts: three show the pattern. */
const CYCLES = 3;

/** The schedule's natural length plus a fifth, rounded up; FALLBACK_EPOCHS without one; at most MAX_PLOT_EPOCHS. */
export function defaultEpochs(schedule: Schedule): number {
  const span = spanOf(schedule);
  if (span === undefined || !Number.isFinite(span) || span <= 0) return FALLBACK_EPOCHS;
  // span * 6 / 5 rather than span * 1.2: 5 * 1.2 is 6.000000000000001, whose ceiling is 7.
  return Math.min(MAX_PLOT_EPOCHS, Math.max(1, Math.ceil((span * 6) / 5)));
}

type Length = (p: Reader, schedule: Schedule) => number | undefined;

interface Reader {
  /** A number parameter, or undefined when absent or not a number. */
  n(name: string): number | undefined;
  /** The last number of a list parameter. */
  last(name: string): number | undefined;
  /** A boolean parameter. */
  flag(name: string): boolean;
}

/** Cycles of `first`, each `mult` times the one before, `count` of them (at most CYCLES). */
function cycles(first: number, mult: number, count = CYCLES): number {
  let total = 0;
  for (let i = 0, length = first; i < Math.min(count, CYCLES); i++, length *= mult) total += length;
  return total;
}

const sum = (...parts: (number | undefined)[]) => (parts.some((part) => part === undefined) ? undefined : parts.reduce<number>((a, b) => a + (b as number), 0));

/** timm's schedulers: the warmup counts only when it comes before the schedule (warmup_prefix). */
const timmWarmup = (p: Reader) => (p.flag("warmup_prefix") ? (p.n("warmup_t") ?? 0) : 0);

/** After the last boundary, the last child's own length (or as long again when it has none). */
const joined: (boundaries: string) => Length = (boundaries) => (p, schedule) => {
  const start = p.last(boundaries) ?? 0;
  const children = schedule.children();
  return start + (spanOf(children[children.length - 1] as Schedule) ?? start);
};

const LENGTHS: Readonly<Record<string, Length>> = {
  // nerva
  StepBased: (p) => times(5, p.n("change_rate")),
  MultiStepLR: (p) => p.last("milestones"),
  // PyTorch
  StepLR: (p) => times(4, p.n("step_size")),
  ConstantLR: (p) => p.n("total_iters"),
  LinearLR: (p) => p.n("total_iters"),
  PolynomialLR: (p) => p.n("total_iters"),
  CosineAnnealingLR: (p) => p.n("T_max"),
  CosineAnnealingWarmRestarts: (p) => cycles(p.n("T_0") as number, p.n("T_mult") ?? 1),
  CyclicLR: (p) => CYCLES * ((p.n("step_size_up") as number) + (p.n("step_size_down") ?? (p.n("step_size_up") as number))),
  OneCycleLR: (p) => p.n("total_steps"),
  SWALR: (p) => p.n("anneal_epochs"),
  SequentialLR: joined("milestones"),
  ChainedScheduler: (_p, schedule) => Math.max(0, ...schedule.children().map((child) => spanOf(child) ?? 0)) || undefined,
  // Keras
  ExponentialDecay: (p) => p.n("decay_steps"),
  InverseTimeDecay: (p) => p.n("decay_steps"),
  PolynomialDecay: (p) => p.n("decay_steps"),
  PiecewiseConstantDecay: (p) => p.last("boundaries"),
  CosineDecay: (p) => sum(p.n("warmup_steps") ?? 0, p.n("decay_steps")),
  CosineDecayRestarts: (p) => cycles(p.n("first_decay_steps") as number, p.n("t_mul") ?? 2),
  // optax
  linear_schedule: (p) => sum(p.n("transition_begin") ?? 0, p.n("transition_steps")),
  cosine_decay_schedule: (p) => p.n("decay_steps"),
  // optax: decay_steps is the whole schedule's length, warmup included.
  warmup_cosine_decay_schedule: (p) => p.n("decay_steps"),
  piecewise_constant_schedule: (p) => p.last("boundaries"),
  piecewise_interpolate_schedule: (p) => p.last("boundaries"),
  cosine_onecycle_schedule: (p) => p.n("transition_steps"),
  linear_onecycle_schedule: (p) => p.n("transition_steps"),
  polynomial_schedule: (p) => sum(p.n("transition_begin") ?? 0, p.n("transition_steps")),
  exponential_decay: (p) => sum(p.n("transition_begin") ?? 0, p.n("transition_steps")),
  warmup_constant_schedule: (p) => p.n("warmup_steps"),
  warmup_exponential_decay_schedule: (p) => sum(p.n("warmup_steps"), p.n("transition_begin") ?? 0, p.n("transition_steps")),
  join_schedules: joined("boundaries"),
  sgdr_schedule: (_p, schedule) => sum(...schedule.children().map((child) => spanOf(child))),
  // Hugging Face
  get_constant_schedule_with_warmup: (p) => p.n("num_warmup_steps"),
  get_linear_schedule_with_warmup: (p) => p.n("num_training_steps"),
  get_cosine_schedule_with_warmup: (p) => p.n("num_training_steps"),
  get_cosine_with_hard_restarts_schedule_with_warmup: (p) => p.n("num_training_steps"),
  get_polynomial_decay_schedule_with_warmup: (p) => p.n("num_training_steps"),
  get_inverse_sqrt_schedule: (p) => p.n("num_warmup_steps"),
  get_wsd_schedule: (p) =>
    sum(p.n("num_warmup_steps"), p.n("num_stable_steps") ?? Math.max(0, (p.n("num_training_steps") ?? 0) - (p.n("num_warmup_steps") ?? 0) - (p.n("num_decay_steps") ?? 0)), p.n("num_decay_steps")),
  get_cosine_with_min_lr_schedule_with_warmup: (p) => p.n("num_training_steps"),
  get_cosine_with_min_lr_schedule_with_warmup_lr_rate: (p) => p.n("num_training_steps"),
  // timm
  Warmup: (p, schedule) => timmWarmup(p) + (spanOf(schedule.children()[0] as Schedule) ?? FALLBACK_EPOCHS),
  CosineLRScheduler: (p) => timmWarmup(p) + cycles(p.n("t_initial") as number, p.n("cycle_mul") ?? 1, p.n("cycle_limit") ?? 1),
  TanhLRScheduler: (p) => timmWarmup(p) + cycles(p.n("t_initial") as number, p.n("cycle_mul") ?? 1, p.n("cycle_limit") ?? 1),
  PolyLRScheduler: (p) => timmWarmup(p) + cycles(p.n("t_initial") as number, p.n("cycle_mul") ?? 1, p.n("cycle_limit") ?? 1),
  StepLRScheduler: (p) => timmWarmup(p) + (times(4, p.n("decay_t")) ?? 0),
  "timm.MultiStepLRScheduler": (p) => timmWarmup(p) + (p.last("decay_t") ?? 0),
  // DeepSpeed
  WarmupLR: (p) => p.n("warmup_num_steps"),
  WarmupDecayLR: (p) => p.n("total_num_steps"),
  WarmupCosineLR: (p) => p.n("total_num_steps"),
  OneCycle: (p) => sum(p.n("cycle_first_step_size"), p.n("cycle_second_step_size") ?? p.n("cycle_first_step_size")),
  // fairseq
  tri_stage: (p) => sum(p.n("warmup_steps"), p.n("hold_steps"), p.n("decay_steps")),
  inverse_sqrt: (p) => p.n("warmup_updates"),
  // Megatron-LM
  OptimizerParamScheduler: (p) => p.n("lr_decay_steps"),
  // NeMo: max_steps ends the schedule (NoamAnnealing may leave it out: then five warmups)
  WarmupPolicy: (p) => p.n("max_steps"),
  WarmupHoldPolicy: (p) => p.n("max_steps"),
  SquareAnnealing: (p) => p.n("max_steps"),
  CosineAnnealing: (p) => p.n("max_steps"),
  NoamAnnealing: (p) => p.n("max_steps") ?? times(5, p.n("warmup_steps")),
  NoamHoldAnnealing: (p) => p.n("max_steps"),
  WarmupHoldAnnealOneMinusSquareRoot: (p) => p.n("max_steps"),
  WarmupHoldAnnealLinear: (p) => p.n("max_steps"),
  WarmupAnnealing: (p) => p.n("max_steps"),
  InverseSquareRootAnnealing: (p) => p.n("max_steps"),
  T5InverseSquareRootAnnealing: (p) => p.n("max_steps"),
  SquareRootAnnealing: (p) => p.n("max_steps"),
  PolynomialDecayAnnealing: (p) => p.n("max_steps"),
  PolynomialHoldDecayAnnealing: (p) => p.n("max_steps"),
  // pytorch_warmup: the dampened schedule's length, at least the warmup's
  LinearWarmup: dampened((p) => p.n("warmup_period")),
  ExponentialWarmup: dampened((p) => times(3, p.n("warmup_period"))),
  UntunedLinearWarmup: dampened((p) => Math.floor(2 / (1 - (p.n("beta2") as number)))),
  UntunedExponentialWarmup: dampened((p) => times(3, Math.floor(1 / (1 - (p.n("beta2") as number))))),
  RAdamWarmup: dampened((p) => Math.floor(2 / (1 - (p.n("beta2") as number)))),
  // pytorch_optimizer
  REXScheduler: (p) => p.n("total_steps"),
  CosineAnnealingWarmupRestarts: (p) => cycles(p.n("first_cycle_steps") as number, p.n("cycle_mult") ?? 1),
  LinearScheduler: (p) => p.n("t_max"),
  CosineScheduler: (p) => p.n("t_max"),
  PolyScheduler: (p) => p.n("t_max"),
  get_chebyshev_schedule: (p) => p.n("num_epochs"),
  "pytorch_optimizer.get_wsd_schedule": (p) => sum(p.n("num_warmup_steps"), p.n("num_stable_steps"), p.n("num_decay_steps")),
  // Lightning Bolts
  LinearWarmupCosineAnnealingLR: (p) => p.n("max_epochs"),
};

/** A warmup that dampens another schedule: that schedule's length, and at least the warmup's. */
function dampened(warmup: (p: Reader) => number | undefined): Length {
  return (p, schedule) => {
    const child = schedule.children()[0];
    return Math.max(warmup(p) ?? 0, (child && spanOf(child)) ?? 0) || undefined;
  };
}

function times(k: number, value: number | undefined): number | undefined {
  return value === undefined ? undefined : k * value;
}

/** The schedule's natural length in epochs, or undefined when it has none. */
export function spanOf(schedule: Schedule): number | undefined {
  const length = LENGTHS[schedule.definition.printAs ?? schedule.type];
  if (length === undefined) return undefined;
  const params = schedule.params as ParamValues;
  const reader: Reader = {
    n: (name) => (typeof params[name] === "number" ? (params[name] as number) : undefined),
    last: (name) => {
      const list = params[name];
      const value = Array.isArray(list) ? list[list.length - 1] : undefined;
      return typeof value === "number" ? value : undefined;
    },
    flag: (name) => params[name] === true,
  };
  const span = length(reader, schedule);
  return span !== undefined && Number.isFinite(span) && span > 0 ? span : undefined;
}
