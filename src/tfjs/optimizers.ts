/**
 * Setting the learning rate and momentum of TensorFlow.js optimizers. tfjs keeps them in fields
 * each optimizer reads at every step; only SGD has a public setter for the lr, and the momentum
 * optimizer's own `setMomentum` changes a field its update never reads (the update multiplies by
 * a scalar made in the constructor). These functions set what the update really uses.
 */
import { keep, scalar, type Optimizer, type Scalar } from "@tensorflow/tfjs-core";
import { NervaLrError } from "../core/errors.js";

/** The optimizers of `tf.train`, by the class name tfjs gives them. */
export const OPTIMIZERS = ["SGD", "Momentum", "Adam", "Adamax", "RMSProp", "Adagrad", "Adadelta"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Where each optimizer keeps the momentum PyTorch's schedules cycle (Adam and Adamax: beta1). */
const MOMENTUM_FIELD: Partial<Record<OptimizerName, "momentum" | "beta1">> = {
  Momentum: "momentum",
  Adam: "beta1",
  Adamax: "beta1",
  RMSProp: "momentum",
};

/** The fields of tfjs optimizers that these functions touch (protected in tfjs's typings). */
interface OptimizerFields {
  learningRate: number;
  momentum?: number;
  beta1?: number;
  /** The momentum optimizer's scalar copy of `momentum`, the one its update reads. */
  m?: Scalar;
  setLearningRate?(lr: number): void;
}

/** The tfjs class name of an optimizer, or an error naming what was passed. */
export function optimizerName(optimizer: unknown): OptimizerName {
  const name = typeof (optimizer as Optimizer | undefined)?.getClassName === "function" ? (optimizer as Optimizer).getClassName() : undefined;
  if (name !== undefined && (OPTIMIZERS as readonly string[]).includes(name)) return name as OptimizerName;
  const what = name ?? (optimizer === null ? "null" : typeof optimizer === "object" ? (optimizer as object).constructor?.name ?? "an object" : typeof optimizer);
  throw new NervaLrError("unsupported-optimizer", `cannot drive the optimizer ${what}; nerva-lr/tfjs drives tf.train.${["sgd", "momentum", "adam", "adamax", "rmsprop", "adagrad", "adadelta"].join(", tf.train.")}`);
}

function checkValue(value: number, what: string, max = Infinity): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) {
    throw new NervaLrError("out-of-range", `${what} must be a finite number >= 0${max < Infinity ? ` and <= ${max}` : ""}, got ${String(value)}`);
  }
}

/** Sets the lr an optimizer uses from its next step on (every `tf.train` optimizer). */
export function setLearningRate(optimizer: Optimizer, lr: number): void {
  const name = optimizerName(optimizer);
  checkValue(lr, "the learning rate");
  const fields = optimizer as unknown as OptimizerFields;
  // SGD and Momentum keep -lr as a scalar tensor; their setter remakes it. The others read the number.
  if ((name === "SGD" || name === "Momentum") && typeof fields.setLearningRate === "function") fields.setLearningRate(lr);
  else fields.learningRate = lr;
}

/** The lr an optimizer holds. */
export function learningRateOf(optimizer: Optimizer): number {
  optimizerName(optimizer);
  return (optimizer as unknown as OptimizerFields).learningRate;
}

/** Whether the optimizer has a momentum (or beta1) to set. */
export function hasMomentum(optimizer: Optimizer): boolean {
  return MOMENTUM_FIELD[optimizerName(optimizer)] !== undefined;
}

/**
 * Sets the momentum an optimizer uses from its next step on: `tf.train.momentum`'s momentum,
 * Adam's and Adamax's beta1, RMSProp's momentum. SGD, Adagrad and Adadelta have none: an error.
 */
export function setMomentum(optimizer: Optimizer, momentum: number): void {
  const name = optimizerName(optimizer);
  const field = MOMENTUM_FIELD[name];
  if (field === undefined) {
    throw new NervaLrError("unsupported-optimizer", `tf.train.${name.toLowerCase()} has no momentum to set; use tf.train.momentum, adam, adamax or rmsprop`);
  }
  checkValue(momentum, field, 1);
  const fields = optimizer as unknown as OptimizerFields;
  fields[field] = momentum;
  if (name === "Momentum") {
    // The update multiplies by this scalar, not by the field: replace it (and free the old one).
    fields.m?.dispose();
    fields.m = keep(scalar(momentum));
  }
}

/** The momentum (or beta1) an optimizer holds, or undefined where it has none. */
export function momentumOf(optimizer: Optimizer): number | undefined {
  const field = MOMENTUM_FIELD[optimizerName(optimizer)];
  return field === undefined ? undefined : (optimizer as unknown as OptimizerFields)[field];
}
