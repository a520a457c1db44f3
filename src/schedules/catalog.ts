/**
 * Every schedule the spec language knows, in the order `nerva-lr list` shows them. Adding a
 * schedule means adding its definition here; the parser, printer, JSON and `list` follow.
 */
import type { ScheduleDefinition, Source } from "../core/schedule.js";
import * as composition from "./composition.js";
import * as deepspeed from "./deepspeed.js";
import * as fairseq from "./fairseq.js";
import * as functional from "./functional.js";
import * as huggingface from "./huggingface.js";
import * as keras from "./keras.js";
import * as megatron from "./megatron.js";
import * as nemo from "./nemo.js";
import * as nerva from "./nerva.js";
import * as plateau from "./plateau.js";
import * as optax from "./optax.js";
import * as pytorch from "./pytorch.js";
import * as timm from "./timm.js";
import * as warmup from "./warmup.js";
import * as bolts from "./bolts.js";
import * as pytorchOptimizer from "./pytorch-optimizer.js";
import * as pytorchWarmup from "./pytorch-warmup.js";

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
  pytorch.SWALR,
  functional.LambdaLR,
  functional.MultiplicativeLR,
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
  optax.constant_schedule,
  optax.polynomial_schedule,
  optax.exponential_decay,
  optax.warmup_constant_schedule,
  optax.warmup_exponential_decay_schedule,
  optax.join_schedules,
  optax.sgdr_schedule,
  huggingface.get_constant_schedule_with_warmup,
  huggingface.get_linear_schedule_with_warmup,
  huggingface.get_cosine_schedule_with_warmup,
  huggingface.get_cosine_with_hard_restarts_schedule_with_warmup,
  huggingface.get_polynomial_decay_schedule_with_warmup,
  huggingface.get_inverse_sqrt_schedule,
  huggingface.get_wsd_schedule,
  huggingface.get_constant_schedule,
  huggingface.get_cosine_with_min_lr_schedule_with_warmup,
  huggingface.get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
  warmup.Warmup,
  timm.CosineLRScheduler,
  timm.TanhLRScheduler,
  timm.PolyLRScheduler,
  timm.StepLRScheduler,
  timm.TimmMultiStepLRScheduler,
  deepspeed.WarmupLR,
  deepspeed.WarmupDecayLR,
  deepspeed.WarmupCosineLR,
  deepspeed.OneCycle,
  deepspeed.LRRangeTest,
  fairseq.tri_stage,
  fairseq.inverse_sqrt,
  megatron.OptimizerParamScheduler,
  ...nemo.NEMO_SCHEDULES,
  pytorchWarmup.LinearWarmup,
  pytorchWarmup.ExponentialWarmup,
  pytorchWarmup.UntunedLinearWarmup,
  pytorchWarmup.UntunedExponentialWarmup,
  pytorchWarmup.RAdamWarmup,
  pytorchOptimizer.REXScheduler,
  pytorchOptimizer.CosineAnnealingWarmupRestarts,
  pytorchOptimizer.LinearScheduler,
  pytorchOptimizer.CosineScheduler,
  pytorchOptimizer.PolyScheduler,
  pytorchOptimizer.get_chebyshev_schedule,
  pytorchOptimizer.PytorchOptimizerWsdSchedule,
  bolts.LinearWarmupCosineAnnealingLR,
] as readonly ScheduleDefinition[];

/** The prefix that names a library in spec text: `torch.StepLR`, `optax.linear_schedule`. */
export const QUALIFIERS: Readonly<Record<Source, string>> = {
  nerva: "nerva",
  PyTorch: "torch",
  Keras: "keras",
  optax: "optax",
  "Hugging Face": "transformers",
  timm: "timm",
  DeepSpeed: "deepspeed",
  fairseq: "fairseq",
  "nerva-lr": "nerva_lr",
  "Megatron-LM": "megatron",
  NeMo: "nemo",
  pytorch_warmup: "pytorch_warmup",
  pytorch_optimizer: "pytorch_optimizer",
  "Lightning Bolts": "pl_bolts",
};

/** The libraries a definition can be named by: its source's first, then any it shares (`alsoIn`). */
export function qualifiersOf(definition: ScheduleDefinition): readonly string[] {
  return [definition.source, ...(definition.alsoIn ?? [])].map((source) => QUALIFIERS[source]);
}

/** The qualifiers of the libraries the catalog has schedules of, in catalog order. */
export const LIBRARIES: readonly string[] = [...new Set(catalog.flatMap((definition) => qualifiersOf(definition)))];

/** Every bare name (type or alias) with the definitions that carry it: more than one is a clash. */
const byName = new Map<string, ScheduleDefinition[]>();
for (const definition of catalog) {
  for (const name of [definition.type, ...(definition.aliases ?? [])]) {
    const holders = byName.get(name) ?? [];
    if (holders.some((d) => qualifiersOf(d).some((q) => qualifiersOf(definition).includes(q)))) {
      throw new Error(`internal: schedule name ${name} is defined twice in one library`);
    }
    byName.set(name, [...holders, definition]);
  }
}

/** How a name resolves: one definition, a bare name that several libraries share, or nothing. */
export type NameResolution =
  | { readonly definition: ScheduleDefinition }
  | { readonly ambiguous: readonly string[] }
  | { readonly unknownLibrary: string }
  | { readonly notIn: string; readonly libraries: readonly string[] }
  | undefined;

/**
 * A name, bare or qualified by its library (`torch.StepLR`). A bare name several libraries use
 * resolves to nerva's where nerva has it (the seed comes first); otherwise it is ambiguous.
 */
export function resolveName(name: string): NameResolution {
  // The last name resolved of each length is kept: a spec's names come fresh out of its text, and
  // comparing one with the name last seen is cheaper than hashing it for the map, which holds
  // every name that resolves, worked out once below.
  const slot = name.length & (RECENT_SLOTS - 1);
  if (recentNames[slot] === name) return recentResolutions[slot];
  const resolution = resolved.get(name);
  if (resolution === undefined) return unresolved(name);
  recentNames[slot] = name;
  recentResolutions[slot] = resolution;
  return resolution;
}

const RECENT_SLOTS = 16;
const recentNames: (string | undefined)[] = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);
const recentResolutions: NameResolution[] = new Array<NameResolution>(RECENT_SLOTS).fill(undefined);

function resolveBare(name: string, holders: readonly ScheduleDefinition[]): NameResolution {
  if (holders.length === 1) return { definition: holders[0] as ScheduleDefinition };
  // A definition printed qualified (printAs) leaves the bare name to the one other holder.
  const bare = holders.filter((d) => d.printAs === undefined);
  if (bare.length === 1) return { definition: bare[0] as ScheduleDefinition };
  const nerva = holders.find((d) => qualifiersOf(d).includes("nerva"));
  return nerva ? { definition: nerva } : { ambiguous: holders.map((d) => `${qualifiersOf(d)[0]}.${name}`) };
}

/** Why a name that is not in `resolved` does not resolve (or undefined: no such schedule). */
function unresolved(name: string): NameResolution {
  const dot = name.indexOf(".");
  if (dot < 0) return undefined;
  const library = name.slice(0, dot);
  const bare = name.slice(dot + 1);
  if (!LIBRARIES.includes(library)) return { unknownLibrary: library };
  const holders = byName.get(bare);
  return holders ? { notIn: library, libraries: holders.map((d) => qualifiersOf(d)[0] as string) } : undefined;
}

/** Every bare name, and every name qualified by a library that has it, with what it resolves to. */
const resolved = new Map<string, NameResolution>();
for (const [name, holders] of byName) {
  resolved.set(name, resolveBare(name, holders));
  for (const definition of holders) for (const library of qualifiersOf(definition)) resolved.set(`${library}.${name}`, { definition });
}

/** Exact, case-sensitive lookup of a name or alias, bare or qualified (see `resolveName`). */
export function findDefinition(name: string): ScheduleDefinition | undefined {
  const resolved = resolveName(name);
  return resolved && "definition" in resolved ? resolved.definition : undefined;
}

/** Every accepted name, aliases included, bare and qualified (for suggestions). */
export function allNames(): string[] {
  const names: string[] = [];
  for (const [name, holders] of byName) {
    names.push(name);
    for (const d of holders) for (const q of qualifiersOf(d)) names.push(`${q}.${name}`);
  }
  return names;
}

/**
 * The name canonical text and JSON use: the bare type, qualified only where the bare name would
 * resolve to another schedule.
 */
export function printedName(definition: ScheduleDefinition): string {
  const resolved = resolveName(definition.type);
  return resolved && "definition" in resolved && resolved.definition === definition ? definition.type : `${qualifiersOf(definition)[0]}.${definition.type}`;
}
