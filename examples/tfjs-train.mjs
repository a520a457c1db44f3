// npm run example:tfjs: train a small TensorFlow.js model on synthetic data with three schedules
// (constant, step, one-cycle), one line per epoch, then a learning-rate range test. Pure-JS
// TensorFlow.js (the CPU backend), no downloads: the data is made here.
import * as tf from "@tensorflow/tfjs";
import { constant, oneCycleLR, stepLR } from "nerva-lr";
import { findLearningRate, learningRateScheduler } from "nerva-lr/tfjs";

await tf.setBackend("cpu");

// Two interleaved spirals, 2 classes: not linearly separable, so the schedule matters.
const SAMPLES = 512;
const points = [];
const labels = [];
for (let i = 0; i < SAMPLES; i++) {
  const arm = i % 2;
  const r = (i / SAMPLES) * 3 + 0.2;
  const angle = r * 2.2 + arm * Math.PI + Math.sin(i * 12.9898) * 0.15; // a little deterministic jitter
  points.push([r * Math.cos(angle) / 3.2, r * Math.sin(angle) / 3.2]);
  labels.push([arm]);
}
const x = tf.tensor2d(points);
const y = tf.tensor2d(labels);

const EPOCHS = 20;
const BATCH = 32;
const STEPS = EPOCHS * Math.ceil(SAMPLES / BATCH);

function makeModel(optimizer = tf.train.momentum(0.05, 0.9)) {
  // Same initial weights for every run, so the schedules are compared on equal terms.
  const init = () => tf.initializers.glorotUniform({ seed: 42 });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 32, activation: "relu", inputShape: [2], kernelInitializer: init() }),
      tf.layers.dense({ units: 32, activation: "relu", kernelInitializer: init() }),
      tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: init() }),
    ],
  });
  model.compile({ optimizer, loss: "binaryCrossentropy", metrics: ["accuracy"] });
  return model;
}

const runs = [
  { name: "constant", schedule: constant({ lr: 0.05 }), per: "epoch" },
  { name: "step", schedule: stepLR({ lr: 0.1, step_size: 7, gamma: 0.3 }), per: "epoch" },
  // One-cycle steps per batch and cycles the momentum against the lr, as PyTorch does.
  { name: "one-cycle", schedule: oneCycleLR({ max_lr: 0.2, total_steps: STEPS }), per: "batch" },
];

const started = performance.now();
const results = [];
for (const { name, schedule, per } of runs) {
  console.log(`\n${name}: ${schedule}`);
  const model = makeModel();
  const history = await model.fit(x, y, {
    epochs: EPOCHS,
    batchSize: BATCH,
    shuffle: true,
    verbose: 0,
    callbacks: [
      learningRateScheduler(schedule, { per }),
      new tf.CustomCallback({
        onEpochEnd: (epoch, logs) =>
          console.log(`  epoch ${String(epoch + 1).padStart(2)}/${EPOCHS}  loss ${logs.loss.toFixed(4)}  accuracy ${logs.acc.toFixed(3)}  lr ${logs.learning_rate.toPrecision(4)}`),
      }),
    ],
  });
  const loss = history.history.loss.at(-1);
  results.push({ name, loss, accuracy: history.history.acc.at(-1) });
}

console.log("\nFinal training loss:");
for (const { name, loss, accuracy } of results) console.log(`  ${name.padEnd(10)} ${loss.toFixed(4)}  (accuracy ${accuracy.toFixed(3)})`);

console.log("\nLearning-rate range test with Adam (lr from 1e-4 to 100 over 300 batches; weights restored afterwards):");
const model = makeModel(tf.train.adam(0.001));
const test = await findLearningRate(model, x, y, { startLr: 1e-4, endLr: 100, steps: 300, batchSize: BATCH });
for (let i = 0; i < test.lrs.length; i += 25) console.log(`  lr ${test.lrs[i].toExponential(1)}  smoothed loss ${test.losses[i].toFixed(4)}`);
console.log(`  ${test.diverged ? `stopped at lr ${test.lrs.at(-1).toExponential(1)}: the loss diverged` : "no divergence up to the end lr"}`);
console.log(`  suggested max lr: ${test.suggestion?.toExponential(2) ?? "none (too few points)"}  (where the smoothed loss falls fastest, before its minimum)`);
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
