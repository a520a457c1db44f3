/**
 * optax's schedules (optax.schedules), with optax's names and parameters. optax builds its bigger
 * schedules by joining smaller ones at boundaries (each piece sees the time since its boundary);
 * the formulas here are the joined results. optax turns some invalid arguments into a constant
 * schedule with a log line; nerva-lr rejects them instead.
 */
import { nonNegative, positive, unitClosed, type ParamProblem } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { checkSequence, inSequence } from "./composition.js";
import { cosineBetween, countAtMost, halfCosine, linearBetween } from "./shapes.js";
import { defineLibrary } from "./library.js";

const positiveSteps = { min: 1 } as const;

/** optax.linear_schedule: from init_value to end_value over transition_steps, after transition_begin. */
export const linear_schedule = defineSchedule({
  type: "linear_schedule",
  example: "linear_schedule(0, 0.1, 5, transition_begin=2)",
  peak: (p) => Math.max(p.init_value, p.end_value),
  summary: "Linear ramp from init_value to end_value (a linear warmup or decay), then constant.",
  formula: "init + (end - init) * clip(t - transition_begin, 0, transition_steps) / transition_steps",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value until transition_begin" },
    { name: "end_value", kind: "number", range: nonNegative, doc: "the value from the end of the transition on" },
    { name: "transition_steps", kind: "integer", range: positiveSteps, doc: "steps of the ramp" },
    { name: "transition_begin", kind: "integer", range: nonNegative, default: 0, doc: "steps before the ramp starts" },
  ],
  kernel: (p) => {
    const [init, end, steps, begin] = [p.init_value, p.end_value, p.transition_steps, p.transition_begin];
    return { at: (t) => (epoch(t), linearBetween(init, end, Math.min(Math.max(t - begin, 0), steps) / steps)) };
  },
});

/** optax.cosine_decay_schedule: cosine from init_value to alpha * init_value over decay_steps. */
export const cosine_decay_schedule = defineSchedule({
  type: "cosine_decay_schedule",
  example: "cosine_decay_schedule(0.1, 20, alpha=0.1, exponent=2)",
  peak: (p) => p.init_value,
  summary: "Cosine decay from init_value to alpha * init_value, then constant.",
  formula: "init * ((1 - alpha) * ((1 + cos(pi * min(t, D) / D)) / 2) ^ exponent + alpha), D = decay_steps",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value at step 0" },
    { name: "decay_steps", kind: "integer", range: positiveSteps, doc: "steps of the decay" },
    { name: "alpha", kind: "number", range: unitClosed, default: 0, doc: "the final value as a fraction of init_value" },
    { name: "exponent", kind: "number", range: positive, default: 1, doc: "power applied to the cosine" },
  ],
  kernel: (p) => {
    const [init, steps, alpha, exponent] = [p.init_value, p.decay_steps, p.alpha, p.exponent];
    return { at: (t) => (epoch(t), cosineDecay(init, steps, alpha, exponent, t)) };
  },
});

function cosineDecay(init: number, steps: number, alpha: number, exponent: number, t: number): number {
  return init * ((1 - alpha) * Math.pow(halfCosine(Math.min(t, steps) / steps), exponent) + alpha);
}

/**
 * optax.warmup_cosine_decay_schedule: linear warmup from init_value to peak_value over warmup_steps,
 * then cosine decay to end_value; decay_steps counts the whole schedule, warmup included.
 */
export const warmup_cosine_decay_schedule = defineSchedule({
  type: "warmup_cosine_decay_schedule",
  example: "warmup_cosine_decay_schedule(0, 0.1, 5, 30, end_value=0.001)",
  peak: (p) => Math.max(p.init_value, p.peak_value),
  summary: "Linear warmup to peak_value, then cosine decay to end_value (decay_steps includes the warmup).",
  formula: "t < W: init + (peak - init) * t / W; else peak * ((1 - a) * ((1 + cos(pi * min(t - W, D - W) / (D - W))) / 2) ^ exponent + a), a = end / peak",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value at step 0" },
    { name: "peak_value", kind: "number", range: nonNegative, doc: "the value at the end of the warmup" },
    { name: "warmup_steps", kind: "integer", range: nonNegative, doc: "steps of the linear warmup" },
    { name: "decay_steps", kind: "integer", range: positiveSteps, doc: "steps of the whole schedule, warmup included" },
    { name: "end_value", kind: "number", range: nonNegative, default: 0, doc: "the final value (at most peak_value)" },
    { name: "exponent", kind: "number", range: positive, default: 1, doc: "power applied to the cosine" },
  ],
  check: (p) => {
    if (!(p.decay_steps > p.warmup_steps)) {
      return { param: "decay_steps", code: "out-of-range", message: `decay_steps must be > warmup_steps (${p.warmup_steps}), got ${p.decay_steps}` };
    }
    if (p.end_value > p.peak_value) {
      return { param: "end_value", code: "out-of-range", message: `end_value must be <= peak_value (${p.peak_value}), got ${p.end_value}` };
    }
    return undefined;
  },
  kernel: (p) => {
    const [init, peak, warmup, total, end, exponent] = [p.init_value, p.peak_value, p.warmup_steps, p.decay_steps, p.end_value, p.exponent];
    const alpha = peak === 0 ? 0 : end / peak;
    return {
      at: (t) => (epoch(t) < warmup ? linearBetween(init, peak, t / warmup) : cosineDecay(peak, total - warmup, alpha, exponent, t - warmup)),
    };
  },
});

/** optax.piecewise_constant_schedule: init_value, multiplied by scales[i] from boundaries[i] on. */
export const piecewise_constant_schedule = defineSchedule({
  type: "piecewise_constant_schedule",
  example: "piecewise_constant_schedule(0.1, [5, 10], [0.5, 0.2])",
  peak: (p) => Math.max(...cumulative(p.init_value, p.scales)),
  summary: "init_value multiplied by each scale from its boundary on.",
  formula: "init_value * product of scales[i] for boundaries[i] <= t",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value before the first boundary" },
    { name: "boundaries", kind: "integers", range: nonNegative, order: "increasing", doc: "steps where a scale applies" },
    { name: "scales", kind: "numbers", range: nonNegative, doc: "one factor per boundary" },
  ],
  check: checkScales,
  kernel: (p) => {
    const boundaries = p.boundaries;
    // Cumulative products, so each call is one search.
    const values = cumulative(p.init_value, p.scales);
    return { at: (t) => (epoch(t), values[countAtMost(boundaries, t)] as number) };
  },
});

/**
 * optax.piecewise_interpolate_schedule: values init_value * scales[0] * ... * scales[i] at
 * boundaries[i], interpolated linearly or along a half-cosine in between; constant after the last.
 * optax takes a dict {boundary: scale}; the spec takes the two lists.
 */
export const piecewise_interpolate_schedule = defineSchedule({
  type: "piecewise_interpolate_schedule",
  example: "piecewise_interpolate_schedule(cosine, 0.1, [5, 10], [2, 0.1])",
  peak: (p) => Math.max(...cumulative(p.init_value, p.scales)),
  summary: "Values at boundaries (cumulative products of scales), interpolated linearly or by cosine.",
  formula: "v[0] = init_value, v[i+1] = v[i] * scales[i] at boundaries[i]; interpolate between; v[last] after the last boundary",
  params: [
    { name: "interpolate_type", kind: "word", words: ["linear", "cosine"], doc: "how to move between boundaries" },
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value at step 0" },
    { name: "boundaries", kind: "integers", range: { min: 1 }, order: "increasing", doc: "steps where each value is reached" },
    { name: "scales", kind: "numbers", range: nonNegative, doc: "one factor per boundary" },
  ],
  check: checkScales,
  kernel: (p) => interpolate(p.interpolate_type === "cosine" ? cosineBetween : linearBetween, p.init_value, p.boundaries, p.scales),
});

/** init, init * scales[0], init * scales[0] * scales[1], ... */
function cumulative(init: number, scales: readonly number[]): number[] {
  const values = [init];
  for (const scale of scales) values.push((values[values.length - 1] as number) * scale);
  return values;
}

/** One scale per boundary, and products that stay finite (scales above 1 could overflow). */
function checkScales(p: { readonly init_value: number; readonly scales: readonly number[]; readonly boundaries: readonly number[] }): ParamProblem | undefined {
  const [scales, boundaries] = [p.scales.length, p.boundaries.length];
  if (scales !== boundaries) return { param: "scales", code: "out-of-range", message: `scales needs one entry per boundary (${boundaries}), got ${scales}` };
  const index = cumulative(p.init_value, p.scales).findIndex((v) => !Number.isFinite(v));
  return index < 0 ? undefined : { param: "scales", index: index - 1, code: "out-of-range", message: `the product of init_value and scales overflows at scales[${index - 1}]` };
}

function interpolate(between: (start: number, end: number, pct: number) => number, init: number, boundaries: readonly number[], scales: readonly number[]) {
  const bounds = [0, ...boundaries];
  const values = cumulative(init, scales);
  return {
    at: (t: number) => {
      epoch(t);
      const i = countAtMost(bounds, t) - 1;
      if (i >= boundaries.length) return values[values.length - 1] as number;
      const [from, to] = [bounds[i] as number, bounds[i + 1] as number];
      return between(values[i] as number, values[i + 1] as number, (t - from) / (to - from));
    },
  };
}

/** The boundaries optax's one-cycle presets compute; int() truncates as Python does. */
function oneCycleBoundaries(p: { readonly transition_steps: number }, fractions: readonly number[]): number[] {
  const steps = p.transition_steps;
  return fractions.map((f) => Math.trunc(f * steps));
}

function increasingBoundaries(p: { readonly transition_steps: number }, fractions: readonly number[], names: readonly string[]): ParamProblem | undefined {
  const bounds = oneCycleBoundaries(p, fractions);
  for (let i = 0; i < bounds.length; i++) {
    if ((bounds[i] as number) <= (i === 0 ? 0 : (bounds[i - 1] as number))) {
      return { param: names[i] ?? "transition_steps", code: "out-of-range", message: `the phases need at least one step each, but ${names[i]} puts a boundary at step ${bounds[i]}` };
    }
  }
  return undefined;
}

const oneCycleCommon = [
  { name: "transition_steps", kind: "integer", range: { min: 2 }, doc: "steps of the whole cycle" },
  { name: "peak_value", kind: "number", range: nonNegative, doc: "the peak value" },
  { name: "pct_start", kind: "number", range: { min: 0, minOpen: true, max: 1, maxOpen: true }, default: 0.3, doc: "fraction of the cycle spent going up" },
] as const;

/** optax.cosine_onecycle_schedule (Smith & Topin 2018): cosine up to the peak, cosine down to a tiny value. */
export const cosine_onecycle_schedule = defineSchedule({
  type: "cosine_onecycle_schedule",
  example: "cosine_onecycle_schedule(40, 0.1)",
  peak: (p) => p.peak_value,
  summary: "One cycle with cosine phases: peak/div_factor -> peak -> peak/(div_factor*final_div_factor).",
  formula: "piecewise_interpolate_schedule(cosine, peak/div_factor, [int(pct_start*T), T], [div_factor, 1/(div_factor*final_div_factor)])",
  params: [
    ...oneCycleCommon,
    { name: "div_factor", kind: "number", range: { min: 1 }, default: 25, doc: "initial value = peak_value / div_factor" },
    { name: "final_div_factor", kind: "number", range: { min: 1 }, default: 1e4, doc: "final value = initial value / final_div_factor" },
  ],
  check: (p) => increasingBoundaries(p, [p.pct_start, 1], ["pct_start", "transition_steps"]),
  kernel: (p) => {
    const [peak, div, finalDiv] = [p.peak_value, p.div_factor, p.final_div_factor];
    return interpolate(cosineBetween, peak / div, oneCycleBoundaries(p, [p.pct_start, 1]), [div, 1 / (div * finalDiv)]);
  },
});

/** optax.linear_onecycle_schedule: linear up to the peak, down to the start, then to a tiny value. */
export const linear_onecycle_schedule = defineSchedule({
  type: "linear_onecycle_schedule",
  example: "linear_onecycle_schedule(40, 0.1, pct_final=0.9)",
  peak: (p) => p.peak_value,
  summary: "One cycle with linear phases: up to peak, back to the start by pct_final, then to a tiny value.",
  formula: "piecewise_interpolate_schedule(linear, peak/div_factor, [int(pct_start*T), int(pct_final*T), T], [div_factor, 1/div_factor, 1/final_div_factor])",
  params: [
    ...oneCycleCommon,
    { name: "pct_final", kind: "number", range: { min: 0, minOpen: true, max: 1 }, default: 0.85, doc: "fraction of the cycle at which the value is back at the start" },
    { name: "div_factor", kind: "number", range: { min: 1 }, default: 25, doc: "initial value = peak_value / div_factor" },
    { name: "final_div_factor", kind: "number", range: { min: 1 }, default: 1e4, doc: "final value = initial value / final_div_factor" },
  ],
  check: (p) => increasingBoundaries(p, [p.pct_start, p.pct_final, 1], ["pct_start", "pct_final", "transition_steps"]),
  kernel: (p) => {
    const [peak, div, finalDiv] = [p.peak_value, p.div_factor, p.final_div_factor];
    return interpolate(linearBetween, peak / div, oneCycleBoundaries(p, [p.pct_start, p.pct_final, 1]), [div, 1 / div, 1 / finalDiv]);
  },
});


/** optax.constant_schedule: the same value at every step. */
export const constant_schedule = defineSchedule({
  type: "constant_schedule",
  example: "constant_schedule(0.01)",
  peak: (p) => p.value,
  summary: "The same value at every step.",
  formula: "value",
  params: [{ name: "value", kind: "number", range: nonNegative, doc: "the value at every step" }],
  kernel: (p) => {
    const value = p.value;
    return { at: (t) => (epoch(t), value) };
  },
});

/** optax.polynomial_schedule: from init_value to end_value along (1 - progress) ^ power. */
export const polynomial_schedule = defineSchedule({
  type: "polynomial_schedule",
  example: "polynomial_schedule(0.1, 0.001, 2, 20, transition_begin=5)",
  peak: (p) => Math.max(p.init_value, p.end_value),
  summary: "Polynomial transition from init_value to end_value over transition_steps, after transition_begin.",
  formula: "(init - end) * (1 - clip(t - transition_begin, 0, T) / T) ^ power + end, T = transition_steps",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value until transition_begin" },
    { name: "end_value", kind: "number", range: nonNegative, doc: "the value from the end of the transition on" },
    { name: "power", kind: "number", range: positive, doc: "the power of the transition (1: linear)" },
    { name: "transition_steps", kind: "integer", range: positiveSteps, doc: "steps of the transition" },
    { name: "transition_begin", kind: "integer", range: nonNegative, default: 0, doc: "steps before the transition starts" },
  ],
  kernel: (p) => {
    const [init, end, power, steps, begin] = [p.init_value, p.end_value, p.power, p.transition_steps, p.transition_begin];
    return { at: (t) => (init - end) * Math.pow(1 - Math.min(Math.max(epoch(t) - begin, 0), steps) / steps, power) + end };
  },
});

const exponentialParams = [
  { name: "transition_steps", kind: "integer", range: positiveSteps, doc: "steps per factor of decay_rate" },
  { name: "decay_rate", kind: "number", range: positive, doc: "the factor per transition_steps (above 1 grows, up to end_value)" },
  { name: "transition_begin", kind: "integer", range: nonNegative, default: 0, doc: "steps before the decay starts" },
  { name: "staircase", kind: "boolean", default: false, doc: "decay in whole steps of transition_steps" },
  { name: "end_value", kind: "number", range: nonNegative, optional: true, doc: "the bound: a floor when decaying, a ceiling when growing (needed then)" },
] as const;

/**
 * The exponential rule optax's exponential_decay uses, from `init` on: init until transition_begin,
 * then init * decay_rate ^ (steps since / transition_steps), floored at end_value when it decays
 * and capped there when it grows (optax clips even before the transition starts).
 */
/** The parameters of optax's exponential rule. */
type ExponentialParams = {
  readonly transition_steps: number;
  readonly decay_rate: number;
  readonly transition_begin: number;
  readonly staircase: boolean;
  readonly end_value?: number;
};

function exponential(p: ExponentialParams, init: number): (t: number) => number {
  const [steps, rate, begin] = [p.transition_steps, p.decay_rate, p.transition_begin];
  const [stairs, end] = [p.staircase, p.end_value];
  const unclipped = (t: number) => {
    const since = t - begin;
    // init 0 stays 0 (0 * an overflowed power would be NaN).
    return since <= 0 || init === 0 ? init : init * Math.pow(rate, stairs ? Math.floor(since / steps) : since / steps);
  };
  if (end === undefined) return unclipped;
  return rate < 1 ? (t) => Math.max(unclipped(t), end) : (t) => Math.min(unclipped(t), end);
}

/** Growth without a ceiling overflows; optax allows it, nerva-lr asks for the ceiling. */
function checkGrowth(p: ExponentialParams): ParamProblem | undefined {
  if (p.decay_rate > 1 && p.end_value === undefined) {
    return { param: "decay_rate", code: "missing-parameter", message: `decay_rate ${p.decay_rate} > 1 grows without bound: give end_value, the ceiling` };
  }
  return undefined;
}

/** The largest value of the exponential rule: its ceiling when it grows, else its start. */
function exponentialPeak(p: ExponentialParams, init: number): number {
  // checkGrowth made sure that a growing rule has its ceiling.
  return p.decay_rate > 1 ? (p.end_value as number) : exponential(p, init)(0);
}

/** optax.exponential_decay: init_value * decay_rate ^ ((t - transition_begin) / transition_steps). */
export const exponential_decay = defineSchedule({
  type: "exponential_decay",
  example: "exponential_decay(0.1, 5, 0.5, transition_begin=2, end_value=0.01)",
  peak: (p) => exponentialPeak(p, p.init_value),
  summary: "Exponential decay (or growth) by decay_rate every transition_steps, bounded by end_value.",
  formula: "t <= B: init; else init * decay_rate ^ ((t - B) / T) (floor of it if staircase); then max(., end_value) if decay_rate < 1, else min(., end_value)",
  params: [{ name: "init_value", kind: "number", range: nonNegative, doc: "the value until transition_begin" }, ...exponentialParams],
  check: checkGrowth,
  kernel: (p) => {
    const value = exponential(p, p.init_value);
    return { at: (t) => value(epoch(t)) };
  },
});

/** optax.warmup_constant_schedule: linear warmup to peak_value, then constant (linear_schedule under another name). */
export const warmup_constant_schedule = defineSchedule({
  type: "warmup_constant_schedule",
  example: "warmup_constant_schedule(0, 0.1, 5)",
  peak: (p) => Math.max(p.init_value, p.peak_value),
  summary: "Linear warmup from init_value to peak_value, then constant.",
  formula: "init + (peak - init) * min(t, W) / W, W = warmup_steps",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value at step 0" },
    { name: "peak_value", kind: "number", range: nonNegative, doc: "the value from the end of the warmup on" },
    { name: "warmup_steps", kind: "integer", range: positiveSteps, doc: "steps of the linear warmup" },
  ],
  kernel: (p) => {
    const [init, peak, steps] = [p.init_value, p.peak_value, p.warmup_steps];
    return { at: (t) => linearBetween(init, peak, Math.min(epoch(t), steps) / steps) };
  },
});

/**
 * optax.warmup_exponential_decay_schedule: linear warmup to peak_value over warmup_steps, then
 * exponential_decay from peak_value with its clock restarted at warmup_steps (optax joins the two).
 */
export const warmup_exponential_decay_schedule = defineSchedule({
  type: "warmup_exponential_decay_schedule",
  example: "warmup_exponential_decay_schedule(0, 0.1, 5, 10, 0.5, end_value=0.001)",
  peak: (p) => Math.max(p.init_value, exponentialPeak(p, p.peak_value)),
  summary: "Linear warmup to peak_value, then exponential decay from it (bounded by end_value).",
  formula: "t < W: init + (peak - init) * t / W; else exponential_decay(peak, ...) at t - W",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value at step 0" },
    { name: "peak_value", kind: "number", range: nonNegative, doc: "the value at the end of the warmup" },
    { name: "warmup_steps", kind: "integer", range: nonNegative, doc: "steps of the linear warmup (0: none)" },
    ...exponentialParams,
  ],
  check: checkGrowth,
  kernel: (p) => {
    const [init, peak, warmup] = [p.init_value, p.peak_value, p.warmup_steps];
    const decay = exponential(p, peak);
    return { at: (t) => (epoch(t) < warmup ? linearBetween(init, peak, t / warmup) : decay(t - warmup)) };
  },
});

const joined = { name: "schedules", kind: "schedules", minLength: 1, doc: "the schedules, one after another" } as const;

/** optax.join_schedules: schedules[i] from boundaries[i - 1] on, each with its clock restarted there. */
export const join_schedules = defineSchedule({
  type: "join_schedules",
  example: "join_schedules([linear_schedule(0, 0.1, 5), cosine_decay_schedule(0.1, 20)], [5])",
  peak: (p) => Math.max(...p.schedules.map((s) => s.peak())),
  summary: "Schedules one after another; each starts from its own step 0 at its boundary.",
  formula: "schedules[i](t - boundaries[i-1]) where i = number of boundaries <= t",
  params: [joined, { name: "boundaries", kind: "integers", range: nonNegative, order: "increasing", doc: "steps at which the next schedule takes over" }],
  check: (p) => checkSequence(p, "schedules", "boundaries"),
  kernel: (p) => inSequence(p.schedules, p.boundaries),
});


/**
 * optax.sgdr_schedule (Loshchilov & Hutter 2016): warm restarts, each cycle a
 * warmup_cosine_decay_schedule, one after another. optax takes a list of keyword dicts; the spec
 * takes the list of the cycles themselves, so each cycle reads and checks like any other schedule.
 */
export const sgdr_schedule = defineSchedule({
  type: "sgdr_schedule",
  example: "sgdr_schedule([warmup_cosine_decay_schedule(0, 0.1, 5, 20), warmup_cosine_decay_schedule(0, 0.05, 5, 40)])",
  peak: (p) => Math.max(...p.cosine_kwargs.map((s) => s.peak())),
  summary: "Warm restarts: warmup_cosine_decay_schedule cycles one after another, each decay_steps long.",
  formula: "join_schedules(cosine_kwargs, boundaries = running sums of each cycle's decay_steps)",
  params: [{ name: "cosine_kwargs", kind: "schedules", minLength: 1, doc: "the cycles, each a warmup_cosine_decay_schedule(...)" }],
  check: (p) => {
    const index = p.cosine_kwargs.findIndex((s) => s.type !== "warmup_cosine_decay_schedule");
    if (index < 0) return undefined;
    return { param: "cosine_kwargs", index, code: "wrong-type", message: `cosine_kwargs[${index}] must be a warmup_cosine_decay_schedule, got ${p.cosine_kwargs[index]?.type}` };
  },
  kernel: (p) => {
    const cycles = p.cosine_kwargs;
    const boundaries: number[] = [];
    let step = 0;
    for (const cycle of cycles.slice(0, -1)) boundaries.push((step += cycle.params["decay_steps"] as number));
    return inSequence(cycles, boundaries);
  },
});

export const library = defineLibrary({
  qualifier: "optax",
  source: "optax",
  modules: ["optax.schedules"],
  call: { optimizer: false, trailing: [] },
  definitions: [linear_schedule, cosine_decay_schedule, warmup_cosine_decay_schedule, piecewise_constant_schedule, piecewise_interpolate_schedule, cosine_onecycle_schedule, linear_onecycle_schedule, constant_schedule, polynomial_schedule, exponential_decay, warmup_constant_schedule, warmup_exponential_decay_schedule, join_schedules, sgdr_schedule],
});
