/**
 * Formulas of Hugging Face transformers' schedules (schedules/huggingface.ts): lr times the
 * factor transformers' LambdaLR computes, each the kernel's arithmetic in its order.
 */
import type { ParamValues } from "../../core/params.js";
import type { Formulas } from "../contract.js";
import { n, num } from "../formula.js";

/** lr * (factor), as transformers' LambdaLR and the kernels' `scaled` compute it. */
function scaled(p: ParamValues, factor: string): string {
  return `${num(n(p, "lr"))} * (${factor})`;
}

/** t / max(1, W): transformers' linear warmup from 0. */
function warmup(p: ParamValues): string {
  return `step / ${num(Math.max(1, n(p, "num_warmup_steps")))}`;
}

/** (t - W) / max(1, T - W): how much of the run after the warmup is done. */
function progress(p: ParamValues): string {
  const [w, total] = [n(p, "num_warmup_steps"), n(p, "num_training_steps")];
  return `((step - ${num(w)}) / ${num(Math.max(1, total - w))})`;
}

/** `then if step < W else otherwise`. */
function afterWarmup(p: ParamValues, rest: string): string {
  return `${warmup(p)} if step < ${num(n(p, "num_warmup_steps"))} else ${rest}`;
}

/** The min-lr cosines' floor: min_lr / lr, or min_lr_rate. */
function minLrRate(p: ParamValues): number {
  const minLr = p["min_lr"] as number | undefined;
  return minLr !== undefined ? minLr / n(p, "lr") : n(p, "min_lr_rate");
}

export const formulas: Formulas = {
  get_constant_schedule_with_warmup: (p) => scaled(p, afterWarmup(p, "1")),
  get_linear_schedule_with_warmup: (p) => {
    const [w, total] = [n(p, "num_warmup_steps"), n(p, "num_training_steps")];
    return scaled(p, afterWarmup(p, `max(0, (${num(total)} - step) / ${num(Math.max(1, total - w))})`));
  },
  get_cosine_schedule_with_warmup: (p) => scaled(p, afterWarmup(p, `max(0, 0.5 * (1 + cos(pi * ${num(n(p, "num_cycles"))} * 2 * ${progress(p)})))`)),
  get_cosine_with_hard_restarts_schedule_with_warmup: (p) =>
    scaled(p, afterWarmup(p, `0 if ${progress(p)} >= 1 else max(0, 0.5 * (1 + cos(pi * (${num(n(p, "num_cycles"))} * ${progress(p)} % 1))))`)),
  get_polynomial_decay_schedule_with_warmup: (p) => {
    const [lr, w, total, end, power] = [n(p, "lr"), n(p, "num_warmup_steps"), n(p, "num_training_steps"), n(p, "lr_end"), n(p, "power")];
    const decay = `${num(lr - end)} * (1 - (step - ${num(w)}) / ${num(total - w)}) ** ${num(power)} + ${num(end)}`;
    return `(${num(lr)} * (${warmup(p)}) if step < ${num(w)} else ${num(end)} if step > ${num(total)} else ${decay})`;
  },
  get_inverse_sqrt_schedule: (p) => {
    const [w, timescale] = [n(p, "num_warmup_steps"), n(p, "timescale")];
    return scaled(p, afterWarmup(p, `1 / sqrt((step + ${num(timescale)} - ${num(w)}) / ${num(timescale)})`));
  },
  get_wsd_schedule: (p) => {
    const [w, decay, m, cycles] = [n(p, "num_warmup_steps"), n(p, "num_decay_steps"), n(p, "min_lr_ratio"), n(p, "num_cycles")];
    const stable = (p["num_stable_steps"] as number | undefined) ?? n(p, "num_training_steps") - w - decay;
    const floor = (factor: string) => `max(0, (${factor}) * ${num(1 - m)} + ${num(m)})`;
    const shape = (type: unknown, done: string, rising: boolean) =>
      type === "linear" ? (rising ? done : `1 - ${done}`) : type === "cosine" ? (rising ? `0.5 * (1 - cos(pi * ${done}))` : `0.5 * (1 + cos(pi * ${num(cycles)} * 2 * ${done}))`) : rising ? `1 - sqrt(1 - ${done})` : `1 - sqrt(${done})`;
    const warmupDone = `(step / ${num(Math.max(1, w))})`;
    const decayDone = `((step - ${num(w)} - ${num(stable)}) / ${num(Math.max(1, decay))})`;
    return scaled(
      p,
      `${floor(shape(p["warmup_type"], warmupDone, true))} if step < ${num(w)} else 1 if step < ${num(w + stable)} else ${floor(shape(p["decay_type"], decayDone, false))} if step < ${num(w + stable + decay)} else ${num(m)}`,
    );
  },
  get_constant_schedule: (p) => scaled(p, "1"),
  get_cosine_with_min_lr_schedule_with_warmup: (p) => {
    const r = minLrRate(p);
    return scaled(p, afterWarmup(p, `max(0, 0.5 * (1 + cos(pi * ${num(n(p, "num_cycles"))} * 2 * ${progress(p)})) * ${num(1 - r)} + ${num(r)})`));
  },
  get_cosine_with_min_lr_schedule_with_warmup_lr_rate: (p) => {
    const [w, total, cycles] = [n(p, "num_warmup_steps"), n(p, "num_training_steps"), n(p, "num_cycles")];
    const r = minLrRate(p);
    const rate = p["warmup_lr_rate"] as number | undefined;
    const rising = rate === undefined ? `(step + 1) / ${num(Math.max(1, w))}` : `${num(rate)} + ${num(1 - rate)} * step / ${num(Math.max(1, w - 1))}`;
    const cosine = `0.5 * (1 + cos(pi * ${num(cycles)} * 2 * ((step - ${num(w)} + 1) / ${num(Math.max(1, total - w))})))`;
    return scaled(p, `${rising} if step < ${num(w)} else max(0, ${cosine} * ${num(1 - r)} + ${num(r)})`);
  },
};
