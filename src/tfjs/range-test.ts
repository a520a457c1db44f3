/**
 * The learning-rate range test (Smith 2015, "Cyclical Learning Rates for Training Neural
 * Networks"; fastai's `lr_find`): train for a few batches while the lr grows exponentially, watch
 * the loss, and stop when it diverges. Batches are drawn as training draws them, shuffled (the
 * seed makes a test repeatable): in data order the loss would follow which batch it is, not the
 * lr. The model's weights and the optimizer's state and lr are restored afterwards, so the test
 * leaves no trace on the model. The guide, with the suggestion rules, is docs/tfjs.md.
 */
import { gather, tensor1d, type Tensor } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import { clip, NervaLrError } from "../core/errors.js";
import { learningRateOf, momentumOf, optimizerName, setLearningRate, setMomentum } from "./optimizers.js";

/** How the suggestion is read from the smoothed losses (see `RangeTestResult.suggestions`). */
export type SuggestionRule = "valley" | "steep" | "minimum";
const RULES: readonly SuggestionRule[] = ["valley", "steep", "minimum"];

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
  /** Seed of the batch shuffle, for a repeatable test (a whole number). Default: a random one, returned as `seed`. */
  readonly seed?: number;
  /** Which rule gives `suggestion`. Default "valley". */
  readonly rule?: SuggestionRule;
}

export interface RangeTestResult {
  /** The lr of each batch trained. */
  readonly lrs: number[];
  /** The smoothed loss after each batch. */
  readonly losses: number[];
  /**
   * Where to start, by the chosen `rule` (default "valley"); always one of the lrs tested (or, for
   * "minimum", the lr of the minimum / 10, but never below `startLr`). Undefined with fewer than
   * five points before the divergence. A one-cycle max_lr is usually near it, or up to ~10x above.
   */
  readonly suggestion: number | undefined;
  /**
   * What each rule suggests: "valley", 2/3 of the way down the longest descending stretch of the
   * smoothed loss; "steep", where it falls fastest against log(lr) before its minimum; "minimum",
   * the lr of the minimum divided by 10.
   */
  readonly suggestions: Readonly<Record<SuggestionRule, number | undefined>>;
  /** The rule that gave `suggestion`. */
  readonly rule: SuggestionRule;
  /** The shuffle's seed: pass it back as `seed` to repeat the test. */
  readonly seed: number;
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
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const rule = options.rule ?? "valley";
  const positive = (value: number) => typeof value === "number" && Number.isFinite(value) && value > 0;
  if (!positive(startLr) || !positive(endLr) || !(endLr > startLr)) throw new NervaLrError("out-of-range", `startLr and endLr must be finite, > 0, with startLr < endLr; got ${clip(String(startLr))} and ${clip(String(endLr))}`);
  if (!Number.isInteger(steps) || steps < 5 || steps > MAX_STEPS) throw new NervaLrError("out-of-range", `steps must be a whole number from 5 to ${MAX_STEPS}, got ${clip(String(steps))}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new NervaLrError("out-of-range", `batchSize must be a whole number >= 1, got ${clip(String(batchSize))}`);
  if (!(beta >= 0 && beta < 1)) throw new NervaLrError("out-of-range", `smoothing must be in [0, 1), got ${clip(String(beta))}`);
  if (!(divergence > 1)) throw new NervaLrError("out-of-range", `divergence must be > 1, got ${clip(String(divergence))}`);
  if (!Number.isSafeInteger(seed)) throw new NervaLrError("out-of-range", `seed must be a whole number, got ${clip(String(seed))}`);
  if (!RULES.includes(rule)) throw new NervaLrError("wrong-type", `rule must be "valley", "steep" or "minimum", got ${clip(String(rule))}`);
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
    const draw = batchDrawer(samples, batchSize, seed);
    let average = 0;
    let best = Infinity;
    for (let i = 0; i < steps; i++) {
      const lr = startLr * Math.pow(endLr / startLr, i / (steps - 1));
      setLearningRate(optimizer, lr);
      const indices = tensor1d(draw(), "int32");
      const xb = gather(x, indices);
      const yb = gather(y, indices);
      const result = await model.trainOnBatch(xb, yb);
      indices.dispose();
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
  // The point that diverged is not a candidate: the loss there says only "too far".
  const tested = diverged ? losses.length - 1 : losses.length;
  const suggestions = suggest(lrs.slice(0, tested), losses.slice(0, tested));
  return { lrs, losses, suggestion: suggestions[rule], suggestions, rule, seed, diverged };
}

/** The upper bound of `steps`: the valley rule looks at every pair of points. */
const MAX_STEPS = 10_000;

/**
 * Batch indices as shuffled training draws them: each pass over the data is a new permutation
 * (Fisher-Yates, from a small seeded generator, mulberry32); a short last batch is skipped when the
 * data has more than one batch, so every batch has the same size and weight.
 */
function batchDrawer(samples: number, batchSize: number, seed: number): () => number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const size = Math.min(batchSize, samples);
  const perPass = Math.floor(samples / size);
  let order: number[] = [];
  let next = perPass;
  return () => {
    if (next === perPass) {
      order = Array.from({ length: samples }, (_, i) => i);
      for (let i = samples - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      next = 0;
    }
    return order.slice(next * size, ++next * size);
  };
}

/**
 * The three rules' suggestions; each undefined with fewer than five points. The first tenth of the
 * points is left out, as fastai does: the moving average is still settling there, and one lucky
 * early batch would otherwise pass for the minimum.
 */
function suggest(allLrs: readonly number[], allLosses: readonly number[]): Record<SuggestionRule, number | undefined> {
  const skip = Math.floor(allLosses.length / 10);
  const lrs = allLrs.slice(skip);
  const losses = allLosses.slice(skip);
  if (losses.length < 5) return { valley: undefined, steep: undefined, minimum: undefined };
  let lowest = 0;
  for (let i = 1; i < losses.length; i++) if ((losses[i] as number) < (losses[lowest] as number)) lowest = i;
  // Kept inside the tested range: a tenth of a minimum near the start would be an lr never tried.
  const minimum = Math.max((lrs[lowest] as number) / 10, allLrs[0] as number);
  return { valley: lrs[valleyIndex(losses)], steep: steepestBefore(lrs, losses, lowest) ?? minimum, minimum };
}

/**
 * Valley: the longest descending stretch of the loss, as the longest chain of points each lower
 * than the one before (small bumps in between do not end it); the point 2/3 of the way down it,
 * where the loss still falls but well before the bottom, where it is about to turn.
 */
function valleyIndex(losses: readonly number[]): number {
  const n = losses.length;
  // longest[i]: the longest chain ending at i; from[i]: where that chain starts.
  const longest = new Array<number>(n).fill(1);
  const from = Array.from({ length: n }, (_, i) => i);
  let end = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if ((losses[j] as number) > (losses[i] as number) && (longest[j] as number) + 1 > (longest[i] as number)) {
        longest[i] = (longest[j] as number) + 1;
        from[i] = from[j] as number;
      }
    }
    if ((longest[i] as number) > (longest[end] as number)) end = i;
  }
  const start = from[end] as number;
  return start + Math.round(((end - start) * 2) / 3);
}

/**
 * Steep: the lr at which the loss falls fastest against log(lr), looked for before the loss's
 * minimum; undefined when it never falls there. The slope is taken across a window of a twentieth
 * of the points on each side (at least one): batch-to-batch noise in the flat start would otherwise
 * pass for the steepest fall.
 */
function steepestBefore(lrs: readonly number[], losses: readonly number[], lowest: number): number | undefined {
  const k = Math.max(1, Math.round(losses.length / 20));
  let best: number | undefined;
  let slope = 0;
  for (let i = k; i + k <= lowest; i++) {
    const s = ((losses[i + k] as number) - (losses[i - k] as number)) / (Math.log(lrs[i + k] as number) - Math.log(lrs[i - k] as number));
    if (s < slope) [slope, best] = [s, lrs[i]];
  }
  return best;
}
