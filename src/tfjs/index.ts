/**
 * nerva-lr/tfjs: schedules that drive TensorFlow.js training. It uses the TensorFlow.js you
 * installed (`@tensorflow/tfjs`, `@tensorflow/tfjs-node`, or tfjs-core + tfjs-layers: optional peer
 * dependencies) and never brings a copy of its own; `import "nerva-lr"` never loads it.
 * The guide is docs/tfjs.md.
 *
 *   import { learningRateScheduler } from "nerva-lr/tfjs";
 *   await model.fit(x, y, { epochs: 30, callbacks: [learningRateScheduler("OneCycleLR(0.1, 30)")] });
 */
export { learningRateScheduler, type SchedulerOptions } from "./callbacks.js";
export { LR_KEY } from "./fit-context.js";
export { reduceLROnPlateauCallback, type PlateauCallback, type PlateauCallbackState, type PlateauOptions } from "./plateau.js";
export { findLearningRate, type RangeTestOptions, type RangeTestResult, type SuggestionRule } from "./range-test.js";
export { hasMomentum, learningRateOf, momentumOf, OPTIMIZERS, setLearningRate, setMomentum, type OptimizerName } from "./optimizers.js";
