/**
 * Hugging Face transformers' schedules (transformers.optimization), with their names and parameters.
 * In transformers each is a LambdaLR on the optimizer: lr times a factor. Here `lr` is that
 * optimizer lr, so inside SequentialLR or ChainedScheduler it can be inherited.
 */
import { lrParam, nonNegative, unitClosed, type ParamProblem, type ParamValues } from "../core/params.js";
import { defineSchedule, type Kernel, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

const warmupSteps = { name: "num_warmup_steps", kind: "integer", range: nonNegative, doc: "steps of the linear warmup from 0" } as const;
const trainingSteps = { name: "num_training_steps", kind: "integer", range: { min: 1 }, doc: "steps of the whole run, warmup included" } as const;

/** transformers' linear warmup from 0: t / max(1, num_warmup_steps). */
function warmupFactor(t: number, warmup: number): number {
  return t / Math.max(1, warmup);
}

/** The fraction of the post-warmup part of the run that is done. */
function progress(t: number, warmup: number, total: number): number {
  return (t - warmup) / Math.max(1, total - warmup);
}

/** A kernel that is lr times a factor (how transformers builds every schedule, via LambdaLR). */
function scaled(p: { readonly lr: number }, factor: (t: number) => number): Kernel {
  const lr = p.lr;
  return { at: (t) => (epoch(t), lr * factor(t)) };
}

export const get_constant_schedule_with_warmup = defineSchedule({
  type: "get_constant_schedule_with_warmup",
  example: "get_constant_schedule_with_warmup(0.1, 5)",
  summary: "Linear warmup from 0 to lr, then constant.",
  formula: "lr * min(1, t / max(1, num_warmup_steps))",
  params: [lrParam, warmupSteps],
  kernel: (p) => {
    const warmup = p.num_warmup_steps;
    return scaled(p, (t) => (t < warmup ? warmupFactor(t, warmup) : 1));
  },
});

export const get_linear_schedule_with_warmup = defineSchedule({
  type: "get_linear_schedule_with_warmup",
  example: "get_linear_schedule_with_warmup(0.1, 5, 40)",
  summary: "Linear warmup from 0 to lr, then linear decay to 0 at num_training_steps.",
  formula: "t < W: lr * t / max(1, W); else lr * max(0, (T - t) / max(1, T - W))",
  params: [lrParam, warmupSteps, trainingSteps],
  kernel: (p) => {
    const [warmup, total] = [p.num_warmup_steps, p.num_training_steps];
    return scaled(p, (t) => (t < warmup ? warmupFactor(t, warmup) : Math.max(0, (total - t) / Math.max(1, total - warmup))));
  },
});

/** The warmup + cosine schedule most transformer recipes use. Periodic past num_training_steps, as in transformers. */
export const get_cosine_schedule_with_warmup = defineSchedule({
  type: "get_cosine_schedule_with_warmup",
  example: "get_cosine_schedule_with_warmup(0.1, 5, 40)",
  summary: "Linear warmup from 0 to lr, then cosine decay (num_cycles=0.5: one half-cosine down to 0).",
  formula: "t < W: lr * t / max(1, W); else lr * max(0, (1 + cos(2 pi * num_cycles * progress)) / 2), progress = (t - W) / max(1, T - W)",
  params: [lrParam, warmupSteps, trainingSteps, { name: "num_cycles", kind: "number", range: nonNegative, default: 0.5, doc: "cosine periods after the warmup (0.5: decay to 0 once)" }],
  kernel: (p) => {
    const [warmup, total, cycles] = [p.num_warmup_steps, p.num_training_steps, p.num_cycles];
    return scaled(p, (t) =>
      t < warmup ? warmupFactor(t, warmup) : Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress(t, warmup, total)))),
    );
  },
});

export const get_cosine_with_hard_restarts_schedule_with_warmup = defineSchedule({
  type: "get_cosine_with_hard_restarts_schedule_with_warmup",
  example: "get_cosine_with_hard_restarts_schedule_with_warmup(0.1, 5, 40, num_cycles=3)",
  summary: "Linear warmup, then num_cycles cosine decays to 0, each restarting at lr; 0 after num_training_steps.",
  formula: "t < W: lr * t / max(1, W); progress >= 1: 0; else lr * (1 + cos(pi * ((num_cycles * progress) mod 1))) / 2",
  params: [lrParam, warmupSteps, trainingSteps, { name: "num_cycles", kind: "integer", range: { min: 1 }, default: 1, doc: "hard restarts after the warmup" }],
  kernel: (p) => {
    const [warmup, total, cycles] = [p.num_warmup_steps, p.num_training_steps, p.num_cycles];
    return scaled(p, (t) => {
      if (t < warmup) return warmupFactor(t, warmup);
      const done = progress(t, warmup, total);
      if (done >= 1) return 0;
      return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((cycles * done) % 1))));
    });
  },
});

export const get_polynomial_decay_schedule_with_warmup = defineSchedule({
  type: "get_polynomial_decay_schedule_with_warmup",
  example: "get_polynomial_decay_schedule_with_warmup(0.1, 5, 40, power=2)",
  summary: "Linear warmup from 0 to lr, then polynomial decay to lr_end at num_training_steps.",
  formula: "t < W: lr * t / max(1, W); t > T: lr_end; else (lr - lr_end) * (1 - (t - W) / (T - W)) ^ power + lr_end",
  params: [
    lrParam,
    warmupSteps,
    trainingSteps,
    { name: "lr_end", kind: "number", range: nonNegative, default: 1e-7, doc: "the final lr (must be below lr)" },
    { name: "power", kind: "number", range: { min: 0, minOpen: true }, default: 1, doc: "the polynomial's power" },
  ],
  check: (p) => {
    if (!(p.lr > p.lr_end)) return { param: "lr_end", code: "out-of-range", message: `lr_end must be below lr (${p.lr}), got ${p.lr_end}` };
    if (!(p.num_training_steps > p.num_warmup_steps)) {
      return { param: "num_training_steps", code: "out-of-range", message: `num_training_steps must be > num_warmup_steps (${p.num_warmup_steps}), got ${p.num_training_steps}` };
    }
    return undefined;
  },
  kernel: (p) => {
    const [lr, warmup, total, end, power] = [p.lr, p.num_warmup_steps, p.num_training_steps, p.lr_end, p.power];
    return {
      at: (t) => {
        epoch(t);
        if (t < warmup) return lr * warmupFactor(t, warmup);
        if (t > total) return end;
        return (lr - end) * Math.pow(1 - (t - warmup) / (total - warmup), power) + end;
      },
    };
  },
});

/** Inverse square root with warmup (Vaswani et al. 2017, as transformers defines it). */
export const get_inverse_sqrt_schedule = defineSchedule({
  type: "get_inverse_sqrt_schedule",
  example: "get_inverse_sqrt_schedule(0.1, 5)",
  summary: "Linear warmup from 0 to lr, then decay as 1 / sqrt(t).",
  formula: "t < W: lr * t / max(1, W); else lr / sqrt((t + timescale - W) / timescale)",
  params: [
    lrParam,
    warmupSteps,
    {
      name: "timescale",
      kind: "number",
      range: { min: 1 },
      default: (p: ParamValues) => (p["num_warmup_steps"] as number) || 10_000,
      defaultText: "num_warmup_steps or 10000",
      doc: "the decay's time scale",
    },
  ],
  kernel: (p) => {
    const [warmup, timescale] = [p.num_warmup_steps, p.timescale];
    return scaled(p, (t) => (t < warmup ? warmupFactor(t, warmup) : 1 / Math.sqrt((t + timescale - warmup) / timescale)));
  },
});

const shapes = ["linear", "cosine", "one_minus_sqrt"] as const;

/**
 * Warmup-stable-decay (MiniCPM, Hu et al. 2024; transformers' get_wsd_schedule): warm up, hold lr,
 * then decay to min_lr_ratio * lr. transformers spells the third shape "1-sqrt"; the spec language
 * spells it one_minus_sqrt. Give num_stable_steps, or num_training_steps (= warmup + stable + decay).
 */
export const get_wsd_schedule = defineSchedule({
  type: "get_wsd_schedule",
  example: "get_wsd_schedule(0.1, 5, 10, num_stable_steps=20, decay_type=linear, min_lr_ratio=0.1)",
  summary: "Warmup, a stable phase at lr, then decay to min_lr_ratio * lr (warmup-stable-decay).",
  formula: "warmup: lr * (m + (1 - m) * w(t / W)); stable: lr; decay: lr * (m + (1 - m) * d(progress)); after: lr * m (m = min_lr_ratio)",
  params: [
    lrParam,
    warmupSteps,
    { name: "num_decay_steps", kind: "integer", range: nonNegative, doc: "steps of the decay" },
    { name: "num_training_steps", kind: "integer", range: nonNegative, optional: true, doc: "warmup + stable + decay steps (instead of num_stable_steps)" },
    { name: "num_stable_steps", kind: "integer", range: nonNegative, optional: true, doc: "steps at lr between warmup and decay" },
    { name: "warmup_type", kind: "word", words: shapes, default: "linear", doc: "shape of the warmup" },
    { name: "decay_type", kind: "word", words: shapes, default: "cosine", doc: "shape of the decay" },
    { name: "min_lr_ratio", kind: "number", range: unitClosed, default: 0, doc: "the final lr as a fraction of lr" },
    { name: "num_cycles", kind: "number", range: { min: 0, minOpen: true, max: 0.5 }, default: 0.5, doc: "cosine decay: periods over the decay (0.5: down once)" },
  ],
  check: (p) => {
    const [training, stable] = [p.num_training_steps, p.num_stable_steps];
    const fixed = p.num_warmup_steps + p.num_decay_steps;
    if (training === undefined && stable === undefined) {
      return { param: "num_stable_steps", code: "missing-parameter", message: "give num_stable_steps or num_training_steps" };
    }
    if (training !== undefined && training < fixed) {
      return { param: "num_training_steps", code: "out-of-range", message: `num_training_steps must be >= num_warmup_steps + num_decay_steps (${fixed}), got ${training}` };
    }
    if (training !== undefined && stable !== undefined && training !== fixed + stable) {
      return { param: "num_training_steps", code: "out-of-range", message: `num_training_steps (${training}) must equal warmup + stable + decay steps (${fixed + stable})` };
    }
    return undefined;
  },
  kernel: (p) => {
    const warmup = p.num_warmup_steps;
    const decay = p.num_decay_steps;
    // check made sure that one of the two is given.
    const stable = p.num_stable_steps ?? (p.num_training_steps as number) - warmup - decay;
    const [minRatio, cycles] = [p.min_lr_ratio, p.num_cycles];
    const [warmupType, decayType] = [p.warmup_type, p.decay_type];
    const floor = (factor: number) => Math.max(0, factor * (1 - minRatio) + minRatio);
    return scaled(p, (t) => {
      if (t < warmup) {
        const done = t / Math.max(1, warmup);
        return floor(warmupType === "linear" ? done : warmupType === "cosine" ? 0.5 * (1 - Math.cos(Math.PI * done)) : 1 - Math.sqrt(1 - done));
      }
      if (t < warmup + stable) return 1;
      if (t < warmup + stable + decay) {
        const done = (t - warmup - stable) / Math.max(1, decay);
        return floor(decayType === "linear" ? 1 - done : decayType === "cosine" ? 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * done)) : 1 - Math.sqrt(done));
      }
      return minRatio;
    });
  },
});


export const get_constant_schedule = defineSchedule({
  type: "get_constant_schedule",
  example: "get_constant_schedule(0.1)",
  summary: "The optimizer's lr, unchanged.",
  formula: "lr",
  params: [lrParam],
  kernel: (p) => scaled(p, () => 1),
});

/** The floor of the min-lr cosines: exactly one of min_lr and min_lr_rate, as transformers requires. */
function minLrRate(p: { readonly lr: number; readonly min_lr?: number; readonly min_lr_rate?: number }): number {
  const minLr = p.min_lr;
  // oneMinLr made sure that exactly one of the two is given.
  return minLr !== undefined ? minLr / p.lr : (p.min_lr_rate as number);
}

function oneMinLr(p: { readonly lr: number; readonly min_lr?: number; readonly min_lr_rate?: number }): ParamProblem | undefined {
  const given = [p.min_lr === undefined ? [] : ["min_lr"], p.min_lr_rate === undefined ? [] : ["min_lr_rate"]].flat();
  if (given.length === 1) {
    const minLr = p.min_lr;
    if (minLr === undefined) return undefined;
    if (p.lr === 0) return { param: "lr", code: "out-of-range", message: "lr must be > 0 with min_lr (min_lr / lr is the floor)" };
    // Like min_lr_rate's [0, 1]: a floor above lr is no floor (and min_lr / lr could overflow).
    return minLr > p.lr ? { param: "min_lr", code: "out-of-range", message: `min_lr must be <= lr (${p.lr}), got ${minLr}` } : undefined;
  }
  return { param: given.length === 0 ? "min_lr_rate" : "min_lr", code: given.length === 0 ? "missing-parameter" : "out-of-range", message: given.length === 0 ? "give min_lr or min_lr_rate" : "give min_lr or min_lr_rate, not both" };
}

const minLrParams = [
  { name: "min_lr", kind: "number", range: nonNegative, optional: true, doc: "the lr the cosine ends at (or min_lr_rate)" },
  { name: "min_lr_rate", kind: "number", range: unitClosed, optional: true, doc: "the lr the cosine ends at, as a fraction of lr (or min_lr)" },
] as const;
const cycles = { name: "num_cycles", kind: "number", range: nonNegative, default: 0.5, doc: "cosine periods after the warmup (0.5: down once)" } as const;

/** transformers' cosine with a floor ("cosine_with_min_lr"). */
export const get_cosine_with_min_lr_schedule_with_warmup = defineSchedule({
  type: "get_cosine_with_min_lr_schedule_with_warmup",
  // transformers puts last_epoch before min_lr.
  peerOrder: ["optimizer",  "num_warmup_steps",  "num_training_steps",  "num_cycles",  "last_epoch",  "min_lr",  "min_lr_rate"],
  example: "get_cosine_with_min_lr_schedule_with_warmup(0.1, 5, 40, min_lr_rate=0.1)",
  summary: "Linear warmup from 0, then cosine decay to min_lr (or min_lr_rate * lr).",
  formula: "t < W: lr * t / max(1, W); else lr * max(0, r + (1 - r) * (1 + cos(2 pi * num_cycles * progress)) / 2), r = min_lr_rate or min_lr / lr",
  params: [lrParam, warmupSteps, trainingSteps, cycles, ...minLrParams],
  check: oneMinLr,
  kernel: (p) => {
    const [warmup, total, n] = [p.num_warmup_steps, p.num_training_steps, p.num_cycles];
    const r = minLrRate(p);
    return scaled(p, (t) => {
      if (t < warmup) return warmupFactor(t, warmup);
      const cosine = 0.5 * (1 + Math.cos(Math.PI * n * 2 * progress(t, warmup, total)));
      return Math.max(0, cosine * (1 - r) + r);
    });
  },
});

/**
 * transformers' "cosine_warmup_with_min_lr": like the above, but the warmup counts from step 1
 * ((t + 1) / W, or from warmup_lr_rate) and the cosine's progress is (t - W + 1) / (T - W).
 */
export const get_cosine_with_min_lr_schedule_with_warmup_lr_rate = defineSchedule({
  type: "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
  // transformers puts last_epoch before min_lr.
  peerOrder: ["optimizer",  "num_warmup_steps",  "num_training_steps",  "num_cycles",  "last_epoch",  "min_lr",  "min_lr_rate",  "warmup_lr_rate"],
  example: "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(0.1, 5, 40, min_lr=0.001, warmup_lr_rate=0.1)",
  summary: "Warmup from (t + 1) / W (or from warmup_lr_rate), then cosine decay to min_lr (or min_lr_rate * lr).",
  formula: "t < W: lr * (t + 1) / max(1, W), or lr * (w + (1 - w) * t / max(1, W - 1)); else lr * max(0, r + (1 - r) * (1 + cos(2 pi * num_cycles * (t - W + 1) / max(1, T - W))) / 2)",
  params: [
    lrParam,
    warmupSteps,
    trainingSteps,
    cycles,
    ...minLrParams,
    { name: "warmup_lr_rate", kind: "number", range: unitClosed, optional: true, doc: "the warmup's first lr as a fraction of lr (default: 1 / num_warmup_steps)" },
  ],
  check: oneMinLr,
  kernel: (p) => {
    const [warmup, total, n] = [p.num_warmup_steps, p.num_training_steps, p.num_cycles];
    const r = minLrRate(p);
    const w = p.warmup_lr_rate;
    return scaled(p, (t) => {
      if (t < warmup) return w === undefined ? (t + 1) / Math.max(1, warmup) : w + ((1 - w) * t) / Math.max(1, warmup - 1);
      const cosine = 0.5 * (1 + Math.cos(Math.PI * n * 2 * ((t - warmup + 1) / Math.max(1, total - warmup))));
      return Math.max(0, cosine * (1 - r) + r);
    });
  },
});

/**
 * transformers' get_scheduler names (TrainingArguments.lr_scheduler_type): the schedule each
 * builds, and which of num_warmup_steps / num_training_steps it is given (as get_scheduler does).
 */
export const SCHEDULER_TYPES: Readonly<Record<string, { readonly type: string; readonly takes: readonly ("num_warmup_steps" | "num_training_steps")[] }>> = {
  linear: { type: "get_linear_schedule_with_warmup", takes: ["num_warmup_steps", "num_training_steps"] },
  cosine: { type: "get_cosine_schedule_with_warmup", takes: ["num_warmup_steps", "num_training_steps"] },
  cosine_with_restarts: { type: "get_cosine_with_hard_restarts_schedule_with_warmup", takes: ["num_warmup_steps", "num_training_steps"] },
  polynomial: { type: "get_polynomial_decay_schedule_with_warmup", takes: ["num_warmup_steps", "num_training_steps"] },
  constant: { type: "get_constant_schedule", takes: [] },
  constant_with_warmup: { type: "get_constant_schedule_with_warmup", takes: ["num_warmup_steps"] },
  inverse_sqrt: { type: "get_inverse_sqrt_schedule", takes: ["num_warmup_steps"] },
  reduce_lr_on_plateau: { type: "ReduceLROnPlateau", takes: [] },
  cosine_with_min_lr: { type: "get_cosine_with_min_lr_schedule_with_warmup", takes: ["num_warmup_steps", "num_training_steps"] },
  cosine_warmup_with_min_lr: { type: "get_cosine_with_min_lr_schedule_with_warmup_lr_rate", takes: ["num_warmup_steps", "num_training_steps"] },
  warmup_stable_decay: { type: "get_wsd_schedule", takes: ["num_warmup_steps", "num_training_steps"] },
};

export const library = defineLibrary({
  qualifier: "transformers",
  source: "Hugging Face",
  modules: ["transformers.optimization"],
  call: { optimizer: true, trailing: ["last_epoch"] },
  definitions: [
    get_constant_schedule_with_warmup,
    get_linear_schedule_with_warmup,
    get_cosine_schedule_with_warmup,
    get_cosine_with_hard_restarts_schedule_with_warmup,
    get_polynomial_decay_schedule_with_warmup,
    get_inverse_sqrt_schedule,
    get_wsd_schedule,
    get_constant_schedule,
    get_cosine_with_min_lr_schedule_with_warmup,
    get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
  ],
});
