/** `demo` (what `npm start` runs): a few schedules evaluated side by side on built-in defaults. */
import { formatNumber } from "../core/canonical.js";
import { parseLearningRate } from "../language/read.js";
import { noArguments, type Io } from "./io.js";
import { renderTable } from "./table.js";

export const DEMO_SPECS = [
  "Constant(0.1)",
  "TimeBased(0.1,0.05)",
  "StepBased(0.1,0.5,4)",
  "MultiStepLR(0.1;3,6,9;0.5)",
  "Exponential(0.1,0.2)",
] as const;

const DEMO_EPOCHS = 12;

export function demoCommand(positionals: readonly string[], io: Io): number {
  noArguments(positionals, "demo");
  const schedules = DEMO_SPECS.map((spec) => parseLearningRate(spec));
  const rows: string[][] = [];
  for (let epoch = 0; epoch < DEMO_EPOCHS; epoch++) {
    rows.push([String(epoch), ...schedules.map((schedule) => round(schedule.at(epoch)))]);
  }
  io.stdout(
    `nerva-lr demo: nerva's schedules, epochs 0..${DEMO_EPOCHS - 1} (rounded to 6 significant digits)\n\n` +
      DEMO_SPECS.map((spec, i) => `  [${i + 1}] ${spec}\n`).join("") +
      "\n" +
      renderTable(["epoch", ...DEMO_SPECS.map((_, i) => `[${i + 1}]`)], rows) +
      "\nTry:  nerva-lr eval \"StepBased(0.1,0.5,10)\" --epochs 25\n" +
      "      nerva-lr check \"MultiStepLR(0.1;1,3,5;0.1)\"\n" +
      "      nerva-lr list\n",
  );
  return 0;
}

function round(x: number): string {
  return formatNumber(Number(x.toPrecision(6)));
}
