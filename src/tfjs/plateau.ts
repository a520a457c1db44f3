/**
 * ReduceLROnPlateau as a tfjs callback: after each epoch it reads the monitored value from the
 * epoch logs and follows PyTorch's rules (`mode`, `factor`, `patience`, `threshold`, `cooldown`,
 * `min_lr`, `eps`). Alone it sets the lr itself; given a `schedule`, it multiplies that schedule
 * by a factor it lowers on plateaus (warmup + cosine, halved whenever val_loss stalls).
 */
import type { Optimizer } from "@tensorflow/tfjs-core";
import { Callback, type Logs } from "@tensorflow/tfjs-layers";
import { clip, NervaLrError } from "../core/errors.js";
import { Schedule, type ScheduleState } from "../core/schedule.js";
import { parseLearningRate } from "../language/read.js";
import { reduceLROnPlateau as plateauSchedule, type ReduceLROnPlateauOptions } from "../generated/factories.js";
import { applyMomentum, batchesPerEpoch, checkMomentum, claimLearningRate, LearningRateGuard, LR_KEY, resolveLogs, type FitParams } from "./fit-context.js";
import { learningRateOf } from "./optimizers.js";

const NAME = "reduceLROnPlateauCallback";

export interface PlateauOptions extends Partial<ReduceLROnPlateauOptions> {
  /** The epoch-log key to watch: "val_loss" (the default), "loss", "val_acc", ... */
  readonly monitor?: string;
  /**
   * An lr schedule (or its spec text) that the plateau scales: the lr at t is
   * `schedule(t) x factor so far`, the factor starting at 1 and multiplied by `factor` on each
   * plateau. Without it, the plateau sets the lr itself, from `lr` (default: the optimizer's lr).
   */
  readonly schedule?: Schedule | string;
  /** With `schedule`: step it once per epoch (the default) or once per batch (t = batches so far). */
  readonly per?: "epoch" | "batch";
  /** With `schedule`: where t starts for a fresh callback (added to what `initialEpoch` implies). Default 0. */
  readonly initialStep?: number;
  /** With `schedule`: the factor never goes below this (what `min_lr` is without one). Default 0. */
  readonly min_factor?: number;
  /** Log each reduction (with `log`, or console.log). */
  readonly verbose?: boolean;
  readonly log?: (line: string) => void;
}

/** A checkpoint of the callback: `JSON.stringify` it, and give it back to `setState`. */
export interface PlateauCallbackState {
  readonly callback: typeof NAME;
  /** The plateau's ReduceLROnPlateau: its `lr` is the lr (alone) or the factor (with a schedule), with best, bad epochs and cooldown. */
  readonly plateau: ScheduleState;
  /** Epochs (per: "epoch") or batches (per: "batch") trained: the t of the scaled schedule. */
  readonly step: number;
  /** The scaled schedule's own state (it matters for stateful schedules such as TimeBased). */
  readonly schedule?: ScheduleState;
}

/** The callback `reduceLROnPlateauCallback` returns: a tfjs `Callback` with a checkpoint. */
export interface PlateauCallback extends Callback {
  /** The state to checkpoint: restore it with `setState` on a callback made with the same options. */
  getState(): PlateauCallbackState;
  /** Restores `getState()`'s result, so the next fit continues exactly where the saved one stopped. */
  setState(state: unknown): void;
}

/**
 * ReduceLROnPlateau for `model.fit` / `model.fitDataset`. Reads the monitored value from the epoch
 * logs tfjs hands over (resolving the tensors they hold), steps PyTorch's rules, and sets the lr.
 * With `{ schedule, per }` the plateau scales the schedule instead of replacing it; a second
 * callback that sets the lr in the same fit is an error when the fit starts.
 */
export function reduceLROnPlateauCallback(options: PlateauOptions = {}): PlateauCallback {
  const { monitor = "val_loss", verbose, log, schedule, per, initialStep = 0, min_factor, ...params } = options;
  if (typeof monitor !== "string" || monitor === "") throw new NervaLrError("wrong-type", `${NAME}'s monitor must name an epoch-log key, such as "val_loss"`);
  if (!Number.isInteger(initialStep) || initialStep < 0) throw new NervaLrError("out-of-range", `${NAME}'s initialStep must be a whole number >= 0, got ${clip(String(initialStep))}`);
  const write = verbose === true ? (log ?? console.log) : undefined;
  if (schedule === undefined) {
    for (const [key, value] of Object.entries({ per, min_factor })) {
      if (value !== undefined) throw new NervaLrError("wrong-type", `${NAME}'s ${key} goes with a schedule to scale; without one the plateau sets the lr itself`);
    }
    // Checked now, with the lr filled in later: a bad option fails here, not at fit time.
    plateauSchedule({ lr: 0.1, ...params });
    return new PlateauCallbackImpl(monitor, write, (lr) => plateauSchedule({ ...params, lr: params.lr ?? lr }), undefined, "epoch", initialStep);
  }
  const scaled = typeof schedule === "string" ? parseLearningRate(schedule) : schedule;
  if (!(scaled instanceof Schedule)) throw new NervaLrError("wrong-type", `${NAME}'s schedule must be a schedule or its spec text`);
  if (scaled.behaviour === "metric-driven") {
    throw new NervaLrError("wrong-type", `${NAME}'s schedule is the lr schedule the plateau scales, not a ${scaled.type}: give the plateau's parameters as options, and restore a checkpoint with setState`);
  }
  if (per !== undefined && per !== "epoch" && per !== "batch") throw new NervaLrError("wrong-type", `${NAME}'s per must be "epoch" or "batch", got ${clip(String(per))}`);
  for (const key of ["lr", "min_lr"] as const) {
    if (params[key] !== undefined) throw new NervaLrError("wrong-type", `${NAME}'s ${key} has no meaning with a schedule, which sets the lr${key === "min_lr" ? "; floor the factor with min_factor" : ""}`);
  }
  if (min_factor !== undefined && !(typeof min_factor === "number" && min_factor >= 0 && min_factor <= 1)) {
    throw new NervaLrError("out-of-range", `${NAME}'s min_factor must be a number from 0 to 1, got ${clip(String(min_factor))}`);
  }
  // The factor is ReduceLROnPlateau's lr, starting at 1: the same rules, on a multiplier.
  const factorSchedule = () => plateauSchedule({ ...params, lr: 1, min_lr: min_factor ?? 0 });
  factorSchedule();
  return new PlateauCallbackImpl(monitor, write, factorSchedule, scaled, per ?? "epoch", initialStep);
}

class PlateauCallbackImpl extends Callback implements PlateauCallback {
  /** ReduceLROnPlateau holding the lr (alone) or the factor (with a schedule): best, bad epochs, cooldown. */
  #plateau: Schedule | undefined;
  /** The scaled schedule's t; set when the first fit starts, unless restored. */
  #step: number | undefined;
  readonly #guard = new LearningRateGuard(NAME);

  constructor(
    private readonly monitor: string,
    private readonly log: ((line: string) => void) | undefined,
    private readonly makePlateau: (lr: number) => Schedule,
    private readonly scaled: Schedule | undefined,
    private readonly per: "epoch" | "batch",
    private readonly initialStep: number,
  ) {
    super();
  }

  private optimizer(): Optimizer {
    return this.model.optimizer;
  }

  override async onTrainBegin(): Promise<void> {
    claimLearningRate(this, NAME);
    const optimizer = this.optimizer();
    learningRateOf(optimizer); // names an optimizer it cannot drive
    this.#guard.reset();
    // Across successive fit calls the plateau goes on: its state is its memory.
    this.#plateau ??= this.makePlateau(learningRateOf(optimizer));
    if (this.#step === undefined) this.#step = this.initialStep + this.startOffset();
    if (this.scaled === undefined) this.#guard.set(optimizer, this.#plateau.at(0));
    else checkMomentum(this.scaled, optimizer);
  }

  /** Where t starts when a fresh callback joins a fit resumed at initialEpoch. */
  private startOffset(): number {
    const params = this.params as FitParams;
    const initialEpoch = params.initialEpoch ?? 0;
    if (this.scaled === undefined || initialEpoch === 0) return 0;
    if (this.per === "epoch") return initialEpoch;
    const batches = batchesPerEpoch(params);
    if (batches === undefined) {
      throw new NervaLrError("out-of-range", `${NAME}: a per-batch schedule resumed at initialEpoch needs the number of batches per epoch: give fitDataset batchesPerEpoch, or initialStep, or restore a checkpoint with setState`);
    }
    return initialEpoch * batches;
  }

  override async onEpochBegin(): Promise<void> {
    if (this.per === "epoch") this.applySchedule();
  }

  override async onBatchBegin(): Promise<void> {
    if (this.per === "batch") this.applySchedule();
  }

  override async onBatchEnd(): Promise<void> {
    if (this.per === "batch") this.#step = (this.#step as number) + 1;
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const plateau = this.#plateau as Schedule;
    const optimizer = this.optimizer();
    this.#guard.check(optimizer);
    const values = await resolveLogs(logs);
    const value = values[this.monitor];
    if (typeof value !== "number") {
      const keys = Object.keys(values).filter((key) => key !== LR_KEY);
      const hint = this.monitor.startsWith("val_") ? " (val_ keys need validationData or validationSplit in fit)" : "";
      throw new NervaLrError("missing-monitor", `${NAME} monitors "${clip(this.monitor)}", which the epoch logs do not have${hint}; they have: ${keys.map((key) => clip(key)).join(", ") || "nothing"}`);
    }
    if (!Number.isFinite(value)) {
      throw new NervaLrError("invalid-metric", `${NAME}: ${clip(this.monitor)} of epoch ${epoch + 1} is ${value}, not a finite number: training diverged, so lower the lr`);
    }
    values[LR_KEY] = learningRateOf(optimizer);
    const before = plateau.at(0);
    plateau.step(value);
    const after = plateau.at(0);
    if (this.per === "epoch" && this.scaled !== undefined) this.#step = (this.#step as number) + 1;
    if (this.scaled === undefined) this.#guard.set(optimizer, after);
    if (after !== before) {
      const what = this.scaled === undefined ? "learning rate" : "factor on the schedule";
      this.log?.(`Epoch ${epoch + 1}: ${this.monitor} has not improved; ${what} ${before} -> ${after}`);
    }
  }

  private applySchedule(): void {
    if (this.scaled === undefined) return;
    const optimizer = this.optimizer();
    const t = this.#step as number;
    this.#guard.set(optimizer, this.scaled.at(t) * (this.#plateau as Schedule).at(0));
    applyMomentum(optimizer, this.scaled, t);
  }

  getState(): PlateauCallbackState {
    if (this.#plateau === undefined || this.#step === undefined) {
      throw new NervaLrError("invalid-state", `${NAME} has no state before its first fit (its lr comes from the optimizer then)`);
    }
    return {
      callback: NAME,
      plateau: this.#plateau.getState(),
      step: this.#step,
      ...(this.scaled !== undefined ? { schedule: this.scaled.getState() } : {}),
    };
  }

  setState(state: unknown): void {
    if (typeof state !== "object" || state === null || (state as { callback?: unknown }).callback !== NAME) {
      throw new NervaLrError("invalid-state", `expected the state of ${NAME} (from its getState())`, { path: "$.callback" });
    }
    const saved = state as Partial<PlateauCallbackState>;
    const step = saved.step;
    if (typeof step !== "number" || !Number.isInteger(step) || step < 0) throw new NervaLrError("invalid-state", `step must be a whole number >= 0, got ${clip(String(step))}`, { path: "$.step" });
    if ((saved.schedule === undefined) !== (this.scaled === undefined)) {
      throw new NervaLrError("invalid-state", this.scaled === undefined ? "this state scales a schedule; this callback has none" : "this state has no schedule; this callback scales one", { path: "$.schedule" });
    }
    // Checked whole before anything changes: a bad state leaves the callback as it was.
    const plateau = this.#plateau?.fresh() ?? this.makePlateau(1);
    plateau.setState(saved.plateau);
    this.scaled?.fresh().setState(saved.schedule);
    this.scaled?.setState(saved.schedule);
    this.#plateau = plateau;
    this.#step = step;
  }
}
