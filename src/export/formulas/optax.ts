/** Formulas of optax's schedules (schedules/optax.ts), each the kernel's arithmetic in its order. */
import type { ParamValues } from "../../core/params.js";
import type { Schedule } from "../../core/schedule.js";
import type { Formulas } from "../contract.js";
import { cosineBetween, halfCosine, linearBetween, n, num, piecewise } from "../formula.js";
import { sequence } from "./pytorch.js";

/** init * ((1 - alpha) * halfCosine(min(t, steps) / steps) ^ exponent + alpha), `step` the clock. */
function cosineDecay(init: number, steps: number, alpha: number, exponent: number, step: string): string {
  return `${num(init)} * (${num(1 - alpha)} * ${halfCosine(`min(${step}, ${num(steps)}) / ${num(steps)}`)} ** ${num(exponent)} + ${num(alpha)})`;
}

/** optax's exponential rule from `init` (schedules/optax.ts's `exponential`), `step` the clock. */
function exponential(p: ParamValues, init: number, step: string): string {
  const [steps, rate, begin, end] = [n(p, "transition_steps"), n(p, "decay_rate"), n(p, "transition_begin"), p["end_value"] as number | undefined];
  const since = `(${step} - ${num(begin)})`;
  const exponent = p["staircase"] ? `floor(${since} / ${num(steps)})` : `(${since} / ${num(steps)})`;
  const unclipped = init === 0 ? num(init) : `(${num(init)} if ${since} <= 0 else ${num(init)} * ${num(rate)} ** ${growthCapped(init, rate, end, exponent)})`;
  if (end === undefined) return unclipped;
  return `${rate < 1 ? "max" : "min"}(${unclipped}, ${num(end)})`;
}

/**
 * Growth (decay_rate > 1) stops at end_value: the exponent is capped a little past where it gets
 * there, which changes no value (the min takes end_value either way) and keeps Python's float
 * power from overflowing, which raises an error where JavaScript gives Infinity.
 */
function growthCapped(init: number, rate: number, end: number | undefined, exponent: string): string {
  if (!(rate > 1) || end === undefined) return exponent;
  let cap = Math.max(0, Math.ceil(Math.log(end / init) / Math.log(rate))) + 1;
  while (init * Math.pow(rate, cap) < end) cap++;
  return `min(${exponent}, ${num(cap)})`;
}

/** init, init * scales[0], ...: the values at the boundaries. */
function cumulative(init: number, scales: readonly number[]): number[] {
  const values = [init];
  for (const scale of scales) values.push((values[values.length - 1] as number) * scale);
  return values;
}

/** Values at 0 and the boundaries, moved between along `between`; the last value after the last. */
function interpolate(between: typeof linearBetween, init: number, boundaries: readonly number[], scales: readonly number[]): string {
  const bounds = [0, ...boundaries];
  const values = cumulative(init, scales);
  const pieces = boundaries.map((to, i) => {
    const from = bounds[i] as number;
    return `(${between(values[i] as number, values[i + 1] as number, `(step - ${num(from)}) / ${num(to - from)}`)})`;
  });
  pieces.push(num(values[values.length - 1] as number));
  return piecewise(boundaries.map(num), pieces);
}

/** optax's one-cycle boundaries: int(fraction * transition_steps). */
function oneCycleBoundaries(p: ParamValues, fractions: readonly number[]): number[] {
  return fractions.map((f) => Math.trunc(f * n(p, "transition_steps")));
}

export const formulas: Formulas = {
  linear_schedule: (p) => {
    const [init, end, steps, begin] = [n(p, "init_value"), n(p, "end_value"), n(p, "transition_steps"), n(p, "transition_begin")];
    return linearBetween(init, end, `min(max(step - ${num(begin)}, 0), ${num(steps)}) / ${num(steps)}`);
  },
  cosine_decay_schedule: (p) => cosineDecay(n(p, "init_value"), n(p, "decay_steps"), n(p, "alpha"), n(p, "exponent"), "step"),
  warmup_cosine_decay_schedule: (p) => {
    const [init, peak, warmup, total, end, exponent] = [n(p, "init_value"), n(p, "peak_value"), n(p, "warmup_steps"), n(p, "decay_steps"), n(p, "end_value"), n(p, "exponent")];
    const alpha = peak === 0 ? 0 : end / peak;
    return `(${linearBetween(init, peak, `step / ${num(warmup)}`)} if step < ${num(warmup)} else ${cosineDecay(peak, total - warmup, alpha, exponent, `(step - ${num(warmup)})`)})`;
  },
  piecewise_constant_schedule: (p) => {
    const values = cumulative(n(p, "init_value"), p["scales"] as readonly number[]);
    return piecewise((p["boundaries"] as readonly number[]).map(num), values.map(num));
  },
  piecewise_interpolate_schedule: (p) =>
    interpolate(p["interpolate_type"] === "cosine" ? cosineBetween : linearBetween, n(p, "init_value"), p["boundaries"] as readonly number[], p["scales"] as readonly number[]),
  cosine_onecycle_schedule: (p) => {
    const [peak, div, finalDiv] = [n(p, "peak_value"), n(p, "div_factor"), n(p, "final_div_factor")];
    return interpolate(cosineBetween, peak / div, oneCycleBoundaries(p, [n(p, "pct_start"), 1]), [div, 1 / (div * finalDiv)]);
  },
  linear_onecycle_schedule: (p) => {
    const [peak, div, finalDiv] = [n(p, "peak_value"), n(p, "div_factor"), n(p, "final_div_factor")];
    return interpolate(linearBetween, peak / div, oneCycleBoundaries(p, [n(p, "pct_start"), n(p, "pct_final"), 1]), [div, 1 / div, 1 / finalDiv]);
  },
  constant_schedule: (p) => num(n(p, "value")),
  polynomial_schedule: (p) => {
    const [init, end, power, steps, begin] = [n(p, "init_value"), n(p, "end_value"), n(p, "power"), n(p, "transition_steps"), n(p, "transition_begin")];
    return `${num(init - end)} * (1 - min(max(step - ${num(begin)}, 0), ${num(steps)}) / ${num(steps)}) ** ${num(power)} + ${num(end)}`;
  },
  exponential_decay: (p) => exponential(p, n(p, "init_value"), "step"),
  warmup_constant_schedule: (p) => {
    const steps = n(p, "warmup_steps");
    return linearBetween(n(p, "init_value"), n(p, "peak_value"), `min(step, ${num(steps)}) / ${num(steps)}`);
  },
  warmup_exponential_decay_schedule: (p) => {
    const [init, peak, warmup] = [n(p, "init_value"), n(p, "peak_value"), n(p, "warmup_steps")];
    return `(${linearBetween(init, peak, `step / ${num(warmup)}`)} if step < ${num(warmup)} else ${exponential(p, peak, `(step - ${num(warmup)})`)})`;
  },
  join_schedules: (p, child) => sequence(p["schedules"] as readonly Schedule[], p["boundaries"] as readonly number[], child),
  sgdr_schedule: (p, child) => {
    const cycles = p["cosine_kwargs"] as readonly Schedule[];
    const boundaries: number[] = [];
    let step = 0;
    for (const cycle of cycles.slice(0, -1)) boundaries.push((step += cycle.params["decay_steps"] as number));
    return sequence(cycles, boundaries, child);
  },
};
