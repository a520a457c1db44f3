/**
 * `export SPEC --to TARGET`: the code that reproduces the schedule in another framework
 * (docs/export.md). A missing or unknown target is a usage error (exit 2) listing the targets; a
 * schedule the target cannot express, the one-line `cannot-export` error (exit 1).
 */
import { exportSchedule, isExportTarget, TARGETS } from "../export/index.js";
import { parseLayers } from "../language/read.js";
import { didYouMean } from "../language/suggest.js";
import { oneSpec, quote, UsageError, type Io } from "./io.js";

export function exportCommand(positionals: readonly string[], options: { readonly to?: string | undefined }, io: Io): number {
  const to = options.to;
  if (to === undefined) throw new UsageError(`'export' needs --to TARGET (${TARGETS.join(", ")})`, "export");
  if (!isExportTarget(to)) throw new UsageError(`unknown target ${quote(to)}${didYouMean(to, TARGETS)} (expected ${TARGETS.join(", ")})`, "export");
  const spec = oneSpec(positionals, "export");
  const layers = parseLayers(spec);
  if (layers.length !== 1) throw new UsageError(`'export' takes one schedule, got a list of ${layers.length} (one per layer); export each layer's schedule alone`, "export");
  io.stdout(exportSchedule((layers[0] as (typeof layers)[number]).schedule, to));
  return 0;
}
