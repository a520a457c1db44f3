/** Formulas of nerva's schedules (schedules/nerva.ts); MultiStepLR is PyTorch's (formulas/pytorch.ts). */
import type { Formulas } from "../contract.js";
import { n, num } from "../formula.js";

export const formulas: Formulas = {
  Constant: (p) => num(n(p, "lr")),
  // None: each call divides the lr of the call before by 1 + decay * epoch, so the value after
  // steps 0..t is lr / ((1 + decay) (1 + 2 decay) ... (1 + t decay)), a product with one factor
  // per step that the expression language cannot write (it has no product or gamma function).
  TimeBased: () => undefined,
  StepBased: (p) => `${num(n(p, "lr"))} * ${num(n(p, "drop_rate"))} ** floor((1 + step) / ${num(n(p, "change_rate"))})`,
  Exponential: (p) => `${num(n(p, "lr"))} * exp(-${num(n(p, "change_rate"))} * step)`,
};
