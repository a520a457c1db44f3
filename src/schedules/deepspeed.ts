/**
 * DeepSpeed's schedules (deepspeed.runtime.lr_schedules), with DeepSpeed's names, parameters and
 * defaults, as its config's "scheduler" block names them. The value at t is what the optimizer
 * holds after t calls of `scheduler.step()`: DeepSpeed starts at iteration -1, so step t runs with
 * DeepSpeed's value at iteration t - 1, quirks included (WarmupCosineLR gives 0 before the first
 * step; OneCycle sets the momentum to cycle_min_mom before it).
 */
import { lrParam, nonNegative, type ParamValues } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

const warmupType = { name: "warmup_type", kind: "word", words: ["log", "linear"], default: "log", doc: "how the warmup rises: log(i + 1) / log(steps), or i / steps" } as const;
const warmupSteps = { name: "warmup_num_steps", kind: "integer", range: nonNegative, default: 1000, doc: "steps of the warmup (DeepSpeed uses at least 2)" } as const;
const totalSteps = { name: "total_num_steps", kind: "integer", range: { min: 1 }, doc: "steps of the whole run" } as const;

/** DeepSpeed's warmup fraction at iteration i (i >= 0): log or linear, 1 after the warmup. */
function warmupGamma(p: { readonly warmup_num_steps: number; readonly warmup_type: string }): { steps: number; gamma: (i: number) => number } {
  const steps = Math.max(2, p.warmup_num_steps);
  const log = p.warmup_type === "log";
  const inverseLog = 1 / Math.log(steps);
  // DeepSpeed steps in whole iterations, where log(i + 1) <= log(steps); between N - 1 and N a
  // fractional i would take the log warmup past 1 (and an lr past its ends): it stops at 1.
  return { steps, gamma: (i) => (i < steps ? (log ? Math.min(1, inverseLog * Math.log(i + 1)) : i / steps) : 1) };
}

/** DeepSpeed WarmupLR: from warmup_min_lr up to warmup_max_lr over warmup_num_steps, then constant. */
export const WarmupLR = defineSchedule({
  type: "WarmupLR",
  example: "WarmupLR(warmup_min_lr=0.001, warmup_max_lr=0.1, warmup_num_steps=10, warmup_type=linear)",
  peak: (p) => Math.max(p.warmup_min_lr, p.warmup_max_lr),
  summary: "Warmup from warmup_min_lr to warmup_max_lr (log or linear), then constant.",
  formula: "t = 0: min; else min + (max - min) * gamma(t - 1); gamma(i) = log(i + 1) / log(N) or i / N below N = max(2, warmup_num_steps), 1 after",
  params: [
    { name: "warmup_min_lr", kind: "number", range: nonNegative, default: 0, doc: "the lr at the start" },
    { name: "warmup_max_lr", kind: "number", range: nonNegative, default: 0.001, doc: "the lr after the warmup" },
    warmupSteps,
    warmupType,
  ],
  kernel: (p) => {
    const [min, max] = [p.warmup_min_lr, p.warmup_max_lr];
    const { gamma } = warmupGamma(p);
    return { at: (t) => (epoch(t) < 1 ? min : min + (max - min) * gamma(t - 1)) };
  },
});

/** DeepSpeed WarmupDecayLR: WarmupLR, then linear decay to 0 at total_num_steps. */
export const WarmupDecayLR = defineSchedule({
  type: "WarmupDecayLR",
  example: "WarmupDecayLR(40, warmup_min_lr=0.001, warmup_max_lr=0.1, warmup_num_steps=10)",
  peak: (p) => Math.max(p.warmup_min_lr, p.warmup_max_lr),
  summary: "Warmup as WarmupLR, then linear decay to 0 at total_num_steps.",
  formula: "warmup as WarmupLR; then min + (max - min) * max(0, (T - i) / max(1, T - N)), i = t - 1",
  params: [
    totalSteps,
    { name: "warmup_min_lr", kind: "number", range: nonNegative, default: 0, doc: "the lr at the start" },
    { name: "warmup_max_lr", kind: "number", range: nonNegative, default: 0.001, doc: "the lr after the warmup" },
    warmupSteps,
    warmupType,
  ],
  kernel: (p) => {
    const [min, max, total] = [p.warmup_min_lr, p.warmup_max_lr, p.total_num_steps];
    const { steps, gamma } = warmupGamma(p);
    const decay = (i: number) => (i < steps ? gamma(i) : Math.max(0, (total - i) / Math.max(1, total - steps)));
    return { at: (t) => (epoch(t) < 1 ? min : min + (max - min) * decay(t - 1)) };
  },
});

/** DeepSpeed WarmupCosineLR: lr times a warmup ratio, then a cosine ratio down to cos_min_ratio. */
export const WarmupCosineLR = defineSchedule({
  type: "WarmupCosineLR",
  example: "WarmupCosineLR(0.1, 50, warmup_num_steps=10, warmup_min_ratio=0.01, warmup_type=linear)",
  summary: "lr times a ratio: warmup from warmup_min_ratio to 1, then a cosine to cos_min_ratio (0 before the first step, as DeepSpeed).",
  formula: "t = 0: 0; i = t - 1 < N: lr * (r0 + (1 - r0) * gamma(i)); else lr * max(0, c + (1 - c) * (1 + cos(pi * (i - N + 1) / (T - N))) / 2)",
  params: [
    lrParam,
    totalSteps,
    { name: "warmup_min_ratio", kind: "number", range: { min: 0, max: 1 }, default: 0, doc: "the ratio at the start of the warmup" },
    warmupSteps,
    { name: "cos_min_ratio", kind: "number", range: { min: 0, max: 1 }, default: 0.0001, doc: "the ratio at the end of the cosine" },
    warmupType,
  ],
  check: (p) =>
    p.total_num_steps > Math.max(2, p.warmup_num_steps)
      ? undefined
      : { param: "total_num_steps", code: "out-of-range", message: `total_num_steps must exceed the warmup (max(2, warmup_num_steps) = ${Math.max(2, p.warmup_num_steps)}), got ${p.total_num_steps}` },
  kernel: (p) => {
    const [lr, total, r0, c] = [p.lr, p.total_num_steps, p.warmup_min_ratio, p.cos_min_ratio];
    const { steps, gamma } = warmupGamma(p);
    // The cosine is periodic in x = i - steps + 1 with period 2 * (total - steps); from 2^50 on, x
    // is reduced first (% is exact on doubles), else pi * x rounds badly and overflows near MAX_VALUE.
    const period = 2 * (total - steps);
    const reduce = (x: number) => (x < 2 ** 50 ? x : x % period);
    const ratio = (i: number) => (i < steps ? r0 + gamma(i) * (1 - r0) : Math.max(0, c + (1 - c) * ((1 + Math.cos((Math.PI * reduce(i - steps + 1)) / (total - steps))) / 2)));
    return { at: (t) => (epoch(t) < 1 ? 0 : lr * ratio(t - 1)) };
  },
});

/**
 * DeepSpeed OneCycle (Smith's 1cycle with an optional decay after it): a triangle from
 * cycle_min_lr up to cycle_max_lr and back over the two step sizes, then cycle_min_lr divided by
 * (1 + decay_lr_rate * steps / decay_step_size). The momentum mirrors it between cycle_max_mom
 * and cycle_min_mom, then grows by (1 + decay_mom_rate * ...). DeepSpeed accepts the stair counts
 * but its code does not use them, and neither does this. Step sizes are at least 1 (DeepSpeed
 * types them as integers); below that the triangle is not a number.
 */
export const OneCycle = defineSchedule({
  type: "OneCycle",
  example: "OneCycle(0.001, 0.1, cycle_first_step_size=10, cycle_second_step_size=15, decay_lr_rate=0.5, decay_step_size=5)",
  peak: (p) => Math.max(p.cycle_min_lr, p.cycle_max_lr),
  summary: "One triangle from cycle_min_lr to cycle_max_lr and back, then an optional decay; momentum mirrors it.",
  formula: "x = scale of the triangle at t; t <= T: min + (max - min) * x; after: min / (1 + decay_lr_rate * (t - T) / decay_step_size), T = first + second step size",
  params: [
    { name: "cycle_min_lr", kind: "number", range: nonNegative, doc: "the lr at the ends of the cycle" },
    { name: "cycle_max_lr", kind: "number", range: nonNegative, doc: "the lr at the peak" },
    { name: "decay_lr_rate", kind: "number", range: nonNegative, default: 0, doc: "how fast the lr decays after the cycle (0: not)" },
    { name: "cycle_first_step_size", kind: "number", range: { min: 1 }, default: 2000, doc: "steps up" },
    { name: "cycle_second_step_size", kind: "number", range: { min: 1 }, default: (p: ParamValues) => p["cycle_first_step_size"] as number, defaultText: "cycle_first_step_size", doc: "steps down" },
    { name: "cycle_first_stair_count", kind: "integer", range: nonNegative, default: 0, doc: "accepted as DeepSpeed does; unused by its code" },
    { name: "cycle_second_stair_count", kind: "integer", range: nonNegative, default: (p: ParamValues) => p["cycle_first_stair_count"] as number, defaultText: "cycle_first_stair_count", doc: "accepted as DeepSpeed does; unused by its code" },
    { name: "decay_step_size", kind: "number", range: nonNegative, default: 0, doc: "steps per unit of decay after the cycle (0: no decay)" },
    { name: "cycle_momentum", kind: "boolean", default: true, doc: "cycle the momentum (DeepSpeed does it for optimizers with betas)" },
    { name: "cycle_min_mom", kind: "number", range: { min: 0, max: 1 }, default: 0.8, doc: "the momentum at the lr's peak" },
    { name: "cycle_max_mom", kind: "number", range: { min: 0, max: 1 }, default: 0.9, doc: "the momentum at the cycle's ends" },
    { name: "decay_mom_rate", kind: "number", range: nonNegative, default: 0, doc: "how fast the momentum grows after the cycle (0: not)" },
  ],
  kernel: (p) => {
    const [min, max, lrRate, first, second, decayStep] = [p.cycle_min_lr, p.cycle_max_lr, p.decay_lr_rate, p.cycle_first_step_size, p.cycle_second_step_size, p.decay_step_size];
    const [minMom, maxMom, momRate] = [p.cycle_min_mom, p.cycle_max_mom, p.decay_mom_rate];
    const total = first + second;
    const ratio = first / total;
    // DeepSpeed's scale of the triangle after t steps (its iteration t - 1, plus one).
    const scale = (t: number) => {
      const cycle = Math.floor(1 + t / total);
      const x = 1 + t / total - cycle;
      return x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    };
    const noDecay = decayStep === 0;
    const lr = (t: number) => {
      if (t - 1 < total) return min + (max - min) * scale(t);
      return noDecay || lrRate === 0 ? min : min / (1 + (lrRate * (t - total)) / decayStep);
    };
    const momentum = (t: number) => {
      if (t < 1) return minMom;
      if (t - 1 < total) return maxMom - (maxMom - minMom) * scale(t);
      return noDecay || momRate === 0 ? maxMom : maxMom * (1 + (momRate * (t - total)) / decayStep);
    };
    return {
      at: (t) => lr(epoch(t)),
      ...(p.cycle_momentum ? { momentum: (t: number) => momentum(epoch(t)) } : {}),
    };
  },
});

/** DeepSpeed LRRangeTest: the lr grows linearly (or in stairs) from lr_range_test_min_lr. */
export const LRRangeTest = defineSchedule({
  type: "LRRangeTest",
  example: "LRRangeTest(lr_range_test_min_lr=0.001, lr_range_test_step_size=5, lr_range_test_step_rate=2, lr_range_test_staircase=true)",
  peak: (p) => p.lr_range_test_min_lr,
  summary: "A rising lr for a range test: min_lr * (1 + step_rate * t / step_size), in stairs if staircase.",
  formula: "lr_range_test_min_lr * (1 + lr_range_test_step_rate * t / lr_range_test_step_size)   (floor of t / step_size if staircase)",
  params: [
    { name: "lr_range_test_min_lr", kind: "number", range: nonNegative, default: 0.001, doc: "the lr at step 0" },
    { name: "lr_range_test_step_size", kind: "number", range: { min: 1 }, default: 2000, doc: "steps per unit of increase" },
    { name: "lr_range_test_step_rate", kind: "number", range: nonNegative, default: 1, doc: "the increase per step_size steps, as a multiple of min_lr" },
    { name: "lr_range_test_staircase", kind: "boolean", default: false, doc: "rise in whole steps of step_size" },
  ],
  kernel: (p) => {
    const [min, size, rate] = [p.lr_range_test_min_lr, p.lr_range_test_step_size, p.lr_range_test_step_rate];
    const stairs = p.lr_range_test_staircase;
    return { at: (t) => min * (1 + rate * (stairs ? Math.floor(epoch(t) / size) : epoch(t) / size)) };
  },
});

export const library = defineLibrary({
  qualifier: "deepspeed",
  source: "DeepSpeed",
  definitions: [WarmupLR, WarmupDecayLR, WarmupCosineLR, OneCycle, LRRangeTest],
  modules: ["deepspeed.runtime.lr_schedules"],
  call: { optimizer: true, trailing: ["last_batch_iteration"] },
});
