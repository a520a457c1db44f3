/**
 * The playground's one door to reading pasted code and configs, and to writing a schedule as code
 * for another framework (issue 18). Every call into those parts of nerva-lr goes through here, so
 * the page's own code does not depend on how they are split into modules: configs (with a YAML
 * reader) are loaded only when a config is pasted, in a chunk of their own, and the page's main
 * script stays within its size budget (scripts/size.mjs).
 */
import { NervaLrError, type ErrorCode } from "../core/errors.js";
import type { Schedule } from "../core/schedule.js";
import { parseLayers } from "../language/read.js";

/** The frameworks "Copy as" writes code for (the targets of `nerva-lr export --to`). */
export type ExportTarget = "pytorch" | "transformers" | "deepspeed" | "timm" | "keras" | "optax" | "tfjs";

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
  // merge: stand-in until the configs and pasted-code readers land; replace this body by:
  //   if (looksLikeConfig(text)) {
  //     const { readSchedule } = await import("../configs/index.js");
  //     const read = readSchedule(text, options);
  //     return { schedules: [{ label: String(read.schedule), schedule: read.schedule }], from: read.from, ...(read.epochs === undefined ? {} : { epochs: read.epochs }) };
  //   }
  //   if (isLayerList(text)) return { schedules: parseLayers(text).map(({ text: label, schedule }) => ({ label, schedule })) };
  //   const pasted = parsePasted(text, { lr: options.lr });
  //   return { schedules: [{ label: labelOf(text), schedule: pasted.schedule }], from: pasted.from };
  if (text.trimStart().startsWith("{")) {
    // A lazily loaded module, as the configs reader will be: it proves the page's code splitting.
    const { readJsonStandIn } = await import("./interop-json-stand-in.js");
    return readJsonStandIn(text);
  }
  return { schedules: standInLayers(text, options.lr) };
}

/**
 * The schedule as code for `target`. Throws a NervaLrError with code "cannot-export" (one line,
 * naming the forms the target has) when the target cannot express the schedule.
 */
export function exportAs(schedule: Schedule, target: ExportTarget): string {
  // merge: stand-in until src/export/index.js lands; replace this body by:
  //   return exportSchedule(schedule, target);
  // (with exportSchedule imported at the top, out of ../export/index.js). If the exporters
  // take the page past its budget (npm run size), load them on demand instead; main.ts awaits
  // the result, so only this function changes:
  //   export async function exportAs(...): Promise<string> {
  //     const { exportSchedule } = await import("../export/index.js");
  //     return exportSchedule(schedule, target);
  //   }
  if (target === "deepspeed") throw new NervaLrError("cannot-export" as ErrorCode, "stand-in");
  return `# ${target}: ${String(schedule)}\n`;
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

// merge: stand-in until parsePasted lands (delete this function): line breaks read as spaces (same
// offsets, so carets stay in place), and the optimizer's lr added as lr=... where the spec lacks it.
function standInLayers(text: string, lr: number | undefined): { label: string; schedule: Schedule }[] {
  const flat = text.replace(/[\r\n]/g, " ");
  const read = (spec: string) => parseLayers(spec).map(({ text: label, schedule }) => ({ label: labelOf(label), schedule }));
  try {
    return read(flat);
  } catch (error) {
    const close = flat.lastIndexOf(")");
    const lacksLr = error instanceof NervaLrError && error.code === "missing-parameter" && /missing parameter lr\b/.test(error.problem);
    if (!lacksLr || lr === undefined || close < 0) throw error;
    const layers = read(`${flat.slice(0, close)}, lr=${lr}${flat.slice(close)}`);
    // Labelled as the user wrote it, without the lr added here.
    return layers.length === 1 ? [{ label: labelOf(text), schedule: (layers[0] as { schedule: Schedule }).schedule }] : layers;
  }
}
