/**
 * Every schedule the spec language knows, in the order `nerva-lr list` shows them. Adding a
 * schedule means adding its definition here; the parser, printer, JSON and `list` follow.
 */
import type { ScheduleDefinition } from "../core/schedule.js";
import * as composition from "./composition.js";
import * as huggingface from "./huggingface.js";
import * as keras from "./keras.js";
import * as nerva from "./nerva.js";
import * as plateau from "./plateau.js";
import * as optax from "./optax.js";
import * as pytorch from "./pytorch.js";
import * as warmup from "./warmup.js";

export const catalog: readonly ScheduleDefinition[] = [
  nerva.Constant,
  nerva.TimeBased,
  nerva.StepBased,
  nerva.Exponential,
  pytorch.StepLR,
  nerva.MultiStepLR,
  pytorch.ConstantLR,
  pytorch.LinearLR,
  pytorch.ExponentialLR,
  pytorch.PolynomialLR,
  pytorch.CosineAnnealingLR,
  pytorch.CosineAnnealingWarmRestarts,
  pytorch.CyclicLR,
  pytorch.OneCycleLR,
  composition.SequentialLR,
  composition.ChainedScheduler,
  plateau.ReduceLROnPlateau,
  keras.ExponentialDecay,
  keras.InverseTimeDecay,
  keras.PolynomialDecay,
  keras.PiecewiseConstantDecay,
  keras.CosineDecay,
  keras.CosineDecayRestarts,
  optax.linear_schedule,
  optax.cosine_decay_schedule,
  optax.warmup_cosine_decay_schedule,
  optax.piecewise_constant_schedule,
  optax.piecewise_interpolate_schedule,
  optax.cosine_onecycle_schedule,
  optax.linear_onecycle_schedule,
  huggingface.get_constant_schedule_with_warmup,
  huggingface.get_linear_schedule_with_warmup,
  huggingface.get_cosine_schedule_with_warmup,
  huggingface.get_cosine_with_hard_restarts_schedule_with_warmup,
  huggingface.get_polynomial_decay_schedule_with_warmup,
  huggingface.get_inverse_sqrt_schedule,
  huggingface.get_wsd_schedule,
  warmup.Warmup,
] as readonly ScheduleDefinition[];

const byName = new Map<string, ScheduleDefinition>();
for (const definition of catalog) {
  for (const name of [definition.type, ...(definition.aliases ?? [])]) {
    if (byName.has(name)) throw new Error(`internal: schedule name ${name} is defined twice`);
    byName.set(name, definition);
  }
}

/** Exact, case-sensitive lookup of a canonical name or alias. */
export function findDefinition(name: string): ScheduleDefinition | undefined {
  return byName.get(name);
}

/** Every accepted name, aliases included (for suggestions). */
export function allNames(): string[] {
  return [...byName.keys()];
}
