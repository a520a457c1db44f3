// reduceLROnPlateauCallback in real TensorFlow.js training (pure-JS CPU backend): model.fit with
// validationSplit and validationData, model.fitDataset, several batches per epoch. The monitored
// values are the ones training produced, read back by a tfjs CustomCallback placed after ours;
// the expected lrs come from feeding those values to the ReduceLROnPlateau schedule (PyTorch's
// rules, checked against torch in test/pytorch.test.ts). docs/tfjs.md describes the behaviour.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { NervaLrError, parseLearningRate, reduceLROnPlateau as plateauSchedule, type ReduceLROnPlateauOptions } from "../src/index.js";
import { learningRateScheduler, reduceLROnPlateauCallback } from "../src/tfjs/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const N = 64;
const xs = Array.from({ length: N }, (_, i) => -1 + (2 * i) / (N - 1));
const line = (v: number) => 3 * v + 1;
/** The opposite line: a model that learns `line` gets worse on it every epoch, so its loss stalls. */
const opposite = (v: number) => -3 * v + 1;
const tensors = (points: number[], f: (v: number) => number) => [tf.tensor2d(points, [points.length, 1]), tf.tensor2d(points.map(f), [points.length, 1])] as const;

/** y = w x + b with a seeded kernel, so that two models start from the same weights. */
function linearModel(optimizer: tf.Optimizer): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
  model.compile({ optimizer, loss: "meanSquaredError" });
  return model;
}

const lrOf = (optimizer: tf.Optimizer) => (optimizer as unknown as { learningRate: number }).learningRate;

/** Placed after ours: the lr each batch trains with, and each epoch's logs as tfjs resolves them. */
function watcher(optimizer: tf.Optimizer) {
  const batches: number[] = [];
  const epochs: Record<string, number>[] = [];
  const callback = new tf.CustomCallback({
    onBatchBegin: () => void batches.push(lrOf(optimizer)),
    onEpochEnd: (_epoch, logs) => void epochs.push({ ...(logs as tf.Logs) }),
  });
  return { batches, epochs, callback };
}

/** The lr of each epoch by PyTorch's rules, fed the monitored values training produced. */
function reference(values: number[], options: ReduceLROnPlateauOptions): number[] {
  const plateau = plateauSchedule(options);
  return values.map((value) => {
    const lr = plateau.at(0);
    plateau.step(value);
    return lr;
  });
}

const column = (epochs: Record<string, number>[], key: string) => epochs.map((logs) => logs[key] as number);

describe("reduceLROnPlateauCallback reads the logs tfjs hands over", () => {
  it("fit with validationSplit: a stalling val_loss reduces the lr, as PyTorch's rules say for these values", async () => {
    // The last quarter (tfjs's validation split) follows the opposite line: val_loss only grows.
    const x = tf.tensor2d(xs, [N, 1]);
    const y = tf.tensor2d(xs.map((v, i) => (i < (N * 3) / 4 ? line(v) : opposite(v))), [N, 1]);
    const optimizer = tf.train.sgd(0.1);
    const seen = watcher(optimizer);
    const history = await linearModel(optimizer).fit(x, y, {
      epochs: 8,
      batchSize: 16,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: [reduceLROnPlateauCallback({ monitor: "val_loss", factor: 0.5, patience: 1 }), seen.callback],
    });
    const valLoss = column(seen.epochs, "val_loss");
    expect(valLoss.every((v, i) => i === 0 || v > (valLoss[i - 1] as number))).toBe(true); // it did stall
    const expected = reference(valLoss, { lr: 0.1, factor: 0.5, patience: 1 });
    expect(history.history["learning_rate"]).toEqual(expected);
    expect(expected).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]); // bad epochs 2 and 3, then every second one
    // Each batch trained with its epoch's lr (48 training samples: 3 batches of 16).
    expect(seen.batches).toEqual(expected.flatMap((lr) => [lr, lr, lr]));
    // history has numbers, not tensors, for every key.
    expect(history.history["val_loss"]).toEqual(valLoss);
  });

  it("fit with validationData: an improving val_loss never reduces, even with patience 0", async () => {
    const [x, y] = tensors(xs, line);
    const [vx, vy] = tensors([-0.9, -0.3, 0.2, 0.7], line);
    const optimizer = tf.train.sgd(0.05);
    const seen = watcher(optimizer);
    const history = await linearModel(optimizer).fit(x, y, {
      epochs: 6,
      batchSize: 16,
      validationData: [vx, vy],
      verbose: 0,
      callbacks: [reduceLROnPlateauCallback({ factor: 0.5, patience: 0 }), seen.callback],
    });
    const valLoss = column(seen.epochs, "val_loss");
    expect(valLoss.every((v, i) => i === 0 || v < (valLoss[i - 1] as number) * (1 - 1e-4))).toBe(true); // it did improve
    expect(history.history["learning_rate"]).toEqual(reference(valLoss, { lr: 0.05, factor: 0.5, patience: 0 }));
    expect(history.history["learning_rate"]).toEqual([0.05, 0.05, 0.05, 0.05, 0.05, 0.05]);
  });

  it('fit without validation, monitor "loss": the training loss, mode max turns its fall into a plateau', async () => {
    const [x, y] = tensors(xs, line);
    const optimizer = tf.train.sgd(0.05);
    const seen = watcher(optimizer);
    const options = { mode: "max", factor: 0.1, patience: 2, cooldown: 1 } as const;
    const history = await linearModel(optimizer).fit(x, y, { epochs: 7, batchSize: 16, verbose: 0, callbacks: [reduceLROnPlateauCallback({ monitor: "loss", ...options }), seen.callback] });
    const loss = column(seen.epochs, "loss");
    expect(loss.every((v, i) => i === 0 || v < (loss[i - 1] as number))).toBe(true);
    const expected = reference(loss, { lr: 0.05, ...options });
    expect(history.history["learning_rate"]).toEqual(expected);
    expect(expected[4]).toBeCloseTo(0.005, 15); // reduced after epochs 2, 3, 4 brought no new maximum
  });

  it("fitDataset with a validation dataset: the same rules", async () => {
    const dataset = (f: (v: number) => number) => tf.data.array(xs.map((v) => ({ xs: [v], ys: [f(v)] }))).batch(16);
    const optimizer = tf.train.momentum(0.05, 0.9);
    const seen = watcher(optimizer);
    const history = await linearModel(optimizer).fitDataset(dataset(line), {
      epochs: 6,
      validationData: dataset(opposite),
      verbose: 0,
      callbacks: [reduceLROnPlateauCallback({ factor: 0.2, patience: 0, threshold: 0.01 }), seen.callback],
    });
    const valLoss = column(seen.epochs, "val_loss");
    const expected = reference(valLoss, { lr: 0.05, factor: 0.2, patience: 0, threshold: 0.01 });
    expect(history.history["learning_rate"]).toEqual(expected);
    expect(Math.min(...expected)).toBeLessThan(0.05 * 0.2 * 0.2 * 1.0001); // at least two reductions
    expect(seen.batches).toEqual(expected.flatMap((lr) => [lr, lr, lr, lr])); // 64 samples: 4 batches of 16
  });

  it("the shipped build does it too (dist/, as a user's script imports it)", async () => {
    // A URL, not a literal path: typecheck needs no dist/ (npm test builds it first).
    const built = (await import(new URL("../dist/tfjs/index.js", import.meta.url).href)) as typeof import("../src/tfjs/index.js");
    const x = tf.tensor2d(xs, [N, 1]);
    const y = tf.tensor2d(xs.map((v, i) => (i < (N * 3) / 4 ? line(v) : opposite(v))), [N, 1]);
    const history = await linearModel(tf.train.sgd(0.1)).fit(x, y, {
      epochs: 4,
      batchSize: 16,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: [built.reduceLROnPlateauCallback({ monitor: "val_loss", factor: 0.5, patience: 1 })],
    });
    expect(history.history["learning_rate"]).toEqual([0.1, 0.1, 0.1, 0.05]);
  });
});

describe("a schedule scaled on plateaus", () => {
  const spec = "Warmup(CosineAnnealingLR(0.1, 20), warmup_t=4)";
  const stalling = () => {
    const x = tf.tensor2d(xs, [N, 1]);
    const y = tf.tensor2d(xs.map((v, i) => (i < (N * 3) / 4 ? line(v) : opposite(v))), [N, 1]);
    return [x, y] as const;
  };

  it("per batch: the lr of batch t is schedule(t) x the plateau's factor", async () => {
    const schedule = parseLearningRate(spec);
    const optimizer = tf.train.sgd(0.001);
    const seen = watcher(optimizer);
    const lines: string[] = [];
    const [x, y] = stalling();
    const plateau = reduceLROnPlateauCallback({ schedule, per: "batch", factor: 0.5, patience: 1, verbose: true, log: (line) => void lines.push(line) });
    await linearModel(optimizer).fit(x, y, { epochs: 7, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [plateau, seen.callback] });
    // The factor of each epoch: the same rules on a multiplier that starts at 1.
    const factors = reference(column(seen.epochs, "val_loss"), { lr: 1, factor: 0.5, patience: 1 });
    expect(factors).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25]);
    const batchesPerEpoch = 3;
    const expected = factors.flatMap((factor, epoch) => [0, 1, 2].map((b) => schedule.at(epoch * batchesPerEpoch + b) * factor));
    expect(seen.batches).toEqual(expected);
    // Not the pure schedule, and not the compile-time lr scaled: both would be the silent failure.
    expect(seen.batches[12]).not.toBe(schedule.at(12));
    expect(seen.batches[12]).not.toBe(0.0005);
    expect(lines).toEqual([
      "Epoch 3: val_loss has not improved; factor on the schedule 1 -> 0.5",
      "Epoch 5: val_loss has not improved; factor on the schedule 0.5 -> 0.25",
      "Epoch 7: val_loss has not improved; factor on the schedule 0.25 -> 0.125", // for an epoch 8, were there one
    ]);
  });

  it("per epoch, with a schedule that cycles momentum: both follow, the lr scaled", async () => {
    const schedule = parseLearningRate("OneCycleLR(0.05, 6)");
    const optimizer = tf.train.momentum(0.01, 0.9);
    const momenta: number[] = [];
    const seen = watcher(optimizer);
    const [x, y] = stalling();
    const readMomentum = new tf.CustomCallback({ onBatchBegin: () => void momenta.push((optimizer as unknown as { momentum: number }).momentum) });
    await linearModel(optimizer).fit(x, y, { epochs: 6, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [reduceLROnPlateauCallback({ schedule, factor: 0.5, patience: 0 }), seen.callback, readMomentum] });
    const factors = reference(column(seen.epochs, "val_loss"), { lr: 1, factor: 0.5, patience: 0 });
    expect(Math.min(...factors)).toBeLessThan(1);
    expect(seen.batches).toEqual(factors.flatMap((factor, t) => [0, 1, 2].map(() => schedule.at(t) * factor)));
    expect(momenta).toEqual([0, 1, 2, 3, 4, 5].flatMap((t) => [0, 1, 2].map(() => schedule.momentumAt(t))));
  });

  it("min_factor floors the factor; alone, lr overrides the optimizer's", async () => {
    const [x, y] = stalling();
    const optimizer = tf.train.sgd(0.001);
    const seen = watcher(optimizer);
    const model = linearModel(optimizer);
    await model.fit(x, y, { epochs: 5, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [reduceLROnPlateauCallback({ schedule: "Constant(0.1)", factor: 0.5, patience: 0, min_factor: 0.3 }), seen.callback] });
    const factors = reference(column(seen.epochs, "val_loss"), { lr: 1, factor: 0.5, patience: 0, min_lr: 0.3 });
    expect(factors).toEqual([1, 1, 0.5, 0.3, 0.3]);
    expect(seen.batches).toEqual(factors.flatMap((factor) => [0.1 * factor, 0.1 * factor, 0.1 * factor]));
    const history = await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [reduceLROnPlateauCallback({ lr: 0.2, monitor: "loss" })] });
    expect(history.history["learning_rate"]).toEqual([0.2]);
  });

  it("a checkpoint taken mid-run resumes exactly: same lrs, same weights, same state", async () => {
    const options = { schedule: spec, per: "batch", factor: 0.5, patience: 1, cooldown: 1 } as const;
    const [x, y] = stalling();
    const fitArgs = { batchSize: 16, validationSplit: 0.25, shuffle: false, verbose: 0 } as const;
    // One run of 8 epochs.
    const straight = tf.train.momentum(0.01, 0.9);
    const whole = watcher(straight);
    const modelA = linearModel(straight);
    const callbackA = reduceLROnPlateauCallback(options);
    await modelA.fit(x, y, { ...fitArgs, epochs: 8, callbacks: [callbackA, whole.callback] });
    // The same run stopped after 4 epochs, checkpointed through JSON, resumed by a new callback.
    const resumed = tf.train.momentum(0.01, 0.9);
    const parts = watcher(resumed);
    const modelB = linearModel(resumed);
    const first = reduceLROnPlateauCallback(options);
    await modelB.fit(x, y, { ...fitArgs, epochs: 4, callbacks: [first, parts.callback] });
    const saved = JSON.parse(JSON.stringify(first.getState())) as unknown;
    expect(saved).toMatchObject({ callback: "reduceLROnPlateauCallback", step: 12, plateau: { type: "ReduceLROnPlateau", state: { lr: 0.5 } } });
    const second = reduceLROnPlateauCallback(options);
    second.setState(saved);
    await modelB.fit(x, y, { ...fitArgs, initialEpoch: 4, epochs: 8, callbacks: [second, parts.callback] });
    expect(parts.batches).toEqual(whole.batches);
    expect(column(parts.epochs, "val_loss")).toEqual(column(whole.epochs, "val_loss"));
    expect(second.getState()).toEqual(callbackA.getState());
    const weights = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(modelB)).toEqual(weights(modelA));
    expect(Math.min(...whole.batches.slice(12).map((lr, i) => lr / parseLearningRate(spec).at(12 + i)))).toBeLessThan(0.5); // a reduction after the checkpoint too
  });

  it("setState refuses states that are not its own, and then changes nothing", async () => {
    const callback = reduceLROnPlateauCallback({ schedule: spec, per: "batch" });
    const [x, y] = stalling();
    await linearModel(tf.train.sgd(0.01)).fit(x, y, { epochs: 2, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [callback] });
    const before = callback.getState();
    const code = (state: unknown) => {
      try {
        callback.setState(state);
      } catch (error) {
        return error instanceof NervaLrError ? `${error.code}: ${error.message}` : String(error);
      }
      return "accepted";
    };
    expect(code({ plateau: before.plateau, step: 1 })).toBe("invalid-state: Invalid schedule state: expected the state of reduceLROnPlateauCallback (from its getState()) at $.callback");
    expect(code({ ...before, step: -1 })).toMatch(/^invalid-state: .*step must be a whole number >= 0, got -1/);
    expect(code({ ...before, plateau: { type: "ReduceLROnPlateau", state: { ...before.plateau.state, num_bad_epochs: 1.5 } } })).toMatch(/^invalid-state: .*num_bad_epochs/);
    expect(code({ callback: "reduceLROnPlateauCallback", plateau: before.plateau, step: 3 })).toMatch(/this state has no schedule; this callback scales one/);
    expect(callback.getState()).toEqual(before);
    expect(() => reduceLROnPlateauCallback().getState()).toThrow("has no state before its first fit");
  });
});

describe("one callback sets the lr", () => {
  const warmupCosine = "Warmup(CosineAnnealingLR(0.1, 20), warmup_t=4)";
  it("learningRateScheduler beside the plateau callback is an error when fit starts, before any batch", async () => {
    const [x, y] = tensors(xs, line);
    const model = linearModel(tf.train.sgd(0.01));
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const fit = model.fit(x, y, { epochs: 2, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [learningRateScheduler(warmupCosine, { per: "batch" }), reduceLROnPlateauCallback()] });
    await expect(fit).rejects.toThrow(NervaLrError);
    await expect(fit).rejects.toThrow(
      "Conflicting callbacks: learningRateScheduler and reduceLROnPlateauCallback both set the learning rate in this fit, so one would silently undo the other; use one (to scale a schedule on plateaus: reduceLROnPlateauCallback({ schedule, per }))",
    );
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    // The next fit, with one of them, runs: the claim of the failed fit does not linger.
    const history = await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [learningRateScheduler("Constant(0.02)")] });
    expect(history.history["learning_rate"]).toEqual([0.02, 0.02]);
  });
  it("two schedulers are an error too", async () => {
    const [x, y] = tensors(xs, line);
    await expect(linearModel(tf.train.sgd(0.01)).fit(x, y, { epochs: 1, verbose: 0, callbacks: [learningRateScheduler("Constant(0.1)"), learningRateScheduler("Constant(0.2)")] })).rejects.toThrow(
      "learningRateScheduler and learningRateScheduler both set the learning rate",
    );
  });
  it("another callback that changes the lr mid-fit is named, not silently overwritten", async () => {
    const [x, y] = tensors(xs, line);
    const optimizer = tf.train.sgd(0.01);
    const meddler = new tf.CustomCallback({ onBatchEnd: (batch) => void (batch === 1 && optimizer.setLearningRate(0.3)) });
    await expect(linearModel(optimizer).fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [learningRateScheduler("Constant(0.05)", { per: "batch" }), meddler] })).rejects.toThrow(
      "Conflicting callbacks: something else changed the optimizer's learning rate during this fit (learningRateScheduler set 0.05, it is now 0.3); let one callback set the lr",
    );
    const plateauMeddled = tf.train.sgd(0.01);
    const late = new tf.CustomCallback({ onEpochBegin: (epoch) => void (epoch === 1 && plateauMeddled.setLearningRate(0.3)) });
    await expect(linearModel(plateauMeddled).fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, callbacks: [reduceLROnPlateauCallback({ monitor: "loss" }), late] })).rejects.toThrow(
      "reduceLROnPlateauCallback set 0.01, it is now 0.3",
    );
  });
  it("changing the lr between fits is allowed", async () => {
    const [x, y] = tensors(xs, line);
    const optimizer = tf.train.sgd(0.01);
    const model = linearModel(optimizer);
    const callback = learningRateScheduler("Constant(0.05)");
    await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [callback] });
    optimizer.setLearningRate(0.3);
    const history = await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [callback] });
    expect(history.history["learning_rate"]).toEqual([0.05]);
  });
});

describe("errors inside fit are one-line NervaLrErrors", () => {
  const message = async (fit: Promise<unknown>) => {
    try {
      await fit;
    } catch (error) {
      expect(error).toBeInstanceOf(NervaLrError);
      const text = (error as NervaLrError).message;
      expect(text).not.toContain("\n");
      return `${(error as NervaLrError).code}: ${text}`;
    }
    throw new Error("fit did not fail");
  };

  it("a missing monitor lists the keys the logs have", async () => {
    const [x, y] = tensors(xs, line);
    const model = linearModel(tf.train.sgd(0.01));
    model.compile({ optimizer: tf.train.sgd(0.01), loss: "meanSquaredError", metrics: ["mae"] });
    expect(await message(model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [reduceLROnPlateauCallback()] }))).toBe(
      'missing-monitor: Missing monitored value: reduceLROnPlateauCallback monitors "val_loss", which the epoch logs do not have (val_ keys need validationData or validationSplit in fit); they have: loss, mae',
    );
    expect(await message(model.fit(x, y, { epochs: 1, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [reduceLROnPlateauCallback({ monitor: "val_acc" })] }))).toBe(
      'missing-monitor: Missing monitored value: reduceLROnPlateauCallback monitors "val_acc", which the epoch logs do not have (val_ keys need validationData or validationSplit in fit); they have: val_loss, val_mae, loss, mae',
    );
  });

  it("a diverged (not finite) monitored value says so", async () => {
    const [x, y] = tensors(xs, (v) => 1e30 * v);
    expect(await message(linearModel(tf.train.sgd(1e10)).fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, callbacks: [reduceLROnPlateauCallback({ monitor: "loss" })] }))).toMatch(
      /^invalid-metric: Invalid metric: reduceLROnPlateauCallback: loss of epoch 1 is (NaN|Infinity), not a finite number: training diverged, so lower the lr$/,
    );
  });

  it("an optimizer it cannot drive is named when fit starts (a real custom tf.Optimizer)", async () => {
    /** Plain gradient descent written as a user would: a real optimizer tfjs trains with. */
    class PlainDescent extends tf.Optimizer {
      static get className() {
        return "PlainDescent";
      }
      override applyGradients(gradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
        const list = Array.isArray(gradients) ? gradients : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
        for (const { name, tensor } of list) {
          const variable = tf.engine().registeredVariables[name] as tf.Variable;
          tf.tidy(() => variable.assign(variable.sub(tensor.mul(0.01))));
        }
      }
      override getConfig() {
        return {};
      }
    }
    const [x, y] = tensors(xs, line);
    const model = linearModel(new PlainDescent());
    // It trains: the optimizer is real.
    const trained = await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(trained.history["loss"]?.[1]).toBeLessThan(trained.history["loss"]?.[0] as number);
    expect(await message(model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [reduceLROnPlateauCallback({ monitor: "loss" })] }))).toBe(
      "unsupported-optimizer: Unsupported optimizer: cannot drive the optimizer PlainDescent; nerva-lr/tfjs drives tf.train.sgd, tf.train.momentum, tf.train.adam, tf.train.adamax, tf.train.rmsprop, tf.train.adagrad, tf.train.adadelta",
    );
    expect(await message(model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [learningRateScheduler("Constant(0.1)")] }))).toMatch(/^unsupported-optimizer: .*PlainDescent/);
  });

  it("options are checked when the callback is made", () => {
    const problem = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof NervaLrError ? error.message : `not a NervaLrError: ${String(error)}`;
      }
      return "accepted";
    };
    expect(problem(() => reduceLROnPlateauCallback({ factor: 2 }))).toMatch(/^Invalid schedule: .*factor/);
    expect(problem(() => reduceLROnPlateauCallback({ per: "batch" }))).toBe("Invalid schedule: reduceLROnPlateauCallback's per goes with a schedule to scale; without one the plateau sets the lr itself");
    expect(problem(() => reduceLROnPlateauCallback({ schedule: "Constant(0.1)", lr: 0.1 }))).toBe("Invalid schedule: reduceLROnPlateauCallback's lr has no meaning with a schedule, which sets the lr");
    expect(problem(() => reduceLROnPlateauCallback({ schedule: "Constant(0.1)", min_lr: 0.01 }))).toBe(
      "Invalid schedule: reduceLROnPlateauCallback's min_lr has no meaning with a schedule, which sets the lr; floor the factor with min_factor",
    );
    expect(problem(() => reduceLROnPlateauCallback({ schedule: "ReduceLROnPlateau(0.1)" }))).toMatch(/schedule is the lr schedule the plateau scales, not a ReduceLROnPlateau/);
    expect(problem(() => reduceLROnPlateauCallback({ schedule: "Constant(0.1)", per: "step" as "batch" }))).toBe('Invalid schedule: reduceLROnPlateauCallback\'s per must be "epoch" or "batch", got step');
    expect(problem(() => reduceLROnPlateauCallback({ monitor: "" }))).toMatch(/monitor must name an epoch-log key/);
    expect(problem(() => reduceLROnPlateauCallback({ schedule: "Constant(0.1)", min_factor: 2 }))).toBe("Invalid schedule: reduceLROnPlateauCallback's min_factor must be a number from 0 to 1, got 2");
    expect(problem(() => reduceLROnPlateauCallback({ min_factor: 0.1 }))).toMatch(/min_factor goes with a schedule to scale/);
    expect(problem(() => reduceLROnPlateauCallback({ schedule: "Constant(0.1", per: "batch" }))).toMatch(/^Invalid schedule: /);
  });
});
