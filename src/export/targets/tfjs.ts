/**
 * `--to tfjs`: JavaScript for a TensorFlow.js user: the schedule as its canonical spec, read back by
 * nerva-lr itself, and the nerva-lr/tfjs callback that sets the optimizer's lr (docs/tfjs.md).
 * Every schedule can be exported (each has a spec); metric-driven ones get the plateau callback.
 * docs/export-keras-optax-tfjs.md.
 */
import type { Exporter } from "../contract.js";

export const exportTfjs: Exporter = (schedule) => {
  const spec = JSON.stringify(schedule.toString());
  if (schedule.behaviour === "metric-driven") {
    const p = schedule.params;
    const options = ["lr", "mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"].map((name) => `  ${name}: ${JSON.stringify(p[name])},`);
    return [
      `import { reduceLROnPlateauCallback } from "nerva-lr/tfjs";`,
      ``,
      `// ${spec.slice(1, -1)}`,
      `// After each epoch the callback reads the monitored value from the epoch logs ("val_loss" needs`,
      `// validationData or validationSplit in model.fit) and reduces the lr as PyTorch does.`,
      `const callback = reduceLROnPlateauCallback({`,
      `  monitor: "val_loss",`,
      ...options,
      `});`,
      ``,
      `// await model.fit(x, y, { epochs, validationSplit: 0.2, callbacks: [callback] });`,
      ``,
    ].join("\n");
  }
  return [
    `import { parseLearningRate } from "nerva-lr";`,
    `import { learningRateScheduler } from "nerva-lr/tfjs";`,
    ``,
    `const schedule = parseLearningRate(${spec});`,
    `// per: "epoch" sets the lr before each epoch to schedule.at(t), t = epochs done (0 first);`,
    `// per: "batch" sets it before each batch, t = batches trained so far across epochs.`,
    `const callback = learningRateScheduler(schedule, { per: "epoch" });`,
    ``,
    `// await model.fit(x, y, { epochs, callbacks: [callback] });`,
    ``,
  ].join("\n");
};
