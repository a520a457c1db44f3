/**
 * nerva-lr: learning-rate schedules. The schedules, the spec language that names them, and their
 * canonical text and JSON forms. The CLI (nerva-lr) and later adapters build on this entry point.
 */
export { NervaLrError, isNervaLrError, type ErrorCode, type ErrorLocation } from "./core/errors.js";
export {
  Schedule,
  checkEpoch,
  defineSchedule,
  factory,
  resolveParams,
  type Behaviour,
  type Kernel,
  type LearningRateScheduler,
  type OptionsOf,
  type ScheduleDefinition,
  type ScheduleJson,
  type ScheduleState,
  type Source,
} from "./core/schedule.js";
export { describeConstraint, describeParam, describeRange, type ParamKind, type ParamSpec, type ParamValue, type Range } from "./core/params.js";
export { formatNumber, formatSchedule, scheduleToJson } from "./core/canonical.js";
export { parseLearningRate, parseLearningRates, scheduleFromJson } from "./language/read.js";
export { catalog, findDefinition } from "./schedules/catalog.js";
export * from "./schedules/nerva.js";
export * from "./schedules/pytorch.js";
export * from "./schedules/composition.js";
export * from "./schedules/plateau.js";
export * from "./schedules/functional.js";
export * from "./schedules/keras.js";
export * from "./schedules/optax.js";
export * from "./schedules/huggingface.js";
export * from "./schedules/warmup.js";
