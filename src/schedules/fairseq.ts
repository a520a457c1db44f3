/**
 * fairseq's step-based schedulers (fairseq.optim.lr_scheduler), under their registered names.
 * fairseq sets the lr with step_update(num_updates) before each update, num_updates counting from
 * 0, so the value at step t here is step_update(t). `lr` is fairseq's `--lr` (one value).
 */
import { lrParam, nonNegative } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

/**
 * fairseq tri_stage (Park et al. 2019, SpecAugment): linear warmup from lr * init_lr_scale, hold at
 * lr, exponential decay to lr * final_lr_scale over decay_steps, then constant. phase_ratio, which
 * fairseq multiplies by max_update, is left out: give the three step counts.
 */
export const tri_stage = defineSchedule({
  type: "tri_stage",
  example: "tri_stage(0.1, 5, 10, 20, init_lr_scale=0.05, final_lr_scale=0.02)",
  peak: (p) => p.lr * Math.max(1, p.init_lr_scale, p.final_lr_scale),
  summary: "Warmup from lr * init_lr_scale, hold at lr, exponential decay to lr * final_lr_scale.",
  formula:
    "t < W: lr * (s0 + (1 - s0) * t / W); t < W + H: lr; t <= W + H + D: lr * final_lr_scale ^ ((t - W - H) / D); then lr * final_lr_scale",
  params: [
    { ...lrParam, doc: "the peak lr (fairseq's --lr)" },
    { name: "warmup_steps", kind: "integer", range: nonNegative, default: 0, doc: "steps of the linear warmup" },
    { name: "hold_steps", kind: "integer", range: nonNegative, default: 0, doc: "steps held at lr" },
    { name: "decay_steps", kind: "integer", range: { min: 1 }, doc: "steps of the exponential decay (fairseq divides by it)" },
    { name: "init_lr_scale", kind: "number", range: nonNegative, default: 0.01, doc: "the warmup starts at lr * init_lr_scale" },
    { name: "final_lr_scale", kind: "number", range: { min: 0, minOpen: true }, default: 0.01, doc: "the decay ends at lr * final_lr_scale (fairseq takes its log)" },
  ],
  kernel: (p) => {
    const [lr, warmup, hold, decay, initScale, finalScale] = [p.lr, p.warmup_steps, p.hold_steps, p.decay_steps, p.init_lr_scale, p.final_lr_scale];
    // fairseq's own constants, so the values agree with its to the last bit.
    const warmupRate = warmup === 0 ? 0 : (lr - lr * initScale) / warmup;
    const decayFactor = -Math.log(finalScale) / decay;
    return {
      at: (t) => {
        if (epoch(t) < warmup) return lr * initScale + warmupRate * t;
        if (t < warmup + hold) return lr;
        if (t <= warmup + hold + decay) return lr * Math.exp(-decayFactor * (t - warmup - hold));
        return lr * finalScale;
      },
    };
  },
});

/**
 * fairseq inverse_sqrt (Vaswani et al. 2017): linear warmup from warmup_init_lr to lr over
 * warmup_updates, then lr * sqrt(warmup_updates / t).
 */
export const inverse_sqrt = defineSchedule({
  type: "inverse_sqrt",
  example: "inverse_sqrt(0.1, warmup_updates=10, warmup_init_lr=0.001)",
  peak: (p) => Math.max(p.lr, p.warmup_init_lr),
  summary: "Linear warmup to lr over warmup_updates, then decay with the inverse square root of the step.",
  formula: "t < W: init + (lr - init) * t / W; else lr * sqrt(W) / sqrt(t), W = warmup_updates",
  params: [
    { ...lrParam, doc: "the lr at the end of the warmup (fairseq's --lr)" },
    { name: "warmup_updates", kind: "integer", range: { min: 1 }, default: 4000, doc: "steps of the linear warmup (fairseq divides by it)" },
    {
      name: "warmup_init_lr",
      kind: "number",
      range: nonNegative,
      default: 0,
      doc: "the lr at step 0 (fairseq's -1, unset, means 0 here as there)",
    },
  ],
  kernel: (p) => {
    const [lr, warmup, init] = [p.lr, p.warmup_updates, p.warmup_init_lr];
    const decayFactor = lr * Math.sqrt(warmup);
    const step = (lr - init) / warmup;
    return { at: (t) => (epoch(t) < warmup ? init + t * step : decayFactor * Math.pow(t, -0.5)) };
  },
});

export const library = defineLibrary({ qualifier: "fairseq", source: "fairseq", definitions: [tri_stage, inverse_sqrt] });
