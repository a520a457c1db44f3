/**
 * Formulas of DeepSpeed's schedules (src/schedules/deepspeed.ts), operation for operation as the
 * kernels compute them: step t runs with DeepSpeed's iteration i = t - 1. OneCycle's formula is
 * its lr (the momentum it also cycles has none here).
 */
import type { ParamValues } from "../../core/params.js";
import type { Formulas } from "../contract.js";
import { expressionNumber as n } from "../python-values.js";

/** DeepSpeed's warmup fraction at iteration `i` (an expression), as the kernel's warmupGamma. */
function gamma(p: ParamValues, i: string): string {
  const steps = Math.max(2, p["warmup_num_steps"] as number);
  const rise = p["warmup_type"] === "log" ? `min(1, ${n(1 / Math.log(steps))} * log(${i} + 1))` : `${i} / ${n(steps)}`;
  return `(${rise} if ${i} < ${n(steps)} else 1)`;
}

/** The iteration DeepSpeed computes step t with. */
const I = "(step - 1)";

/** A number for 2^50, from where WarmupCosineLR's kernel reduces the cosine's argument by its period. */
const REDUCE_FROM = 2 ** 50;

export const formulas: Formulas = {
  WarmupLR: (p) => {
    const [min, max] = [p["warmup_min_lr"] as number, p["warmup_max_lr"] as number];
    return `${n(min)} if step < 1 else ${n(min)} + ${n(max - min)} * ${gamma(p, I)}`;
  },
  WarmupDecayLR: (p) => {
    const [min, max, total] = [p["warmup_min_lr"] as number, p["warmup_max_lr"] as number, p["total_num_steps"] as number];
    const steps = Math.max(2, p["warmup_num_steps"] as number);
    const decay = `(${gamma(p, I)} if ${I} < ${n(steps)} else max(0, (${n(total)} - ${I}) / ${n(Math.max(1, total - steps))}))`;
    return `${n(min)} if step < 1 else ${n(min)} + ${n(max - min)} * ${decay}`;
  },
  WarmupCosineLR: (p) => {
    const [lr, total, r0, c] = [p["lr"] as number, p["total_num_steps"] as number, p["warmup_min_ratio"] as number, p["cos_min_ratio"] as number];
    const steps = Math.max(2, p["warmup_num_steps"] as number);
    const x = `(${I} - ${n(steps)} + 1)`;
    const reduced = `(${x} if ${x} < ${n(REDUCE_FROM)} else ${x} % ${n(2 * (total - steps))})`;
    const cosine = `max(0, ${n(c)} + ${n(1 - c)} * ((1 + cos(pi * ${reduced} / ${n(total - steps)})) / 2))`;
    const ratio = `(${n(r0)} + ${gamma(p, I)} * ${n(1 - r0)} if ${I} < ${n(steps)} else ${cosine})`;
    return `0 if step < 1 else ${n(lr)} * ${ratio}`;
  },
  OneCycle: (p) => {
    const [min, max, lrRate] = [p["cycle_min_lr"] as number, p["cycle_max_lr"] as number, p["decay_lr_rate"] as number];
    const [first, second, decayStep] = [p["cycle_first_step_size"] as number, p["cycle_second_step_size"] as number, p["decay_step_size"] as number];
    const total = first + second;
    const ratio = first / total;
    const x = `(1 + step / ${n(total)} - floor(1 + step / ${n(total)}))`;
    const scale = `(${x} / ${n(ratio)} if ${x} <= ${n(ratio)} else (${x} - 1) / ${n(ratio - 1)})`;
    const after = decayStep === 0 || lrRate === 0 ? n(min) : `${n(min)} / (1 + ${n(lrRate)} * (step - ${n(total)}) / ${n(decayStep)})`;
    return `${n(min)} + ${n(max - min)} * ${scale} if step - 1 < ${n(total)} else ${after}`;
  },
  LRRangeTest: (p) => {
    const [min, size, rate] = [p["lr_range_test_min_lr"] as number, p["lr_range_test_step_size"] as number, p["lr_range_test_step_rate"] as number];
    const x = p["lr_range_test_staircase"] === true ? `floor(step / ${n(size)})` : `step / ${n(size)}`;
    return `${n(min)} * (1 + ${n(rate)} * ${x})`;
  },
};
