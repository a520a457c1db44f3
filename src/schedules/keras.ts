/**
 * Keras' keras.optimizers.schedules, with Keras' names, parameters and defaults. Keras computes in
 * float32 by default; nerva-lr computes the same formulas in float64.
 */
import { atLeastOne, nonNegative, positive, unitClosed } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { countBelow, geometricCycle, halfCosine } from "./shapes.js";
import { defineLibrary } from "./library.js";

const initialLr = { name: "initial_learning_rate", kind: "number", range: nonNegative, doc: "the learning rate at step 0" } as const;
const decaySteps = { name: "decay_steps", kind: "number", range: atLeastOne, doc: "the steps the decay is measured in" } as const;
const staircase = { name: "staircase", kind: "boolean", default: false, doc: "decay in whole steps of decay_steps (floor)" } as const;

/** Keras ExponentialDecay. */
export const ExponentialDecay = defineSchedule({
  type: "ExponentialDecay",
  example: "ExponentialDecay(0.1, 10, 0.5, staircase=true)",
  peak: (p) => p.initial_learning_rate,
  summary: "Exponential decay by decay_rate every decay_steps, smooth or in steps.",
  formula: "initial_learning_rate * decay_rate ^ (t / decay_steps)   (floor of the exponent if staircase)",
  params: [initialLr, decaySteps, { name: "decay_rate", kind: "number", range: unitClosed, doc: "the factor per decay_steps" }, staircase],
  kernel: (p) => {
    const [lr, steps, rate, stairs] = [p.initial_learning_rate, p.decay_steps, p.decay_rate, p.staircase];
    return {
      at: (t) => {
        epoch(t);
        const exponent = t / steps;
        return lr * Math.pow(rate, stairs ? Math.floor(exponent) : exponent);
      },
    };
  },
});

/**
 * Keras InverseTimeDecay: the stateless counterpart of nerva's TimeBased (a pure function of t).
 */
export const InverseTimeDecay = defineSchedule({
  type: "InverseTimeDecay",
  example: "InverseTimeDecay(0.1, 5, 0.5)",
  peak: (p) => p.initial_learning_rate,
  summary: "Inverse time decay, a pure function of t (the stateless cousin of nerva's TimeBased).",
  formula: "initial_learning_rate / (1 + decay_rate * t / decay_steps)   (floor of t / decay_steps if staircase)",
  params: [initialLr, decaySteps, { name: "decay_rate", kind: "number", range: nonNegative, doc: "how fast the lr falls" }, staircase],
  kernel: (p) => {
    const [lr, steps, rate, stairs] = [p.initial_learning_rate, p.decay_steps, p.decay_rate, p.staircase];
    return {
      at: (t) => {
        epoch(t);
        const ratio = t / steps;
        return lr / (1 + rate * (stairs ? Math.floor(ratio) : ratio));
      },
    };
  },
});

/**
 * Keras PolynomialDecay. With cycle=true the decay restarts: decay_steps grows to the first multiple
 * of decay_steps at or above t (1 at t = 0), so each cycle decays more slowly.
 */
export const PolynomialDecay = defineSchedule({
  type: "PolynomialDecay",
  example: "PolynomialDecay(0.1, 10, cycle=true)",
  peak: (p) => p.initial_learning_rate,
  summary: "Polynomial decay to end_learning_rate over decay_steps; optionally cycling.",
  formula: "(initial - end) * (1 - t' / D) ^ power + end; t' = min(t, decay_steps), D = decay_steps, or with cycle: t' = t, D = decay_steps * max(1, ceil(t / decay_steps))",
  params: [
    initialLr,
    decaySteps,
    { name: "end_learning_rate", kind: "number", range: nonNegative, default: 0.0001, doc: "the lr at the end of the decay (at most initial_learning_rate)" },
    { name: "power", kind: "number", range: positive, default: 1, doc: "the polynomial's power" },
    { name: "cycle", kind: "boolean", default: false, doc: "restart the decay past decay_steps" },
  ],
  check: (p) =>
    p.end_learning_rate <= p.initial_learning_rate
      ? undefined
      : { param: "end_learning_rate", code: "out-of-range", message: `end_learning_rate must be <= initial_learning_rate (${p.initial_learning_rate}), got ${p.end_learning_rate}` },
  kernel: (p) => {
    const [lr, steps, end, power, cycle] = [p.initial_learning_rate, p.decay_steps, p.end_learning_rate, p.power, p.cycle];
    return {
      at: (t) => {
        epoch(t);
        // Keras: the first multiple of decay_steps at or above t, and 1 at t = 0. max(1, ...) also
        // covers a t so small that t / decay_steps underflows to 0.
        const span = cycle ? steps * Math.max(1, Math.ceil(t / steps)) : steps;
        const step = cycle ? t : Math.min(t, steps);
        // t / decay_steps can round down onto a whole number, leaving span a hair below t: clamp,
        // or a fractional power of a tiny negative number would be NaN.
        return (lr - end) * Math.pow(Math.max(0, 1 - step / span), power) + end;
      },
    };
  },
});

/**
 * Keras PiecewiseConstantDecay: values[0] while t <= boundaries[0], values[i] while
 * boundaries[i-1] < t <= boundaries[i], the last value after the last boundary.
 */
export const PiecewiseConstantDecay = defineSchedule({
  type: "PiecewiseConstantDecay",
  example: "PiecewiseConstantDecay([5, 10], [0.1, 0.05, 0.01])",
  peak: (p) => Math.max(...p.values),
  summary: "Constant pieces: values[i] between boundaries (a boundary belongs to the piece before it).",
  formula: "values[number of boundaries < t]",
  params: [
    { name: "boundaries", kind: "numbers", range: nonNegative, order: "increasing", minLength: 1, doc: "steps where the value changes" },
    { name: "values", kind: "numbers", range: nonNegative, minLength: 2, doc: "one more value than boundaries" },
  ],
  check: (p) =>
    p.values.length === p.boundaries.length + 1
      ? undefined
      : { param: "values", code: "out-of-range", message: `values needs ${p.boundaries.length + 1} entries (one more than boundaries), got ${p.values.length}` },
  kernel: (p) => {
    const boundaries = p.boundaries;
    const values = p.values;
    // Pieces are closed on the right: a boundary still belongs to the piece before it.
    return { at: (t) => (epoch(t), values[countBelow(boundaries, t)] as number) };
  },
});

/**
 * Keras CosineDecay (Loshchilov & Hutter 2016, without restarts), with Keras 3's optional linear
 * warmup from initial_learning_rate to warmup_target over warmup_steps. Holds its final value.
 */
export const CosineDecay = defineSchedule({
  type: "CosineDecay",
  // Keras puts name before warmup_target.
  peerOrder: ["initial_learning_rate",  "decay_steps",  "alpha",  "name",  "warmup_target",  "warmup_steps"],
  example: "CosineDecay(0.01, 20, alpha=0.1, warmup_target=0.1, warmup_steps=5)",
  peak: (p) => Math.max(p.initial_learning_rate, p.warmup_target ?? 0),
  summary: "Cosine decay to alpha * peak over decay_steps, with an optional linear warmup before it.",
  formula: "no warmup: lr0 * ((1 - alpha) * (1 + cos(pi * min(t, D) / D)) / 2 + alpha); warmup: linear lr0 -> warmup_target over warmup_steps, then the same decay from warmup_target",
  params: [
    initialLr,
    { name: "decay_steps", kind: "number", range: atLeastOne, doc: "steps of the cosine decay (after the warmup)" },
    { name: "alpha", kind: "number", range: unitClosed, default: 0, doc: "the final lr as a fraction of the peak" },
    { name: "warmup_target", kind: "number", range: nonNegative, optional: true, doc: "the peak lr reached by the warmup; no warmup when left out" },
    { name: "warmup_steps", kind: "number", range: nonNegative, default: 0, doc: "steps of the linear warmup" },
  ],
  kernel: (p) => {
    const [lr, steps, alpha, warmupSteps] = [p.initial_learning_rate, p.decay_steps, p.alpha, p.warmup_steps];
    const target = p.warmup_target;
    const decay = (step: number, from: number) => from * ((1 - alpha) * halfCosine(step / steps) + alpha);
    if (target === undefined) return { at: (t) => (epoch(t), decay(Math.min(t, steps), lr)) };
    return {
      at: (t) => {
        epoch(t);
        const step = Math.min(t, steps + warmupSteps);
        if (step < warmupSteps) return (target - lr) * (step / warmupSteps) + lr;
        return decay(step - warmupSteps, target);
      },
    };
  },
});

/**
 * Keras CosineDecayRestarts (SGDR, Loshchilov & Hutter 2016): cosine cycles whose length grows by
 * t_mul and whose height shrinks by m_mul. Cycle boundaries are found exactly in float64 (Keras
 * uses a logarithm in float32, which can place a restart one step off).
 */
export const CosineDecayRestarts = defineSchedule({
  type: "CosineDecayRestarts",
  example: "CosineDecayRestarts(0.1, 5, m_mul=0.8, alpha=0.05)",
  peak: (p) => p.initial_learning_rate,
  summary: "Cosine decay with warm restarts: cycles grow by t_mul, peaks shrink by m_mul (SGDR).",
  formula: "lr0 * ((1 - alpha) * m_mul^i * (1 + cos(pi * f)) / 2 + alpha); i = cycle index, f = fraction of cycle i done",
  params: [
    initialLr,
    { name: "first_decay_steps", kind: "number", range: atLeastOne, doc: "steps in the first cycle" },
    { name: "t_mul", kind: "number", range: { min: 1 }, default: 2, doc: "growth of each cycle's length" },
    { name: "m_mul", kind: "number", range: unitClosed, default: 1, doc: "factor of each cycle's peak" },
    { name: "alpha", kind: "number", range: unitClosed, default: 0, doc: "the lowest lr as a fraction of initial_learning_rate" },
  ],
  kernel: (p) => {
    const [lr, first, tMul, mMul, alpha] = [p.initial_learning_rate, p.first_decay_steps, p.t_mul, p.m_mul, p.alpha];
    return {
      at: (t) => {
        epoch(t);
        const cycle = geometricCycle(t, first, tMul);
        const height = Math.pow(mMul, cycle.index) * halfCosine(cycle.into / cycle.length);
        return lr * ((1 - alpha) * height + alpha);
      },
    };
  },
});

export const library = defineLibrary({
  qualifier: "keras",
  source: "Keras",
  definitions: [ExponentialDecay, InverseTimeDecay, PolynomialDecay, PiecewiseConstantDecay, CosineDecay, CosineDecayRestarts],
  modules: ["keras.optimizers.schedules", "tf.keras.optimizers.schedules", "tensorflow.keras.optimizers.schedules", "tf.keras.experimental", "tf.optimizers.schedules"],
  call: { optimizer: false, trailing: ["name"] },
});
