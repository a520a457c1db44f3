/** Formulas of Keras' schedules (schedules/keras.ts), each the kernel's arithmetic in its order. */
import type { Formulas } from "../contract.js";
import { geometricIndex, geometricStart, halfCosine, n, num, piecewise } from "../formula.js";

export const formulas: Formulas = {
  ExponentialDecay: (p) => {
    const exponent = `step / ${num(n(p, "decay_steps"))}`;
    return `${num(n(p, "initial_learning_rate"))} * ${num(n(p, "decay_rate"))} ** ${p["staircase"] ? `floor(${exponent})` : `(${exponent})`}`;
  },
  InverseTimeDecay: (p) => {
    const ratio = `step / ${num(n(p, "decay_steps"))}`;
    return `${num(n(p, "initial_learning_rate"))} / (1 + ${num(n(p, "decay_rate"))} * ${p["staircase"] ? `floor(${ratio})` : `(${ratio})`})`;
  },
  PolynomialDecay: (p) => {
    const [lr, steps, end, power] = [n(p, "initial_learning_rate"), n(p, "decay_steps"), n(p, "end_learning_rate"), n(p, "power")];
    // With cycle, decay_steps grows to the first multiple of itself at or above the step.
    const span = p["cycle"] ? `(${num(steps)} * max(1, ceil(step / ${num(steps)})))` : num(steps);
    const step = p["cycle"] ? "step" : `min(step, ${num(steps)})`;
    return `${num(lr - end)} * max(0, 1 - ${step} / ${span}) ** ${num(power)} + ${num(end)}`;
  },
  // A boundary belongs to the piece before it.
  PiecewiseConstantDecay: (p) => piecewise((p["boundaries"] as readonly number[]).map(num), (p["values"] as readonly number[]).map(num), "<="),
  CosineDecay: (p) => {
    const [lr, steps, alpha, warmup] = [n(p, "initial_learning_rate"), n(p, "decay_steps"), n(p, "alpha"), n(p, "warmup_steps")];
    const target = p["warmup_target"] as number | undefined;
    const decay = (step: string, from: number) => `${num(from)} * (${num(1 - alpha)} * ${halfCosine(`${step} / ${num(steps)}`)} + ${num(alpha)})`;
    if (target === undefined) return decay(`min(step, ${num(steps)})`, lr);
    const step = `min(step, ${num(steps + warmup)})`;
    return `(${num(target - lr)} * (${step} / ${num(warmup)}) + ${num(lr)} if ${step} < ${num(warmup)} else ${decay(`(${step} - ${num(warmup)})`, target)})`;
  },
  CosineDecayRestarts: (p) => {
    const [lr, first, tMul, mMul, alpha] = [n(p, "initial_learning_rate"), n(p, "first_decay_steps"), n(p, "t_mul"), n(p, "m_mul"), n(p, "alpha")];
    let index: string;
    let into: string;
    let length: string;
    if (tMul === 1) {
      into = `step % ${num(first)}`;
      index = `((step - ${into}) / ${num(first)})`;
      length = num(first);
    } else {
      index = geometricIndex("step", first, tMul);
      into = `step - ${geometricStart(index, first, tMul)}`;
      length = `(${num(first)} * ${num(tMul)} ** ${index})`;
    }
    const height = `${num(mMul)} ** ${index} * ${halfCosine(`(${into}) / ${length}`)}`;
    return `${num(lr)} * (${num(1 - alpha)} * (${height}) + ${num(alpha)})`;
  },
};
