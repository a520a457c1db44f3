/**
 * Callbacks for `model.fit` / `model.fitDataset`: a schedule sets the optimizer's lr (and the
 * momentum it cycles) before each epoch or batch, and ReduceLROnPlateau follows a monitored
 * value. Both are real tfjs `Callback` objects, so they mix with `tf.callbacks.earlyStopping()`
 * and other callback objects (plain `{onEpochEnd}` objects must be wrapped in
 * `new tf.CustomCallback({...})` first, as tfjs requires for any mix).
 */
import type { Optimizer } from "@tensorflow/tfjs-core";
import { Callback, type Logs } from "@tensorflow/tfjs-layers";
import { NervaLrError } from "../core/errors.js";
import { Schedule } from "../core/schedule.js";
import { parseLearningRate } from "../language/read.js";
import { reduceLROnPlateau as plateauSchedule, type ReduceLROnPlateauOptions } from "../schedules/factories.js";
import { hasMomentum, learningRateOf, optimizerName, setLearningRate, setMomentum } from "./optimizers.js";

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

/** The epoch-log key for the lr, as Keras 3 names it (so `history.history.learning_rate`). */
export const LR_KEY = "learning_rate";

type Params = { epochs?: number; initialEpoch?: number; samples?: number | null; steps?: number | null; batchSize?: number | null };

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
    throw new NervaLrError("wrong-type", `${resolved.type} is metric-driven: use reduceLROnPlateau({ monitor: "val_loss", ... }) for it`);
  }
  const per = options.per ?? "epoch";
  if (per !== "epoch" && per !== "batch") throw new NervaLrError("wrong-type", `per must be "epoch" or "batch", got ${JSON.stringify(per)}`);
  const initialStep = options.initialStep ?? 0;
  if (!Number.isInteger(initialStep) || initialStep < 0) throw new NervaLrError("out-of-range", `initialStep must be a whole number >= 0, got ${String(initialStep)}`);
  return new ScheduleCallback(resolved, per, initialStep, options.verbose === true ? (options.log ?? console.log) : undefined);
}

class ScheduleCallback extends Callback {
  #step = 0;

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
    const optimizer = this.optimizer();
    const name = optimizerName(optimizer);
    if (this.schedule.cyclesMomentum && !hasMomentum(optimizer)) {
      throw new NervaLrError(
        "unsupported-optimizer",
        `${this.schedule.type} cycles momentum, but tf.train.${name.toLowerCase()} has none: use tf.train.momentum, adam, adamax or rmsprop, or set cycle_momentum=false`,
      );
    }
    if (this.per === "batch") {
      const params = this.params as Params;
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
    const lr = learningRateOf(this.optimizer());
    if (logs) logs[LR_KEY] = lr;
    this.log?.(`Epoch ${epoch + 1}: learning rate ${lr}`);
  }

  private apply(t: number): void {
    const optimizer = this.optimizer();
    setLearningRate(optimizer, this.schedule.at(t));
    const momentum = this.schedule.momentumAt(t);
    if (momentum !== undefined) setMomentum(optimizer, momentum);
  }
}

function batchesPerEpoch(params: Params): number | undefined {
  if (typeof params.steps === "number" && params.steps > 0) return params.steps;
  if (typeof params.samples === "number" && typeof params.batchSize === "number" && params.batchSize > 0) return Math.ceil(params.samples / params.batchSize);
  return undefined;
}

export interface PlateauOptions extends Partial<ReduceLROnPlateauOptions> {
  /** The epoch-log key to watch: "val_loss" (the default), "loss", "val_acc", ... */
  readonly monitor?: string;
  /**
   * A ReduceLROnPlateau schedule to follow instead of the options above, e.g. one restored from a
   * checkpoint (`setState`) to resume training where it stopped.
   */
  readonly schedule?: Schedule;
  /** Log each reduction (with `log`, or console.log). */
  readonly verbose?: boolean;
  readonly log?: (line: string) => void;
}

/**
 * ReduceLROnPlateau as a callback: after each epoch it reads the monitored value from the epoch
 * logs, steps the schedule (PyTorch's rules: `mode`, `factor`, `patience`, `threshold`,
 * `cooldown`, `min_lr`, `eps`), and sets the lr for the next epoch. `lr` defaults to the
 * optimizer's lr when training starts.
 */
export function reduceLROnPlateau(options: PlateauOptions = {}): Callback {
  const { monitor = "val_loss", verbose, log, schedule, ...params } = options;
  if (typeof monitor !== "string" || monitor === "") throw new NervaLrError("wrong-type", "monitor must name an epoch-log key, such as \"val_loss\"");
  const write = verbose === true ? (log ?? console.log) : undefined;
  if (schedule !== undefined) {
    if (!(schedule instanceof Schedule) || schedule.behaviour !== "metric-driven") {
      throw new NervaLrError("wrong-type", `reduceLROnPlateau's schedule must be a ReduceLROnPlateau schedule, got ${schedule instanceof Schedule ? schedule.type : typeof schedule}`);
    }
    if (Object.keys(params).length > 0) throw new NervaLrError("wrong-type", `give a schedule or its options (${Object.keys(params).join(", ")}), not both`);
    return new PlateauCallback(() => schedule, monitor, write);
  }
  // Checked now, with the lr filled in later: a bad option fails here, not at fit time.
  plateauSchedule({ lr: 0.1, ...params });
  return new PlateauCallback((lr) => plateauSchedule({ lr, ...params }), monitor, write);
}

class PlateauCallback extends Callback {
  #schedule: Schedule | undefined;

  constructor(
    private readonly make: (lr: number) => Schedule,
    private readonly monitor: string,
    private readonly log: ((line: string) => void) | undefined,
  ) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    const optimizer = this.model.optimizer;
    // Across successive fit calls the same schedule goes on (its state is the plateau's memory).
    this.#schedule ??= this.make(learningRateOf(optimizer));
    setLearningRate(optimizer, this.#schedule.at(0));
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const schedule = this.#schedule as Schedule;
    const optimizer = this.model.optimizer;
    const value = logs?.[this.monitor];
    if (typeof value !== "number") {
      const keys = Object.keys(logs ?? {}).filter((key) => key !== LR_KEY);
      const hint = this.monitor.startsWith("val_") ? " (val_ keys need validationData or validationSplit in fit)" : "";
      throw new NervaLrError("missing-monitor", `reduceLROnPlateau monitors "${this.monitor}", which the epoch logs do not have${hint}; they have: ${keys.join(", ") || "nothing"}`);
    }
    const before = schedule.at(epoch);
    if (logs) logs[LR_KEY] = learningRateOf(optimizer);
    schedule.step(value);
    const after = schedule.at(epoch + 1);
    setLearningRate(optimizer, after);
    if (after !== before) this.log?.(`Epoch ${epoch + 1}: ${this.monitor} has not improved; learning rate ${before} -> ${after}`);
  }

  /** The schedule with its state, for a checkpoint (`getState()`), once training has started. */
  get schedule(): Schedule | undefined {
    return this.#schedule;
  }
}
