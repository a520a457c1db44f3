/**
 * Every library and every schedule the spec language knows, in the order `nerva-lr list` shows
 * them. Each file of schedules ends with `export const library = defineLibrary(...)`, which says
 * once which library its schedules follow (PyTorch's fill four files: a factory loads only its
 * own file). Adding a schedule: its definition in its file, listed in that file's `library`.
 * Adding a library: one file, imported and listed here. The parser, printer, JSON, `list`, the
 * factories and the docs follow.
 */
import type { ScheduleDefinition } from "../core/schedule.js";
import { library as bolts } from "./bolts.js";
import { library as composition } from "./composition.js";
import { library as deepspeed } from "./deepspeed.js";
import { library as fairseq } from "./fairseq.js";
import { library as functional } from "./functional.js";
import { library as huggingface } from "./huggingface.js";
import { library as keras } from "./keras.js";
import { library as megatron } from "./megatron.js";
import { library as nemo } from "./nemo.js";
import { library as nerva } from "./nerva.js";
import { library as optax } from "./optax.js";
import { library as plateau } from "./plateau.js";
import { library as pytorchOptimizer } from "./pytorch-optimizer.js";
import { library as pytorchWarmup } from "./pytorch-warmup.js";
import { library as pytorch } from "./pytorch.js";
import { library as timm } from "./timm.js";
import { library as warmup } from "./warmup.js";

/** The libraries' files, in the order `list` and the docs show them. */
export const libraries = [
  nerva,
  pytorch,
  functional,
  composition,
  plateau,
  keras,
  optax,
  huggingface,
  warmup,
  timm,
  deepspeed,
  fairseq,
  megatron,
  nemo,
  pytorchWarmup,
  pytorchOptimizer,
  bolts,
] as const;

/** The library whose name, parameters and formula a schedule follows. */
export type Source = (typeof libraries)[number]["source"];

export const catalog: readonly ScheduleDefinition[] = libraries.flatMap((library) => library.definitions);

/** The prefix that names a library in spec text: `torch.StepLR`, `optax.linear_schedule`. */
export const QUALIFIERS: Readonly<Record<string, string>> = Object.fromEntries(libraries.map((library) => [library.source, library.qualifier]));

/** The libraries a definition can be named by: its source's first, then any it shares (`alsoIn`). */
export function qualifiersOf(definition: ScheduleDefinition): readonly string[] {
  return [definition.source, ...(definition.alsoIn ?? [])].map((source) => QUALIFIERS[source] ?? source);
}

/** The qualifiers of the libraries, in catalog order. */
export const LIBRARIES: readonly string[] = [...new Set(libraries.map((library) => library.qualifier))];

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
 * resolves to nerva's where nerva has it (nerva_numpy.learning_rate, the project's seed, comes first); otherwise it is ambiguous.
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
