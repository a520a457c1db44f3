/**
 * The playground's one door to reading pasted code and configs, and to writing a schedule as code
 * for another framework (issue 18). Every call into those parts of nerva-lr goes through here, so
 * the page's own code does not depend on how they are split into modules: configs (with a YAML
 * reader) are loaded only when a config is pasted, in a chunk of their own, and the page's main
 * script stays within its size budget (scripts/size.mjs).
 */
import { NervaLrError } from "../core/errors.js";
import { isOwnSpec, parsePasted } from "../language/pasted.js";
import type { Schedule } from "../core/schedule.js";
import { parseLayers } from "../language/read.js";

/** The frameworks "Copy as" writes code for (the targets of `nerva-lr export --to`). */
export type { ExportTarget } from "../export/contract.js";
import type { ExportTarget } from "../export/contract.js";

/** The targets as the page's select lists them, in this order. */
export const EXPORT_TARGETS: readonly { readonly target: ExportTarget; readonly label: string }[] = [
  { target: "pytorch", label: "PyTorch" },
  { target: "transformers", label: "Hugging Face transformers" },
  { target: "deepspeed", label: "DeepSpeed config" },
  { target: "timm", label: "timm" },
  { target: "keras", label: "Keras" },
  { target: "optax", label: "optax" },
  { target: "tfjs", label: "TensorFlow.js (nerva-lr/tfjs)" },
];

/** What one schedule input holds: its schedules (nerva's `A;B` has one per layer), and what it was read as. */
export interface ReadResult {
  readonly schedules: readonly { readonly label: string; readonly schedule: Schedule }[];
  /** What was recognised, for "Read as: ...": "DeepSpeed config, scheduler WarmupDecayLR". */
  readonly from?: string;
  /** The span the config itself states (its training length, in the schedule's own steps), for the chart's automatic span. */
  readonly epochs?: number;
}

/**
 * Reads what was typed or pasted: a spec, a pasted call (PyTorch, Hugging Face, timm, Keras, optax),
 * nerva's per-layer list, or a config (JSON, YAML). `lr` is the optimizer's lr, for pasted code that
 * takes it from the optimizer; `stepsPerEpoch` turns a config given in epochs into steps.
 */
export async function readInput(text: string, options: { lr?: number; stepsPerEpoch?: number }): Promise<ReadResult> {
  // The optimizer's lr is given only to text that needs it: the field may hold a value while
  // another input sets its own lr (OneCycleLR's max_lr), which would otherwise be a conflict.
  try {
    return await read(text, { ...(options.stepsPerEpoch === undefined ? {} : { stepsPerEpoch: options.stepsPerEpoch }) });
  } catch (error) {
    const lacksLr = error instanceof NervaLrError && error.code === "missing-parameter" && /\blr\b/.test(error.problem);
    if (!lacksLr || options.lr === undefined) throw error;
    return read(text, options);
  }
}

async function read(text: string, options: { lr?: number; stepsPerEpoch?: number }): Promise<ReadResult> {
  if (looksLikeConfig(text)) {
    // The configs reader brings a YAML parser: a chunk of its own, loaded when a config is pasted.
    const { readSchedule } = await import("../configs/index.js");
    const found = readSchedule(text, options);
    return { schedules: [{ label: labelOf(String(found.schedule)), schedule: found.schedule }], from: found.from, ...(found.epochs === undefined ? {} : { epochs: found.epochs }) };
  }
  if (isLayerList(text) || (options.lr === undefined && isOwnSpec(text))) return { schedules: parseLayers(text).map(({ text: label, schedule }) => ({ label: labelOf(label), schedule })) };
  const pasted = parsePasted(text, options.lr === undefined ? {} : { lr: options.lr });
  return { schedules: [{ label: labelOf(text), schedule: pasted.schedule }], from: pasted.from };
}

/**
 * The schedule as code for `target`. Throws a NervaLrError with code "cannot-export" (one line,
 * naming the forms the target has) when the target cannot express the schedule.
 */
export async function exportAs(schedule: Schedule, target: ExportTarget): Promise<string> {
  // The exporters are loaded on demand: the page's first load stays within its budget.
  const { exportSchedule } = await import("../export/index.js");
  return exportSchedule(schedule, target);
}

/**
 * Does this text look like a config rather than a call: JSON (`{`), YAML `key: value` lines, or a
 * DeepSpeed `"scheduler":` fragment. Used by readInput once the configs reader lands.
 */
export function looksLikeConfig(text: string): boolean {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || /^\s*"scheduler"\s*:/.test(trimmed)) return true;
  // YAML: a line that starts with a key and a colon, outside any call's parentheses.
  return !trimmed.includes("(") && /^[A-Za-z_][\w.-]*\s*:(\s|$)/m.test(trimmed);
}

/** nerva's per-layer list: `A;B` (a `;` outside any parentheses). */
export function isLayerList(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === ";" && depth === 0) return true;
  }
  return false;
}

/** A pasted text as a label (legend, table heading): its lines joined, runs of spaces made one. */
export function labelOf(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}
