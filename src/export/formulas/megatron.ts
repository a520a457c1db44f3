/**
 * The formula of Megatron-LM's OptimizerParamScheduler lr (src/schedules/megatron.ts), operation
 * for operation as the kernel computes it.
 */
import type { Formulas } from "../contract.js";
import { expressionNumber as n } from "../python-values.js";

/** The WSD anneal's coefficient at fraction `r` (an expression), by lr_wsd_decay_style. */
const WSD_ANNEALS: Readonly<Record<string, (r: string) => string>> = {
  exponential: (r) => `(2 * 0.5 ** ${r} - 1)`,
  linear: (r) => `(1 - ${r})`,
  cosine: (r) => `(0.5 * (cos(pi * ${r}) + 1))`,
  minus_sqrt: (r) => `(1 - sqrt(${r}))`,
};

export const formulas: Formulas = {
  OptimizerParamScheduler: (p) => {
    const [init, max, min, warmup, decay] = [p["init_lr"] as number, p["max_lr"] as number, p["min_lr"] as number, p["lr_warmup_steps"] as number, p["lr_decay_steps"] as number];
    const style = p["lr_decay_style"] as string;
    let after: string;
    if (style === "constant") after = n(max);
    else {
      let decayed: string;
      if (style === "inverse-square-root") decayed = `max(${n(min)}, ${n(max * Math.sqrt(Math.max(warmup, 1)))} / sqrt(max(step, 1)))`;
      else {
        let coefficient: string;
        if (style === "linear") coefficient = `(1 - (step - ${n(warmup)}) / ${n(decay - warmup)})`;
        else if (style === "cosine") coefficient = `(0.5 * (cos(pi * ((step - ${n(warmup)}) / ${n(decay - warmup)})) + 1))`;
        else {
          const wsd = (p["wsd_decay_steps"] as number | undefined) ?? 0;
          const annealStart = decay - wsd;
          const anneal = WSD_ANNEALS[p["lr_wsd_decay_style"] as string] as (r: string) => string;
          coefficient = `(1 if step <= ${n(annealStart)} else ${anneal(`((step - ${n(annealStart)}) / ${n(wsd)})`)})`;
        }
        decayed = `${n(min)} + ${coefficient} * ${n(max - min)}`;
      }
      after = `${n(min)} if step > ${n(decay)} else ${decayed}`;
    }
    if (warmup <= 0) return after;
    return `${n(init)} + ${n(max - init)} * step / ${n(warmup)} if step <= ${n(warmup)} else (${after})`;
  },
};
