/**
 * Megatron-LM's OptimizerParamScheduler (megatron/core/optimizer_param_scheduler.py), the lr part,
 * with Megatron's parameter names and its training config's defaults. Megatron's constructor calls
 * step(0) and its training loop step(increment=1) after each iteration, so the value at t is
 * get_lr() with num_steps = t, quirks included (see docs/llm-schedules.md).
 */
import { nonNegative, type ParamProblem } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

/** The anneal of the WSD style: the coefficient at r = the fraction of wsd_decay_steps done. */
const WSD_ANNEALS: Readonly<Record<string, (r: number) => number>> = {
  exponential: (r) => 2 * Math.pow(0.5, r) - 1,
  linear: (r) => 1 - r,
  cosine: (r) => 0.5 * (Math.cos(Math.PI * r) + 1),
  minus_sqrt: (r) => 1 - Math.sqrt(r),
};

/** Megatron's asserts, as errors: where its constructor (or first step) would fail. */
function megatronChecks(p: {
  readonly init_lr: number;
  readonly max_lr: number;
  readonly min_lr: number;
  readonly lr_warmup_steps: number;
  readonly lr_decay_steps: number;
  readonly lr_decay_style: string;
  readonly wsd_decay_steps?: number;
}): ParamProblem | undefined {
  const [init, max, min, warmup, decay] = [p.init_lr, p.max_lr, p.min_lr, p.lr_warmup_steps, p.lr_decay_steps];
  if (!(max >= min)) return { param: "max_lr", code: "out-of-range", message: `max_lr must be >= min_lr (${min}), got ${max}` };
  if (!(init <= max)) return { param: "init_lr", code: "out-of-range", message: `init_lr must be <= max_lr (${max}), got ${init}` };
  if (!(warmup < decay)) return { param: "lr_warmup_steps", code: "out-of-range", message: `lr_warmup_steps must be < lr_decay_steps (${decay}), got ${warmup}` };
  if (p.lr_decay_style === "WSD" && p.wsd_decay_steps === undefined) {
    return { param: "wsd_decay_steps", code: "missing-parameter", message: "lr_decay_style=WSD needs wsd_decay_steps" };
  }
  return undefined;
}

export const OptimizerParamScheduler = defineSchedule({
  type: "OptimizerParamScheduler",
  // Megatron's own order; the weight-decay and checkpoint arguments do not change the lr.
  peerOrder: ["optimizer",  "init_lr",  "max_lr",  "min_lr",  "lr_warmup_steps",  "lr_decay_steps",  "lr_decay_style",  "start_wd",  "end_wd",  "wd_incr_steps",  "wd_incr_style",  "use_checkpoint_opt_param_scheduler",  "override_opt_param_scheduler",  "wsd_decay_steps",  "lr_wsd_decay_style"],
  example: 'OptimizerParamScheduler(max_lr=0.1, min_lr=0.001, lr_warmup_steps=10, lr_decay_steps=100, lr_decay_style=WSD, wsd_decay_steps=30, lr_wsd_decay_style=minus_sqrt)',
  peak: (p) => p.max_lr,
  summary: 'Linear warmup from init_lr to max_lr, then a decay to min_lr by lr_decay_steps: constant, linear, cosine, "inverse-square-root" or WSD (hold, then anneal over the last wsd_decay_steps).',
  formula:
    't <= W (W > 0): init + (max - init) * t / W; constant: max; t > D: min; "inverse-square-root": max(min, max * sqrt(max(W, 1)) / sqrt(max(t, 1))); else min + c * (max - min), r = (t - W) / (D - W), c = 1 - r (linear), (1 + cos(pi r)) / 2 (cosine), WSD: 1 until D - S, then the anneal of s = (t - D + S) / S',
  params: [
    { name: "init_lr", kind: "number", range: nonNegative, default: 0, doc: "the lr the warmup starts from (Megatron's --lr-warmup-init)" },
    { name: "max_lr", kind: "number", range: nonNegative, doc: "the lr after the warmup (Megatron's --lr)" },
    { name: "min_lr", kind: "number", range: nonNegative, default: 0, doc: "the lr the decay ends at, and after lr_decay_steps (Megatron's --min-lr)" },
    {
      name: "lr_warmup_steps",
      kind: "number",
      range: nonNegative,
      default: 0,
      doc: "steps of the linear warmup, max_lr reached at t = lr_warmup_steps (fractional from Megatron's --lr-warmup-fraction)",
    },
    { name: "lr_decay_steps", kind: "integer", range: { min: 1 }, doc: "the step the decay ends at, counted from 0 (warmup included)" },
    { name: "lr_decay_style", kind: "word", words: ["constant", "linear", "cosine", "inverse-square-root", "WSD"], default: "linear", doc: "the shape after the warmup" },
    { name: "wsd_decay_steps", kind: "integer", range: nonNegative, optional: true, doc: "WSD: steps of the anneal at the end of lr_decay_steps" },
    {
      name: "lr_wsd_decay_style",
      kind: "word",
      words: ["exponential", "linear", "cosine", "minus_sqrt"],
      default: "exponential",
      printedWith: "wsd_decay_steps",
      doc: "WSD: the anneal's shape (exponential is 2 * 0.5^s - 1)",
    },
  ],
  check: megatronChecks,
  kernel: (p) => {
    const [init, max, min, warmup, decay] = [p.init_lr, p.max_lr, p.min_lr, p.lr_warmup_steps, p.lr_decay_steps];
    const style = p.lr_decay_style;
    const delta = max - min;
    const warmupLr = (t: number) => init + ((max - init) * t) / warmup;
    // The coefficient of (max - min) after the warmup, for t <= lr_decay_steps.
    let coefficient: (t: number) => number;
    if (style === "linear") coefficient = (t) => 1 - (t - warmup) / (decay - warmup);
    else if (style === "cosine") coefficient = (t) => 0.5 * (Math.cos(Math.PI * ((t - warmup) / (decay - warmup))) + 1);
    else {
      const wsd = p.wsd_decay_steps ?? 0;
      const anneal = WSD_ANNEALS[p.lr_wsd_decay_style] as (r: number) => number;
      const annealStart = decay - wsd;
      coefficient = (t) => (t <= annealStart ? 1 : anneal((t - annealStart) / wsd));
    }
    // Megatron's inverse square root counts from step 0, not from the end of the warmup.
    const inverseSqrt = max * Math.sqrt(Math.max(warmup, 1));
    return {
      at: (t) => {
        if (epoch(t) <= warmup && warmup > 0) return warmupLr(t);
        if (style === "constant") return max;
        if (t > decay) return min;
        if (style === "inverse-square-root") return Math.max(min, inverseSqrt / Math.sqrt(Math.max(t, 1)));
        return min + coefficient(t) * delta;
      },
    };
  },
});

export const library = defineLibrary({
  qualifier: "megatron",
  source: "Megatron-LM",
  definitions: [OptimizerParamScheduler],
  modules: ["megatron.core.optimizer_param_scheduler"],
  call: { optimizer: true, trailing: [] },
});
