/**
 * Formulas of NeMo's schedulers (src/schedules/nemo.ts), operation for operation as the kernels
 * compute them: NeMo's warmup, its hold, min_lr after max_steps, and each decay between.
 */
import type { ParamValues } from "../../core/params.js";
import type { Formula, Formulas } from "../contract.js";
import { expressionNumber as n } from "../python-values.js";

type Part = "warmup" | "hold" | "constant";

/** A part's steps as NeMo counts them: the steps given, or int(ratio * max_steps), or 0. */
function partSteps(p: ParamValues, part: Part): number {
  const [steps, ratio] = [p[`${part}_steps`] as number | undefined, p[`${part}_ratio`] as number | undefined];
  if (steps !== undefined) return steps;
  return ratio === undefined ? 0 : Math.trunc(ratio * (p["max_steps"] as number));
}

/** NeMo's warmup `lr * (t + 1) / (W + 1)` up to W, then `rest`. */
function warmup(p: ParamValues, rest: string): string {
  const W = partSteps(p, "warmup");
  if (W <= 0) return rest;
  return `${n(p["lr"] as number)} * ((step + 1) / ${n(W + 1)}) if step <= ${n(W)} else (${rest})`;
}

/** min_lr after max_steps (when there is one), else `rest`. */
function ends(p: ParamValues, rest: string): string {
  const max = p["max_steps"] as number | undefined;
  return max === undefined ? rest : `${n(p["min_lr"] as number)} if step > ${n(max)} else ${rest}`;
}

/** WarmupPolicy's skeleton around `after` (an expression of the step and W). */
const warmupPolicy =
  (after: (p: ParamValues, W: number) => string): Formula =>
  (p) =>
    warmup(p, ends(p, after(p, partSteps(p, "warmup"))));

/** The hold's end as NeMo's WarmupHoldPolicy computes it: W + hold steps, or 0 without a hold. */
function holdEndOf(p: ParamValues): number {
  const held = p["hold_steps"] !== undefined || p["hold_ratio"] !== undefined;
  return held ? partSteps(p, "hold") + partSteps(p, "warmup") : 0;
}

/** WarmupHoldPolicy's skeleton: the warmup, lr until the hold ends, min_lr after max_steps, `after` between. */
const warmupHoldPolicy =
  (after: (p: ParamValues, W: number, H: number) => string): Formula =>
  (p) => {
    const [W, H] = [partSteps(p, "warmup"), holdEndOf(p)];
    const rest = ends(p, after(p, W, H));
    const held = H > W ? `${n(p["lr"] as number)} if ${n(W)} <= step < ${n(H)} else (${rest})` : rest;
    return warmup(p, held);
  };

/** NeMo's _poly_decay of step `s` over `steps` (expressions; steps a number). */
function polyDecay(p: ParamValues, s: string, steps: number): string {
  const [base, min, power] = [p["lr"] as number, p["min_lr"] as number, p["power"] as number];
  const fraction = p["cycle"] === true ? `${s} / (${n(steps)} * max(1, ceil(${s} / ${n(steps)})))` : `min(${s}, ${n(steps)}) / ${n(steps)}`;
  return `${n(base - min)} * (1 - ${fraction}) ** ${n(power)} + ${n(min)}`;
}

const lrOf = (p: ParamValues) => p["lr"] as number;
const minOf = (p: ParamValues) => p["min_lr"] as number;

export const formulas: Formulas = {
  WarmupPolicy: warmupPolicy((p) => n(lrOf(p))),
  WarmupHoldPolicy: warmupHoldPolicy((p) => n(lrOf(p))),
  SquareAnnealing: warmupPolicy((p, W) => {
    const span = (p["max_steps"] as number) - W;
    return `max(${n(lrOf(p))} * ((${n(span)} - (step - ${n(W)})) / ${n(span)}) ** 2, ${n(minOf(p))})`;
  }),
  SquareRootAnnealing: warmupPolicy((p) => {
    const max = p["max_steps"] as number;
    return `max(${n(lrOf(p))} * ((${n(max)} - step) / ${n(max)}) ** 0.5, ${n(minOf(p))})`;
  }),
  CosineAnnealing: (p) => {
    const [base, min, max] = [lrOf(p), minOf(p), p["max_steps"] as number];
    const [W, C] = [partSteps(p, "warmup"), partSteps(p, "constant")];
    if (C === 0) return warmupPolicy(() => `${n(base - min)} * (0.5 * (1 + cos(pi * (step - ${n(W)}) / ${n(max - W)}))) + ${n(min)}`)(p, () => undefined);
    // NeMo's "Megatron" cosine, with its own warmup from 0.
    const decay = max - (C + W);
    const rest = `${n(min)} if step > ${n(W + decay)} else ${n(min)} + 0.5 * (cos(pi * ((step - ${n(W)}) / ${n(decay)})) + 1) * ${n(base - min)}`;
    return W > 0 ? `${n(base)} * step / ${n(W)} if step <= ${n(W)} else (${rest})` : rest;
  },
  NoamAnnealing: (p) => {
    const [base, min] = [lrOf(p), minOf(p)];
    const normalize = Math.pow(p["d_model"] as number, -0.5);
    const W = partSteps(p, "warmup");
    const s = "max(1, step)";
    const mult = W > 0 ? `${n(normalize)} * min(${s} ** (-0.5), ${s} * ${n(Math.pow(W, -1.5))})` : `${n(normalize)} * ${s} ** (-0.5)`;
    const out = `${n(base)} * (${mult})`;
    return `max(${out}, ${n(min)}) if ${s} > ${n(W)} else ${out}`;
  },
  NoamHoldAnnealing: warmupHoldPolicy((p, W, H) => {
    const [base, min, rate] = [lrOf(p), minOf(p), p["decay_rate"] as number];
    const hold = H > 0 ? H - W : 0;
    const warmupDecay = Math.max(1, Math.pow(W, rate));
    return `max(${n(base * warmupDecay)} / max(1, (step - ${n(hold)}) ** ${n(rate)}), ${n(min)})`;
  }),
  WarmupAnnealing: warmupPolicy((p, W) => {
    const [base, min, max] = [lrOf(p), minOf(p), p["max_steps"] as number];
    return `${n(min)} + (1 - (step - ${n(W)}) / ${n(max - W)}) * ${n(base - min)}`;
  }),
  InverseSquareRootAnnealing: warmupPolicy((p, W) => `${n(lrOf(p))} / ((step + 1) / ${n(W + 1)}) ** 0.5`),
  T5InverseSquareRootAnnealing: (p) => {
    const [C, max, min] = [p["constant_steps"] as number, p["max_steps"] as number, minOf(p)];
    return `${n(1 / Math.pow(C, 0.5))} if step <= ${n(C)} else ${n(min)} if step > ${n(max)} else 1 / step ** 0.5`;
  },
  PolynomialDecayAnnealing: warmupPolicy((p, W) => polyDecay(p, `(step - ${n(W)})`, (p["max_steps"] as number) - W)),
  PolynomialHoldDecayAnnealing: warmupHoldPolicy((p, W, H) => polyDecay(p, `(step - ${n(H)})`, (p["max_steps"] as number) - Math.max(W, H))),
  WarmupHoldAnnealOneMinusSquareRoot: warmupHoldPolicy((p, _, H) => {
    const [base, min, max] = [lrOf(p), minOf(p), p["max_steps"] as number];
    return `max(${n(min)}, ${n(base)} * (1 - ((step - ${n(H)}) / ${n(max - H)}) ** 0.5))`;
  }),
  WarmupHoldAnnealLinear: warmupHoldPolicy((p, _, H) => {
    const [base, min, max] = [lrOf(p), minOf(p), p["max_steps"] as number];
    return `${n(base)} - ${n(base - min)} * ((step - ${n(H)}) / ${n(max - H)})`;
  }),
};
