/**
 * What the exporters share (docs/export.md). Each target's module turns a schedule into code for
 * another framework; where a framework has no constructor for a schedule, the code carries the
 * schedule's formula, which every catalog schedule that can have one states once, in
 * src/export/formulas/, in nerva-lr's own expression language (core/expression.ts).
 */
import type { ParamValues } from "../core/params.js";
import type { Schedule } from "../core/schedule.js";

/** The frameworks `exportSchedule` writes code for. */
export type ExportTarget = "pytorch" | "transformers" | "deepspeed" | "timm" | "keras" | "optax" | "tfjs";

/**
 * A schedule's value at `step` as an expression of the expression language (the variable is
 * `step`; conditionals, comparisons, `//`, min/max, cos, ... as in docs/spec-language.md), with
 * every number written so that it reads back as the same double (`String(x)`). `child` gives the
 * formula of a nested schedule (undefined: it has none). Undefined: this schedule has no formula
 * with these parameters (state, metrics, random noise).
 */
export type Formula = (params: ParamValues, child: (schedule: Schedule) => string | undefined) => string | undefined;

/** Formulas by definition type (`definition.type`), one table per library file. */
export type Formulas = Readonly<Record<string, Formula>>;

/** What a target's module is handed besides the schedule (so the targets depend on no other target). */
export interface ExportContext {
  /** The schedule's formula, or undefined (see Formula). */
  formula(schedule: Schedule): string | undefined;
  /** The PyTorch export of a schedule: transformers and timm fall back to it. */
  pytorch(schedule: Schedule): string;
}

/** A target's exporter: the code, or a NervaLrError "cannot-export" naming the forms it has. */
export type Exporter = (schedule: Schedule, context: ExportContext) => string;
