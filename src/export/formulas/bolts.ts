/**
 * The formula of Lightning Bolts' LinearWarmupCosineAnnealingLR (src/schedules/bolts.ts),
 * operation for operation as the kernel computes it.
 */
import type { Formulas } from "../contract.js";
import { expressionNumber as n } from "../python-values.js";

export const formulas: Formulas = {
  LinearWarmupCosineAnnealingLR: (p) => {
    const [lr, W, M, start, etaMin] = [p["lr"] as number, p["warmup_epochs"] as number, p["max_epochs"] as number, p["warmup_start_lr"] as number, p["eta_min"] as number];
    const cosine = (anchor: number) => `${n(etaMin)} + ${n(anchor - etaMin)} * (1 + cos(pi * (step - ${n(W)}) / ${n(M - W)})) / 2`;
    // With no warmup the chain starts the cosine from warmup_start_lr until the step after its first trough.
    const after = W === 0 ? `${cosine(start)} if step <= ${n(M)} else ${cosine(lr)}` : cosine(lr);
    if (W === 0) return after;
    const rise = W > 1 ? `${n(start)} + ${n(lr - start)} * (min(step, ${n(W - 1)}) / ${n(W - 1)})` : n(start);
    return `${rise} if step < ${n(W)} else ${after}`;
  },
};
