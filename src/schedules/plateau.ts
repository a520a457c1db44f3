/**
 * PyTorch ReduceLROnPlateau: metric-driven. After each epoch the caller reports a metric with
 * `step(metric)`; when it has not improved for more than `patience` epochs, the lr is multiplied by
 * `factor` (not below min_lr, and only if the change exceeds eps), then `cooldown` epochs pass
 * before bad epochs count again. The state (lr, best, counters) is exposed for checkpoints.
 */
import { lrParam, nonNegative } from "../core/params.js";
import { defineSchedule, StateFieldError, type StateFields, epoch } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

export const ReduceLROnPlateau = defineSchedule({
  type: "ReduceLROnPlateau",
  // torch's ReduceLROnPlateau takes no last_epoch.
  peerOrder: ["optimizer",  "mode",  "factor",  "patience",  "threshold",  "threshold_mode",  "cooldown",  "min_lr",  "eps",  "verbose"],
  example: "ReduceLROnPlateau(0.1, mode=max, factor=0.5, patience=2, cooldown=1)",
  summary: "Multiply by factor when the metric stops improving for patience epochs (metric-driven).",
  formula: "lr := max(lr * factor, min_lr) after more than patience epochs without improvement",
  behaviour: "metric-driven",
  params: [
    lrParam,
    { name: "mode", kind: "word", words: ["min", "max"], default: "min", doc: "whether a lower (min) or higher (max) metric is better" },
    { name: "factor", kind: "number", range: { min: 0, max: 1, maxOpen: true }, default: 0.1, doc: "the factor of each reduction" },
    { name: "patience", kind: "integer", range: nonNegative, default: 10, doc: "epochs without improvement tolerated before reducing" },
    { name: "threshold", kind: "number", range: nonNegative, default: 1e-4, doc: "how much better counts as an improvement" },
    { name: "threshold_mode", kind: "word", words: ["rel", "abs"], default: "rel", doc: "threshold relative to the best metric, or absolute" },
    { name: "cooldown", kind: "integer", range: nonNegative, default: 0, doc: "epochs after a reduction during which bad epochs are not counted" },
    { name: "min_lr", kind: "number", range: nonNegative, default: 0, doc: "the lr never goes below this" },
    { name: "eps", kind: "number", range: nonNegative, default: 1e-8, doc: "reductions smaller than this are skipped" },
  ],
  kernel: (p) => {
    const [factor, patience, threshold, cooldown, minLr, eps] = [p.factor, p.patience, p.threshold, p.cooldown, p.min_lr, p.eps];
    const maximize = p.mode === "max";
    const relative = p.threshold_mode === "rel";
    // best === null stands for PyTorch's initial "worst possible" (inf for min, -inf for max).
    const initialLr = p.lr;
    let state = { lr: initialLr, best: null as number | null, num_bad_epochs: 0, cooldown_counter: 0 };
    const isBetter = (metric: number, best: number | null): boolean => {
      if (best === null) return true;
      if (maximize) return relative ? metric > best * (threshold + 1) : metric > best + threshold;
      return relative ? metric < best * (1 - threshold) : metric < best - threshold;
    };
    return {
      at: (t) => (epoch(t), state.lr),
      step: (metric) => {
        if (isBetter(metric, state.best)) {
          state.best = metric;
          state.num_bad_epochs = 0;
        } else state.num_bad_epochs++;
        if (state.cooldown_counter > 0) {
          state.cooldown_counter--;
          state.num_bad_epochs = 0;
        }
        if (state.num_bad_epochs > patience) {
          const reduced = Math.max(state.lr * factor, minLr);
          if (state.lr - reduced > eps) state.lr = reduced;
          state.cooldown_counter = cooldown;
          state.num_bad_epochs = 0;
        }
      },
      getState: (): StateFields => ({ ...state }),
      setState: (saved) => {
        // What step() can reach from the initial state: the lr only falls, and not below min_lr
        // (unless it started there); the counters are reset once they pass patience or run down.
        const lr = atLeast(saved, "lr", Math.min(minLr, initialLr));
        if (lr > initialLr) throw new StateFieldError("lr", `at most the initial lr ${initialLr}`, lr);
        state = {
          lr,
          best: saved["best"] ?? null,
          num_bad_epochs: count(saved, "num_bad_epochs", patience),
          cooldown_counter: count(saved, "cooldown_counter", cooldown),
        };
      },
    };
  },
});

function atLeast(saved: StateFields, field: string, min: number): number {
  const value = saved[field];
  if (typeof value !== "number" || value < min) throw new StateFieldError(field, `a number >= ${min}`, value);
  return value;
}

function count(saved: StateFields, field: string, max: number): number {
  const value = saved[field];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw new StateFieldError(field, `a whole number from 0 to ${max}`, value);
  }
  return value;
}

export const library = defineLibrary({ qualifier: "torch", source: "PyTorch", definitions: [ReduceLROnPlateau], call: { optimizer: true, trailing: ["verbose"] } });
