/**
 * The learning-rate range test (Smith 2015, "Cyclical Learning Rates for Training Neural
 * Networks"; fastai's `lr_find`): train for a few batches while the lr grows exponentially, watch
 * the loss, and stop when it diverges. The model's weights and the optimizer's state and lr are
 * restored afterwards, so the test leaves no trace on the model.
 */
import { slice, type Tensor } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import { NervaLrError } from "../core/errors.js";
import { learningRateOf, momentumOf, optimizerName, setLearningRate, setMomentum } from "./optimizers.js";

export interface RangeTestOptions {
  /** The lr of the first batch. Default 1e-7. */
  readonly startLr?: number;
  /** The lr of the last batch. Default 10. */
  readonly endLr?: number;
  /** Batches in the test; the lr grows by the same factor at each. Default 100. */
  readonly steps?: number;
  /** Samples per batch; batches go round the data as often as needed. Default 32. */
  readonly batchSize?: number;
  /** Weight of the past in the loss's moving average (debiased, as fastai does). Default 0.98. */
  readonly smoothing?: number;
  /** Stop once the smoothed loss exceeds this many times the best so far. Default 4. */
  readonly divergence?: number;
}

export interface RangeTestResult {
  /** The lr of each batch trained. */
  readonly lrs: number[];
  /** The smoothed loss after each batch. */
  readonly losses: number[];
  /**
   * Where to start: the lr at which the smoothed loss falls fastest against log(lr), looked for
   * before the loss's minimum (fastai's "steep"); if the loss never really fell, the lr of its
   * minimum divided by 10. Undefined with fewer than five points. A one-cycle max_lr is usually
   * near it, or up to about 10x above.
   */
  readonly suggestion: number | undefined;
  /** The test stopped because the loss diverged (or was not finite) before `steps` batches. */
  readonly diverged: boolean;
}

export async function findLearningRate(model: LayersModel, x: Tensor, y: Tensor, options: RangeTestOptions = {}): Promise<RangeTestResult> {
  const startLr = options.startLr ?? 1e-7;
  const endLr = options.endLr ?? 10;
  const steps = options.steps ?? 100;
  const batchSize = options.batchSize ?? 32;
  const beta = options.smoothing ?? 0.98;
  const divergence = options.divergence ?? 4;
  const positive = (value: number) => typeof value === "number" && Number.isFinite(value) && value > 0;
  if (!positive(startLr) || !positive(endLr) || !(endLr > startLr)) throw new NervaLrError("out-of-range", `startLr and endLr must be finite, > 0, with startLr < endLr; got ${startLr} and ${endLr}`);
  if (!Number.isInteger(steps) || steps < 5) throw new NervaLrError("out-of-range", `steps must be a whole number >= 5, got ${String(steps)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new NervaLrError("out-of-range", `batchSize must be a whole number >= 1, got ${String(batchSize)}`);
  if (!(beta >= 0 && beta < 1)) throw new NervaLrError("out-of-range", `smoothing must be in [0, 1), got ${String(beta)}`);
  if (!(divergence > 1)) throw new NervaLrError("out-of-range", `divergence must be > 1, got ${String(divergence)}`);
  const optimizer = model.optimizer;
  if (!optimizer) throw new NervaLrError("unsupported-optimizer", "the model has no optimizer: compile it first");
  optimizerName(optimizer);
  const samples = x.shape[0] ?? 0;
  if (samples === 0 || y.shape[0] !== samples) throw new NervaLrError("out-of-range", `x and y need the same number of samples (> 0), got ${samples} and ${String(y.shape[0])}`);

  // Copies of everything the test changes: the weights, the optimizer's slots, lr and momentum.
  const weights = model.getWeights().map((w) => w.clone());
  const slots = (await optimizer.getWeights()).map(({ name, tensor }) => ({ name, tensor: tensor.clone() }));
  const savedLr = learningRateOf(optimizer);
  const savedMomentum = momentumOf(optimizer);
  const lrs: number[] = [];
  const losses: number[] = [];
  let diverged = false;
  try {
    const batches = Math.ceil(samples / batchSize);
    let average = 0;
    let best = Infinity;
    for (let i = 0; i < steps; i++) {
      const lr = startLr * Math.pow(endLr / startLr, i / (steps - 1));
      setLearningRate(optimizer, lr);
      const start = (i % batches) * batchSize;
      const size = Math.min(batchSize, samples - start);
      const xb = slice(x, start, size);
      const yb = slice(y, start, size);
      const result = await model.trainOnBatch(xb, yb);
      xb.dispose();
      yb.dispose();
      const loss = Array.isArray(result) ? (result[0] as number) : result;
      average = beta * average + (1 - beta) * loss;
      const smoothed = average / (1 - Math.pow(beta, i + 1));
      lrs.push(lr);
      losses.push(smoothed);
      if (!Number.isFinite(smoothed) || smoothed > divergence * best) {
        diverged = true;
        break;
      }
      best = Math.min(best, smoothed);
    }
  } finally {
    model.setWeights(weights);
    await optimizer.setWeights(slots);
    for (const w of weights) w.dispose();
    for (const { tensor } of slots) tensor.dispose();
    setLearningRate(optimizer, savedLr);
    if (savedMomentum !== undefined) setMomentum(optimizer, savedMomentum);
  }
  return { lrs, losses, suggestion: suggest(lrs, diverged ? losses.length - 1 : losses.length, losses), diverged };
}

/**
 * The suggested lr. The loss falls fastest against log(lr) somewhere before its minimum: the
 * steepest descent (fastai's "steep"), by central differences, between the first tenth (the moving
 * average is still settling there) and the minimum of the smoothed loss. When that stretch is too
 * short to have a slope (the loss never really fell), the classic rule instead: the lr of the
 * minimum, divided by 10. Undefined with fewer than five points before the divergence.
 */
function suggest(lrs: readonly number[], end: number, losses: readonly number[]): number | undefined {
  if (end < 5) return undefined;
  let lowest = 0;
  for (let i = 1; i < end; i++) if ((losses[i] as number) < (losses[lowest] as number)) lowest = i;
  const from = Math.max(1, Math.floor(end / 10));
  let best: number | undefined;
  let slope = 0;
  for (let i = from; i < lowest; i++) {
    const s = ((losses[i + 1] as number) - (losses[i - 1] as number)) / (Math.log(lrs[i + 1] as number) - Math.log(lrs[i - 1] as number));
    if (s < slope) [slope, best] = [s, lrs[i]];
  }
  return best ?? (lrs[lowest] as number) / 10;
}
