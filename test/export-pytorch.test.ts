// The PyTorch export run in PyTorch itself (npm run test:exports; docs/export.md): for every
// catalog example and the extra parameter sets of export-specs.ts, the exported code is executed
// by scripts/export_reference.py with /usr/bin/python3 and torch (a real SGD optimizer with
// momentum), and the optimizer's lr after k calls of scheduler.step() must be the schedule's
// value at k within a relative 1e-9, for k over the schedule's span and past it (the momentum
// too where the schedule cycles it). Without torch this suite fails: it is the proof.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { catalog, isNervaLrError, parseLearningRate, type Schedule } from "../src/index.js";
import { exportSchedule } from "../src/export/index.js";
import { FORMULAS, formulaOf } from "../src/export/formulas/index.js";
import { spanOf } from "../src/plot/span.js";
import { EXTRA, LONG_RUNS, METRICS, PLATEAU } from "./export-specs.js";
import { close } from "./helpers.js";

interface Result {
  id: string;
  lr?: number[];
  momentum?: number[];
  error?: string;
}

/** Steps 0..N-1: past the span (OneCycleLR: up to its last step, since torch raises past it). */
function stepsOf(schedule: Schedule, spec: string): number {
  if (schedule.behaviour === "metric-driven") return METRICS.length;
  if (schedule.type === "OneCycleLR") return schedule.params["total_steps"] as number;
  const long = LONG_RUNS[spec];
  if (long !== undefined) return long;
  return Math.min(2000, Math.ceil(2 * (spanOf(schedule) ?? 40)) + 10);
}

const specs = [...catalog.map((d) => d.example), ...EXTRA, ...PLATEAU];
const exported: { spec: string; code: string; steps: number }[] = [];
const refused: { spec: string; source: string; message: string }[] = [];
for (const spec of specs) {
  const schedule = parseLearningRate(spec);
  try {
    exported.push({ spec, code: exportSchedule(schedule, "pytorch"), steps: stepsOf(schedule, spec) });
  } catch (error) {
    if (!isNervaLrError(error) || error.code !== "cannot-export") throw error;
    refused.push({ spec, source: schedule.definition.source, message: error.message });
  }
}

/** A few exports as the CLI prints them (the built binary, as a user runs it), run in torch too. */
const CLI_SPECS = ["OneCycleLR(0.1, 50, three_phase=true)", "get_linear_schedule_with_warmup(0.1, 10, 60)", "SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])", "TimeBased(0.1, 0.05)", "ReduceLROnPlateau(0.1, factor=0.5, patience=1)"];
const binary = new URL("../dist/cli/nerva-lr.cjs", import.meta.url).pathname;
for (const spec of CLI_SPECS) {
  const run = spawnSync(process.execPath, [binary, "export", spec, "--to", "pytorch"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`nerva-lr export ${spec} failed: ${run.stderr}`);
  exported.push({ spec: `cli: ${spec}`, code: run.stdout, steps: stepsOf(parseLearningRate(spec), spec) });
}

/** The spec of a case (CLI cases are named "cli: SPEC"). */
const specOf = (id: string) => id.replace(/^cli: /, "");

let results = new Map<string, Result>();

beforeAll(() => {
  const input = JSON.stringify(exported.map((e) => ({ id: e.spec, code: e.code, steps: e.steps, ...(parseLearningRate(specOf(e.spec)).behaviour === "metric-driven" ? { metrics: METRICS } : {}) })));
  const run = spawnSync("/usr/bin/python3", ["scripts/export_reference.py"], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`scripts/export_reference.py failed (needs /usr/bin/python3 with torch): ${run.error?.message ?? run.stderr}`);
  const output = JSON.parse(run.stdout) as { torch: string; results: Result[] };
  expect(output.torch).toMatch(/^1\.13/);
  results = new Map(output.results.map((r) => [r.id, r]));
});

describe("PyTorch exports run in torch", () => {
  it("refuses only schedules without a formula (and no torch class), with cannot-export", () => {
    expect(refused.filter((r) => Object.hasOwn(FORMULAS, r.source) && formulaOf(parseLearningRate(r.spec)) !== undefined)).toEqual([]);
    for (const r of refused) expect(r.message).toMatch(/torch has no such class/);
    const bySource = new Map<string, number>();
    for (const e of exported) if (!e.spec.startsWith("cli: ")) bySource.set(parseLearningRate(e.spec).definition.source, (bySource.get(parseLearningRate(e.spec).definition.source) ?? 0) + 1);
    console.log(`PyTorch exports run in torch: ${exported.length} (${[...bySource].map(([k, v]) => `${k} ${v}`).join(", ")}, CLI ${CLI_SPECS.length}); refused: ${refused.length}`);
  });

  for (const { spec, steps } of exported) {
    it(spec, () => {
      const result = results.get(spec);
      expect(result?.error).toBeUndefined();
      const schedule = parseLearningRate(specOf(spec));
      const expected: number[] = [];
      for (let k = 0; k < steps; k++) {
        expected.push(schedule.at(k));
        if (schedule.behaviour === "metric-driven") schedule.step(METRICS[k] as number);
      }
      const scale = Math.max(...expected);
      const lr = result?.lr ?? [];
      expect(lr).toHaveLength(steps);
      const bad = lr.map((a, k) => ({ k, a, e: expected[k] as number })).filter(({ a, e }) => !close(a, e, 1e-9, 1e-15 * scale));
      expect(bad.slice(0, 5)).toEqual([]);
      // Momentum is carried where torch's own class cycles it (CyclicLR, OneCycleLR); a LambdaLR
      // export sets the lr only, and says so in its comment (docs/export.md).
      if (schedule.cyclesMomentum && !exportSchedule(schedule, "pytorch").includes("LambdaLR(")) {
        const fresh = schedule.fresh();
        const momentum = result?.momentum ?? [];
        const wrong = momentum.map((a, k) => ({ k, a, e: fresh.momentumAt(k) as number })).filter(({ a, e }) => !close(a, e, 1e-9, 1e-15));
        expect(wrong.slice(0, 5)).toEqual([]);
      }
    });
  }
});
