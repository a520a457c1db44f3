/**
 * optax's schedules (optax.schedules), with optax's names and parameters. optax builds its bigger
 * schedules by joining smaller ones at boundaries (each piece sees the time since its boundary);
 * the formulas here are the joined results. optax turns some invalid arguments into a constant
 * schedule with a log line; nerva-lr rejects them instead.
 */
import { nonNegative, num, nums, positive, unitClosed, word, type ParamProblem, type ParamValues } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { cosineBetween, countAtMost, halfCosine, linearBetween } from "./shapes.js";

const positiveSteps = { min: 1 } as const;

/** optax.linear_schedule: from init_value to end_value over transition_steps, after transition_begin. */
export const linear_schedule = defineSchedule({
  type: "linear_schedule",
  example: "linear_schedule(0, 0.1, 5, transition_begin=2)",
  source: "optax",
  peak: (p) => Math.max(num(p, "init_value"), num(p, "end_value")),
  summary: "Linear ramp from init_value to end_value (a linear warmup or decay), then constant.",
  formula: "init + (end - init) * clip(t - transition_begin, 0, transition_steps) / transition_steps",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value until transition_begin" },
    { name: "end_value", kind: "number", range: nonNegative, doc: "the value from the end of the transition on" },
    { name: "transition_steps", kind: "integer", range: positiveSteps, doc: "steps of the ramp" },
    { name: "transition_begin", kind: "integer", range: nonNegative, default: 0, doc: "steps before the ramp starts" },
  ],
  kernel: (p) => {
    const [init, end, steps, begin] = [num(p, "init_value"), num(p, "end_value"), num(p, "transition_steps"), num(p, "transition_begin")];
    return { at: (t) => (epoch(t), linearBetween(init, end, Math.min(Math.max(t - begin, 0), steps) / steps)) };
  },
});

/** optax.cosine_decay_schedule: cosine from init_value to alpha * init_value over decay_steps. */
export const cosine_decay_schedule = defineSchedule({
  type: "cosine_decay_schedule",
  example: "cosine_decay_schedule(0.1, 20, alpha=0.1, exponent=2)",
  source: "optax",
  peak: (p) => num(p, "init_value"),
  summary: "Cosine decay from init_value to alpha * init_value, then constant.",
  formula: "init * ((1 - alpha) * ((1 + cos(pi * min(t, D) / D)) / 2) ^ exponent + alpha), D = decay_steps",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value at step 0" },
    { name: "decay_steps", kind: "integer", range: positiveSteps, doc: "steps of the decay" },
    { name: "alpha", kind: "number", range: unitClosed, default: 0, doc: "the final value as a fraction of init_value" },
    { name: "exponent", kind: "number", range: positive, default: 1, doc: "power applied to the cosine" },
  ],
  kernel: (p) => {
    const [init, steps, alpha, exponent] = [num(p, "init_value"), num(p, "decay_steps"), num(p, "alpha"), num(p, "exponent")];
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
  source: "optax",
  peak: (p) => Math.max(num(p, "init_value"), num(p, "peak_value")),
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
    if (!(num(p, "decay_steps") > num(p, "warmup_steps"))) {
      return { param: "decay_steps", code: "out-of-range", message: `decay_steps must be > warmup_steps (${num(p, "warmup_steps")}), got ${num(p, "decay_steps")}` };
    }
    if (num(p, "end_value") > num(p, "peak_value")) {
      return { param: "end_value", code: "out-of-range", message: `end_value must be <= peak_value (${num(p, "peak_value")}), got ${num(p, "end_value")}` };
    }
    return undefined;
  },
  kernel: (p) => {
    const [init, peak, warmup, total, end, exponent] = ["init_value", "peak_value", "warmup_steps", "decay_steps", "end_value", "exponent"].map((k) => num(p, k)) as [number, number, number, number, number, number];
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
  source: "optax",
  peak: (p) => Math.max(...cumulative(num(p, "init_value"), nums(p, "scales"))),
  summary: "init_value multiplied by each scale from its boundary on.",
  formula: "init_value * product of scales[i] for boundaries[i] <= t",
  params: [
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value before the first boundary" },
    { name: "boundaries", kind: "integers", range: nonNegative, order: "increasing", doc: "steps where a scale applies" },
    { name: "scales", kind: "numbers", range: nonNegative, doc: "one factor per boundary" },
  ],
  check: checkScales,
  kernel: (p) => {
    const boundaries = nums(p, "boundaries");
    // Cumulative products, so each call is one search.
    const values = cumulative(num(p, "init_value"), nums(p, "scales"));
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
  source: "optax",
  peak: (p) => Math.max(...cumulative(num(p, "init_value"), nums(p, "scales"))),
  summary: "Values at boundaries (cumulative products of scales), interpolated linearly or by cosine.",
  formula: "v[0] = init_value, v[i+1] = v[i] * scales[i] at boundaries[i]; interpolate between; v[last] after the last boundary",
  params: [
    { name: "interpolate_type", kind: "word", words: ["linear", "cosine"], doc: "how to move between boundaries" },
    { name: "init_value", kind: "number", range: nonNegative, doc: "the value at step 0" },
    { name: "boundaries", kind: "integers", range: { min: 1 }, order: "increasing", doc: "steps where each value is reached" },
    { name: "scales", kind: "numbers", range: nonNegative, doc: "one factor per boundary" },
  ],
  check: checkScales,
  kernel: (p) => interpolate(word(p, "interpolate_type") === "cosine" ? cosineBetween : linearBetween, num(p, "init_value"), nums(p, "boundaries"), nums(p, "scales")),
});

/** init, init * scales[0], init * scales[0] * scales[1], ... */
function cumulative(init: number, scales: readonly number[]): number[] {
  const values = [init];
  for (const scale of scales) values.push((values[values.length - 1] as number) * scale);
  return values;
}

/** One scale per boundary, and products that stay finite (scales above 1 could overflow). */
function checkScales(p: ParamValues): ParamProblem | undefined {
  const [scales, boundaries] = [nums(p, "scales").length, nums(p, "boundaries").length];
  if (scales !== boundaries) return { param: "scales", code: "out-of-range", message: `scales needs one entry per boundary (${boundaries}), got ${scales}` };
  const index = cumulative(num(p, "init_value"), nums(p, "scales")).findIndex((v) => !Number.isFinite(v));
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
function oneCycleBoundaries(p: ParamValues, fractions: readonly number[]): number[] {
  const steps = num(p, "transition_steps");
  return fractions.map((f) => Math.trunc(f * steps));
}

function increasingBoundaries(p: ParamValues, fractions: readonly number[], names: readonly string[]): ParamProblem | undefined {
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
  source: "optax",
  peak: (p) => num(p, "peak_value"),
  summary: "One cycle with cosine phases: peak/div_factor -> peak -> peak/(div_factor*final_div_factor).",
  formula: "piecewise_interpolate_schedule(cosine, peak/div_factor, [int(pct_start*T), T], [div_factor, 1/(div_factor*final_div_factor)])",
  params: [
    ...oneCycleCommon,
    { name: "div_factor", kind: "number", range: { min: 1 }, default: 25, doc: "initial value = peak_value / div_factor" },
    { name: "final_div_factor", kind: "number", range: { min: 1 }, default: 1e4, doc: "final value = initial value / final_div_factor" },
  ],
  check: (p) => increasingBoundaries(p, [num(p, "pct_start"), 1], ["pct_start", "transition_steps"]),
  kernel: (p) => {
    const [peak, div, finalDiv] = [num(p, "peak_value"), num(p, "div_factor"), num(p, "final_div_factor")];
    return interpolate(cosineBetween, peak / div, oneCycleBoundaries(p, [num(p, "pct_start"), 1]), [div, 1 / (div * finalDiv)]);
  },
});

/** optax.linear_onecycle_schedule: linear up to the peak, down to the start, then to a tiny value. */
export const linear_onecycle_schedule = defineSchedule({
  type: "linear_onecycle_schedule",
  example: "linear_onecycle_schedule(40, 0.1, pct_final=0.9)",
  source: "optax",
  peak: (p) => num(p, "peak_value"),
  summary: "One cycle with linear phases: up to peak, back to the start by pct_final, then to a tiny value.",
  formula: "piecewise_interpolate_schedule(linear, peak/div_factor, [int(pct_start*T), int(pct_final*T), T], [div_factor, 1/div_factor, 1/final_div_factor])",
  params: [
    ...oneCycleCommon,
    { name: "pct_final", kind: "number", range: { min: 0, minOpen: true, max: 1 }, default: 0.85, doc: "fraction of the cycle at which the value is back at the start" },
    { name: "div_factor", kind: "number", range: { min: 1 }, default: 25, doc: "initial value = peak_value / div_factor" },
    { name: "final_div_factor", kind: "number", range: { min: 1 }, default: 1e4, doc: "final value = initial value / final_div_factor" },
  ],
  check: (p) => increasingBoundaries(p, [num(p, "pct_start"), num(p, "pct_final"), 1], ["pct_start", "pct_final", "transition_steps"]),
  kernel: (p) => {
    const [peak, div, finalDiv] = [num(p, "peak_value"), num(p, "div_factor"), num(p, "final_div_factor")];
    return interpolate(linearBetween, peak / div, oneCycleBoundaries(p, [num(p, "pct_start"), num(p, "pct_final"), 1]), [div, 1 / div, 1 / finalDiv]);
  },
});

