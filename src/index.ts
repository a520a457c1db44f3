/**
 * nerva-lr: learning-rate schedules. The public surface:
 * - **Building a schedule in code: the typed factories**, one per catalog entry, named after the
 *   spec name in camelCase (`stepLR({ lr: 0.1, step_size: 30 })`). This is the main way: options
 *   by name, checked at compile time and again at run time, with each option documented in hovers.
 *   Their option types are `StepLROptions` etc.; `ParamsByType["StepLR"]` names a schedule's params.
 * - From spec text or JSON: `parseLearningRate`, `parseLearningRates`, `scheduleFromJson`, and
 *   code pasted from another framework, `parsePasted` (typed by
 *   name with `{ type: "StepLR" }`, checked at run time).
 * - PyTorch's function-based schedulers: `lambdaLR`, `multiplicativeLR` (they also take functions).
 * - nerva's classes with nerva's constructors (`new StepBasedScheduler(0.1, 0.5, 10)`): kept so
 *   that code written for nerva, the library nerva-lr grew from, runs unchanged; new code uses the
 *   factories.
 * - What a schedule is and what went wrong: `Schedule`, `NervaLrError`; the catalog of definitions
 *   (name, source, formula, parameters): `catalog`, `findDefinition`.
 * Nothing here loads TensorFlow.js or chart code; those are the subpaths nerva-lr/tfjs and nerva-lr/plot.
 */
export { NervaLrError, isNervaLrError, type ErrorCode, type ErrorLocation } from "./core/errors.js";
export {
  Schedule,
  type Behaviour,
  type Kernel,
  type LearningRateScheduler,
  type ScheduleDefinition,
  type ScheduleJson,
  type ScheduleState,
} from "./core/schedule.js";
export type { ParamKind, ParamSpec, ParamValue, ParamValues, Range } from "./core/params.js";
export { parseLearningRate, parseLearningRates, scheduleFromJson, type ExpectedType, type ParseOptions } from "./language/read.js";
export { parsePasted, type Pasted, type PastedOptions } from "./language/pasted.js";
export { catalog, findDefinition, type Source } from "./schedules/catalog.js";
export { ConstantScheduler, ExponentialScheduler, MultiStepLRScheduler, StepBasedScheduler, TimeBasedScheduler } from "./schedules/nerva.js";
export { lambdaLR, multiplicativeLR, type FactorFunction, type FunctionSchedule } from "./schedules/functional.js";
export * from "./generated/factories.js";
