/**
 * A warmup in front of any schedule, as timm's schedulers do it: the lr rises linearly from
 * warmup_lr_init over warmup_t steps. With warmup_prefix (timm's Warmup default here) it rises to
 * the wrapped schedule's first value, which then runs from its own step 0; without, it rises to
 * the schedule's value at warmup_t and the schedule goes on from there (the warmup replaces its
 * first steps).
 */
import { nonNegative } from "../core/params.js";
import { defineSchedule, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

export const Warmup = defineSchedule({
  type: "Warmup",
  example: "Warmup(CosineAnnealingLR(0.1, 20), 5, warmup_lr_init=0.001)",
  peak: (p) => Math.max(p.warmup_lr_init, p.schedule.peak()),
  summary: "Linear warmup from warmup_lr_init into any schedule, which then starts at its step 0.",
  formula: "t < warmup_t: warmup_lr_init + (schedule(0) - warmup_lr_init) * t / warmup_t; else schedule(t - warmup_t)",
  params: [
    { name: "schedule", kind: "schedule", doc: "the schedule that follows the warmup" },
    { name: "warmup_t", kind: "integer", range: { min: 1 }, doc: "steps of the warmup" },
    { name: "warmup_lr_init", kind: "number", range: nonNegative, default: 0, doc: "the lr at step 0" },
    {
      name: "warmup_prefix",
      kind: "boolean",
      default: true,
      doc: "the schedule starts from its step 0 after the warmup; false: the warmup replaces its first warmup_t steps",
    },
  ],
  check: (p) =>
    p.schedule.behaviour === "metric-driven"
      ? { param: "schedule", code: "wrong-type", message: "a metric-driven schedule cannot be wrapped" }
      : undefined,
  kernel: (p) => {
    const inner = p.schedule;
    const [steps, init] = [p.warmup_t, p.warmup_lr_init];
    const prefix = p.warmup_prefix;
    // The warmup rises to where the schedule then starts: its step 0 (prefix), or its step warmup_t.
    // Read once, with peek: calling a stateful schedule (TimeBased) would change it.
    const target = inner.peek(prefix ? 0 : steps);
    // timm's order of operations; near the largest double (target - init) * t overflows where the
    // value itself does not, and then t / steps is taken first.
    const rise = (t: number) => {
      const exact = ((target - init) * t) / steps;
      return Number.isFinite(exact) ? exact : (target - init) * (t / steps);
    };
    return { at: (t) => (epoch(t) < steps ? init + rise(t) : inner.at(prefix ? t - steps : t)) };
  },
});

/** timm's warmup, which it puts in front of its own schedules; here in front of any. */
export const library = defineLibrary({ qualifier: "timm", source: "timm", definitions: [Warmup] });
