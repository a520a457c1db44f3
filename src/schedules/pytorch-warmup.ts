/**
 * pytorch_warmup (Tony-Y/pytorch_warmup): warmups that dampen another schedule. In the library's
 * documented loop (`optimizer.step()`, then `with warmup.dampening(): lr_scheduler.step()`) the
 * optimizer's lr at step t is the inner schedule's value at t times the factor omega(t); the
 * dampening of step t counts t from 0, so omega(0) is already > 0. Without a schedule (`with
 * warmup.dampening(): pass`) the inner value is the optimizer's lr. The untuned warmups and
 * RAdamWarmup read beta2 from Adam's betas; here it is a parameter with Adam's default.
 * docs/llm-schedules.md lists the formulas and quirks.
 */
import { atLeastOne, nonNegative, type ParamProblem } from "../core/params.js";
import { defineSchedule, epoch, type Kernel, type Schedule } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

const optionalLr = { name: "lr", kind: "number", range: nonNegative, optional: true, doc: "the optimizer's lr: the value without a schedule, inherited by a schedule without one" } as const;
const inner = { name: "schedule", kind: "schedule", optional: true, doc: "the schedule stepped inside dampening() (none: the lr stays lr)" } as const;
const period = { name: "warmup_period", kind: "integer", range: atLeastOne, doc: "the warmup period tau, in steps" } as const;
const beta2 = (max: number, min = 0, minOpen = false) =>
  ({ name: "beta2", kind: "number", range: { min, minOpen, max, maxOpen: max === 1 }, default: 0.999, doc: "Adam's second beta, which the peer reads from the optimizer" }) as const;

/** What the dampened schedules take: an lr, or a schedule to dampen. */
type InnerParams = { readonly lr?: number; readonly schedule?: Schedule };

/** A schedule or an lr to dampen, and no metric-driven schedule (its step needs a metric). */
function checkInner(p: InnerParams): ParamProblem | undefined {
  const schedule = p.schedule;
  if (schedule === undefined) {
    return p.lr === undefined ? { param: "lr", code: "missing-parameter", message: "give lr, or a schedule to dampen" } : undefined;
  }
  return schedule.behaviour === "metric-driven" ? { param: "schedule", code: "wrong-type", message: "a metric-driven schedule cannot be dampened" } : undefined;
}

function innerPeak(p: InnerParams): number {
  const schedule = p.schedule;
  // checkInner made sure that one of the two is given.
  return schedule === undefined ? (p.lr as number) : schedule.peak();
}

/** The inner value at t times the warmup factor at t (each factor is in [0, 1]). */
function dampened(p: InnerParams, omega: (t: number) => number): Kernel {
  const schedule = p.schedule;
  if (schedule === undefined) {
    const lr = p.lr as number;
    return { at: (t) => lr * omega(epoch(t)) };
  }
  return { at: (t) => schedule.at(t) * omega(t) };
}

const linear = (tau: number) => (t: number) => Math.min(1, (t + 1) / tau);
const exponential = (tau: number) => (t: number) => 1 - Math.exp(-(t + 1) / tau);

/** pytorch_warmup.LinearWarmup: omega(t) = min(1, (t + 1) / warmup_period). */
export const LinearWarmup = defineSchedule({
  type: "LinearWarmup",
  // pytorch_warmup's own arguments (schedule is nerva-lr's: the schedule it wraps).
  peerOrder: ["optimizer",  "warmup_period",  "last_step"],
  example: "pytorch_warmup.LinearWarmup(schedule=CosineAnnealingLR(0.1, 100), warmup_period=10)",
  summary: "A schedule dampened by a linear warmup factor that reaches 1 at step warmup_period - 1.",
  formula: "schedule(t) * min(1, (t + 1) / warmup_period)   (lr instead of schedule(t) without one)",
  params: [optionalLr, inner, period],
  peak: innerPeak,
  check: checkInner,
  kernel: (p) => dampened(p, linear(p.warmup_period)),
});

/** pytorch_warmup.ExponentialWarmup: omega(t) = 1 - exp(-(t + 1) / warmup_period). */
export const ExponentialWarmup = defineSchedule({
  type: "ExponentialWarmup",
  // pytorch_warmup's own arguments (schedule is nerva-lr's: the schedule it wraps).
  peerOrder: ["optimizer",  "warmup_period",  "last_step"],
  example: "pytorch_warmup.ExponentialWarmup(schedule=StepLR(0.1, 30, gamma=0.5), warmup_period=20)",
  summary: "A schedule dampened by an exponential warmup factor 1 - exp(-(t + 1) / warmup_period).",
  formula: "schedule(t) * (1 - exp(-(t + 1) / warmup_period))   (lr instead of schedule(t) without one)",
  params: [optionalLr, inner, period],
  peak: innerPeak,
  check: checkInner,
  kernel: (p) => dampened(p, exponential(p.warmup_period)),
});

/** pytorch_warmup.UntunedLinearWarmup: LinearWarmup with warmup_period = int(2 / (1 - beta2)). */
export const UntunedLinearWarmup = defineSchedule({
  type: "UntunedLinearWarmup",
  // pytorch_warmup reads beta2 from the optimizer's betas.
  peerOrder: ["optimizer",  "last_step"],
  example: "pytorch_warmup.UntunedLinearWarmup(schedule=CosineAnnealingLR(0.001, 3000), beta2=0.999)",
  summary: "LinearWarmup with the untuned period int(2 / (1 - beta2)) of Ma & Yarats (1999 for beta2 = 0.999).",
  formula: "schedule(t) * min(1, (t + 1) / int(2 / (1 - beta2)))",
  params: [optionalLr, inner, beta2(1)],
  peak: innerPeak,
  check: checkInner,
  kernel: (p) => dampened(p, linear(Math.trunc(2 / (1 - p.beta2)))),
});

/** pytorch_warmup.UntunedExponentialWarmup: ExponentialWarmup with warmup_period = int(1 / (1 - beta2)). */
export const UntunedExponentialWarmup = defineSchedule({
  type: "UntunedExponentialWarmup",
  // pytorch_warmup reads beta2 from the optimizer's betas.
  peerOrder: ["optimizer",  "last_step"],
  example: "pytorch_warmup.UntunedExponentialWarmup(schedule=ExponentialLR(0.01, 0.999), beta2=0.98)",
  summary: "ExponentialWarmup with the untuned period int(1 / (1 - beta2)) (999 for beta2 = 0.999).",
  formula: "schedule(t) * (1 - exp(-(t + 1) / int(1 / (1 - beta2))))",
  params: [optionalLr, inner, beta2(1)],
  peak: innerPeak,
  check: checkInner,
  kernel: (p) => dampened(p, exponential(Math.trunc(1 / (1 - p.beta2)))),
});

/**
 * The largest beta2 RAdamWarmup takes. The peer's rho_t subtracts two numbers near 2 / (1 - beta2):
 * at 0.99999 one rounding of beta2^t already moves the factor by 2.5e-7, and from about
 * 1 - 1e-8 on its sqrt gets a negative argument and raises.
 */
const RADAM_MAX_BETA2 = 0.99999;

/** RAdam's rho_t, as the peer computes it. */
function rho(t: number, b2: number, rhoInf: number): number {
  const b2t = Math.pow(b2, t);
  return rhoInf - (2 * t * b2t) / (1 - b2t);
}

/** pytorch_warmup.RAdamWarmup: RAdam's rectification factor, from the first step where rho_t > 4. */
export const RAdamWarmup = defineSchedule({
  type: "RAdamWarmup",
  // pytorch_warmup reads beta2 from the optimizer's betas.
  peerOrder: ["optimizer",  "last_step"],
  example: "pytorch_warmup.RAdamWarmup(schedule=CosineAnnealingLR(0.001, 2000), beta2=0.99)",
  summary: "A schedule dampened by RAdam's rectification factor, offset to the first step where rho_t > 4.",
  formula:
    "schedule(t) * sqrt((r - 4)(r - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) r)); r = rho(t + offset), rho(s) = rho_inf - 2 s beta2^s / (1 - beta2^s), rho_inf = 2 / (1 - beta2) - 1, offset = first s >= 1 with rho(s) > 4",
  params: [optionalLr, inner, beta2(RADAM_MAX_BETA2, 0.6, true)],
  peak: innerPeak,
  check: checkInner,
  kernel: (p) => {
    const b2 = p.beta2;
    const rhoInf = 2 / (1 - b2) - 1;
    // beta2 > 0.6 makes rho_inf > 4, and rho(s) rises to it: the search ends (within ~1500 steps at 0.6).
    let offset = 1;
    while (!(rho(offset, b2, rhoInf) > 4)) offset++;
    const scale = (rhoInf - 4) * (rhoInf - 2);
    const omega = (t: number) => {
      const r = rho(t + offset, b2, rhoInf);
      return Math.sqrt(((r - 4) * (r - 2) * rhoInf) / (scale * r));
    };
    return dampened(p, omega);
  },
});

export const library = defineLibrary({
  qualifier: "pytorch_warmup",
  source: "pytorch_warmup",
  definitions: [LinearWarmup, ExponentialWarmup, UntunedLinearWarmup, UntunedExponentialWarmup, RAdamWarmup],
  // Its README imports it as `warmup`.
  modules: ["warmup"],
  call: { optimizer: true, trailing: ["last_step"] },
});
