/**
 * The schedule callback for `model.fit` / `model.fitDataset`: a schedule sets the optimizer's lr
 * (and the momentum it cycles) before each epoch or batch. It is a real tfjs `Callback`, so it
 * mixes with `tf.callbacks.earlyStopping()` and other callback objects (plain `{onEpochEnd}`
 * objects must be wrapped in `new tf.CustomCallback({...})` first, as tfjs requires for any mix).
 */
import type { Optimizer } from "@tensorflow/tfjs-core";
import { Callback, type Logs } from "@tensorflow/tfjs-layers";
import { clip, NervaLrError } from "../core/errors.js";
import { Schedule } from "../core/schedule.js";
import { parseLearningRate } from "../language/read.js";
import { applyMomentum, batchesPerEpoch, checkMomentum, claimLearningRate, LearningRateGuard, LR_KEY, type FitParams } from "./fit-context.js";
import { learningRateOf } from "./optimizers.js";

export interface SchedulerOptions {
  /** Step the schedule once per epoch (t = the epoch) or once per batch (t = batches so far). Default "epoch". */
  readonly per?: "epoch" | "batch";
  /** Log each epoch's lr (with `log`, or console.log). */
  readonly verbose?: boolean;
  /** Added to t: where the schedule starts, for a run resumed without `initialEpoch`. Default 0. */
  readonly initialStep?: number;
  /** Where verbose lines go; console.log by default. */
  readonly log?: (line: string) => void;
}

/**
 * A callback that drives the optimizer by a schedule. With `per: "epoch"`, t is tfjs's epoch index
 * (which continues from `initialEpoch` when training resumes); with `per: "batch"`, t counts batches
 * across epochs, from `initialEpoch * batches per epoch`, so a resumed run continues the schedule.
 * Writes the lr the optimizer holds at the end of each epoch into the epoch logs as `learning_rate`.
 */
export function learningRateScheduler(schedule: Schedule | string, options: SchedulerOptions = {}): Callback {
  const resolved = typeof schedule === "string" ? parseLearningRate(schedule) : schedule;
  if (!(resolved instanceof Schedule)) throw new NervaLrError("wrong-type", "learningRateScheduler takes a schedule or its spec text");
  if (resolved.behaviour === "metric-driven") {
    throw new NervaLrError("wrong-type", `${resolved.type} is metric-driven: use reduceLROnPlateauCallback({ monitor: "val_loss", ... }) for it`);
  }
  const per = options.per ?? "epoch";
  if (per !== "epoch" && per !== "batch") throw new NervaLrError("wrong-type", `per must be "epoch" or "batch", got ${clip(String(per))}`);
  const initialStep = options.initialStep ?? 0;
  if (!Number.isInteger(initialStep) || initialStep < 0) throw new NervaLrError("out-of-range", `initialStep must be a whole number >= 0, got ${String(initialStep)}`);
  return new ScheduleCallback(resolved, per, initialStep, options.verbose === true ? (options.log ?? console.log) : undefined);
}

class ScheduleCallback extends Callback {
  #step = 0;
  readonly #guard = new LearningRateGuard("learningRateScheduler");

  constructor(
    private readonly schedule: Schedule,
    private readonly per: "epoch" | "batch",
    private readonly initialStep: number,
    private readonly log: ((line: string) => void) | undefined,
  ) {
    super();
  }

  private optimizer(): Optimizer {
    return this.model.optimizer;
  }

  override async onTrainBegin(): Promise<void> {
    claimLearningRate(this, "learningRateScheduler");
    checkMomentum(this.schedule, this.optimizer());
    this.#guard.reset();
    if (this.per === "batch") {
      const params = this.params as FitParams;
      const initialEpoch = params.initialEpoch ?? 0;
      const batches = batchesPerEpoch(params);
      if (initialEpoch > 0 && batches === undefined) {
        throw new NervaLrError("out-of-range", "per-batch scheduling resumed at initialEpoch needs the number of batches per epoch: give fitDataset batchesPerEpoch, or initialStep");
      }
      this.#step = this.initialStep + initialEpoch * (batches ?? 0);
    }
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    if (this.per === "epoch") this.apply(this.initialStep + epoch);
  }

  override async onBatchBegin(): Promise<void> {
    if (this.per === "batch") this.apply(this.#step);
  }

  override async onBatchEnd(): Promise<void> {
    if (this.per === "batch") this.#step++;
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    this.#guard.check(this.optimizer());
    const lr = learningRateOf(this.optimizer());
    if (logs) logs[LR_KEY] = lr;
    this.log?.(`Epoch ${epoch + 1}: learning rate ${lr}`);
  }

  private apply(t: number): void {
    const optimizer = this.optimizer();
    this.#guard.set(optimizer, this.schedule.at(t));
    applyMomentum(optimizer, this.schedule, t);
  }
}
