import { parseLearningRates } from "../language/read.js";
import { oneSpec, type Io } from "./io.js";

/** `check SPEC`: the canonical spec, or (thrown) the error. */
export function checkCommand(positionals: readonly string[], io: Io): number {
  const spec = oneSpec(positionals, "check");
  io.stdout(`${parseLearningRates(spec).map(String).join(";")}\n`);
  return 0;
}
