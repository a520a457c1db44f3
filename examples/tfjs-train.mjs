// npm run example:tfjs: train a small TensorFlow.js model on synthetic data with four schedules
// (constant, step, one-cycle, warmup + cosine scaled down on plateaus of val_loss), one line per
// epoch, then a learning-rate range test. Pure-JS TensorFlow.js (the CPU backend), no downloads:
// the data is made here. The guide is docs/tfjs.md.
import * as tf from "@tensorflow/tfjs";
import { constant, oneCycleLR, parseLearningRate, stepLR } from "nerva-lr";
import { findLearningRate, learningRateScheduler, reduceLROnPlateauCallback } from "nerva-lr/tfjs";

await tf.setBackend("cpu");

// Two interleaved spirals, 2 classes: not linearly separable, so the schedule matters.
const SAMPLES = 512;
function spirals(count, shift) {
  const points = [];
  const labels = [];
  for (let i = 0; i < count; i++) {
    const arm = i % 2;
    const r = ((i + shift) / count) * 3 + 0.2;
    const angle = r * 2.2 + arm * Math.PI + Math.sin((i + shift) * 12.9898) * 0.15; // a little deterministic jitter
    points.push([r * Math.cos(angle) / 3.2, r * Math.sin(angle) / 3.2]);
    labels.push([arm]);
  }
  return [tf.tensor2d(points), tf.tensor2d(labels)];
}
const [x, y] = spirals(SAMPLES, 0);
// Validation points between the training points, for the plateau run's val_loss.
const validation = spirals(128, 0.5);

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
  // Warmup then cosine, per batch, halved when val_loss stalls for more than 2 epochs (often it does
  // not here: the cosine brings the lr down in time). One callback sets the lr; see docs/tfjs.md.
  { name: "plateau", schedule: parseLearningRate(`Warmup(CosineAnnealingLR(0.1, ${STEPS}), warmup_t=32)`), per: "batch", plateau: true },
];

const started = performance.now();
const results = [];
for (const { name, schedule, per, plateau } of runs) {
  console.log(`\n${name}: ${schedule}${plateau ? " x a factor halved on plateaus of val_loss" : ""}`);
  const model = makeModel();
  const driver = plateau
    ? reduceLROnPlateauCallback({ schedule, per, monitor: "val_loss", factor: 0.5, patience: 2, verbose: true, log: (line) => console.log(`  ${line}`) })
    : learningRateScheduler(schedule, { per });
  const history = await model.fit(x, y, {
    epochs: EPOCHS,
    batchSize: BATCH,
    shuffle: true,
    verbose: 0,
    ...(plateau ? { validationData: validation } : {}),
    callbacks: [
      driver,
      new tf.CustomCallback({
        onEpochEnd: (epoch, logs) =>
          console.log(
            `  epoch ${String(epoch + 1).padStart(2)}/${EPOCHS}  loss ${logs.loss.toFixed(4)}  accuracy ${logs.acc.toFixed(3)}${"val_loss" in logs ? `  val_loss ${logs.val_loss.toFixed(4)}` : ""}  lr ${logs.learning_rate.toPrecision(4)}`,
          ),
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
// Shuffled batches as training draws them; the seed makes the test repeatable.
const test = await findLearningRate(model, x, y, { startLr: 1e-4, endLr: 100, steps: 300, batchSize: BATCH, seed: 1 });
for (let i = 0; i < test.lrs.length; i += 25) console.log(`  lr ${test.lrs[i].toExponential(1)}  smoothed loss ${test.losses[i].toFixed(4)}`);
console.log(`  ${test.diverged ? `stopped at lr ${test.lrs.at(-1).toExponential(1)}: the loss diverged` : "no divergence up to the end lr"}`);
const show = (lr) => lr?.toExponential(2) ?? "none (too few points)";
console.log(`  suggested lr (${test.rule}, the default): ${show(test.suggestion)}`);
console.log(`  the other rules: steep ${show(test.suggestions.steep)}, minimum / 10 ${show(test.suggestions.minimum)}`);
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
