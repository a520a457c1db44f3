/**
 * The formula of timm's Warmup in front of any schedule (src/schedules/warmup.ts): a line from
 * warmup_lr_init to where the schedule starts, then the schedule's own formula (shifted by the
 * warmup with warmup_prefix). None where the schedule has none.
 */
import type { Schedule } from "../../core/schedule.js";
import type { Formulas } from "../contract.js";
import { expressionNumber as n } from "../python-values.js";

/** `formula` with the step replaced by `replacement` (the only word `step` in a formula is the step). */
function shifted(formula: string, replacement: string): string {
  return formula.replace(/\bstep\b/g, replacement);
}

export const formulas: Formulas = {
  Warmup: (params, child) => {
    const inner = params["schedule"] as Schedule;
    const [steps, init, prefix] = [params["warmup_t"] as number, params["warmup_lr_init"] as number, params["warmup_prefix"] as boolean];
    const after = child(inner);
    if (after === undefined) return undefined;
    // The kernel's target: the schedule's value where it starts after the warmup.
    const target = inner.peek(prefix ? 0 : steps);
    const rest = prefix ? shifted(after, `(step - ${n(steps)})`) : after;
    return `${n(init)} + ${n(target - init)} * step / ${n(steps)} if step < ${n(steps)} else (${rest})`;
  },
};
