/**
 * Formulas of timm's schedulers (src/schedules/timm.ts), operation for operation as the kernels
 * compute them. None with noise: timm's noise is random (a generator seeded per step), so no
 * expression gives its values.
 */
import type { ParamValues } from "../../core/params.js";
import { evaluate, parseExpression } from "../../core/expression.js";
import type { Formula, Formulas } from "../contract.js";
import { expressionNumber as n } from "../python-values.js";

/** The parameters every timm scheduler has (warmup and noise). */
interface TimmParams {
  readonly lr: number;
  readonly warmup_t: number;
  readonly warmup_lr_init: number;
  readonly warmup_prefix: boolean;
  readonly noise_range_t?: readonly number[];
}

/** The cycle schedulers' parameters. */
interface CycleParams extends TimmParams {
  readonly t_initial: number;
  readonly lr_min: number;
  readonly cycle_mul: number;
  readonly cycle_decay: number;
  readonly cycle_limit: number;
}

/**
 * timm's warmup in front of `after` (an expression in `step`): linear from warmup_lr_init to
 * `target` over warmup_t steps, kept between its ends, as the kernel's warmup().
 */
function withWarmup(p: TimmParams, after: string, target = p.lr): string {
  const [steps, init] = [p.warmup_t, p.warmup_lr_init];
  if (steps === 0) return after;
  const slope = (target - init) / steps;
  const [low, high] = [Math.min(init, target), Math.max(init, target)];
  return `min(${n(high)}, max(${n(low)}, ${n(init)} + step * ${n(slope)})) if step < ${n(steps)} else ${after}`;
}

/** The schedule's own time after the warmup: `(step - warmup_t)` with warmup_prefix, else the step. */
function innerTime(p: TimmParams): string {
  return p.warmup_prefix && p.warmup_t > 0 ? `(step - ${n(p.warmup_t)})` : "step";
}

/**
 * The cycle schedulers' value at time `x`: which cycle x is in, and `shape(into, length)` inside it,
 * as the kernel's cycle() (timm's logarithm for cycle_mul != 1; the kernel's mending of a
 * logarithm that rounds a cycle too far happens only where timm's own values are off, and is left out).
 */
function cycled(p: CycleParams, x: string, shape: (into: string, length: string) => string): string {
  const [initial, mul, lrMin, decay, limit] = [p.t_initial, p.cycle_mul, p.lr_min, p.cycle_decay, p.cycle_limit];
  let index: string;
  let into: string;
  let length: string;
  if (mul !== 1) {
    index = `floor(log(1 - ${x} / ${n(initial)} * ${n(1 - mul)}) / ${n(Math.log(mul))})`;
    into = `max(0, ${x} - (1 - ${n(mul)} ** ${index}) / ${n(1 - mul)} * ${n(initial)})`;
    length = `(${n(mul)} ** ${index} * ${n(initial)})`;
  } else {
    index = `floor(${x} / ${n(initial)})`;
    into = `(${x} - ${n(initial)} * ${index})`;
    length = n(initial);
  }
  const peak = `${n(p.lr)} * ${n(decay)} ** ${index}`;
  return `(${n(lrMin)} if ${index} >= ${n(limit)} else ${n(lrMin)} + (${peak} - ${n(lrMin)}) * ${shape(into, length)})`;
}

/** A cycle scheduler's formula; `warmupToSchedule`: TanhLRScheduler's warmup aims at its own value at warmup_t. */
function cycleFormula(shape: (p: ParamValues) => (into: string, length: string) => string, warmupToSchedule = false): Formula {
  return (params) => {
    const p = params as unknown as CycleParams;
    if (p.noise_range_t !== undefined) return undefined;
    const after = cycled(p, innerTime(p), shape(params));
    if (!warmupToSchedule || p.warmup_prefix || p.warmup_t === 0) return withWarmup(p, after);
    // The kernel warms up to its cycles' value at warmup_t: the same arithmetic, evaluated here.
    return withWarmup(p, after, evaluate(parseExpression(cycled(p, "step", shape(params))), p.warmup_t));
  };
}

export const formulas: Formulas = {
  CosineLRScheduler: cycleFormula((p) => {
    const k = n(p["k_decay"] as number);
    return (into, length) => `(0.5 * (1 + cos(pi * ${into} ** ${k} / ${length} ** ${k})))`;
  }),
  TanhLRScheduler: cycleFormula((p) => {
    const [lb, ub] = [n(p["lb"] as number), n(p["ub"] as number)];
    return (into, length) => `(0.5 * (1 - tanh(${lb} * (1 - ${into} / ${length}) + ${ub} * (${into} / ${length}))))`;
  }, true),
  PolyLRScheduler: cycleFormula((p) => {
    const [power, k] = [n(p["power"] as number), n(p["k_decay"] as number)];
    return (into, length) => `((1 - ${into} ** ${k} / ${length} ** ${k}) ** ${power})`;
  }),
  StepLRScheduler: (params) => {
    const p = params as unknown as TimmParams & { readonly decay_t: number; readonly decay_rate: number };
    if (p.noise_range_t !== undefined) return undefined;
    return withWarmup(p, `${n(p.lr)} * ${n(p.decay_rate)} ** floor(${innerTime(p)} / ${n(p.decay_t)})`);
  },
  MultiStepLRScheduler: (params) => {
    const p = params as unknown as TimmParams & { readonly decay_t: readonly number[]; readonly decay_rate: number };
    if (p.noise_range_t !== undefined) return undefined;
    // timm counts a milestone once t + 1 reaches it; a comparison is 1 or 0.
    const passed = p.decay_t.map((m) => `(${n(m)} <= ${innerTime(p)} + 1)`).join(" + ") || "0";
    return withWarmup(p, `${n(p.lr)} * ${n(p.decay_rate)} ** (${passed})`);
  },
};
