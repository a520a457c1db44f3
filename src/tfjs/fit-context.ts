/**
 * What nerva-lr's callbacks share about the `fit` they run in: the epoch logs as tfjs hands them
 * over, the number of batches per epoch, and which callback owns the optimizer's lr.
 */
import type { Optimizer } from "@tensorflow/tfjs-core";
import type { Callback, Logs } from "@tensorflow/tfjs-layers";
import { NervaLrError } from "../core/errors.js";
import type { Schedule } from "../core/schedule.js";
import { hasMomentum, learningRateOf, optimizerName, setLearningRate, setMomentum } from "./optimizers.js";

/** The epoch-log key for the lr, as Keras 3 names it (so `history.history.learning_rate`). */
export const LR_KEY = "learning_rate";

/** The fields of `callback.params` that tfjs sets for each `fit` / `fitDataset`. */
export type FitParams = { epochs?: number; initialEpoch?: number; samples?: number | null; steps?: number | null; batchSize?: number | null };

/** A value of tfjs's epoch logs before they are resolved: a number or a scalar tensor. */
type LogValue = number | { data(): Promise<ArrayLike<number>>; dispose(): void };

/**
 * Turns the tensors in tfjs's epoch logs into numbers, in place. tfjs hands `Callback` objects
 * (unlike `CustomCallback`) logs whose losses and metrics are still scalar tensors, and each
 * callback that reads them resolves them itself, as tfjs's own EarlyStopping does; the resolved
 * numbers are what later callbacks and `history` then see.
 */
export async function resolveLogs(logs: Logs | undefined): Promise<Record<string, number>> {
  const values = (logs ?? {}) as unknown as Record<string, LogValue>;
  for (const key of Object.keys(values)) {
    const value = values[key] as LogValue;
    if (typeof value === "number") continue;
    const data = await value.data();
    value.dispose();
    values[key] = data[0] as number;
  }
  return values as Record<string, number>;
}

/** Batches in one epoch, when tfjs says (fit: samples / batchSize; fitDataset: batchesPerEpoch). */
export function batchesPerEpoch(params: FitParams): number | undefined {
  if (typeof params.steps === "number" && params.steps > 0) return params.steps;
  if (typeof params.samples === "number" && typeof params.batchSize === "number" && params.batchSize > 0) return Math.ceil(params.samples / params.batchSize);
  return undefined;
}

/**
 * The callback that sets the lr in the current fit of each model. tfjs gives every callback of one
 * fit the same params object, so a claim made under another params object is a finished fit's.
 */
const owners = new WeakMap<object, { params: object; name: string; callback: Callback }>();

/**
 * Claims the model's lr for this fit: a second nerva-lr callback that sets the lr in the same fit
 * would silently undo the first one's values, so it is an error when the fit starts.
 */
export function claimLearningRate(callback: Callback, name: string): void {
  const model = callback.model as unknown as object;
  const params = callback.params as unknown as object;
  const owner = owners.get(model);
  if (owner !== undefined && owner.params === params && owner.callback !== callback) {
    throw new NervaLrError(
      "conflicting-callbacks",
      `${owner.name} and ${name} both set the learning rate in this fit, so one would silently undo the other; use one (to scale a schedule on plateaus: reduceLROnPlateauCallback({ schedule, per }))`,
    );
  }
  owners.set(model, { params, name, callback });
}

/**
 * Remembers the lr a callback set, and says when something else changed it in between (another
 * callback, or code in the training loop): the two would fight over the lr without a word.
 */
export class LearningRateGuard {
  #set: number | undefined;

  constructor(private readonly name: string) {}

  /** Forgets the last value (a new fit: changing the lr between fits is the user's right). */
  reset(): void {
    this.#set = undefined;
  }

  check(optimizer: Optimizer): void {
    const now = learningRateOf(optimizer);
    if (this.#set !== undefined && now !== this.#set) {
      throw new NervaLrError("conflicting-callbacks", `something else changed the optimizer's learning rate during this fit (${this.name} set ${this.#set}, it is now ${now}); let one callback set the lr`);
    }
  }

  set(optimizer: Optimizer, lr: number): void {
    this.check(optimizer);
    setLearningRate(optimizer, lr);
    this.#set = learningRateOf(optimizer);
  }
}

/** An error when fit starts if the schedule cycles momentum and the optimizer has none. */
export function checkMomentum(schedule: Schedule, optimizer: Optimizer): void {
  if (schedule.cyclesMomentum && !hasMomentum(optimizer)) {
    throw new NervaLrError(
      "unsupported-optimizer",
      `${schedule.type} cycles momentum, but tf.train.${optimizerName(optimizer).toLowerCase()} has none: use tf.train.momentum, adam, adamax or rmsprop, or set cycle_momentum=false`,
    );
  }
}

/** Sets the momentum the schedule gives at t, where it cycles one. */
export function applyMomentum(optimizer: Optimizer, schedule: Schedule, t: number): void {
  const momentum = schedule.momentumAt(t);
  if (momentum !== undefined) setMomentum(optimizer, momentum);
}
