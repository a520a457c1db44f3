// The transformers, timm and deepspeed exports, proven in the peers' own code (docs/export.md):
// test/fixtures/exports-peers.json holds, for each case of test/export-peers-cases.ts, the code
// nerva-lr exported and the lrs transformers' optimization.py, timm's scheduler classes and
// DeepSpeed's lr_schedules.py (or torch's class, as DeepSpeed's engine falls back) produced when
// that code ran (scripts/export_peers_reference.py; `npm run fixtures:exports-peers`). Here: the
// exporters still print that code, and the peers' values are the schedule's (relative 1e-9).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isNervaLrError, parseLearningRate } from "../src/index.js";
import { toDeepSpeed } from "../src/export/targets/deepspeed.js";
import { toTimm } from "../src/export/targets/timm.js";
import { toTransformers } from "../src/export/targets/transformers.js";
import { CASES, exportCase } from "./export-peers-cases.js";
import { testContext } from "./export-peers-helpers.js";
import { close, rejection } from "./helpers.js";

interface FixtureCase {
  readonly spec: string;
  readonly target: string;
  readonly code: string;
  readonly values: readonly number[];
  readonly momentum?: readonly (number | null)[];
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/exports-peers.json", import.meta.url), "utf8")) as {
  readonly peers: Record<string, string>;
  readonly cases: readonly FixtureCase[];
};

describe("exports run in the peers' own code", () => {
  it("the fixture holds every case, from recorded peer versions", () => {
    expect(fixture.cases.map((c) => `${c.target} ${c.spec}`)).toEqual(CASES.map((c) => `${c.target} ${c.spec}`));
    for (const peer of ["transformers", "timm", "deepspeed"]) expect(fixture.peers[peer], peer).toMatch(/\S/);
  });

  for (const entry of fixture.cases) {
    it(`${entry.target}: ${entry.spec}`, () => {
      expect(exportCase(entry.target, entry.spec), "the exporter prints the code the peer ran").toBe(entry.code);
      const schedule = parseLearningRate(entry.spec);
      expect(entry.values.length).toBeGreaterThan(10);
      entry.values.forEach((value, k) => {
        if (!close(value, schedule.at(k), 1e-9)) expect.fail(`step ${k}: the peer's lr ${value}, at(${k}) = ${schedule.at(k)}`);
      });
      if (entry.momentum !== undefined && schedule.cyclesMomentum) {
        entry.momentum.forEach((m, k) => {
          const ours = schedule.momentumAt(k) as number;
          if (m === null || !close(m, ours, 1e-9)) expect.fail(`step ${k}: the peer's momentum ${m}, nerva-lr's ${ours}`);
        });
      }
    });
  }
});

describe("what the targets do not express natively", () => {
  it("transformers and timm fall back to the PyTorch form, saying so", () => {
    for (const [exporter, spec, says] of [
      [toTransformers, "StepLR(0.1, 3, gamma=0.5)", "# transformers has no function for StepLR"],
      [toTransformers, "CosineLRScheduler(0.1, 10)", "# transformers has no function for CosineLRScheduler"],
      [toTimm, "CosineAnnealingLR(0.1, 10)", "# timm has no scheduler class for CosineAnnealingLR"],
      [toTimm, "Warmup(CosineAnnealingLR(0.1, 20), 5)", "# timm has no scheduler class for Warmup"],
      [toTimm, "get_linear_schedule_with_warmup(0.1, 5, 40)", "# timm has no scheduler class for get_linear_schedule_with_warmup"],
    ] as const) {
      const context = testContext();
      const schedule = parseLearningRate(spec);
      const code = exporter(schedule, context);
      expect(code.split("\n")[0], spec).toContain(says);
      expect(context.askedPytorch, spec).toEqual([schedule]);
      expect(code).toContain(`# pytorch export of ${schedule.type}`);
    }
  });

  it("timm's noise is exported with timm's options and a comment that its numbers are timm's own", () => {
    const code = toTimm(parseLearningRate("CosineLRScheduler(0.1, 30, warmup_t=3, noise_range_t=[5, 20], noise_pct=0.3, noise_seed=7)"), testContext());
    expect(code).toContain("noise_range_t=(5, 20), noise_pct=0.3, noise_std=1.0, noise_seed=7");
    expect(code).toContain("not timm's numbers");
  });

  it("deepspeed refuses what neither DeepSpeed nor torch's JSON-configured classes express, naming them", () => {
    for (const spec of ["CosineLRScheduler(0.1, 10)", "ReduceLROnPlateau(0.1)", "SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])", "get_cosine_schedule_with_warmup(0.1, 5, 40)", "Warmup(StepLR(0.1, 3), 5)", "SWALR(0.1, 0.01)"]) {
      const error = rejection(() => toDeepSpeed(parseLearningRate(spec), testContext()));
      expect(isNervaLrError(error), spec).toBe(true);
      expect(error.code as string, spec).toBe("cannot-export");
      expect(error.problem, spec).toMatch(/^DeepSpeed has no scheduler for \w+/);
      expect(error.problem).toContain("WarmupLR, WarmupDecayLR, WarmupCosineLR, OneCycle, LRRangeTest");
      expect(error.problem).toContain("StepLR, MultiStepLR");
      expect(error.problem.split("\n")).toHaveLength(1);
    }
    expect(rejection(() => toDeepSpeed(parseLearningRate("ReduceLROnPlateau(0.1)"), testContext())).problem).toContain("without a metric");
  });
});
