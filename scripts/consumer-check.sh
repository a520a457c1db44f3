#!/usr/bin/env bash
# npm run test:consumer (and CI): the package as a user installs it. Packs this repository, then in
# fresh folders: (1) installs the tarball with @tensorflow/tfjs, checks there is one tfjs-core (ours
# uses the user's), trains with nerva-lr/tfjs from plain .mjs and type-checks strict TypeScript
# (moduleResolution nodenext); (2) installs the tarball alone and checks that "nerva-lr" and
# "nerva-lr/plot" load without TensorFlow.js, and that "nerva-lr/tfjs" then says what is missing;
# there, npm's whole output of the install is read: nerva-lr must cause no warning (an install
# script such as `prepare` in the packed package.json makes npm warn on every install).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
manifest=$(cat package.json)
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
echo "packed $tarball"
if [ "$(cat package.json)" != "$manifest" ]; then echo "npm pack left package.json changed (postpack did not restore it)"; exit 1; fi
if tar -xzOf "$work/$tarball" package/package.json | grep -q '"\(preinstall\|install\|postinstall\|prepare\)"'; then
  echo "the packed package.json has an install script:"; tar -xzOf "$work/$tarball" package/package.json | grep '"\(preinstall\|install\|postinstall\|prepare\)"'; exit 1
fi
quiet=(--no-audit --no-fund --loglevel=error)

# (1) With TensorFlow.js.
mkdir "$work/with-tfjs" && cd "$work/with-tfjs"
npm init -y >/dev/null
npm install "${quiet[@]}" "$work/$tarball" @tensorflow/tfjs@4 typescript@5.9 @types/node@20 >/dev/null
cores=$(npm ls @tensorflow/tfjs-core --all --parseable | sort -u | wc -l)
if [ "$cores" -ne 1 ]; then echo "expected one @tensorflow/tfjs-core, found $cores:"; npm ls @tensorflow/tfjs-core --all; exit 1; fi
echo "one @tensorflow/tfjs-core: $(npm ls @tensorflow/tfjs-core --all | grep -o 'tfjs-core@[0-9.]*' | sort -u | tr '\n' ' ')"
cat > train.mjs <<'EOF'
import * as tf from "@tensorflow/tfjs";
import { stepLR } from "nerva-lr";
import { learningRateScheduler, reduceLROnPlateauCallback } from "nerva-lr/tfjs";
import assert from "node:assert/strict";
await tf.setBackend("cpu");
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: "zeros" })] });
model.compile({ optimizer: tf.train.sgd(1), loss: "meanSquaredError" });
const schedule = stepLR({ lr: 0.1, step_size: 2, gamma: 0.5 });
const history = await model.fit(tf.tensor2d([[1]]), tf.tensor2d([[1]]), { epochs: 4, verbose: 0, callbacks: [learningRateScheduler(schedule)] });
let w = 0;
for (let t = 0; t < 4; t++) w -= schedule.at(t) * 2 * (w - 1);
assert.ok(Math.abs(model.getWeights()[0].dataSync()[0] - w) < 1e-6, "the weight follows the schedule's lrs");
assert.deepEqual(history.history.learning_rate, [0, 1, 2, 3].map((t) => schedule.at(t)));
console.log("plain .mjs: trained with nerva-lr/tfjs, weight", w.toFixed(6));
// The plateau callback reads the epoch logs tfjs hands over (tensors), with validationSplit.
const xs = tf.linspace(-1, 1, 64).reshape([64, 1]);
const plateauModel = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
plateauModel.compile({ optimizer: tf.train.sgd(0.05), loss: "meanSquaredError" });
const plateauHistory = await plateauModel.fit(xs, xs.mul(3).add(1), { epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [reduceLROnPlateauCallback({ monitor: "val_loss", patience: 1 })] });
assert.equal(plateauHistory.history.learning_rate.length, 3);
console.log("plain .mjs: reduceLROnPlateauCallback followed val_loss", plateauHistory.history.val_loss.map((v) => v.toFixed(3)).join(" "));
EOF
node train.mjs 2>&1 | grep -v "====\|Hi, looks like\|^$"
cat > tsconfig.json <<'EOF'
{ "compilerOptions": { "strict": true, "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022", "noEmit": true, "skipLibCheck": false, "types": ["node"] }, "include": ["check.ts"] }
EOF
cat > check.ts <<'EOF'
import * as tf from "@tensorflow/tfjs";
import { oneCycleLR, parseLearningRate, type OneCycleLROptions, type Schedule } from "nerva-lr";
import { findLearningRate, learningRateScheduler, reduceLROnPlateauCallback, setLearningRate, type PlateauCallbackState } from "nerva-lr/tfjs";
import { plotText } from "nerva-lr/plot";
const options: OneCycleLROptions = { max_lr: 0.1, total_steps: 100 };
const schedule = oneCycleLR(options);
const steps: number = schedule.params.total_steps;
const parsed: Schedule = parseLearningRate("StepLR(0.1, 3)");
// One callback sets the lr in a fit: a schedule alone, or a schedule scaled on plateaus.
const plateau = reduceLROnPlateauCallback({ schedule, per: "batch", monitor: "loss", patience: 2 });
const callbacks: tf.Callback[] = [learningRateScheduler(schedule, { per: "batch" })];
const alternative: tf.Callback[] = [plateau, tf.callbacks.earlyStopping({ monitor: "loss" })];
const restore = (state: PlateauCallbackState) => plateau.setState(state);
setLearningRate(tf.train.adam(), 0.01);
const chart: string = plotText([{ label: "one-cycle", schedule }]);
export { steps, parsed, callbacks, alternative, restore, chart, findLearningRate };
EOF
# skipLibCheck false would check tfjs's own typings too; ours must pass strict on their own.
sed -i 's/"skipLibCheck": false/"skipLibCheck": true/' tsconfig.json
npx tsc -p tsconfig.json
echo "strict TypeScript (nodenext): nerva-lr, nerva-lr/tfjs and nerva-lr/plot type-check"

# (2) Without TensorFlow.js.
mkdir "$work/without-tfjs" && cd "$work/without-tfjs"
npm init -y >/dev/null
# Every line npm prints, at its default log level, as a user sees it.
npm install --no-audit --no-fund "$work/$tarball" > install.log 2>&1
if grep -i "warn\|install-scripts\|nerva-lr@" install.log; then echo "installing the tarball printed the warning(s) above"; exit 1; fi
echo "installing the tarball alone prints no warning: $(grep -v '^$' install.log | tr '\n' ' ')"
test ! -e node_modules/@tensorflow || { echo "installing nerva-lr alone brought TensorFlow.js"; exit 1; }
node --input-type=module -e '
import { parseLearningRate } from "nerva-lr";
import { plotText } from "nerva-lr/plot";
if (parseLearningRate("StepLR(0.1, 3)").at(3) !== 0.1 * 0.1) throw new Error("wrong value");
// nerva-lr/configs installs with its yaml parser and reads YAML (scripts/size.mjs checks that the root bundles no yaml).
const { createRequire } = await import("node:module");
const yamlPath = createRequire(import.meta.url).resolve("yaml");
const { readSchedule } = await import("nerva-lr/configs");
if (readSchedule("sched: step\nepochs: 10\nlr: 0.1\ndecay_epochs: 3\nwarmup_epochs: 0\n").schedule.at(3) !== 0.1 * 0.1) throw new Error("wrong config value");
console.log("nerva-lr/configs reads a timm args.yaml with", yamlPath.includes("node_modules/yaml") ? "the yaml package" : yamlPath);
// nerva-lr/export writes code for other frameworks from the installed package.
const { exportSchedule } = await import("nerva-lr/export");
if (!exportSchedule(parseLearningRate("StepLR(0.1, 3)"), "pytorch").includes("torch.optim.lr_scheduler.StepLR(optimizer")) throw new Error("wrong export");
console.log("nerva-lr/export writes PyTorch code from the installed package");
plotText([{ label: "s", schedule: parseLearningRate("StepLR(0.1, 3)") }]);
console.log("without TensorFlow.js: nerva-lr and nerva-lr/plot load and work");
try {
  await import("nerva-lr/tfjs");
  throw new Error("nerva-lr/tfjs loaded without TensorFlow.js");
} catch (error) {
  if (!/@tensorflow\/tfjs-(core|layers)/.test(String(error))) throw error;
  console.log("without TensorFlow.js: nerva-lr/tfjs names the missing peer:", String(error).split("\n")[0].slice(0, 100));
}'
npx nerva-lr check "StepLR(0.1, 3)" >/dev/null && echo "npx nerva-lr runs from the installed package"
echo "consumer check: all passed"
