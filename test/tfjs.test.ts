// nerva-lr/tfjs with real TensorFlow.js training (the pure-JS CPU backend). The expected values
// come from the update rules: for a one-weight model w*x trained on (x=1, y=1) by SGD with mean
// squared error, each step is w <- w - lr * 2 (w - 1), with lr the schedule's value at that step.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { NervaLrError, parseLearningRate, reduceLROnPlateau as plateauSchedule } from "../src/index.js";
import { learningRateScheduler, momentumOf, reduceLROnPlateauCallback, setLearningRate, setMomentum } from "../src/tfjs/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** y = w * x, w starting at 0. */
function oneWeight(optimizer: tf.Optimizer): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: "zeros" })] });
  model.compile({ optimizer, loss: "meanSquaredError" });
  return model;
}

const weight = (model: tf.LayersModel) => (model.getWeights()[0] as tf.Tensor).dataSync()[0] as number;

/** A callback that records something at each batch start (after ours has set the lr). */
function recorder<T>(read: () => T, into: T[], when: "batch" | "epoch" = "batch"): tf.CustomCallback {
  return new tf.CustomCallback(when === "batch" ? { onBatchBegin: () => void into.push(read()) } : { onEpochEnd: () => void into.push(read()) });
}

const one = () => [tf.tensor2d([[1]]), tf.tensor2d([[1]])] as const;

describe("learningRateScheduler with SGD", () => {
  it("sets the lr of each epoch: every update is lr x gradient with the scheduled lr", async () => {
    const model = oneWeight(tf.train.sgd(1));
    const schedule = parseLearningRate("StepLR(0.1, 2, gamma=0.5)");
    const weights: number[] = [];
    const [x, y] = one();
    const history = await model.fit(x, y, { epochs: 6, batchSize: 1, verbose: 0, callbacks: [learningRateScheduler(schedule), recorder(() => weight(model), weights, "epoch")] });
    let w = 0;
    const expected = [0, 1, 2, 3, 4, 5].map((t) => (w = w - schedule.at(t) * 2 * (w - 1)));
    weights.forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 6));
    // history has one learning_rate per epoch, the schedule's own values (float64, as set).
    expect(history.history["learning_rate"]).toEqual([0, 1, 2, 3, 4, 5].map((t) => schedule.at(t)));
  });
  it("with lr 0 leaves the weights as they were", async () => {
    const model = oneWeight(tf.train.sgd(1));
    const [x, y] = one();
    await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [learningRateScheduler("Constant(0)")] });
    expect(weight(model)).toBe(0);
  });
  it("takes spec text, and refuses what it cannot drive", async () => {
    expect(() => learningRateScheduler("ReduceLROnPlateau(0.1)")).toThrow('ReduceLROnPlateau is metric-driven: use reduceLROnPlateauCallback({ monitor: "val_loss", ... }) for it');
    expect(() => learningRateScheduler("StepLR(0.1, 0)")).toThrow(NervaLrError);
    expect(() => learningRateScheduler("Constant(0.1)", { per: "step" as "epoch" })).toThrow(/per must be/);
    const [x, y] = one();
    // OneCycleLR cycles momentum, which plain SGD does not have: a clear error when fit starts.
    await expect(oneWeight(tf.train.sgd(0.1)).fit(x, y, { epochs: 1, verbose: 0, callbacks: [learningRateScheduler("OneCycleLR(0.1, 10)")] })).rejects.toThrow(
      "OneCycleLR cycles momentum, but tf.train.sgd has none",
    );
    // Without momentum cycling it is fine.
    await oneWeight(tf.train.sgd(0.1)).fit(x, y, { epochs: 1, verbose: 0, callbacks: [learningRateScheduler("OneCycleLR(0.1, 10, cycle_momentum=false)")] });
  });
});

describe("per batch", () => {
  const data = () => [tf.tensor2d([[1], [1], [1], [1]]), tf.tensor2d([[1], [1], [1], [1]])] as const;
  it("counts batches across epochs", async () => {
    const optimizer = tf.train.sgd(1);
    const model = oneWeight(optimizer);
    const schedule = parseLearningRate("ExponentialLR(0.1, 0.5)");
    const lrs: number[] = [];
    const [x, y] = data();
    await model.fit(x, y, { epochs: 3, batchSize: 2, verbose: 0, callbacks: [learningRateScheduler(schedule, { per: "batch" }), recorder(() => (optimizer as unknown as { learningRate: number }).learningRate, lrs)] });
    expect(lrs).toEqual([0, 1, 2, 3, 4, 5].map((t) => schedule.at(t)));
  });
  it("continues across fit calls resumed with initialEpoch", async () => {
    const optimizer = tf.train.sgd(1);
    const model = oneWeight(optimizer);
    const schedule = parseLearningRate("LinearLR(0.1, start_factor=0.1, total_iters=10)");
    const callback = learningRateScheduler(schedule, { per: "batch" });
    const lrs: number[] = [];
    const [x, y] = data();
    const read = recorder(() => (optimizer as unknown as { learningRate: number }).learningRate, lrs);
    await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, callbacks: [callback, read] });
    await model.fit(x, y, { initialEpoch: 2, epochs: 4, batchSize: 2, verbose: 0, callbacks: [callback, read] });
    expect(lrs).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((t) => schedule.at(t)));
  });
});

describe("Adam and momentum", () => {
  it("Adam's lr and beta1 follow OneCycleLR's lr and momentum, batch by batch", async () => {
    const optimizer = tf.train.adam(0.001);
    const model = oneWeight(optimizer);
    const schedule = parseLearningRate("OneCycleLR(0.01, 8)");
    const seen: [number, number][] = [];
    const fields = optimizer as unknown as { learningRate: number; beta1: number };
    const x = tf.tensor2d([[1], [2], [3], [4]]);
    const y = tf.tensor2d([[2], [4], [6], [8]]);
    await model.fit(x, y, { epochs: 4, batchSize: 2, verbose: 0, callbacks: [learningRateScheduler(schedule, { per: "batch" }), recorder(() => [fields.learningRate, fields.beta1] as [number, number], seen)] });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((t) => [schedule.at(t), schedule.momentumAt(t)]));
  });
  it("setMomentum really changes tf.train.momentum's update (tfjs's own setter does not)", async () => {
    // Two steps from w = 0 on (x=1, y=1): gradient g0 = -2, then g1 = 2 (w1 - 1).
    const step = async (momentum: number) => {
      const optimizer = tf.train.momentum(0.1, 0.9);
      const model = oneWeight(optimizer);
      const [x, y] = one();
      await model.fit(x, y, { epochs: 1, verbose: 0 });
      setMomentum(optimizer, momentum);
      await model.fit(x, y, { epochs: 1, verbose: 0 });
      return weight(model);
    };
    const w1 = 0.1 * 2;
    const g1 = 2 * (w1 - 1);
    expect(await step(0)).toBeCloseTo(w1 - 0.1 * g1, 6); // no memory of the first gradient
    expect(await step(0.5)).toBeCloseTo(w1 - 0.1 * (0.5 * -2 + g1), 6);
  });
  it("setLearningRate and setMomentum cover every tf.train optimizer, and name what they cannot drive", () => {
    for (const optimizer of [tf.train.sgd(0.1), tf.train.momentum(0.1, 0.9), tf.train.adam(), tf.train.adamax(), tf.train.rmsprop(0.1), tf.train.adagrad(0.1), tf.train.adadelta()]) {
      setLearningRate(optimizer, 0.05);
      expect((optimizer as unknown as { learningRate: number }).learningRate).toBe(0.05);
    }
    setMomentum(tf.train.adamax(), 0.8);
    expect(momentumOf(tf.train.rmsprop(0.1, 0.9, 0.5))).toBe(0.5);
    expect(() => setMomentum(tf.train.adagrad(0.1), 0.9)).toThrow("tf.train.adagrad has no momentum to set");
    // A stand-in object for "not a tf.train optimizer"; a real custom tf.Optimizer in a real fit is in tfjs-plateau.test.ts.
    expect(() => setLearningRate({ getClassName: () => "Lion" } as unknown as tf.Optimizer, 0.1)).toThrow("cannot drive the optimizer Lion");
    expect(() => setLearningRate(tf.train.sgd(0.1), NaN)).toThrow(NervaLrError);
  });
});

describe("reduceLROnPlateauCallback fed scripted values (beside the real-fit tests in test/tfjs-plateau.test.ts)", () => {
  // A stand-in kept for one thing real training cannot script: an exact pattern of improvements
  // and stalls. The same behaviour on real fit / fitDataset values is tested in tfjs-plateau.test.ts.
  /** A callback placed before ours that writes scripted values as val_loss. */
  const scripted = (values: number[]) => new tf.CustomCallback({ onEpochEnd: async (epoch, logs) => void ((logs as tf.Logs)["val_loss"] = values[epoch] as number) });
  it("reduces after patience epochs without improvement of val_loss, as the schedule does", async () => {
    const optimizer = tf.train.sgd(0.1);
    const model = oneWeight(optimizer);
    const values = [1, 0.9, 0.95, 0.93, 0.92, 0.91, 0.95, 0.96];
    const [x, y] = one();
    const history = await model.fit(x, y, { epochs: 8, verbose: 0, callbacks: [scripted(values), reduceLROnPlateauCallback({ factor: 0.5, patience: 1 })] });
    // The same schedule fed the same values (checked against torch 1.13 elsewhere).
    const reference = plateauSchedule({ lr: 0.1, factor: 0.5, patience: 1 });
    const expected = values.map((v) => {
      const lr = reference.at(0);
      reference.step(v);
      return lr;
    });
    expect(history.history["learning_rate"]).toEqual(expected);
    expect(expected[4]).toBe(0.05); // it did reduce: after epochs 2 and 3 without improvement
    expect((optimizer as unknown as { learningRate: number }).learningRate).toBe(reference.at(0));
  });
});

describe("mixed with tfjs's own callbacks", () => {
  it("works beside tf.callbacks.earlyStopping, with learning_rate in the history", async () => {
    const model = oneWeight(tf.train.sgd(1));
    const [x, y] = one();
    const schedule = parseLearningRate("CosineAnnealingLR(0.2, 5)");
    const history = await model.fit(x, y, { epochs: 5, verbose: 0, callbacks: [learningRateScheduler(schedule), tf.callbacks.earlyStopping({ monitor: "loss", patience: 50 })] });
    expect(history.history["learning_rate"]).toEqual([0, 1, 2, 3, 4].map((t) => schedule.at(t)));
  });
});

describe("one set of numbers", () => {
  it("the lrs the callback applies are the values the built `nerva-lr eval --format json` prints", async () => {
    const spec = "OneCycleLR(0.05, 12)";
    const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));
    const stdout = execFileSync(process.execPath, [bin, "eval", spec, "--epochs", "12", "--format", "json"], { encoding: "utf8" });
    const rows = JSON.parse(stdout) as { lr: number; momentum: number }[];
    const optimizer = tf.train.momentum(0.01, 0.9);
    const model = oneWeight(optimizer);
    const seen: [number, number][] = [];
    const fields = optimizer as unknown as { learningRate: number; momentum: number };
    const [x, y] = one();
    await model.fit(x, y, { epochs: 12, verbose: 0, callbacks: [learningRateScheduler(spec), recorder(() => [fields.learningRate, fields.momentum] as [number, number], seen)] });
    expect(seen).toEqual(rows.map((row) => [row.lr, row.momentum]));
  });
});
