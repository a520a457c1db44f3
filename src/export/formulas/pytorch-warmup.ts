/**
 * Formulas of pytorch_warmup's dampened schedules (src/schedules/pytorch-warmup.ts): the inner
 * schedule's formula (or the lr) times the warmup factor omega(t), as the kernels compute them.
 * None where the inner schedule has none.
 */
import type { ParamValues } from "../../core/params.js";
import type { Schedule } from "../../core/schedule.js";
import type { Formula, Formulas } from "../contract.js";
import { expressionNumber as n } from "../python-values.js";

/** The inner value times `omega` (an expression of the step). */
function dampened(omega: (p: ParamValues) => string): Formula {
  return (p, child) => {
    const schedule = p["schedule"] as Schedule | undefined;
    const inner = schedule === undefined ? n(p["lr"] as number) : child(schedule);
    return inner === undefined ? undefined : `(${inner}) * ${omega(p)}`;
  };
}

const linear = (tau: number) => `min(1, (step + 1) / ${n(tau)})`;
const exponential = (tau: number) => `(1 - exp(-(step + 1) / ${n(tau)}))`;
const beta2Of = (p: ParamValues) => p["beta2"] as number;

/** RAdam's rectification factor, with the kernel's offset (the first s >= 1 where rho(s) > 4). */
function radam(p: ParamValues): string {
  const b2 = beta2Of(p);
  const rhoInf = 2 / (1 - b2) - 1;
  const rho = (s: number) => rhoInf - (2 * s * Math.pow(b2, s)) / (1 - Math.pow(b2, s));
  let offset = 1;
  while (!(rho(offset) > 4)) offset++;
  const s = `(step + ${n(offset)})`;
  const r = `(${n(rhoInf)} - 2 * ${s} * ${n(b2)} ** ${s} / (1 - ${n(b2)} ** ${s}))`;
  return `sqrt((${r} - 4) * (${r} - 2) * ${n(rhoInf)} / (${n((rhoInf - 4) * (rhoInf - 2))} * ${r}))`;
}

export const formulas: Formulas = {
  LinearWarmup: dampened((p) => linear(p["warmup_period"] as number)),
  ExponentialWarmup: dampened((p) => exponential(p["warmup_period"] as number)),
  UntunedLinearWarmup: dampened((p) => linear(Math.trunc(2 / (1 - beta2Of(p))))),
  UntunedExponentialWarmup: dampened((p) => exponential(Math.trunc(1 / (1 - beta2Of(p))))),
  RAdamWarmup: dampened(radam),
};
