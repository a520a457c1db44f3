import { readInput, readOptions, type InputOptions } from "./spec-input.js";
import { oneSpec, type Io } from "./io.js";

/**
 * `check SPEC`: the canonical spec (of each layer, joined by ';'), or (thrown) the error. SPEC may
 * be JSON, a config or @PATH; for a config, a first line `from: ...` says what was recognised.
 */
export function checkCommand(positionals: readonly string[], options: InputOptions, io: Io): number {
  const spec = oneSpec(positionals, "check");
  const input = readInput(spec, readOptions(options));
  const from = input.from === undefined ? "" : `from: ${input.from}\n`;
  io.stdout(`${from}${input.layers.map((layer) => String(layer.schedule)).join(";")}\n`);
  return 0;
}
