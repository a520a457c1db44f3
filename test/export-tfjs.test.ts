// `export --to tfjs`: the printed JavaScript runs for real. It is written to a temporary .mjs inside
// the package, where `import "nerva-lr"` resolves to this package's BUILT dist/ by Node's
// self-reference (so `npm run build` must have run), followed by a tiny model trained with real
// TensorFlow.js `model.fit` over several epochs and batches; the optimizer's lr at each epoch or
// batch must be the schedule's value at that step (docs/tfjs.md).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ExportContext } from "../src/export/contract.js";
import { exportTfjs } from "../src/export/targets/tfjs.js";
import { parseLearningRate } from "../src/index.js";

const context: ExportContext = {
  formula: () => {
    throw new Error("the tfjs target needs no formula");
  },
  pytorch: () => {
    throw new Error("the tfjs target never asks for the PyTorch export");
  },
};

const dir = mkdtempSync(join(process.cwd(), ".export-tfjs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The exported code, then a real fit: 10 samples, batch size 2 (5 batches per epoch), 6 epochs. */
function train(code: string, options: { validation?: boolean } = {}): { batches: number[]; epochs: number[]; valLoss: number[] } {
  const harness = `
import * as tf from "@tensorflow/tfjs";
await tf.setBackend("cpu");
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: tf.train.sgd(0.5), loss: "meanSquaredError" });
const x = tf.tensor2d([[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]]);
const y = tf.tensor2d([[1], [3], [5], [7], [9], [11], [13], [15], [17], [19]]);
const batches = [], epochs = [];
const record = new tf.CustomCallback({
  onBatchBegin: () => void batches.push(model.optimizer.learningRate),
  onEpochBegin: () => void epochs.push(model.optimizer.learningRate),
});
const history = await model.fit(x, y, { epochs: 6, batchSize: 2, shuffle: false, verbose: 0, ${options.validation ? "validationSplit: 0.2, " : ""}callbacks: [callback, record] });
console.log(JSON.stringify({ batches, epochs, valLoss: history.history.val_loss ?? [] }));
`;
  const file = join(dir, `run-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, `${code}\n${harness}`);
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: "utf8", timeout: 120_000 })) as { batches: number[]; epochs: number[]; valLoss: number[] };
}

const close = (got: number, want: number) => Math.abs(got - want) <= 1e-6 * Math.abs(want);

describe("export --to tfjs", () => {
  it("per epoch: the printed code sets the lr of epoch t to schedule.at(t) in a real model.fit", () => {
    const schedule = parseLearningRate("StepLR(0.1, 2, gamma=0.5)");
    const code = exportTfjs(schedule, context);
    expect(code).toContain('import { learningRateScheduler } from "nerva-lr/tfjs";');
    expect(code).toContain(`parseLearningRate("${schedule.toString()}")`);
    const { epochs, batches } = train(code);
    expect(epochs).toHaveLength(6);
    epochs.forEach((lr, t) => expect(close(lr, schedule.at(t)), `epoch ${t}: ${lr} vs ${schedule.at(t)}`).toBe(true));
    // Within an epoch the lr stays: 10 samples in batches of 2 are 5 batches per epoch.
    batches.forEach((lr, b) => expect(close(lr, schedule.at(Math.floor(b / 5))), `batch ${b}`).toBe(true));
  });

  it('per batch (the per: "batch" the comment describes): batch k of the whole fit gets schedule.at(k)', () => {
    const schedule = parseLearningRate("join_schedules([linear_schedule(0.01, 0.1, 5), cosine_decay_schedule(0.1, 20)], [5])");
    const code = exportTfjs(schedule, context).replace("{ per: \"epoch\" })", "{ per: \"batch\" })");
    const { batches } = train(code);
    expect(batches).toHaveLength(30);
    batches.forEach((lr, k) => expect(close(lr, schedule.at(k)), `batch ${k}: ${lr} vs ${schedule.at(k)}`).toBe(true));
  });

  it("a metric-driven schedule becomes reduceLROnPlateauCallback with its parameters, reducing on the real val_loss", () => {
    const spec = "ReduceLROnPlateau(0.05, factor=0.5, patience=0, threshold=0.5)";
    const code = exportTfjs(parseLearningRate(spec), context);
    expect(code).toContain("reduceLROnPlateauCallback({");
    const { epochs, valLoss } = train(code, { validation: true });
    // The same schedule in nerva-lr, told the same metrics: the lr of each next epoch.
    const reference = parseLearningRate(spec);
    const expected = [reference.at(0)];
    for (const metric of valLoss.slice(0, -1)) {
      reference.step(metric);
      expected.push(reference.at(expected.length));
    }
    epochs.forEach((lr, t) => expect(close(lr, expected[t] as number), `epoch ${t}: ${lr} vs ${expected[t]}`).toBe(true));
    expect(new Set(epochs).size).toBeGreaterThan(1);
  });
});
