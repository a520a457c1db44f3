/**
 * pytorch_optimizer's lr_scheduler package (kozistr/pytorch_optimizer), with its class and
 * function names and parameters. The value at t is the optimizer's lr after construction and t
 * calls of step(), the usual PyTorch loop; the library's own tests read the lr after a first
 * step(), one step further on. REXScheduler, CosineAnnealingWarmupRestarts and the three
 * warmup schedulers set max_lr and min_lr themselves (the optimizer's lr is not read); the
 * LambdaLR-based functions multiply the optimizer's lr. docs/llm-schedules.md lists the quirks.
 */
import { NervaLrError } from "../core/errors.js";
import { lrParam, nonNegative, positive, unitClosed } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

const maxLr = { name: "max_lr", kind: "number", range: nonNegative, doc: "the highest lr" } as const;
const maxLrOr = (fallback: number) => ({ ...maxLr, default: fallback }) as const;
const minLr = (fallback: number) => ({ name: "min_lr", kind: "number", range: nonNegative, default: fallback, doc: "the lowest lr, and the lr before the first step()" }) as const;

/** REXScheduler (Chen et al. 2021): after construction min_lr; then the REX curve from its step 1. */
export const REXScheduler = defineSchedule({
  type: "REXScheduler",
  example: "pytorch_optimizer.REXScheduler(100, max_lr=0.1, min_lr=0.001)",
  summary: "REX decay from max_lr to min_lr over total_steps; min_lr before the first step, which skips max_lr.",
  formula: "t < 1: min_lr; t < total_steps: min_lr + (max_lr - min_lr) * (1 - t/T) / (1 - t/(2T)); else min_lr",
  params: [
    { name: "total_steps", kind: "integer", range: nonNegative, doc: "steps of the decay (T)" },
    maxLrOr(1),
    minLr(0),
  ],
  peak: (p) => Math.max(p.max_lr, p.min_lr),
  kernel: (p) => {
    const [total, max, min] = [p.total_steps, p.max_lr, p.min_lr];
    return {
      at: (t) => {
        // torch's constructor already stepped once (to max_lr), then the peer set min_lr: step t is the curve at t.
        if (epoch(t) < 1 || t >= total) return min;
        const progress = t / total;
        return min + (max - min) * ((1 - progress) / (1 - progress / 2));
      },
    };
  },
});

/** Cycles counted one by one beyond this are refused (as MultiplicativeLR's steps are). */
const MAX_CYCLES = 10_000_000;

/**
 * CosineAnnealingWarmupRestarts: cycles of warmup_steps of linear warmup from min_lr, then a cosine
 * down to min_lr; each cycle's peak is max_lr * gamma^cycle, and the next cycle's length is
 * int((length - warmup_steps) * cycle_mult) + warmup_steps, as the peer's step() works it out.
 */
export const CosineAnnealingWarmupRestarts = defineSchedule({
  type: "CosineAnnealingWarmupRestarts",
  example: "pytorch_optimizer.CosineAnnealingWarmupRestarts(20, 1.5, max_lr=0.1, min_lr=0.001, warmup_steps=4, gamma=0.8)",
  summary: "Cosine cycles with a linear warmup in each, peaks times gamma per cycle, lengths times cycle_mult.",
  formula:
    "t < 1: min_lr; s = t - cycle start: s < W: min_lr + (peak - min_lr) * s / W; else min_lr + (peak - min_lr) * (1 + cos(pi * (s - W) / (L - W))) / 2; peak = max_lr * gamma^cycle; next L = int((L - W) * cycle_mult) + W",
  params: [
    { name: "first_cycle_steps", kind: "integer", range: { min: 1 }, doc: "steps in the first cycle" },
    { name: "cycle_mult", kind: "number", range: nonNegative, default: 1, doc: "the factor of each cycle's length after its warmup" },
    maxLrOr(1e-4),
    minLr(1e-6),
    { name: "warmup_steps", kind: "integer", range: nonNegative, default: 0, doc: "steps of linear warmup at the start of each cycle" },
    { name: "gamma", kind: "number", range: unitClosed, default: 0.9, doc: "the factor of each cycle's peak" },
  ],
  peak: (p) => Math.max(p.max_lr, p.min_lr),
  check: (p) => {
    const [first, warmup] = [p.first_cycle_steps, p.warmup_steps];
    if (warmup >= first) return { param: "warmup_steps", code: "out-of-range", message: `warmup_steps must be < first_cycle_steps (${first}), got ${warmup}` };
    if (warmup === 0 && p.cycle_mult < 1) {
      return { param: "cycle_mult", code: "out-of-range", message: "cycle_mult < 1 needs warmup_steps: without, the cycles shrink to 0 steps, where the peer divides by zero" };
    }
    return undefined;
  },
  kernel: (p) => {
    const [first, mult, max, min, warmup, gamma] = [p.first_cycle_steps, p.cycle_mult, p.max_lr, p.min_lr, p.warmup_steps, p.gamma];
    // The cycle last located, so that evaluating in order does not count the cycles again.
    let last = { index: 0, start: 0, length: first };
    const locate = (position: number) => {
      let { index, start, length } = position >= last.start ? last : { index: 0, start: 0, length: first };
      for (let counted = 0; position >= start + length; counted++) {
        const next = Math.trunc((length - warmup) * mult) + warmup;
        if (next === length) {
          // Every later cycle has this length: jump straight to the one holding position.
          const skip = Math.floor((position - start) / length);
          index += skip;
          start += skip * length;
          break;
        }
        if (counted >= MAX_CYCLES) throw new NervaLrError("invalid-epoch", `CosineAnnealingWarmupRestarts counts its cycles one by one, up to ${MAX_CYCLES}; step ${position} is further`);
        index++;
        start += length;
        length = next;
      }
      last = { index, start, length };
      return last;
    };
    return {
      at: (t) => {
        if (epoch(t) < 1) return min;
        const cycle = locate(Math.floor(t));
        const s = t - cycle.start;
        const peak = max * Math.pow(gamma, cycle.index);
        if (s < warmup) return ((peak - min) * s) / warmup + min;
        return min + ((peak - min) * (1 + Math.cos((Math.PI * (s - warmup)) / (cycle.length - warmup)))) / 2;
      },
    };
  },
});

const warmupParams = [
  { name: "t_max", kind: "integer", range: nonNegative, doc: "total steps (T)" },
  maxLr,
  { name: "min_lr", kind: "number", range: nonNegative, default: 0, doc: "the lr the decay aims at, and the lr before the first step()" },
  { name: "init_lr", kind: "number", range: nonNegative, default: 0, doc: "the lr at the start of the warmup" },
  { name: "warmup_steps", kind: "integer", range: nonNegative, default: 0, doc: "steps of linear warmup (W)" },
] as const;

/** The parameters of the peer's shared linear warmup. */
type WarmupParams = { readonly max_lr: number; readonly min_lr: number; readonly init_lr: number; readonly warmup_steps: number };

/** The peer divides by t_max - warmup_steps once the warmup is over. */
function dividesByZero(p: { readonly t_max: number; readonly warmup_steps: number }) {
  return p.t_max === p.warmup_steps
    ? { param: "t_max", code: "out-of-range", message: `t_max must differ from warmup_steps (${p.warmup_steps}): the peer divides by t_max - warmup_steps` } as const
    : undefined;
}

/**
 * The shared warmup of pytorch_optimizer's BaseLinearWarmupScheduler, one step behind: min_lr
 * after construction, then step t sets the value of the peer's step_t = t - 1 (init_lr rising to
 * max_lr over warmup_steps, max_lr at warmup_steps, then `decay`). Not clamped to min_lr; an lr
 * below 0 is held at 0.
 */
function oneBehind(p: WarmupParams, decay: (s: number) => number) {
  const [max, min, init, warmup] = [p.max_lr, p.min_lr, p.init_lr, p.warmup_steps];
  return {
    at: (t: number) => {
      if (epoch(t) < 1) return min;
      const s = t - 1;
      if (s < warmup) return init + ((max - init) * s) / warmup;
      return s === warmup ? max : Math.max(0, decay(s));
    },
  };
}

const warmupPeak = (p: WarmupParams) => Math.max(p.max_lr, p.min_lr, p.init_lr);

export const LinearScheduler = defineSchedule({
  type: "LinearScheduler",
  example: "pytorch_optimizer.LinearScheduler(10, 0.01, min_lr=0.0001, init_lr=0.001, warmup_steps=5)",
  summary: "Linear warmup, then a straight line from max_lr through min_lr at t_max and on below it; one step behind.",
  formula: "t < 1: min_lr; s = t - 1: s < W: init_lr + (max_lr - init_lr) * s / W; s = W: max_lr; else max(0, max_lr + (min_lr - max_lr) * (s - W) / (T - W))",
  params: warmupParams,
  peak: warmupPeak,
  check: dividesByZero,
  kernel: (p) => {
    const [max, min, total, warmup] = [p.max_lr, p.min_lr, p.t_max, p.warmup_steps];
    return oneBehind(p, (s) => max + ((min - max) * (s - warmup)) / (total - warmup));
  },
});

export const CosineScheduler = defineSchedule({
  type: "CosineScheduler",
  example: "pytorch_optimizer.CosineScheduler(2000, 0.1, min_lr=0.001, warmup_steps=100)",
  summary: "Linear warmup, then a cosine from max_lr to min_lr at t_max that rises again after; one step behind.",
  formula: "t < 1: min_lr; s = t - 1: s < W: init_lr + (max_lr - init_lr) * s / W; s = W: max_lr; else min_lr + (max_lr - min_lr) * (cos(pi * (s - W) / (T - W)) + 1) / 2",
  params: warmupParams,
  peak: warmupPeak,
  check: dividesByZero,
  kernel: (p) => {
    const [max, min, total, warmup] = [p.max_lr, p.min_lr, p.t_max, p.warmup_steps];
    return oneBehind(p, (s) => min + ((max - min) * (Math.cos(((s - warmup) / (total - warmup)) * Math.PI) + 1)) / 2);
  },
});

export const PolyScheduler = defineSchedule({
  type: "PolyScheduler",
  example: "pytorch_optimizer.PolyScheduler(100, 0.001, min_lr=0.0001, warmup_steps=10, poly_order=0.9)",
  summary: "Linear warmup, then min_lr + (max_lr - min_lr) * (s - W)^poly_order, which grows after the warmup; one step behind.",
  formula: "t < 1: min_lr; s = t - 1: s < W: init_lr + (max_lr - init_lr) * s / W; s = W: max_lr; else max(0, min_lr + (max_lr - min_lr) * (s - W)^poly_order)",
  params: [...warmupParams, { name: "poly_order", kind: "number", range: positive, default: 0.5, doc: "the power of the steps after the warmup" }],
  peak: warmupPeak,
  kernel: (p) => {
    const [max, min, warmup, order] = [p.max_lr, p.min_lr, p.warmup_steps, p.poly_order];
    return oneBehind(p, (s) => {
      const value = min + (max - min) * Math.pow(s - warmup, order);
      // Python's float power raises OverflowError here; an lr must be a finite number.
      if (!Number.isFinite(value)) throw new NervaLrError("out-of-range", `PolyScheduler: the lr at step ${s + 1} overflows a double (the peer's power raises OverflowError)`);
      return value;
    });
  },
});

/** Chebyshev step sizes between small_m = 0.05 and big_m = 1 (the peer's defaults), as numpy computes them. */
const [CHEB_C, CHEB_R] = [(1 + 0.05) / 2, (1 - 0.05) / 2];

/** Element j of the peer's fractal Chebyshev permutation of length `size` (a power of two). */
function chebyshevPermutation(j: number, size: number): number {
  if (size === 1) return 0;
  const half = size / 2;
  const inner = chebyshevPermutation(Math.floor(j / 2), half);
  return j % 2 === 0 ? inner : 2 * half - 1 - inner;
}

/** get_chebyshev_schedule (Agarwal et al. 2021): LambdaLR over the permuted Chebyshev steps. */
export const get_chebyshev_schedule = defineSchedule({
  type: "get_chebyshev_schedule",
  example: "pytorch_optimizer.get_chebyshev_schedule(0.001, 16)",
  summary: "lr times Chebyshev step sizes (1 to 20) in the fractal permutation order; constant lr with is_warmup.",
  formula:
    "is_warmup: lr; else lr / (0.525 - 0.475 * cos((sigma(i) + 0.5) * pi / E)); i = min(max(floor(t) - 2, 0), P - 1), E = 2^(int(log2(num_epochs - 1)) + 1) (1 if num_epochs <= 1), sigma the fractal permutation of length P = the power of two >= E - 2",
  params: [
    lrParam,
    { name: "num_epochs", kind: "integer", range: { min: 1, max: Number.MAX_SAFE_INTEGER }, doc: "total epochs" },
    { name: "is_warmup", kind: "boolean", default: false, doc: "the warmup stage: the factor is 1" },
  ],
  peak: (p) => (p.is_warmup === true ? p.lr : p.lr * (1 / (CHEB_C - CHEB_R * Math.cos((0.5 * Math.PI) / chebyshevLength(p.num_epochs))))),
  kernel: (p) => {
    const lr = p.lr;
    if (p.is_warmup === true) return { at: (t) => (epoch(t), lr) };
    const length = chebyshevLength(p.num_epochs);
    // The peer permutes only the first P of its E steps, P the power of two reached from 1 that is >= E - 2.
    let size = 1;
    while (size < length - 2) size *= 2;
    return {
      at: (t) => {
        const index = Math.min(Math.max(Math.floor(epoch(t)) - 2, 0), size - 1);
        const theta = ((chebyshevPermutation(index, size) + 0.5) * Math.PI) / length;
        return lr * (1 / (CHEB_C - CHEB_R * Math.cos(theta)));
      },
    };
  },
});

/** The peer's epoch_power: 2^(int(log2(num_epochs - 1)) + 1), or 1 for num_epochs <= 1. */
function chebyshevLength(epochs: number): number {
  return epochs > 1 ? Math.pow(2, Math.floor(Math.log2(epochs - 1)) + 1) : 1;
}

const COOLDOWNS = ["1-sqrt", "cosine", "1-square", "linear"] as const;

/** get_wsd_schedule: warmup, stable, cooldown; only the cosine cooldown ends at min_lr_ratio. */
export const PytorchOptimizerWsdSchedule = defineSchedule({
  type: "get_wsd_schedule",
  printAs: "pytorch_optimizer.get_wsd_schedule",
  example: 'pytorch_optimizer.get_wsd_schedule(0.1, 100, 1000, 900, min_lr_ratio=0.01, cooldown_type="1-sqrt")',
  summary: "Warmup from 0, a stable phase at lr, a cooldown, then min_lr_ratio * lr (the cooldowns but cosine end at 0, not min_lr_ratio).",
  formula:
    "lr * (t < W: t / max(1, W); t < W + S: 1; t < W + S + D: cosine: m + (1 - m) * max(0, (1 + cos(2 pi c p)) / 2), 1-sqrt: 1 - sqrt(p), 1-square: 1 - p^2, linear: 1 - p; else m), p = (t - W - S) / D, m = min_lr_ratio, c = num_cycles",
  params: [
    lrParam,
    { name: "num_warmup_steps", kind: "integer", range: nonNegative, doc: "steps of the warmup (W)" },
    { name: "num_stable_steps", kind: "integer", range: nonNegative, doc: "steps at lr (S)" },
    { name: "num_decay_steps", kind: "integer", range: nonNegative, doc: "steps of the cooldown (D)" },
    { name: "min_lr_ratio", kind: "number", range: unitClosed, default: 0, doc: "the final lr as a fraction of lr" },
    { name: "num_cycles", kind: "number", range: nonNegative, default: 0.5, doc: "cosine cooldown: periods over the decay (0.5: down once)" },
    { name: "cooldown_type", kind: "word", words: COOLDOWNS, default: "1-sqrt", defaultText: '"1-sqrt"', doc: 'the shape of the cooldown (quote the words with a dash: "1-sqrt")' },
  ],
  kernel: (p) => {
    const [lr, warmup, stable, decay] = [p.lr, p.num_warmup_steps, p.num_stable_steps, p.num_decay_steps];
    const [ratio, cycles, cooldown] = [p.min_lr_ratio, p.num_cycles, p.cooldown_type];
    const factor = (t: number) => {
      if (t < warmup) return t / Math.max(1, warmup);
      if (t < warmup + stable) return 1;
      if (t >= warmup + stable + decay) return ratio;
      const done = t - warmup - stable;
      if (cooldown === "cosine") {
        const progress = done / Math.max(1, decay);
        return (1 - ratio) * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress))) + ratio;
      }
      if (cooldown === "1-sqrt") return 1 - Math.sqrt(done / decay);
      return cooldown === "1-square" ? 1 - Math.pow(done / decay, 2) : 1 - done / decay;
    };
    return { at: (t) => lr * factor(epoch(t)) };
  },
});

export const library = defineLibrary({
  qualifier: "pytorch_optimizer",
  source: "pytorch_optimizer",
  modules: ["pytorch_optimizer.lr_scheduler"],
  call: { optimizer: true, trailing: ["last_epoch"] },
  definitions: [REXScheduler, CosineAnnealingWarmupRestarts, LinearScheduler, CosineScheduler, PolyScheduler, get_chebyshev_schedule, PytorchOptimizerWsdSchedule],
});
