/**
 * A warmup in front of any schedule, as timm's schedulers do it with warmup_prefix=True: the lr
 * rises linearly from warmup_lr_init to the wrapped schedule's first value over warmup_t steps, and
 * then the wrapped schedule runs from its own step 0.
 */
import { nonNegative, num } from "../core/params.js";
import { defineSchedule, type Schedule, epoch } from "../core/schedule.js";

export const Warmup = defineSchedule({
  type: "Warmup",
  example: "Warmup(CosineAnnealingLR(0.1, 20), 5, warmup_lr_init=0.001)",
  source: "timm",
  peak: (p) => Math.max(num(p, "warmup_lr_init"), (p["schedule"] as Schedule).peak()),
  summary: "Linear warmup from warmup_lr_init into any schedule, which then starts at its step 0.",
  formula: "t < warmup_t: warmup_lr_init + (schedule(0) - warmup_lr_init) * t / warmup_t; else schedule(t - warmup_t)",
  params: [
    { name: "schedule", kind: "schedule", doc: "the schedule that follows the warmup" },
    { name: "warmup_t", kind: "integer", range: { min: 1 }, doc: "steps of the warmup" },
    { name: "warmup_lr_init", kind: "number", range: nonNegative, default: 0, doc: "the lr at step 0" },
  ],
  check: (p) =>
    (p["schedule"] as Schedule).behaviour === "metric-driven"
      ? { param: "schedule", code: "wrong-type", message: "a metric-driven schedule cannot be wrapped" }
      : undefined,
  kernel: (p) => {
    const inner = p["schedule"] as Schedule;
    const [steps, init] = [num(p, "warmup_t"), num(p, "warmup_lr_init")];
    // The target is read once, with peek: calling a stateful schedule (TimeBased) would change it.
    const target = inner.peek(0);
    return { at: (t) => (epoch(t), (t < steps ? init + ((target - init) * t) / steps : inner.at(t - steps))) };
  },
});

