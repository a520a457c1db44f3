/** Formulas of fairseq's schedules (schedules/fairseq.ts), with fairseq's own constants. */
import type { Formulas } from "../contract.js";
import { n, num } from "../formula.js";

export const formulas: Formulas = {
  tri_stage: (p) => {
    const [lr, warmup, hold, decay, initScale, finalScale] = [n(p, "lr"), n(p, "warmup_steps"), n(p, "hold_steps"), n(p, "decay_steps"), n(p, "init_lr_scale"), n(p, "final_lr_scale")];
    const warmupRate = warmup === 0 ? 0 : (lr - lr * initScale) / warmup;
    const decayFactor = -Math.log(finalScale) / decay;
    return (
      `(${num(lr * initScale)} + ${num(warmupRate)} * step if step < ${num(warmup)} ` +
      `else ${num(lr)} if step < ${num(warmup + hold)} ` +
      `else ${num(lr)} * exp(${num(-decayFactor)} * (step - ${num(warmup)} - ${num(hold)})) if step <= ${num(warmup + hold + decay)} ` +
      `else ${num(lr * finalScale)})`
    );
  },
  inverse_sqrt: (p) => {
    const [lr, warmup, init] = [n(p, "lr"), n(p, "warmup_updates"), n(p, "warmup_init_lr")];
    return `(${num(init)} + step * ${num((lr - init) / warmup)} if step < ${num(warmup)} else ${num(lr * Math.sqrt(warmup))} * step ** -0.5)`;
  },
};
