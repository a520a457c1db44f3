/** `demo` (what `npm start` runs): nerva's schedules side by side, with what to try next. */
import { DEFAULT_PRECISION } from "./columns.js";
import { readSeries, writeEvaluation } from "./eval-command.js";
import { buildChart } from "../plot/model.js";
import { DEFAULT_TEXT_WIDTH, renderText } from "../plot/text.js";
import { noArguments, type Io } from "./io.js";

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
  io.stdout(`nerva-lr demo: nerva's schedules, epochs 0..${DEMO_EPOCHS - 1} (rounded to ${DEFAULT_PRECISION} significant digits)\n\n`);
  writeEvaluation(readSeries(DEMO_SPECS), { count: DEMO_EPOCHS }, undefined, "table", DEFAULT_PRECISION, io);
  // The same schedules over a longer run, as a chart (fresh schedules: TimeBased keeps state).
  const chart = buildChart(readSeries(DEMO_SPECS, (text) => text), { epochs: 30 });
  io.stdout(`\nThe same over 30 epochs:\n\n${renderText(chart, { width: Math.min(io.terminal?.columns ?? DEFAULT_TEXT_WIDTH, 100), color: io.terminal?.color === true })}`);
  io.stdout(
    // In a checkout the binary is not on the PATH; npx finds it in node_modules/.bin or the package.
    "\nTry:  npx nerva-lr eval \"StepBased(0.1,0.5,10)\" \"Exponential(0.1,0.05)\" --epochs 25\n" +
      "      npx nerva-lr plot \"OneCycleLR(0.1, 1000)\" \"CosineAnnealingLR(0.1, 1000)\"\n" +
      "      npx nerva-lr check \"OneCycleLR(optimizer, max_lr=0.01, total_steps=1000)\"\n" +
      "      npx nerva-lr list\n",
  );
  return 0;
}
