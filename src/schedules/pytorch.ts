/**
 * PyTorch's torch.optim.lr_scheduler, with PyTorch's names, parameters and defaults. Each value is
 * what the optimizer holds after t calls of scheduler.step(); PyTorch computes most of them by
 * multiplying step by step, nerva-lr by the closed form, and the two agree to ~1e-15 (the test
 * fixtures, made by torch 1.13 itself, check every boundary).
 */
import {
  atLeastOne,
  lrParam,
  nonNegative,
  positive,
  unitClosed,
  unitOpen,
  type ParamValues,
} from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { cosineBetween, countAtMost, fillSteps, geometricCycle, halfCosine, linearBetween } from "./shapes.js";
import { defineLibrary } from "./library.js";

/** PyTorch's OneCycleLR and CyclicLR cycle the optimizer's momentum (SGD momentum, Adam beta1) unless told not to. */
const cycleMomentum = { name: "cycle_momentum", kind: "boolean", default: true, doc: "cycle the momentum against the lr (SGD momentum, Adam beta1)" } as const;

const gammaDecay = { name: "gamma", kind: "number", range: unitClosed, default: 0.1, doc: "the factor applied at each decay" } as const;

/** PyTorch StepLR: multiply by gamma every step_size steps. */
export const StepLR = defineSchedule({
  type: "StepLR",
  example: "StepLR(0.1, 3, gamma=0.5)",
  summary: "Multiply by gamma every step_size steps.",
  formula: "lr * gamma ^ floor(t / step_size)",
  params: [lrParam, { name: "step_size", kind: "integer", range: atLeastOne, doc: "steps between decays" }, gammaDecay],
  kernel: (p) => {
    const [lr, stepSize, gamma] = [p.lr, p.step_size, p.gamma];
    const value = (t: number) => lr * Math.pow(gamma, Math.floor(t / stepSize));
    return {
      at: (t) => value(epoch(t)),
      fill: (out, from) => {
        for (let i = 0; i < out.length; i++) out[i] = value(from + i);
      },
    };
  },
});

/**
 * Multiply by gamma once for every milestone <= t. nerva's MultiStepLRScheduler and PyTorch's
 * MultiStepLR agree on this; a repeated milestone counts twice in both.
 */
export const MultiStepLR = defineSchedule({
  type: "MultiStepLR",
  example: "MultiStepLR(0.1;2,2,5;0.5)",
  aliases: ["MultiStepLRScheduler"],
  alsoIn: ["nerva"],
  summary: "Multiply by gamma at each milestone epoch (nerva and PyTorch agree).",
  formula: "lr * gamma ^ (number of milestones <= t)",
  params: [
    { name: "lr", kind: "number", range: nonNegative, doc: "the initial learning rate" },
    { name: "milestones", kind: "integers", range: nonNegative, order: "nondecreasing", doc: "epochs at which gamma is applied; a repeated one counts twice" },
    { name: "gamma", kind: "number", range: unitClosed, default: 0.1, doc: "the factor applied at each milestone" },
  ],
  kernel: (p) => {
    const lr = p.lr;
    const milestones = p.milestones.slice(); // a plain copy: frozen arrays read slower
    const gamma = p.gamma;
    // nerva multiplies once per milestone passed (eta *= gamma); precomputing that sequence keeps
    // its exact rounding (pow differs in the last bits, and wholly once values are subnormal).
    const levels = [lr];
    for (let i = 0; i < milestones.length; i++) levels.push((levels[i] as number) * gamma);
    return { at: (t) => levels[countAtMost(milestones, epoch(t))] as number, fill: (out, from) => fillSteps(out, from, milestones, levels) };
  },
});

/** PyTorch ConstantLR: a reduced lr for the first total_iters steps, then the full lr. */
export const ConstantLR = defineSchedule({
  type: "ConstantLR",
  example: "ConstantLR(0.1)",
  summary: "lr * factor until total_iters, then lr.",
  formula: "lr * (t < total_iters ? factor : 1)",
  params: [
    lrParam,
    { name: "factor", kind: "number", range: unitOpen, default: 1 / 3, defaultText: "1/3", doc: "the factor before total_iters" },
    { name: "total_iters", kind: "integer", range: atLeastOne, default: 5, doc: "steps with the reduced lr" },
  ],
  kernel: (p) => {
    const [lr, factor, totalIters] = [p.lr, p.factor, p.total_iters];
    return { at: (t) => (epoch(t), (t < totalIters ? lr * factor : lr)) };
  },
});

/** PyTorch LinearLR: the factor moves linearly from start_factor to end_factor over total_iters steps. */
export const LinearLR = defineSchedule({
  type: "LinearLR",
  example: "LinearLR(0.1, start_factor=0.25, end_factor=0.5, total_iters=4)",
  summary: "Linear change of the factor from start_factor to end_factor (a linear warmup or decay).",
  formula: "lr * (start_factor + (end_factor - start_factor) * min(t, total_iters) / total_iters)",
  params: [
    lrParam,
    { name: "start_factor", kind: "number", range: unitOpen, default: 1 / 3, defaultText: "1/3", doc: "the factor at step 0" },
    { name: "end_factor", kind: "number", range: unitClosed, default: 1, doc: "the factor from total_iters on" },
    { name: "total_iters", kind: "integer", range: atLeastOne, default: 5, doc: "steps of the change" },
  ],
  kernel: (p) => {
    const [lr, start, end, total] = [p.lr, p.start_factor, p.end_factor, p.total_iters];
    // From total_iters on the factor is end_factor exactly (the formula can miss it by an ulp,
    // which for end_factor = 0 would be a negative lr).
    const value = (t: number) => lr * (t >= total ? end : start + ((end - start) * t) / total);
    return {
      at: (t) => value(epoch(t)),
      fill: (out, from) => {
        for (let i = 0; i < out.length; i++) out[i] = value(from + i);
      },
    };
  },
});

/** PyTorch ExponentialLR: multiply by gamma every step. */
export const ExponentialLR = defineSchedule({
  type: "ExponentialLR",
  example: "ExponentialLR(0.1, 0.9)",
  summary: "Multiply by gamma every step.",
  formula: "lr * gamma ^ t",
  params: [lrParam, { name: "gamma", kind: "number", range: unitClosed, doc: "the factor per step" }],
  kernel: (p) => {
    const [lr, gamma] = [p.lr, p.gamma];
    const value = (t: number) => lr * Math.pow(gamma, t);
    return {
      at: (t) => value(epoch(t)),
      fill: (out, from) => {
        for (let i = 0; i < out.length; i++) out[i] = value(from + i);
      },
    };
  },
});

/** PyTorch PolynomialLR: polynomial decay to 0 over total_iters steps, then 0. */
export const PolynomialLR = defineSchedule({
  type: "PolynomialLR",
  example: "PolynomialLR(0.1, total_iters=7, power=1.5)",
  summary: "Polynomial decay to 0 at total_iters.",
  formula: "lr * (1 - min(t, total_iters) / total_iters) ^ power",
  params: [
    lrParam,
    { name: "total_iters", kind: "integer", range: atLeastOne, default: 5, doc: "steps until the lr reaches 0" },
    { name: "power", kind: "number", range: positive, default: 1, doc: "the polynomial's power" },
  ],
  kernel: (p) => {
    const [lr, total, power] = [p.lr, p.total_iters, p.power];
    return { at: (t) => (epoch(t), lr * Math.pow(1 - Math.min(t, total) / total, power)) };
  },
});

/** The cosine schedules' largest value: eta_min may exceed lr (PyTorch allows it; the cosine then rises). */
const lrOrEtaMin = (p: { readonly lr: number; readonly eta_min: number }) => Math.max(p.lr, p.eta_min);

/**
 * PyTorch CosineAnnealingLR (SGDR without restarts, Loshchilov & Hutter 2016). Like PyTorch it is
 * periodic past T_max: the lr climbs back to lr by 2 * T_max, and so on.
 */
export const CosineAnnealingLR = defineSchedule({
  type: "CosineAnnealingLR",
  example: "CosineAnnealingLR(0.1, 10, eta_min=0.001)",
  peak: lrOrEtaMin,
  summary: "Half-cosine from lr to eta_min over T_max steps; periodic past T_max, as in PyTorch.",
  formula: "eta_min + (lr - eta_min) * (1 + cos(pi * t / T_max)) / 2",
  params: [
    lrParam,
    { name: "T_max", kind: "integer", range: atLeastOne, doc: "steps from lr down to eta_min" },
    { name: "eta_min", kind: "number", range: nonNegative, default: 0, doc: "the lowest lr" },
  ],
  kernel: (p) => {
    const [lr, tMax, etaMin] = [p.lr, p.T_max, p.eta_min];
    const period = 2 * tMax;
    // Reducing t by the period keeps the angle small, so cos stays accurate for huge t. Below 2^50
    // not with %: on doubles it is a slow library call; the subtraction is exact for whole t, and
    // otherwise off by at most a period, which cos does not see. From 2^50 on, period * floor(t /
    // period) rounds (at MAX_VALUE it overflows), while % is exact for every double: the value
    // there is the true periodic one.
    const phaseOf = (t: number) => (t < period ? t : t < 2 ** 50 ? t - period * Math.floor(t / period) : t % period);
    const value = (t: number) => etaMin + (lr - etaMin) * halfCosine(phaseOf(t) / tMax);
    return {
      at: (t) => value(epoch(t)),
      fill: (out, from) => {
        if (!Number.isInteger(from) || !Number.isInteger(period) || from + out.length > 2 ** 31) {
          for (let i = 0; i < out.length; i++) out[i] = value(from + i);
          return;
        }
        // Whole steps: the step within the period advances by one and wraps, the same remainder
        // value() takes, without a division per value.
        let phase = from % period;
        for (let i = 0; i < out.length; i++) {
          out[i] = etaMin + (lr - etaMin) * halfCosine(phase / tMax);
          if (++phase === period) phase = 0;
        }
      },
    };
  },
});

/** PyTorch CosineAnnealingWarmRestarts (SGDR): cosine cycles of T_0, T_0*T_mult, ... steps. */
export const CosineAnnealingWarmRestarts = defineSchedule({
  type: "CosineAnnealingWarmRestarts",
  example: "CosineAnnealingWarmRestarts(0.1, 3, T_mult=2)",
  peak: lrOrEtaMin,
  summary: "Cosine from lr to eta_min, restarting after T_0, T_0*T_mult, ... steps (SGDR).",
  formula: "eta_min + (lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2; T_cur = steps since the last restart",
  params: [
    lrParam,
    { name: "T_0", kind: "integer", range: atLeastOne, doc: "steps in the first cycle" },
    { name: "T_mult", kind: "integer", range: atLeastOne, default: 1, doc: "growth of each cycle's length" },
    { name: "eta_min", kind: "number", range: nonNegative, default: 0, doc: "the lowest lr" },
  ],
  kernel: (p) => {
    const [lr, t0, tMult, etaMin] = [p.lr, p.T_0, p.T_mult, p.eta_min];
    // The cycle of the last call: successive epochs mostly fall in it, which saves the search
    // (logarithms and powers). Time into the cycle is computed as geometricCycle does.
    let cycle = geometricCycle(0, t0, tMult);
    const value = (t: number) => {
      if (t < cycle.start || t >= cycle.start + cycle.length) cycle = geometricCycle(t, t0, tMult);
      const into = tMult === 1 ? t % t0 : t - cycle.start;
      return etaMin + (lr - etaMin) * halfCosine(into / cycle.length);
    };
    return {
      at: (t) => value(epoch(t)),
      fill: (out, from) => {
        for (let i = 0; i < out.length; i++) out[i] = value(from + i);
      },
    };
  },
});

/**
 * PyTorch SWALR (torch.optim.swa_utils; Izmailov et al. 2018, stochastic weight averaging): from
 * the optimizer's lr to swa_lr over anneal_epochs steps, then swa_lr. PyTorch recovers the
 * starting lr at every step and blends; this is the same blend in closed form.
 */
export const SWALR = defineSchedule({
  type: "SWALR",
  // torch.optim.swa_utils.SWALR takes no verbose.
  peerOrder: ["optimizer",  "swa_lr",  "anneal_epochs",  "anneal_strategy",  "last_epoch"],
  example: "SWALR(0.1, 0.01, anneal_epochs=5, anneal_strategy=linear)",
  peak: (p) => Math.max(p.lr, p.swa_lr),
  summary: "Anneal from lr to swa_lr over anneal_epochs steps (cosine or linear), then hold swa_lr.",
  formula: "swa_lr * a + lr * (1 - a); a = anneal(min(1, t / max(1, anneal_epochs))), cos: (1 - cos(pi x)) / 2, linear: x; anneal_epochs = 0: swa_lr",
  params: [
    lrParam,
    { name: "swa_lr", kind: "number", range: nonNegative, doc: "the lr held during averaging" },
    { name: "anneal_epochs", kind: "integer", range: nonNegative, default: 10, doc: "steps from lr to swa_lr (0: swa_lr at once)" },
    { name: "anneal_strategy", kind: "word", words: ["cos", "linear"], default: "cos", doc: "shape of the annealing" },
  ],
  kernel: (p) => {
    const [lr, swaLr, epochs] = [p.lr, p.swa_lr, p.anneal_epochs];
    const cosine = p.anneal_strategy === "cos";
    const weight = (t: number) => {
      const x = epochs === 0 ? 1 : Math.min(1, t / epochs);
      return cosine ? (1 - Math.cos(Math.PI * x)) / 2 : x;
    };
    return {
      at: (t) => {
        const a = weight(epoch(t));
        // Exactly swa_lr once annealed (the blend can miss it by an ulp).
        return a === 1 ? swaLr : swaLr * a + lr * (1 - a);
      },
    };
  },
});

/** PyTorch CyclicLR (Smith 2017, "Cyclical Learning Rates"): triangles between base_lr and max_lr. */
export const CyclicLR = defineSchedule({
  type: "CyclicLR",
  // torch's CyclicLR: scale_fn (None only) and scale_mode (ignored without scale_fn) sit before cycle_momentum.
  peerOrder: ["optimizer",  "base_lr",  "max_lr",  "step_size_up",  "step_size_down",  "mode",  "gamma",  "scale_fn",  "scale_mode",  "cycle_momentum",  "base_momentum",  "max_momentum",  "last_epoch",  "verbose"],
  example: "CyclicLR(0.01, 0.1, 3, step_size_down=5, mode=exp_range, gamma=0.97)",
  peak: (p) => p.max_lr,
  check: (p) =>
    p.max_lr >= p.base_lr
      ? undefined
      : { param: "max_lr", code: "out-of-range", message: `max_lr must be >= base_lr (${p.base_lr}), got ${p.max_lr}` },
  summary: "Triangular cycles between base_lr and max_lr (triangular, triangular2 halving, exp_range).",
  formula: "base_lr + (max_lr - base_lr) * triangle(t) * scale; scale = 1 | 1/2^(cycle-1) | gamma^t",
  params: [
    { name: "base_lr", kind: "number", range: nonNegative, doc: "the lower end of each cycle" },
    { name: "max_lr", kind: "number", range: nonNegative, doc: "the upper end of each cycle" },
    { name: "step_size_up", kind: "number", range: atLeastOne, default: 2000, doc: "steps from base_lr up to max_lr" },
    {
      name: "step_size_down",
      kind: "number",
      range: atLeastOne,
      default: (p: ParamValues) => p["step_size_up"] as number,
      defaultText: "step_size_up",
      doc: "steps from max_lr back down",
    },
    { name: "mode", kind: "word", words: ["triangular", "triangular2", "exp_range"], default: "triangular", doc: "how the amplitude changes per cycle" },
    { name: "gamma", kind: "number", range: unitOpen, default: 1, doc: "exp_range: the amplitude's factor per step" },
    cycleMomentum,
    { name: "base_momentum", kind: "number", range: unitClosed, default: 0.8, doc: "the momentum at the top of each lr cycle" },
    { name: "max_momentum", kind: "number", range: unitClosed, default: 0.9, doc: "the momentum at the bottom of each lr cycle" },
  ],
  kernel: (p) => {
    const [baseLr, maxLr, mode, gamma] = [p.base_lr, p.max_lr, p.mode, p.gamma];
    const [baseMomentum, maxMomentum] = [p.base_momentum, p.max_momentum];
    const up = p.step_size_up;
    const total = up + p.step_size_down;
    const ratio = up / total;
    // The triangle's height at t (0 at the cycle's ends, 1 at its peak), times the amplitude's scale.
    const wave = (t: number) => {
      const cycle = Math.floor(1 + t / total);
      const x = 1 + t / total - cycle;
      const height = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
      const scale = mode === "triangular" ? 1 : mode === "triangular2" ? 1 / Math.pow(2, cycle - 1) : Math.pow(gamma, t);
      return height * scale;
    };
    return {
      at: (t) => baseLr + (maxLr - baseLr) * wave(epoch(t)),
      // PyTorch: momentum moves against the lr, from max_momentum down to base_momentum at the peak.
      ...(p.cycle_momentum ? { momentum: (t: number) => maxMomentum - (maxMomentum - baseMomentum) * wave(epoch(t)) } : {}),
    };
  },
});

/**
 * PyTorch OneCycleLR (Smith & Topin 2018, "Super-Convergence"): up from max_lr/div_factor to max_lr,
 * then down to max_lr/(div_factor*final_div_factor). PyTorch raises after total_steps; nerva-lr
 * holds the final lr from step total_steps - 1 on. A phase of zero length is skipped (PyTorch
 * divides by zero there).
 */
export const OneCycleLR = defineSchedule({
  type: "OneCycleLR",
  // torch.optim.lr_scheduler.OneCycleLR's own order (epochs, steps_per_epoch: total_steps = their product).
  peerOrder: ["optimizer",  "max_lr",  "total_steps",  "epochs",  "steps_per_epoch",  "pct_start",  "anneal_strategy",  "cycle_momentum",  "base_momentum",  "max_momentum",  "div_factor",  "final_div_factor",  "three_phase",  "last_epoch",  "verbose"],
  example: "OneCycleLR(0.1, 30, three_phase=true, anneal_strategy=linear)",
  peak: (p) => p.max_lr,
  summary: "One cycle: warm up to max_lr, anneal to a tiny lr (optionally three phases).",
  formula: "initial = max_lr/div_factor, min = initial/final_div_factor; anneal initial->max_lr until pct_start*total_steps-1, then max_lr->min by the end",
  params: [
    { name: "max_lr", kind: "number", range: nonNegative, doc: "the peak lr" },
    { name: "total_steps", kind: "integer", range: { min: 2 }, doc: "steps in the cycle" },
    { name: "pct_start", kind: "number", range: unitClosed, default: 0.3, doc: "fraction of the cycle spent going up" },
    { name: "anneal_strategy", kind: "word", words: ["cos", "linear"], default: "cos", doc: "shape of each phase" },
    { name: "div_factor", kind: "number", range: atLeastOne, default: 25, doc: "initial lr = max_lr / div_factor" },
    { name: "final_div_factor", kind: "number", range: atLeastOne, default: 1e4, doc: "final lr = initial lr / final_div_factor" },
    { name: "three_phase", kind: "boolean", default: false, doc: "go back down to the initial lr before the final annealing" },
    cycleMomentum,
    { name: "base_momentum", kind: "number", range: unitClosed, default: 0.85, doc: "the momentum while the lr is at its peak" },
    { name: "max_momentum", kind: "number", range: unitClosed, default: 0.95, doc: "the momentum at the start and the end" },
  ],
  check: (p) =>
    p.three_phase && p.pct_start > 0.5
      ? { param: "pct_start", code: "out-of-range", message: `pct_start must be <= 0.5 with three_phase=true, got ${p.pct_start}` }
      : undefined,
  kernel: (p) => {
    const maxLr = p.max_lr;
    const total = p.total_steps;
    const pct = p.pct_start;
    const initial = maxLr / p.div_factor;
    const min = initial / p.final_div_factor;
    const [low, high] = [p.base_momentum, p.max_momentum];
    const anneal = p.anneal_strategy === "cos" ? cosineBetween : linearBetween;
    // Each phase anneals the lr one way and (PyTorch) the momentum the other way.
    const phases = p.three_phase
      ? [
          { start: 0, end: pct * total - 1, from: initial, to: maxLr, momentumFrom: high, momentumTo: low },
          { start: pct * total - 1, end: 2 * pct * total - 2, from: maxLr, to: initial, momentumFrom: low, momentumTo: high },
          { start: 2 * pct * total - 2, end: total - 1, from: initial, to: min, momentumFrom: high, momentumTo: high },
        ]
      : [
          { start: 0, end: pct * total - 1, from: initial, to: maxLr, momentumFrom: high, momentumTo: low },
          { start: pct * total - 1, end: total - 1, from: maxLr, to: min, momentumFrom: low, momentumTo: high },
        ];
    const last = phases.length - 1;
    /** The phase of step t and how far into it (PyTorch holds the last phase's end after total_steps - 1). */
    const locate = (t: number) => {
      const step = Math.min(t, total - 1);
      let i = 0;
      while (i < last && step > (phases[i] as (typeof phases)[number]).end) i++;
      const phase = phases[i] as (typeof phases)[number];
      const length = phase.end - phase.start;
      return { phase, fraction: length > 0 ? (step - phase.start) / length : 1 };
    };
    return {
      at: (t) => {
        const { phase, fraction } = locate(epoch(t));
        return anneal(phase.from, phase.to, fraction);
      },
      ...(p.cycle_momentum
        ? {
            momentum: (t: number) => {
              const { phase, fraction } = locate(epoch(t));
              return anneal(phase.momentumFrom, phase.momentumTo, fraction);
            },
          }
        : {}),
    };
  },
});

/** PyTorch's closed-form schedulers (the function-based ones, the combinators and the plateau have files of their own). */
export const library = defineLibrary({
  qualifier: "torch",
  source: "PyTorch",
  // The four files of PyTorch's schedules share these (one place for the qualifier's modules).
  modules: ["torch.optim.lr_scheduler", "optim.lr_scheduler", "lr_scheduler", "torch.optim.swa_utils", "swa_utils"],
  call: { optimizer: true, trailing: ["last_epoch", "verbose"] },
  definitions: [StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR, SWALR],
});
