/**
 * nerva's five schedulers (nerva_numpy.learning_rate), with nerva's names, parameter order and
 * exact arithmetic. nerva calls a scheduler as `scheduler(epoch)`; here that is `scheduler.at(epoch)`.
 */
import { nonNegative, positive, unitClosed, type ParamsOf } from "../core/params.js";
import { defineSchedule, Schedule, StateFieldError, epoch } from "../core/schedule.js";
import { pow } from "./shapes.js";
import { defineLibrary } from "./library.js";
import { MultiStepLR } from "./pytorch.js";

export const Constant = defineSchedule({
  type: "Constant",
  example: "Constant(0.1)",
  aliases: ["ConstantScheduler", "constant"],
  summary: "The same learning rate at every epoch.",
  formula: "lr",
  params: [{ name: "lr", kind: "number", range: nonNegative, doc: "the learning rate" }],
  kernel: (p) => {
    const lr = p.lr;
    return { at: (t) => (epoch(t), lr), fill: (out) => out.fill(lr) };
  },
});

/**
 * nerva's TimeBased decay is stateful: every call divides the *current* lr by `1 + decay * epoch`
 * and returns the result, so the value depends on every call made before (their epochs and order).
 * Calling at(0), at(1), at(2) gives lr, lr/(1+d), lr/((1+d)(1+2d)). For a pure function of the
 * epoch, use Keras' `InverseTimeDecay` (lr / (1 + decay_rate * t / decay_steps)).
 */
export const TimeBased = defineSchedule({
  type: "TimeBased",
  example: "TimeBased(0.1, 0.05)",
  aliases: ["TimeBasedScheduler", "time_based"],
  summary: "Stateful time-based decay: each call divides the current lr by (1 + decay * epoch).",
  formula: "lr := lr / (1 + decay * t) at each call; returns the new lr",
  behaviour: "call-order",
  params: [
    { name: "lr", kind: "number", range: nonNegative, doc: "the initial learning rate" },
    { name: "decay", kind: "number", range: nonNegative, doc: "how fast the lr falls with each call" },
  ],
  kernel: (p) => {
    const decay = p.decay;
    const initial = p.lr;
    let lr = initial;
    return {
      at: (t) => (lr = lr / (1 + decay * epoch(t))),
      getState: () => ({ lr }),
      setState: (state) => {
        // Each call divides by 1 + decay * t >= 1: a saved lr is never above the initial one.
        lr = requireNonNegative(state, "lr");
        if (lr > initial) throw new StateFieldError("lr", `at most the initial lr ${initial}`, lr);
      },
    };
  },
});

/** nerva's step decay. Note the `1 +`: the first drop comes at epoch change_rate - 1. */
export const StepBased = defineSchedule({
  type: "StepBased",
  example: "StepBased(0.1, 0.5, 2.5)",
  aliases: ["StepBasedScheduler", "step_based"],
  summary: "Step decay: multiply by drop_rate every change_rate epochs, counted from epoch -1.",
  formula: "lr * drop_rate ^ floor((1 + t) / change_rate)",
  params: [
    { name: "lr", kind: "number", range: nonNegative, doc: "the initial learning rate" },
    { name: "drop_rate", kind: "number", range: unitClosed, doc: "the factor applied at each drop" },
    { name: "change_rate", kind: "number", range: positive, doc: "epochs between drops (need not be whole)" },
  ],
  kernel: (p) => {
    const lr = p.lr;
    const dropRate = p.drop_rate;
    const changeRate = p.change_rate;
    const value = (t: number) => lr * pow(dropRate, Math.floor((1 + t) / changeRate));
    return {
      at: (t) => value(epoch(t)),
      fill: (out, from) => {
        for (let i = 0; i < out.length; i++) out[i] = value(from + i);
      },
    };
  },
});

export const Exponential = defineSchedule({
  type: "Exponential",
  example: "Exponential(0.1, 0.1)",
  aliases: ["ExponentialScheduler", "exponential"],
  summary: "Continuous exponential decay.",
  formula: "lr * exp(-change_rate * t)",
  params: [
    { name: "lr", kind: "number", range: nonNegative, doc: "the initial learning rate" },
    { name: "change_rate", kind: "number", range: nonNegative, doc: "the decay rate per epoch" },
  ],
  kernel: (p) => {
    const lr = p.lr;
    const rate = p.change_rate;
    const value = (t: number) => lr * Math.exp(-rate * t);
    return {
      at: (t) => value(epoch(t)),
      fill: (out, from) => {
        for (let i = 0; i < out.length; i++) out[i] = value(from + i);
      },
    };
  },
});

function requireNonNegative(state: Record<string, number | null>, field: string): number {
  const value = state[field];
  if (typeof value !== "number" || value < 0) {
    throw new StateFieldError(field, "a number >= 0", value);
  }
  return value;
}


/** nerva's class API, with the constructor parameters in the order of nerva_numpy.learning_rate's API page (the seed). */
export class ConstantScheduler extends Schedule<ParamsOf<typeof Constant.params>> {
  constructor(lr: number) {
    super(Constant, { lr });
  }
}

/** Stateful, as in nerva: see `TimeBased`. */
export class TimeBasedScheduler extends Schedule<ParamsOf<typeof TimeBased.params>> {
  constructor(lr: number, decay: number) {
    super(TimeBased, { lr, decay });
  }
}

export class StepBasedScheduler extends Schedule<ParamsOf<typeof StepBased.params>> {
  constructor(lr: number, drop_rate: number, change_rate: number) {
    super(StepBased, { lr, drop_rate, change_rate });
  }
}

/** `gamma` defaults to 0.1 as in PyTorch; nerva's constructor requires it. */
export class MultiStepLRScheduler extends Schedule<ParamsOf<typeof MultiStepLR.params>> {
  constructor(lr: number, milestones: readonly number[], gamma = 0.1) {
    super(MultiStepLR, { lr, milestones, gamma });
  }
}

export class ExponentialScheduler extends Schedule<ParamsOf<typeof Exponential.params>> {
  constructor(lr: number, change_rate: number) {
    super(Exponential, { lr, change_rate });
  }
}

export const library = defineLibrary({ qualifier: "nerva", source: "nerva", definitions: [Constant, TimeBased, StepBased, Exponential] });
