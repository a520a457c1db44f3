/**
 * nerva-lr/export: any schedule as code for another framework (docs/export.md). Not loaded by
 * `import "nerva-lr"`.
 *
 *   import { exportSchedule } from "nerva-lr/export";
 *   console.log(exportSchedule(parseLearningRate("OneCycleLR(0.1, 1000)"), "pytorch"));
 */
import { clip, NervaLrError } from "../core/errors.js";
import { Schedule } from "../core/schedule.js";
import type { ExportContext, Exporter, ExportTarget } from "./contract.js";
import { formulaOf } from "./formulas/index.js";
import { toDeepSpeed } from "./targets/deepspeed.js";
import { exportKeras } from "./targets/keras.js";
import { exportOptax } from "./targets/optax.js";
import { pytorch } from "./targets/pytorch.js";
import { exportTfjs } from "./targets/tfjs.js";
import { toTimm } from "./targets/timm.js";
import { toTransformers } from "./targets/transformers.js";

export type { ExportContext, Exporter, ExportTarget, Formula, Formulas } from "./contract.js";
export { formulaOf } from "./formulas/index.js";

/** Every target, in the order the CLI and the docs list them. */
export const TARGETS: readonly ExportTarget[] = ["pytorch", "transformers", "deepspeed", "timm", "keras", "optax", "tfjs"];

const EXPORTERS: Readonly<Record<ExportTarget, Exporter>> = {
  pytorch,
  transformers: toTransformers,
  deepspeed: toDeepSpeed,
  timm: toTimm,
  keras: exportKeras,
  optax: exportOptax,
  tfjs: exportTfjs,
};

const context: ExportContext = {
  formula: formulaOf,
  pytorch: (schedule) => pytorch(schedule, context),
};

export function isExportTarget(name: string): name is ExportTarget {
  return (TARGETS as readonly string[]).includes(name);
}

/**
 * The code that reproduces `schedule` in `target`'s framework. An unknown target is an
 * `unknown-name` error naming the targets; a schedule the target cannot express, `cannot-export`.
 */
export function exportSchedule(schedule: Schedule, target: ExportTarget): string {
  if (typeof target !== "string" || !isExportTarget(target)) {
    throw new NervaLrError("unknown-name", `unknown export target ${typeof target === "string" ? `'${clip(target)}'` : typeof target}; the targets are ${TARGETS.join(", ")}`);
  }
  if (!(schedule instanceof Schedule)) {
    throw new NervaLrError("cannot-export", "only a Schedule can be exported (a schedule built from a JavaScript function has no formula to write)");
  }
  return EXPORTERS[target](schedule, context);
}
