import { parseLayers } from "../language/read.js";
import { oneSpec, type Io } from "./io.js";

/** `check SPEC`: the canonical spec (of each layer, joined by ';'), or (thrown) the error. SPEC may be JSON. */
export function checkCommand(positionals: readonly string[], io: Io): number {
  const spec = oneSpec(positionals, "check");
  io.stdout(`${parseLayers(spec).map((layer) => String(layer.schedule)).join(";")}\n`);
  return 0;
}
