/**
 * NeMo's schedulers (nemo/core/optim/lr_scheduler.py), with NeMo's names and keyword arguments.
 * Each is a torch _LRScheduler on the optimizer: `lr` is the optimizer's lr (NeMo's base_lrs), and
 * the value at t is what the optimizer holds after construction and t calls of step() (NeMo's
 * get_lr() at last_epoch = t). A step count can be given as a ratio of max_steps instead
 * (warmup_ratio: int(warmup_ratio * max_steps) steps), one or the other, as NeMo asserts. Where
 * NeMo's code would fail (an assert, a division by zero, a ValueError), the parameters are refused.
 * Quirks are NeMo's own and kept (see docs/llm-schedules.md).
 */
import { lrParam, nonNegative, type ParamProblem } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

const lr = { ...lrParam, doc: "the optimizer's lr (NeMo's base_lrs)" } as const;
const maxSteps = { name: "max_steps", kind: "integer", range: { min: 1 }, doc: "steps of the whole run; min_lr after it" } as const;
const optionalMaxSteps = { ...maxSteps, optional: true, doc: "steps of the whole run, min_lr after it (none: the schedule never ends)" } as const;
const warmupSteps = { name: "warmup_steps", kind: "integer", range: nonNegative, optional: true, doc: "steps of the warmup (or warmup_ratio; neither: no warmup)" } as const;
const warmupRatio = { name: "warmup_ratio", kind: "number", range: nonNegative, optional: true, doc: "the warmup as a fraction of max_steps: int(warmup_ratio * max_steps) steps" } as const;
const holdSteps = { name: "hold_steps", kind: "integer", range: nonNegative, optional: true, doc: "steps held at lr after the warmup (or hold_ratio)" } as const;
const holdRatio = { name: "hold_ratio", kind: "number", range: nonNegative, optional: true, doc: "the hold as a fraction of max_steps: int(hold_ratio * max_steps) steps" } as const;
const constantSteps = { name: "constant_steps", kind: "integer", range: nonNegative, optional: true, doc: "steps at min_lr at the end of the run (or constant_ratio)" } as const;
const constantRatio = { name: "constant_ratio", kind: "number", range: nonNegative, optional: true, doc: "the constant part as a fraction of max_steps: int(constant_ratio * max_steps) steps" } as const;
const minLr = (byDefault: number) => ({ name: "min_lr", kind: "number", range: nonNegative, default: byDefault, doc: "the lr after max_steps, and the floor of the decay" }) as const;

/** The parameters NeMo's schedulers share; each has the ones its constructor takes. */
type NemoParams = {
  readonly lr: number;
  readonly min_lr: number;
  readonly max_steps?: number;
} & { readonly [K in `${Part}_steps` | `${Part}_ratio`]?: number };
/** The parts of a run that are given in steps or as a ratio of max_steps. */
type Part = "warmup" | "hold" | "constant";

/** One of `<part>_steps` and `<part>_ratio`, not both (NeMo asserts it); a ratio needs max_steps. */
function onePart(p: NemoParams, part: Part): ParamProblem | undefined {
  const [steps, ratio] = [p[`${part}_steps`], p[`${part}_ratio`]];
  if (steps !== undefined && ratio !== undefined) return { param: `${part}_ratio`, code: "out-of-range", message: `give ${part}_steps or ${part}_ratio, not both` };
  if (ratio !== undefined && p.max_steps === undefined) return { param: `${part}_ratio`, code: "missing-parameter", message: `${part}_ratio needs max_steps` };
  return undefined;
}

/** A part's steps as NeMo counts them: the steps given, or int(ratio * max_steps), or 0. */
function partSteps(p: NemoParams, part: Part): number {
  const [steps, ratio] = [p[`${part}_steps`], p[`${part}_ratio`]];
  if (steps !== undefined) return steps;
  // onePart made sure that a ratio comes with max_steps.
  return ratio === undefined ? 0 : Math.trunc(ratio * (p.max_steps as number));
}

/** NeMo's warmup: lr * (t + 1) / (W + 1), so that step 0 already has lr / (W + 1). */
const warmupLr = (lr: number, warmup: number, t: number) => lr * ((t + 1) / (warmup + 1));

/** The first problem of several checks. */
const checks =
  <P,>(...all: ((p: P) => ParamProblem | undefined)[]) =>
  (p: P): ParamProblem | undefined => {
    for (const check of all) {
      const problem = check(p);
      if (problem) return problem;
    }
    return undefined;
  };

const warmupPart = (p: NemoParams) => onePart(p, "warmup");

/**
 * WarmupPolicy's skeleton, which most of NeMo's schedulers share: the warmup, min_lr after
 * max_steps, and the decay `after(t, W)` in between.
 */
function warmupPolicy(p: NemoParams, after: (t: number, warmup: number) => number): (t: number) => number {
  const [base, min] = [p.lr, p.min_lr];
  const max = p.max_steps ?? Infinity;
  const warmup = partSteps(p, "warmup");
  return (t) => {
    if (epoch(t) <= warmup && warmup > 0) return warmupLr(base, warmup, t);
    if (t > max) return min;
    return after(t, warmup);
  };
}

/**
 * WarmupHoldPolicy's skeleton: the warmup, then lr until the hold ends (even past max_steps), then
 * min_lr after max_steps and `after(t, W, H)` in between. H is NeMo's hold end: W + hold_steps, or
 * 0 when no hold is given (so the decays that read it count from step 0, not from the warmup's end).
 */
function warmupHoldPolicy(p: NemoParams & { readonly max_steps: number }, after: (t: number, warmup: number, holdEnd: number) => number): (t: number) => number {
  const [base, min, max] = [p.lr, p.min_lr, p.max_steps];
  const warmup = partSteps(p, "warmup");
  const held = p.hold_steps !== undefined || p.hold_ratio !== undefined;
  const holdEnd = held ? partSteps(p, "hold") + warmup : 0;
  return (t) => {
    if (epoch(t) <= warmup && warmup > 0) return warmupLr(base, warmup, t);
    if (t >= warmup && t < holdEnd) return base;
    if (t > max) return min;
    return after(t, warmup, holdEnd);
  };
}

/** The hold end as warmupHoldPolicy computes it. */
function holdEndOf(p: NemoParams): number {
  const held = p.hold_steps !== undefined || p.hold_ratio !== undefined;
  return held ? partSteps(p, "hold") + partSteps(p, "warmup") : 0;
}

/**
 * The decays after a hold divide by max_steps - H: NeMo fails with a division by zero when a step
 * reaches it, which happens when max_steps = H unless the warmup covers that step.
 */
function annealAfterHold(p: NemoParams): ParamProblem | undefined {
  const [warmup, holdEnd, max] = [partSteps(p, "warmup"), holdEndOf(p), p.max_steps];
  if (max === holdEnd && (warmup === 0 || holdEnd > warmup)) {
    return { param: "max_steps", code: "out-of-range", message: `max_steps must differ from the end of the hold (${holdEnd}): NeMo divides by their difference` };
  }
  return undefined;
}

const holdPart = (p: NemoParams) => onePart(p, "hold");
const warmupHoldParams = [lr, maxSteps, warmupSteps, warmupRatio, holdSteps, holdRatio] as const;

export const WarmupPolicy = defineSchedule({
  type: "WarmupPolicy",
  example: "WarmupPolicy(0.1, 50, warmup_steps=10, min_lr=0.001)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, lr * (t + 1) / (W + 1), then constant lr; min_lr after max_steps.",
  formula: "t <= W (W > 0): lr * (t + 1) / (W + 1); t > max_steps: min_lr; else lr",
  params: [lr, optionalMaxSteps, warmupSteps, warmupRatio, minLr(0)],
  check: warmupPart,
  kernel: (p) => ({ at: warmupPolicy(p, () => p.lr) }),
});

export const WarmupHoldPolicy = defineSchedule({
  type: "WarmupHoldPolicy",
  example: "WarmupHoldPolicy(0.1, 50, warmup_steps=10, hold_steps=20, min_lr=0.001)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, then lr (held to the hold's end even past max_steps); min_lr after max_steps.",
  formula: "t <= W (W > 0): lr * (t + 1) / (W + 1); W <= t < W + hold: lr; t > max_steps: min_lr; else lr",
  params: [...warmupHoldParams, minLr(0)],
  check: checks(warmupPart, holdPart),
  kernel: (p) => ({ at: warmupHoldPolicy(p, () => p.lr) }),
});

export const SquareAnnealing = defineSchedule({
  type: "SquareAnnealing",
  example: "SquareAnnealing(0.1, 100, warmup_steps=10)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, then lr * ((M - s) / M)^2 down to min_lr (1e-5 by default), s and M counted after the warmup.",
  formula: "warmup as WarmupPolicy; t > max_steps: min_lr; else max(min_lr, lr * ((M - s) / M)^2), s = t - W, M = max_steps - W",
  params: [lr, maxSteps, warmupSteps, warmupRatio, minLr(1e-5)],
  check: warmupPart,
  kernel: (p) => {
    const [base, min, max] = [p.lr, p.min_lr, p.max_steps];
    return {
      at: warmupPolicy(p, (t, warmup) => {
        const span = max - warmup;
        return Math.max(base * Math.pow((span - (t - warmup)) / span, 2), min);
      }),
    };
  },
});

export const SquareRootAnnealing = defineSchedule({
  type: "SquareRootAnnealing",
  example: "SquareRootAnnealing(0.1, 100, warmup_steps=10, min_lr=0.001)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, then lr * sqrt((max_steps - t) / max_steps), counted from step 0 (the warmup is not subtracted).",
  formula: "warmup as WarmupPolicy; t > max_steps: min_lr; else max(min_lr, lr * sqrt((max_steps - t) / max_steps))",
  params: [lr, maxSteps, warmupSteps, warmupRatio, minLr(0)],
  check: warmupPart,
  kernel: (p) => {
    const [base, min, max] = [p.lr, p.min_lr, p.max_steps];
    return { at: warmupPolicy(p, (t) => Math.max(base * Math.pow((max - t) / max, 0.5), min)) };
  },
});

/** CosineAnnealing's refusals: NeMo raises ValueError for lr < min_lr; with constant steps its cosine asserts lr > min_lr and divides by the decay. */
function cosineChecks(p: NemoParams): ParamProblem | undefined {
  const [base, min] = [p.lr, p.min_lr];
  const [warmup, constant, max] = [partSteps(p, "warmup"), partSteps(p, "constant"), p.max_steps];
  if (base < min) return { param: "min_lr", code: "out-of-range", message: `min_lr must be <= lr (${base}), got ${min}: NeMo raises ValueError` };
  if (constant > 0 && !(base > min)) return { param: "min_lr", code: "out-of-range", message: `min_lr must be < lr (${base}) with constant steps, got ${min}: NeMo asserts it` };
  if (constant > 0 && warmup === 0 && constant === max) {
    return { param: "constant_steps", code: "out-of-range", message: `constant steps must be < max_steps (${max}) without warmup: NeMo divides by max_steps - warmup - constant` };
  }
  return undefined;
}

export const CosineAnnealing = defineSchedule({
  type: "CosineAnnealing",
  example: "CosineAnnealing(0.1, 100, warmup_steps=10, constant_steps=20, min_lr=0.001)",
  peak: (p) => p.lr,
  summary: "NeMo's warmup, then a cosine from lr to min_lr over the rest of max_steps; with constant steps, Megatron's warmup from 0 and a cosine ending constant_steps early, then min_lr.",
  formula:
    "no constant steps: warmup as WarmupPolicy; t > max_steps: min_lr; else min_lr + (lr - min_lr) * (1 + cos(pi * (t - W) / (max_steps - W))) / 2. With C constant steps, D = max_steps - C - W: t <= W (W > 0): lr * t / W; t > W + D: min_lr; else min_lr + (lr - min_lr) * (1 + cos(pi * (t - W) / D)) / 2",
  params: [lr, maxSteps, warmupSteps, warmupRatio, constantSteps, constantRatio, minLr(0)],
  check: checks(warmupPart, (p) => onePart(p, "constant"), cosineChecks),
  kernel: (p) => {
    const [base, min, max] = [p.lr, p.min_lr, p.max_steps];
    const [warmup, constant] = [partSteps(p, "warmup"), partSteps(p, "constant")];
    const cosine = (step: number, steps: number) => (base - min) * (0.5 * (1 + Math.cos((Math.PI * step) / steps))) + min;
    if (constant === 0) return { at: warmupPolicy(p, (t) => cosine(t - warmup, max - warmup)) };
    // NeMo's "Megatron" cosine: every phase goes through _linear_warmup_with_cosine_annealing.
    const decay = max - (constant + warmup);
    return {
      at: (t) => {
        if (epoch(t) <= warmup && warmup > 0) return (base * t) / warmup;
        if (t > warmup + decay) return min;
        return min + 0.5 * (Math.cos(Math.PI * ((t - warmup) / decay)) + 1) * (base - min);
      },
    };
  },
});

/** lr * d_model^-0.5 * the Noam factor, at its largest (t = W) or 1 / sqrt(1) without warmup. */
function noamPeak(p: NemoParams & { readonly d_model: number }): number {
  const warmup = partSteps(p, "warmup");
  return Math.max(p.lr * Math.pow(p.d_model, -0.5) * Math.pow(Math.max(1, warmup), -0.5), p.min_lr);
}

export const NoamAnnealing = defineSchedule({
  type: "NoamAnnealing",
  example: "NoamAnnealing(1, 512, warmup_steps=100, min_lr=1e-5)",
  peak: noamPeak,
  summary: "The Transformer's Noam schedule: lr / sqrt(d_model) * min(1 / sqrt(t), t / W^1.5), with t at least 1 (so t = 0 gives t = 1's value); min_lr floors it after the warmup.",
  formula: "s = max(1, t); W > 0: lr * d_model^-0.5 * min(s^-0.5, s * W^-1.5), else lr * d_model^-0.5 * s^-0.5; s > W: at least min_lr",
  params: [
    lr,
    { name: "d_model", kind: "number", range: { min: 0, minOpen: true }, doc: "the model dimension: the lr is scaled by d_model^-0.5" },
    warmupSteps,
    warmupRatio,
    { ...optionalMaxSteps, doc: "steps of the whole run, only used with warmup_ratio (Noam does not end)" },
    minLr(0),
  ],
  check: checks(warmupPart, (p) =>
    p.lr < p.min_lr ? { param: "min_lr", code: "out-of-range", message: `min_lr must be <= lr (${p.lr}), got ${p.min_lr}: NeMo raises ValueError` } : undefined,
  ),
  kernel: (p) => {
    const [base, min] = [p.lr, p.min_lr];
    const normalize = Math.pow(p.d_model, -0.5);
    const warmup = partSteps(p, "warmup");
    const warmupScale = Math.pow(warmup, -1.5);
    return {
      at: (t) => {
        const step = Math.max(1, epoch(t));
        const mult = warmup > 0 ? normalize * Math.min(Math.pow(step, -0.5), step * warmupScale) : normalize * Math.pow(step, -0.5);
        const out = base * mult;
        return step > warmup ? Math.max(out, min) : out;
      },
    };
  },
});

export const NoamHoldAnnealing = defineSchedule({
  type: "NoamHoldAnnealing",
  example: "NoamHoldAnnealing(0.1, 100, warmup_steps=10, hold_steps=20, decay_rate=0.5, min_lr=0.0001)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, a hold at lr, then lr * (W / (t - hold_steps))^decay_rate (Squeezeformer): the decay counts from hold_steps, not from the hold's end.",
  formula: "warmup and hold as WarmupHoldPolicy; t > max_steps: min_lr; else max(min_lr, lr * max(1, W^r) / max(1, (t - hold)^r)), r = decay_rate, hold = hold_steps (0 if none)",
  params: [...warmupHoldParams, { name: "decay_rate", kind: "number", range: nonNegative, default: 0.5, doc: "the power of the decay (0.5: Noam's, 1: Squeezeformer's)" }, minLr(0)],
  check: checks(warmupPart, holdPart, (p) =>
    partSteps(p, "warmup") === 0 ? { param: "warmup_steps", code: "missing-parameter", message: "NoamHoldAnnealing needs warmup steps (NeMo raises ValueError without)" } : undefined,
  ),
  kernel: (p) => {
    const [base, min, rate] = [p.lr, p.min_lr, p.decay_rate];
    return {
      at: warmupHoldPolicy(p, (t, warmup, holdEnd) => {
        const hold = holdEnd > 0 ? holdEnd - warmup : 0;
        const [warmupDecay, holdDecay] = [Math.max(1, Math.pow(warmup, rate)), Math.max(1, Math.pow(t - hold, rate))];
        const lr = (base * warmupDecay) / holdDecay;
        // Both powers can overflow for huge steps or rates (Python raises OverflowError there): their ratio is the same number.
        return Math.max(Number.isFinite(lr) ? lr : base * Math.pow(Math.max(1, warmup) / Math.max(1, t - hold), rate), min);
      }),
    };
  },
});

export const WarmupAnnealing = defineSchedule({
  type: "WarmupAnnealing",
  example: "WarmupAnnealing(0.1, 50, warmup_steps=10, min_lr=0.01)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, then a linear decay from lr to min_lr at max_steps.",
  formula: "warmup as WarmupPolicy; t > max_steps: min_lr; else min_lr + (1 - (t - W) / (max_steps - W)) * (lr - min_lr)",
  params: [lr, maxSteps, warmupSteps, warmupRatio, minLr(0)],
  check: warmupPart,
  kernel: (p) => {
    const [base, min, max] = [p.lr, p.min_lr, p.max_steps];
    return { at: warmupPolicy(p, (t, warmup) => min + (1 - (t - warmup) / (max - warmup)) * (base - min)) };
  },
});

export const InverseSquareRootAnnealing = defineSchedule({
  type: "InverseSquareRootAnnealing",
  example: "InverseSquareRootAnnealing(0.1, 100, warmup_steps=10, min_lr=0.001)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, then lr / sqrt((t + 1) / (W + 1)), not floored by min_lr, which only applies after max_steps.",
  formula: "warmup as WarmupPolicy; t > max_steps: min_lr; else lr / sqrt((t + 1) / (W + 1))",
  params: [lr, maxSteps, warmupSteps, warmupRatio, minLr(0)],
  check: warmupPart,
  kernel: (p) => {
    const base = p.lr;
    return { at: warmupPolicy(p, (t, warmup) => base / Math.pow((t + 1) / (warmup + 1), 0.5)) };
  },
});

export const T5InverseSquareRootAnnealing = defineSchedule({
  type: "T5InverseSquareRootAnnealing",
  example: "T5InverseSquareRootAnnealing(0.01, 1000, constant_steps=100, min_lr=1e-5)",
  // check made sure that constant_steps is given.
  peak: (p) => Math.max(Math.pow(p.constant_steps as number, -0.5), p.min_lr),
  summary: "T5's schedule: 1 / sqrt(constant_steps), then 1 / sqrt(t); the optimizer's lr is not used. min_lr after max_steps.",
  formula: "t <= C: 1 / sqrt(C); t > max_steps: min_lr; else 1 / sqrt(t), C = constant_steps",
  params: [
    { ...lr, optional: true, doc: "the optimizer's lr, which NeMo's T5 schedule does not use" },
    maxSteps,
    { ...constantSteps, range: { min: 1 }, doc: "steps at 1 / sqrt(constant_steps) (NeMo needs the number itself, not constant_ratio)" },
    { ...constantRatio, doc: "refused: NeMo's code takes 1 / sqrt(constant_steps) of the argument, which fails with a ratio" },
    minLr(0),
  ],
  check: (p) => {
    if (p.constant_ratio !== undefined) return { param: "constant_ratio", code: "out-of-range", message: "give constant_steps, not constant_ratio: NeMo's code fails with a ratio" };
    if (p.constant_steps === undefined) return { param: "constant_steps", code: "missing-parameter", message: "missing parameter constant_steps (NeMo's code fails without it)" };
    return undefined;
  },
  kernel: (p) => {
    const [constant, max, min] = [p.constant_steps as number, p.max_steps, p.min_lr];
    const constantLr = 1 / Math.pow(constant, 0.5);
    return {
      at: (t) => {
        if (epoch(t) <= constant) return constantLr;
        if (t > max) return min;
        return 1 / Math.pow(t, 0.5);
      },
    };
  },
});

/** NeMo's _poly_decay: (lr - min_lr) * (1 - step / steps)^power + min_lr, the steps scaled up to cover the step in cycle mode. */
function polyDecay(base: number, step: number, steps: number, power: number, min: number, cycle: boolean): number {
  // NeMo's multiplier is 1 at step 0, else ceil(step / steps); at least 1 here, where a tiny
  // fractional step (NeMo's are whole) would round to 0 cycles and divide by zero.
  if (cycle) steps *= Math.max(1, Math.ceil(step / steps));
  else step = Math.min(step, steps);
  return (base - min) * Math.pow(1 - step / steps, power) + min;
}

const polyParams = [
  { name: "power", kind: "number", range: nonNegative, default: 1, doc: "the power of the decay" },
  { name: "cycle", kind: "boolean", default: false, doc: "restart the decay each decay span (NeMo's _poly_decay cycle)" },
] as const;

export const PolynomialDecayAnnealing = defineSchedule({
  type: "PolynomialDecayAnnealing",
  example: "PolynomialDecayAnnealing(0.1, 60, warmup_steps=10, min_lr=0.001, power=2)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, then a polynomial decay from lr to min_lr at max_steps (cycle changes nothing: max_steps ends the run first).",
  formula: "warmup as WarmupPolicy; t > max_steps: min_lr; else (lr - min_lr) * (1 - (t - W) / (max_steps - W))^power + min_lr",
  params: [lr, maxSteps, warmupSteps, warmupRatio, minLr(0), ...polyParams],
  check: warmupPart,
  kernel: (p) => {
    const [base, min, max, power, cycle] = [p.lr, p.min_lr, p.max_steps, p.power, p.cycle];
    return { at: warmupPolicy(p, (t, warmup) => polyDecay(base, t - warmup, max - warmup, power, min, cycle)) };
  },
});

export const PolynomialHoldDecayAnnealing = defineSchedule({
  type: "PolynomialHoldDecayAnnealing",
  example: "PolynomialHoldDecayAnnealing(0.1, 60, warmup_steps=5, hold_steps=10, min_lr=0.001, power=2)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, a hold at lr, then a polynomial decay to min_lr; without a hold the decay counts from step 0 over max_steps - W steps (and cycle restarts it).",
  formula: "warmup and hold as WarmupHoldPolicy; t > max_steps: min_lr; else poly(t - H, max_steps - max(W, H)), poly(s, n) = (lr - min_lr) * (1 - min(s, n) / n)^power + min_lr (cycle: n * ceil(s / n), no min), H = W + hold_steps or 0",
  params: [...warmupHoldParams, minLr(0), ...polyParams],
  check: checks(warmupPart, holdPart, annealAfterHold),
  kernel: (p) => {
    const [base, min, max, power, cycle] = [p.lr, p.min_lr, p.max_steps, p.power, p.cycle];
    return { at: warmupHoldPolicy(p, (t, warmup, holdEnd) => polyDecay(base, t - holdEnd, max - Math.max(warmup, holdEnd), power, min, cycle)) };
  },
});

export const WarmupHoldAnnealOneMinusSquareRoot = defineSchedule({
  type: "WarmupHoldAnnealOneMinusSquareRoot",
  example: "WarmupHoldAnnealOneMinusSquareRoot(0.1, 100, warmup_steps=10, hold_steps=20, min_lr=0.001)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, a hold at lr, then lr * (1 - sqrt((t - H) / (max_steps - H))), floored at min_lr; without a hold, H = 0.",
  formula: "warmup and hold as WarmupHoldPolicy; t > max_steps: min_lr; else max(min_lr, lr * (1 - sqrt((t - H) / (max_steps - H)))), H = W + hold_steps or 0",
  params: [...warmupHoldParams, minLr(0)],
  check: checks(warmupPart, holdPart, annealAfterHold),
  kernel: (p) => {
    const [base, min, max] = [p.lr, p.min_lr, p.max_steps];
    return { at: warmupHoldPolicy(p, (t, _, holdEnd) => Math.max(min, base * (1 - Math.pow((t - holdEnd) / (max - holdEnd), 0.5)))) };
  },
});

export const WarmupHoldAnnealLinear = defineSchedule({
  type: "WarmupHoldAnnealLinear",
  example: "WarmupHoldAnnealLinear(0.1, 100, warmup_steps=10, hold_steps=20, min_lr=0.01)",
  peak: (p) => Math.max(p.lr, p.min_lr),
  summary: "NeMo's warmup, a hold at lr, then a linear decay from lr to min_lr at max_steps; without a hold, counted from step 0.",
  formula: "warmup and hold as WarmupHoldPolicy; t > max_steps: min_lr; else lr - (lr - min_lr) * (t - H) / (max_steps - H), H = W + hold_steps or 0",
  params: [...warmupHoldParams, minLr(0)],
  check: checks(warmupPart, holdPart, annealAfterHold),
  kernel: (p) => {
    const [base, min, max] = [p.lr, p.min_lr, p.max_steps];
    return { at: warmupHoldPolicy(p, (t, _, holdEnd) => base - (base - min) * ((t - holdEnd) / (max - holdEnd))) };
  },
});

/** NeMo's schedulers in the order of its AVAILABLE_SCHEDULERS registry. */
export const library = defineLibrary({
  qualifier: "nemo",
  source: "NeMo",
  modules: ["nemo.core.optim.lr_scheduler"],
  call: { optimizer: true, trailing: [], keywordOnly: true },
  definitions: [
    WarmupPolicy,
    WarmupHoldPolicy,
    SquareAnnealing,
    CosineAnnealing,
    NoamAnnealing,
    NoamHoldAnnealing,
    WarmupHoldAnnealOneMinusSquareRoot,
    WarmupHoldAnnealLinear,
    WarmupAnnealing,
    InverseSquareRootAnnealing,
    T5InverseSquareRootAnnealing,
    SquareRootAnnealing,
    PolynomialDecayAnnealing,
    PolynomialHoldDecayAnnealing,
  ],
});
