// Parsing time against input size: valid specs and junk from 10 kB to 4 MB (npm run bench).
// Figures, not assertions: machines here are shared and noisy, so no test depends on them.
import { parseLearningRate, parseLearningRates } from "../dist/index.js";

function time(fn, repeat) {
  fn(); // warm up
  const start = performance.now();
  for (let i = 0; i < repeat; i++) fn();
  return (performance.now() - start) / repeat;
}

function validSpec(bytes) {
  const milestones = [];
  let text = "MultiStepLR(0.5, [";
  for (let i = 1; text.length < bytes; i++) {
    milestones.push(i);
    text += `${i}, `;
  }
  return `MultiStepLR(0.5, [${milestones.join(", ")}], 1)`;
}

const kinds = {
  "valid milestones": validSpec,
  "per-layer list": (bytes) => Array.from({ length: Math.ceil(bytes / 40) }, (_, i) => `StepLR(lr=0.1, step_size=${i + 1})`).join(";"),
  "junk after a long list": (bytes) => `${validSpec(bytes).slice(0, -4)}, x])`,
  "one long name": (bytes) => "a".repeat(bytes),
};

console.log("kind                     size      ms     ns/char");
for (const [kind, make] of Object.entries(kinds)) {
  for (const size of [1e4, 1e5, 1e6, 4e6]) {
    const text = make(size);
    const parse = kind === "per-layer list" ? () => parseLearningRates(text) : () => {
      try {
        parseLearningRate(text);
      } catch (error) {
        if (error.name !== "NervaLrError") throw error;
      }
    };
    const ms = time(parse, size >= 1e6 ? 3 : 20);
    console.log(`${kind.padEnd(24)} ${String(text.length).padStart(8)} ${ms.toFixed(2).padStart(7)} ${((ms * 1e6) / text.length).toFixed(1).padStart(10)}`);
  }
}

// What one evaluation costs, for the record (the schedule benchmarks proper are a later issue).
for (const spec of ["StepLR(0.1, 30)", "CosineAnnealingWarmRestarts(0.1, 10, T_mult=2)", "SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=95)], [5])"]) {
  const s = parseLearningRate(spec);
  const n = 1e6;
  const ms = time(() => {
    for (let t = 0; t < n; t++) s.at(t);
  }, 3);
  console.log(`at(): ${((ms * 1e6) / n).toFixed(1)} ns per call  ${spec}`);
}
