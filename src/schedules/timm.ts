/**
 * timm's schedulers (timm.scheduler), with timm's names, parameters and defaults. `lr` is the
 * optimizer's base lr and t counts epochs (or updates). Each can warm up first: linearly from
 * warmup_lr_init to lr over warmup_t steps; with warmup_prefix the schedule then starts from its own
 * t = 0, without it the warmup steps count as part of the schedule (timm's default for the cycle
 * schedulers). Each takes timm's noise options too: inside noise_range_t the lr is multiplied by
 * 1 + noise, a normal value kept inside (-noise_pct, noise_pct), one per step from noise_seed + t.
 * The generator is nerva-lr's own (src/schedules/noise.ts): noisy values have timm's distribution
 * but are not timm's numbers bit for bit.
 */
import { lrParam, nonNegative, positive, type ParamProblem, type ParamsOf } from "../core/params.js";
import { defineSchedule, epoch, type Kernel } from "../core/schedule.js";
import { truncatedNormalNoise } from "./noise.js";
import { pow } from "./shapes.js";
import { defineLibrary } from "./library.js";

const warmupParams = (prefix: boolean) =>
  [
    { name: "warmup_t", kind: "integer", range: nonNegative, default: 0, doc: "steps of the linear warmup" },
    { name: "warmup_lr_init", kind: "number", range: nonNegative, default: 0, doc: "the lr at step 0 of the warmup" },
    { name: "warmup_prefix", kind: "boolean", default: prefix, doc: "the schedule starts after the warmup (else the warmup steps are part of it)" },
  ] as const;

const cycleParams = [
  { name: "lr_min", kind: "number", range: nonNegative, default: 0, doc: "the lr at the end of each cycle" },
  { name: "cycle_mul", kind: "number", range: { min: 1 }, default: 1, doc: "growth of each cycle's length" },
  { name: "cycle_decay", kind: "number", range: { min: 0, max: 1 }, default: 1, doc: "the factor of each cycle's peak" },
  { name: "cycle_limit", kind: "integer", range: { min: 1 }, default: 1, doc: "cycles before the lr stays at lr_min" },
] as const;

/** timm's warmup parameters, as the warmup reads them. */
type WarmupParams = ParamsOf<ReturnType<typeof warmupParams>> & { readonly lr: number };

const noiseParams = [
  { name: "noise_range_t", kind: "numbers", range: nonNegative, order: "increasing", optional: true, doc: "noise from this step on, or [start, end) (none if left out)" },
  { name: "noise_pct", printedWith: "noise_range_t", kind: "number", range: { min: 0.01, max: 1 }, default: 0.67, doc: "the noise stays inside (-noise_pct, noise_pct) of the lr" },
  { name: "noise_std", printedWith: "noise_range_t", kind: "number", range: positive, default: 1, doc: "accepted as timm does; timm's noise does not use it" },
  { name: "noise_seed", printedWith: "noise_range_t", kind: "integer", range: nonNegative, default: 42, doc: "the noise of step t comes from seed noise_seed + t" },
] as const;

type NoiseParams = ParamsOf<typeof noiseParams>;

/** noise_range_t is timm's one start step or [start, end). */
function checkNoise(p: NoiseParams): ParamProblem | undefined {
  const range = p.noise_range_t;
  if (range === undefined || (range.length >= 1 && range.length <= 2)) return undefined;
  return { param: "noise_range_t", code: "out-of-range", message: `noise_range_t is a start step or [start, end], got ${range.length} numbers` };
}

/** The largest value with noise: the lr may rise by up to noise_pct. */
function noisyPeak(p: NoiseParams, peak: number): number {
  return p.noise_range_t === undefined ? peak : peak * (1 + p.noise_pct);
}

/** timm's noise on a kernel's values, inside noise_range_t; the noise of step t is that of floor(t). */
function withNoise(p: NoiseParams, kernel: Kernel): Kernel {
  const range = p.noise_range_t;
  if (range === undefined) return kernel;
  const [start, end] = [range[0] as number, range[1] ?? Infinity];
  const [pct, seed] = [p.noise_pct, p.noise_seed];
  const at = kernel.at;
  return { at: (t) => (t >= start && t < end ? at(t) * (1 + truncatedNormalNoise(seed, Math.floor(t), pct)) : at(t)) };
}

/**
 * timm's warmup: linear over warmup_t steps to `target` (lr; TanhLRScheduler without the prefix
 * aims at its own value at warmup_t instead); returns the schedule's own t afterwards.
 */
function warmup(p: WarmupParams, target = p.lr): { steps: number; at: (t: number) => number; inner: (t: number) => number } {
  const [steps, init] = [p.warmup_t, p.warmup_lr_init];
  const slope = steps > 0 ? (target - init) / steps : 1;
  const prefix = p.warmup_prefix;
  // Kept between its ends: with subnormal lrs the rounded slope can overshoot below 0.
  const [low, high] = [Math.min(init, target), Math.max(init, target)];
  return { steps, at: (t) => Math.min(high, Math.max(low, init + t * slope)), inner: (t) => (prefix ? t - steps : t) };
}

/**
 * Which cycle t falls in, its length and the time into it, computed as timm computes them (its
 * logarithm for cycle_mul != 1, so the values agree with timm's at every boundary).
 */
function cycle(t: number, initial: number, mul: number): { index: number; length: number; into: number } {
  if (mul !== 1) {
    // With cycle_mul a hair above 1 the logarithm can round a cycle too far or too short, putting
    // t before its cycle's start (a negative power, NaN) or past its end; move (at most twice) to
    // the cycle that holds t. Where timm's logarithm is right (every fixture) this changes nothing.
    const start = (i: number) => ((1 - Math.pow(mul, i)) / (1 - mul)) * initial;
    let index = Math.floor(Math.log(1 - (t / initial) * (1 - mul)) / Math.log(mul));
    let into = t - start(index);
    for (let moves = 0; moves < 2 && into < 0 && index > 0; moves++) into = t - start(--index);
    for (let moves = 0; moves < 2 && into > Math.pow(mul, index) * initial; moves++) into = t - start(++index);
    return { index, length: Math.pow(mul, index) * initial, into: Math.max(0, into) };
  }
  const index = Math.floor(t / initial);
  return { index, length: initial, into: t - initial * index };
}

/**
 * The cycle schedulers' shared shape: warmup, then cycles of `shape(time into the cycle, length)`.
 * `warmupToSchedule`: warm up to the cycle's own value at warmup_t (timm's TanhLRScheduler).
 */
function cycles(p: WarmupParams & NoiseParams & ParamsOf<typeof cycleParams> & { readonly t_initial: number }, shape: (into: number, length: number) => number, warmupToSchedule = false) {
  const [lr, initial, lrMin, mul, decay, limit] = [p.lr, p.t_initial, p.lr_min, p.cycle_mul, p.cycle_decay, p.cycle_limit];
  const cycled = (t: number) => {
    const c = cycle(t, initial, mul);
    if (c.index >= limit) return lrMin;
    const peak = lr * Math.pow(decay, c.index);
    return lrMin + (peak - lrMin) * shape(c.into, c.length);
  };
  const w = warmupToSchedule && !p.warmup_prefix ? warmup(p, cycled(p.warmup_t)) : warmup(p);
  return withNoise(p, { at: (t: number) => (epoch(t) < w.steps ? w.at(t) : cycled(w.inner(t))) });
}

const tInitial = { name: "t_initial", kind: "integer", range: { min: 1 }, doc: "steps in the first cycle" } as const;
const kDecay = { name: "k_decay", kind: "number", range: positive, default: 1, doc: "k-decay: the power of t inside the cycle (Zhang et al. 2020)" } as const;

/** timm CosineLRScheduler (SGDR, Loshchilov & Hutter 2016; k-decay, Zhang et al. 2020). */
export const CosineLRScheduler = defineSchedule({
  type: "CosineLRScheduler",
  // timm's own order: t_in_epochs before the noise arguments, k_decay after them.
  peerOrder: ["optimizer",  "t_initial",  "lr_min",  "cycle_mul",  "cycle_decay",  "cycle_limit",  "warmup_t",  "warmup_lr_init",  "warmup_prefix",  "t_in_epochs",  "noise_range_t",  "noise_pct",  "noise_std",  "noise_seed",  "k_decay",  "initialize"],
  peak: (p) => noisyPeak(p, Math.max(p.lr, p.lr_min, p.warmup_lr_init)),
  check: checkNoise,
  example: "CosineLRScheduler(0.1, 10, lr_min=0.001, cycle_mul=2, cycle_decay=0.5, cycle_limit=3, warmup_t=3, warmup_lr_init=0.01)",
  summary: "Cosine cycles from lr (times cycle_decay per cycle) to lr_min, with timm's warmup.",
  formula: "lr_min + (peak - lr_min) * (1 + cos(pi * into^k / length^k)) / 2; peak = lr * cycle_decay^cycle; lr_min after cycle_limit cycles",
  params: [lrParam, tInitial, ...cycleParams, ...warmupParams(false), kDecay, ...noiseParams],
  kernel: (p) => {
    const k = p.k_decay;
    return cycles(p, (into, length) => {
      // timm's order of operations, for its exact values; past 1e307 steps (or with a large
      // k_decay) it overflows, and the ratio taken first gives the same angle without overflow.
      const angle = (Math.PI * Math.pow(into, k)) / Math.pow(length, k);
      return 0.5 * (1 + Math.cos(Number.isFinite(angle) ? angle : Math.PI * Math.pow(into / length, k)));
    });
  },
});

/** timm TanhLRScheduler (Hsueh et al. 2019, "Stochastic gradient descent with hyperbolic-tangent decay"). */
export const TanhLRScheduler = defineSchedule({
  type: "TanhLRScheduler",
  // timm's own order (t_in_epochs before the noise arguments).
  peerOrder: ["optimizer",  "t_initial",  "lb",  "ub",  "lr_min",  "cycle_mul",  "cycle_decay",  "cycle_limit",  "warmup_t",  "warmup_lr_init",  "warmup_prefix",  "t_in_epochs",  "noise_range_t",  "noise_pct",  "noise_std",  "noise_seed",  "initialize"],
  peak: (p) => noisyPeak(p, Math.max(p.lr, p.lr_min, p.warmup_lr_init)),
  check: checkNoise,
  example: "TanhLRScheduler(0.1, 20, lb=-6, ub=4, lr_min=0.001, warmup_t=2)",
  summary: "Hyperbolic-tangent decay from lr to lr_min in cycles, with timm's warmup.",
  formula: "lr_min + (peak - lr_min) * (1 - tanh(lb * (1 - x) + ub * x)) / 2; x = into / length",
  params: [
    lrParam,
    tInitial,
    { name: "lb", kind: "number", range: { min: -1e3, max: 0 }, default: -7, doc: "the tanh argument at the start of a cycle" },
    { name: "ub", kind: "number", range: { min: 0, max: 1e3 }, default: 3, doc: "the tanh argument at the end of a cycle" },
    ...cycleParams,
    ...warmupParams(false),
    ...noiseParams,
  ],
  kernel: (p) => {
    const [lb, ub] = [p.lb, p.ub];
    const shape = (into: number, length: number) => {
      const x = into / length;
      return 0.5 * (1 - Math.tanh(lb * (1 - x) + ub * x));
    };
    return cycles(p, shape, true);
  },
});

/** timm PolyLRScheduler: polynomial decay in cycles. */
export const PolyLRScheduler = defineSchedule({
  type: "PolyLRScheduler",
  // timm's own order: t_in_epochs before the noise arguments, k_decay after them.
  peerOrder: ["optimizer",  "t_initial",  "power",  "lr_min",  "cycle_mul",  "cycle_decay",  "cycle_limit",  "warmup_t",  "warmup_lr_init",  "warmup_prefix",  "t_in_epochs",  "noise_range_t",  "noise_pct",  "noise_std",  "noise_seed",  "k_decay",  "initialize"],
  peak: (p) => noisyPeak(p, Math.max(p.lr, p.lr_min, p.warmup_lr_init)),
  check: checkNoise,
  example: "PolyLRScheduler(0.1, 15, power=2, lr_min=0.001, cycle_limit=2, warmup_t=3, warmup_prefix=true)",
  summary: "Polynomial decay from lr to lr_min in cycles, with timm's warmup.",
  formula: "lr_min + (peak - lr_min) * (1 - into^k / length^k) ^ power",
  params: [lrParam, tInitial, { name: "power", kind: "number", range: nonNegative, default: 0.5, doc: "the polynomial's power" }, ...cycleParams, ...warmupParams(false), kDecay, ...noiseParams],
  kernel: (p) => {
    const [power, k] = [p.power, p.k_decay];
    return cycles(p, (into, length) => Math.pow(1 - Math.pow(into, k) / Math.pow(length, k), power));
  },
});

/** timm StepLRScheduler: multiply by decay_rate every decay_t steps. */
export const StepLRScheduler = defineSchedule({
  type: "StepLRScheduler",
  // timm's own order (t_in_epochs before the noise arguments).
  peerOrder: ["optimizer",  "decay_t",  "decay_rate",  "warmup_t",  "warmup_lr_init",  "warmup_prefix",  "t_in_epochs",  "noise_range_t",  "noise_pct",  "noise_std",  "noise_seed",  "initialize"],
  peak: (p) => noisyPeak(p, Math.max(p.lr, p.warmup_lr_init)),
  check: checkNoise,
  example: "StepLRScheduler(0.1, 3, decay_rate=0.5, warmup_t=2, warmup_lr_init=0.01)",
  summary: "Multiply by decay_rate every decay_t steps, after timm's warmup.",
  formula: "lr * decay_rate ^ floor(t / decay_t)",
  params: [lrParam, { name: "decay_t", kind: "number", range: positive, doc: "steps between decays" }, { name: "decay_rate", kind: "number", range: { min: 0, max: 1 }, default: 1, doc: "the factor of each decay" }, ...warmupParams(true), ...noiseParams],
  kernel: (p) => {
    const [lr, every, rate] = [p.lr, p.decay_t, p.decay_rate];
    const w = warmup(p);
    // Python's power (1 ** inf is 1): a tiny decay_t makes the exponent infinite.
    return withNoise(p, { at: (t) => (epoch(t) < w.steps ? w.at(t) : lr * pow(rate, Math.floor(w.inner(t) / every))) });
  },
});

/**
 * timm MultiStepLRScheduler: multiply by decay_rate at each of decay_t. timm counts a milestone as
 * passed once t + 1 reaches it, one step earlier than PyTorch's MultiStepLR (t reaches it).
 */
export const TimmMultiStepLRScheduler = defineSchedule({
  type: "MultiStepLRScheduler",
  // timm's own order (t_in_epochs before the noise arguments).
  peerOrder: ["optimizer",  "decay_t",  "decay_rate",  "warmup_t",  "warmup_lr_init",  "warmup_prefix",  "t_in_epochs",  "noise_range_t",  "noise_pct",  "noise_std",  "noise_seed",  "initialize"],
  peak: (p) => noisyPeak(p, Math.max(p.lr, p.warmup_lr_init)),
  check: checkNoise,
  printAs: "timm.MultiStepLRScheduler",
  example: "timm.MultiStepLRScheduler(0.1, [3, 6], decay_rate=0.5, warmup_t=2)",
  summary: "Multiply by decay_rate at each milestone, counted one step before PyTorch's MultiStepLR does.",
  formula: "lr * decay_rate ^ (number of decay_t <= t + 1)",
  params: [
    lrParam,
    { name: "decay_t", kind: "integers", range: nonNegative, order: "nondecreasing", doc: "the milestones" },
    { name: "decay_rate", kind: "number", range: { min: 0, max: 1 }, default: 1, doc: "the factor at each milestone" },
    ...warmupParams(true),
    ...noiseParams,
  ],
  kernel: (p) => {
    const [lr, rate] = [p.lr, p.decay_rate];
    const milestones = p.decay_t.slice();
    const w = warmup(p);
    return withNoise(p, {
      at: (t) => {
        if (epoch(t) < w.steps) return w.at(t);
        const s = w.inner(t) + 1;
        let passed = 0;
        while (passed < milestones.length && (milestones[passed] as number) <= s) passed++;
        return lr * pow(rate, passed);
      },
    });
  },
});

export const library = defineLibrary({
  qualifier: "timm",
  source: "timm",
  definitions: [CosineLRScheduler, TanhLRScheduler, PolyLRScheduler, StepLRScheduler, TimmMultiStepLRScheduler],
  modules: ["timm.scheduler", "timm.scheduler.scheduler_factory", "timm.scheduler.cosine_lr", "timm.scheduler.tanh_lr", "timm.scheduler.poly_lr", "timm.scheduler.step_lr", "timm.scheduler.multistep_lr"],
  call: { optimizer: true, trailing: [] },
});
