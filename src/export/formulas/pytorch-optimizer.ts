/**
 * Formulas of pytorch_optimizer's schedulers (src/schedules/pytorch-optimizer.ts), operation for
 * operation as the kernels compute them.
 */
import type { ParamValues } from "../../core/params.js";
import { scheduleFromResolved } from "../../core/schedule.js";
import { get_chebyshev_schedule } from "../../schedules/pytorch-optimizer.js";
import type { Formulas } from "../contract.js";
import { expressionNumber as n } from "../python-values.js";

/** The most Chebyshev steps written out as a table; longer permutations have no formula here. */
const MAX_CHEBYSHEV_TABLE = 256;

/** `values[i]` for the index expression `i`, as a balanced tree of conditionals (shallow for the parser). */
function table(values: readonly number[], i: string, from = 0, to = values.length): string {
  if (to - from === 1) return n(values[from] as number);
  const mid = (from + to) >> 1;
  return `(${table(values, i, from, mid)} if ${i} < ${mid} else ${table(values, i, mid, to)})`;
}

/** The shared warmup of the linear/cosine/poly schedulers, one step behind, in front of `decay(s)`. */
function oneBehind(p: ParamValues, decay: string): string {
  const [max, min, init, W] = [p["max_lr"] as number, p["min_lr"] as number, p["init_lr"] as number, p["warmup_steps"] as number];
  const s = "(step - 1)";
  const after = `${n(max)} if ${s} == ${n(W)} else max(0, ${decay})`;
  const warm = W > 0 ? `${n(init)} + ${n(max - init)} * ${s} / ${n(W)} if ${s} < ${n(W)} else (${after})` : after;
  return `${n(min)} if step < 1 else (${warm})`;
}

export const formulas: Formulas = {
  REXScheduler: (p) => {
    const [total, max, min] = [p["total_steps"] as number, p["max_lr"] as number, p["min_lr"] as number];
    const progress = `(step / ${n(total)})`;
    return `${n(min)} if step < 1 or step >= ${n(total)} else ${n(min)} + ${n(max - min)} * ((1 - ${progress}) / (1 - ${progress} / 2))`;
  },
  CosineAnnealingWarmupRestarts: (p) => {
    const [L, mult, max, min, W, gamma] = [p["first_cycle_steps"] as number, p["cycle_mult"] as number, p["max_lr"] as number, p["min_lr"] as number, p["warmup_steps"] as number, p["gamma"] as number];
    // The peer truncates each next cycle's length to a whole number: lengths that change have no
    // closed form (the kernel counts them one by one). Lengths that stay the same have one.
    if (Math.trunc((L - W) * mult) + W !== L) return undefined;
    const index = `floor(floor(step) / ${n(L)})`;
    const s = `(step - ${index} * ${n(L)})`;
    const rise = `(${n(max)} * ${n(gamma)} ** ${index} - ${n(min)})`;
    const warm = `${rise} * ${s} / ${n(W)} + ${n(min)} if ${s} < ${n(W)} else `;
    return `${n(min)} if step < 1 else ${W > 0 ? warm : ""}${n(min)} + ${rise} * (1 + cos(pi * (${s} - ${n(W)}) / ${n(L - W)})) / 2`;
  },
  LinearScheduler: (p) => {
    const [max, min, total, W] = [p["max_lr"] as number, p["min_lr"] as number, p["t_max"] as number, p["warmup_steps"] as number];
    return oneBehind(p, `${n(max)} + ${n(min - max)} * ((step - 1) - ${n(W)}) / ${n(total - W)}`);
  },
  CosineScheduler: (p) => {
    const [max, min, total, W] = [p["max_lr"] as number, p["min_lr"] as number, p["t_max"] as number, p["warmup_steps"] as number];
    return oneBehind(p, `${n(min)} + ${n(max - min)} * (cos(((step - 1) - ${n(W)}) / ${n(total - W)} * pi) + 1) / 2`);
  },
  PolyScheduler: (p) => {
    const [max, min, W, order] = [p["max_lr"] as number, p["min_lr"] as number, p["warmup_steps"] as number, p["poly_order"] as number];
    return oneBehind(p, `${n(min)} + ${n(max - min)} * ((step - 1) - ${n(W)}) ** ${n(order)}`);
  },
  get_chebyshev_schedule: (p) => {
    if (p["is_warmup"] === true) return n(p["lr"] as number);
    const epochs = p["num_epochs"] as number;
    const length = epochs > 1 ? Math.pow(2, Math.floor(Math.log2(epochs - 1)) + 1) : 1;
    let size = 1;
    while (size < length - 2) size *= 2;
    // The peer's fractal permutation has no closed form: its steps as a table, from the schedule itself.
    if (size > MAX_CHEBYSHEV_TABLE) return undefined;
    const schedule = scheduleFromResolved(get_chebyshev_schedule, p);
    const values = Array.from({ length: size }, (_, i) => schedule.at(i + 2));
    return table(values, `min(max(floor(step) - 2, 0), ${n(size - 1)})`);
  },
  get_wsd_schedule: (p) => {
    const [lr, W, S, D] = [p["lr"] as number, p["num_warmup_steps"] as number, p["num_stable_steps"] as number, p["num_decay_steps"] as number];
    const [ratio, cycles, cooldown] = [p["min_lr_ratio"] as number, p["num_cycles"] as number, p["cooldown_type"] as string];
    const done = `(step - ${n(W)} - ${n(S)})`;
    const shapes: Readonly<Record<string, string>> = {
      cosine: `${n(1 - ratio)} * max(0, 0.5 * (1 + cos(pi * ${n(cycles)} * 2 * (${done} / ${n(Math.max(1, D))})))) + ${n(ratio)}`,
      "1-sqrt": `1 - sqrt(${done} / ${n(D)})`,
      "1-square": `1 - (${done} / ${n(D)}) ** 2`,
      linear: `1 - ${done} / ${n(D)}`,
    };
    const factor = `step / ${n(Math.max(1, W))} if step < ${n(W)} else 1 if step < ${n(W + S)} else ${n(ratio)} if step >= ${n(W + S + D)} else ${shapes[cooldown] as string}`;
    return `${n(lr)} * (${factor})`;
  },
};
