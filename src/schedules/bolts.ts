/**
 * Lightning Bolts' LinearWarmupCosineAnnealingLR (pl_bolts.optimizers.lr_scheduler), stepped with
 * plain step() calls as its docs recommend: the chainable form, whose values are the closed form
 * below. docs/llm-schedules.md lists its quirks.
 */
import { lrParam, nonNegative } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

export const LinearWarmupCosineAnnealingLR = defineSchedule({
  type: "LinearWarmupCosineAnnealingLR",
  example: "pl_bolts.LinearWarmupCosineAnnealingLR(0.1, 5, 50, warmup_start_lr=0.001, eta_min=0.0001)",
  summary: "Linear warmup reaching lr one step early, then a cosine to eta_min at max_epochs that rises again after.",
  formula:
    "t < W: warmup_start_lr + min(t, W - 1) * (lr - warmup_start_lr) / (W - 1) (warmup_start_lr if W <= 1); else eta_min + (a - eta_min) * (1 + cos(pi * (t - W) / (M - W))) / 2, a = lr (warmup_start_lr while t <= M if W = 0)",
  params: [
    lrParam,
    { name: "warmup_epochs", kind: "integer", range: nonNegative, doc: "steps of the linear warmup (W)" },
    { name: "max_epochs", kind: "integer", range: nonNegative, doc: "the step where the cosine reaches eta_min (M)" },
    { name: "warmup_start_lr", kind: "number", range: nonNegative, default: 0, doc: "the lr at step 0" },
    { name: "eta_min", kind: "number", range: nonNegative, default: 0, doc: "the lowest lr of the cosine" },
  ],
  peak: (p) => Math.max(p.lr, p.warmup_start_lr, p.eta_min),
  check: (p) =>
    p.max_epochs === p.warmup_epochs
      ? { param: "max_epochs", code: "out-of-range", message: `max_epochs must differ from warmup_epochs (${p.warmup_epochs}): the peer divides by max_epochs - warmup_epochs` }
      : undefined,
  kernel: (p) => {
    const [lr, warmup, max, start, etaMin] = [p.lr, p.warmup_epochs, p.max_epochs, p.warmup_start_lr, p.eta_min];
    // The warmup adds (lr - warmup_start_lr) / (W - 1) per step, so it reaches lr at W - 1. Written
    // as a fraction of the way, it stays between its ends (a step added W - 1 times can round past 0).
    return {
      at: (t) => {
        if (epoch(t) < warmup) return warmup > 1 ? start + (lr - start) * (Math.min(t, warmup - 1) / (warmup - 1)) : start;
        // The chain scales the value before it: from lr at W; with W = 0 from warmup_start_lr at
        // step 0, until the step after the first trough resets it to lr's cosine.
        const anchor = warmup === 0 && t <= max ? start : lr;
        return etaMin + ((anchor - etaMin) * (1 + Math.cos((Math.PI * (t - warmup)) / (max - warmup)))) / 2;
      },
    };
  },
});

export const library = defineLibrary({
  qualifier: "pl_bolts",
  source: "Lightning Bolts",
  definitions: [LinearWarmupCosineAnnealingLR],
  modules: ["pl_bolts.optimizers.lr_scheduler", "pl_bolts.optimizers"],
  call: { optimizer: true, trailing: ["last_epoch"] },
});
