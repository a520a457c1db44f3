// Megatron-LM's OptimizerParamScheduler and NeMo's schedulers against their own code: values
// recorded by scripts/peer_reference_llm.py from megatron/core/optimizer_param_scheduler.py and
// nemo/core/optim/lr_scheduler.py, run on Debian's torch (the fixture is committed; tests need
// neither torch nor the peers). docs/llm-schedules.md lists the formulas and quirks checked here.
import fc from "fast-check";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalog, NervaLrError, parseLearningRate, scheduleFromJson } from "../src/index.js";
import { anyEpoch, RUNS, scheduleOf, SEED } from "./arbitraries.js";
import { close, rejection } from "./helpers.js";

interface Case {
  peer: "megatron" | "nemo";
  spec: string;
  /** The lr the optimizer holds at step t = 0, 1, ...: after construction and t scheduler steps. */
  values: number[];
}

interface Failure {
  peer: string;
  spec: string;
  /** The exception the peer's code raised with these parameters. */
  error: string;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/llm-peers.json", import.meta.url), "utf8")) as {
  torch: string;
  peers: Record<string, string>;
  cases: Case[];
  failures: Failure[];
};
const cases = (peer: string) => fixture.cases.filter((c) => c.peer === peer);
const typeOf = (spec: string) => parseLearningRate(spec).type;
const valuesOf = (spec: string) => (fixture.cases.find((c) => c.spec === spec) as Case).values;

describe("the peers' own values", () => {
  it("were recorded from known commits, with torch", () => {
    expect(fixture.peers["megatron"]).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.peers["nemo"]).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.torch).toMatch(/^1\.13/);
  });
  for (const c of fixture.cases) {
    it(`${c.peer}: ${c.spec}`, () => {
      const schedule = parseLearningRate(c.spec);
      const scale = Math.max(...c.values);
      const bad = c.values.map((theirs, t) => ({ t, ours: schedule.at(t), theirs })).filter(({ ours, theirs }) => !close(ours, theirs, 1e-9, 1e-15 * scale));
      expect(bad).toEqual([]);
      // fill() and the canonical text and JSON forms give the same values.
      expect(Array.from(schedule.values(c.values.length))).toEqual(c.values.map((_, t) => schedule.at(t)));
      expect(parseLearningRate(String(schedule)).at(c.values.length - 1)).toBe(schedule.at(c.values.length - 1));
      expect(scheduleFromJson(JSON.stringify(schedule)).at(c.values.length - 1)).toBe(schedule.at(c.values.length - 1));
    });
  }
});

describe("the fixtures cover", () => {
  it("every NeMo scheduler of the catalog, with and without warmup, and a run past 2000 steps", () => {
    const nemo = catalog.filter((d) => d.source === "NeMo").map((d) => d.type);
    expect(nemo).toHaveLength(14);
    expect([...new Set(cases("nemo").map((c) => typeOf(c.spec)))].sort()).toEqual([...nemo].sort());
    expect(cases("nemo").filter((c) => /warmup_(steps|ratio)/.test(c.spec)).length).toBeGreaterThan(20);
    // T5 has no warmup at all; NoamHoldAnnealing refuses to run without one (NeMo raises ValueError).
    for (const type of nemo.filter((t) => t !== "T5InverseSquareRootAnnealing" && t !== "NoamHoldAnnealing")) {
      expect(cases("nemo").some((c) => typeOf(c.spec) === type && !c.spec.includes("warmup_")), `${type} without warmup`).toBe(true);
    }
    expect(cases("nemo").filter((c) => c.values.length > 2000).length).toBeGreaterThanOrEqual(6);
  });
  it("the hold, constant and ratio forms, and cycle", () => {
    for (const option of ["hold_steps", "hold_ratio", "constant_steps", "constant_ratio", "warmup_ratio", "cycle=true"]) {
      expect(cases("nemo").some((c) => c.spec.includes(option)), option).toBe(true);
    }
  });
  it("every lr_decay_style and lr_wsd_decay_style of Megatron, warmup on and off, and runs past 2000 steps", () => {
    const styles = new Set(cases("megatron").map((c) => parseLearningRate(c.spec).params["lr_decay_style"]));
    expect([...styles].sort()).toEqual(["WSD", "constant", "cosine", "inverse-square-root", "linear"]);
    const anneals = new Set(cases("megatron").filter((c) => c.spec.includes("WSD")).map((c) => parseLearningRate(c.spec).params["lr_wsd_decay_style"]));
    expect([...anneals].sort()).toEqual(["cosine", "exponential", "linear", "minus_sqrt"]);
    expect(cases("megatron").some((c) => c.spec.includes("lr_warmup_steps=0,"))).toBe(true);
    expect(cases("megatron").filter((c) => c.values.length > 2000).length).toBeGreaterThanOrEqual(4);
  });
});

describe("quirks, as the peers' values show them", () => {
  it("Megatron: constant ignores min_lr, also after lr_decay_steps", () => {
    const values = valuesOf("megatron.OptimizerParamScheduler(init_lr=0.0, max_lr=0.1, min_lr=0.05, lr_warmup_steps=0, lr_decay_steps=20, lr_decay_style=constant)");
    expect(new Set(values)).toEqual(new Set([0.1]));
  });
  it('Megatron: "inverse-square-root" counts from step 0 and drops to min_lr after lr_decay_steps', () => {
    const values = valuesOf('megatron.OptimizerParamScheduler(init_lr=0.0, max_lr=0.1, min_lr=0.002, lr_warmup_steps=0, lr_decay_steps=60, lr_decay_style="inverse-square-root")');
    expect(values[4]).toBeCloseTo(0.1 / Math.sqrt(4), 15);
    expect(values[60]).toBeCloseTo(0.1 / Math.sqrt(60), 15);
    expect(values[61]).toBe(0.002);
    const warm = valuesOf('megatron.OptimizerParamScheduler(init_lr=0.0, max_lr=0.01, min_lr=0.0001, lr_warmup_steps=100, lr_decay_steps=2000, lr_decay_style="inverse-square-root")');
    // sqrt(100 / 400), not sqrt(100 / 300): the steps are not counted from the warmup's end.
    expect(warm[400]).toBeCloseTo(0.005, 15);
  });
  it("Megatron: the warmup reaches max_lr at t = lr_warmup_steps, from init_lr", () => {
    const values = valuesOf("megatron.OptimizerParamScheduler(init_lr=0.01, max_lr=0.1, min_lr=0.001, lr_warmup_steps=20, lr_decay_steps=200, lr_decay_style=cosine)");
    expect([values[0], values[20]]).toEqual([0.01, 0.1]);
  });
  it("NeMo: the warmup is lr * (t + 1) / (W + 1), so step 0 is not 0", () => {
    const values = valuesOf("nemo.WarmupPolicy(lr=0.1, warmup_steps=5, max_steps=20)");
    expect(values[0]).toBeCloseTo(0.1 / 6, 15);
    expect([values[5], values[20], values[21]]).toEqual([0.1, 0.1, 0]);
  });
  it("NeMo: SquareRootAnnealing does not subtract the warmup (a drop after it)", () => {
    const values = valuesOf("nemo.SquareRootAnnealing(lr=0.1, warmup_steps=10, max_steps=100, min_lr=0.001)");
    expect(values[11]).toBeCloseTo(0.1 * Math.sqrt(89 / 100), 15);
  });
  it("NeMo: NoamAnnealing gives lr[0] = lr[1]", () => {
    const values = valuesOf("nemo.NoamAnnealing(lr=2.0, d_model=256)");
    expect(values[0]).toBe(values[1]);
    expect(values[0]).toBeCloseTo(2 / 16, 15);
  });
  it("NeMo: T5InverseSquareRootAnnealing ignores the optimizer's lr", () => {
    const values = valuesOf("nemo.T5InverseSquareRootAnnealing(lr=0.3, constant_steps=4, max_steps=20)");
    expect([values[0], values[16], values[21]]).toEqual([0.5, 0.25, 0]);
  });
  it("NeMo: InverseSquareRootAnnealing falls below min_lr, then jumps up to it after max_steps", () => {
    const values = valuesOf("nemo.InverseSquareRootAnnealing(lr=0.1, warmup_steps=10, max_steps=100, min_lr=0.05)");
    expect(values[100]).toBeLessThan(0.05);
    expect(values[101]).toBe(0.05);
  });
  it("NeMo: PolynomialHoldDecayAnnealing without a hold counts from step 0, and cycle makes it rise again", () => {
    const values = valuesOf("nemo.PolynomialHoldDecayAnnealing(lr=0.1, warmup_steps=10, max_steps=60, power=1.0, cycle=true)");
    expect(values[11]).toBeCloseTo(0.1 * (1 - 11 / 50), 15);
    expect(values[51]).toBeGreaterThan(values[50] as number);
  });
  it("NeMo: CosineAnnealing with constant steps warms up from 0 (Megatron's warmup)", () => {
    expect(valuesOf("nemo.CosineAnnealing(lr=0.1, warmup_steps=10, constant_steps=20, max_steps=100, min_lr=0.0001)")[0]).toBe(0);
  });
  it("NeMo: WarmupHoldPolicy holds past max_steps when the hold ends after it", () => {
    const values = valuesOf("nemo.WarmupHoldPolicy(lr=0.1, warmup_steps=4, hold_steps=30, max_steps=20, min_lr=0.01)");
    expect([values[25], values[33], values[34]]).toEqual([0.1, 0.1, 0.01]);
  });
});

describe("where the peers' code fails, nerva-lr refuses", () => {
  it("the fixture records a failure for each refusal", () => {
    expect(fixture.failures.length).toBeGreaterThanOrEqual(20);
    expect(new Set(fixture.failures.map((f) => f.error))).toEqual(new Set(["AssertionError", "TypeError", "ValueError", "ZeroDivisionError"]));
  });
  it.each(fixture.failures.map((f) => [f.spec, f.error] as const))("%s (%s there)", (spec) => {
    const error = rejection(() => parseLearningRate(spec));
    expect(error.message.split("\n")[0]).not.toMatch(/NaN|Infinity|undefined/);
    expect(error.problem).not.toContain("\n");
  });
  const messages: [string, string][] = [
    ["OptimizerParamScheduler(max_lr=0.01, min_lr=0.1, lr_decay_steps=10)", "max_lr must be >= min_lr (0.1), got 0.01"],
    ["OptimizerParamScheduler(max_lr=0.1, lr_warmup_steps=10, lr_decay_steps=10)", "lr_warmup_steps must be < lr_decay_steps (10), got 10"],
    ["OptimizerParamScheduler(max_lr=0.1, lr_decay_steps=10, lr_decay_style=WSD)", "lr_decay_style=WSD needs wsd_decay_steps"],
    ["WarmupPolicy(0.1, 50, warmup_steps=5, warmup_ratio=0.1)", "give warmup_steps or warmup_ratio, not both"],
    ["WarmupPolicy(0.1, warmup_ratio=0.1)", "warmup_ratio needs max_steps"],
    ["CosineAnnealing(0.01, 50, min_lr=0.1)", "min_lr must be <= lr (0.01), got 0.1: NeMo raises ValueError"],
    ["NoamHoldAnnealing(0.1, 50, hold_steps=10)", "NoamHoldAnnealing needs warmup steps"],
    ["T5InverseSquareRootAnnealing(max_steps=50, constant_ratio=0.1)", "give constant_steps, not constant_ratio"],
    ["WarmupHoldAnnealLinear(0.1, 30, warmup_steps=10, hold_steps=20)", "max_steps must differ from the end of the hold (30)"],
  ];
  it.each(messages)("%s: %s", (spec, words) => {
    const error = rejection(() => parseLearningRate(spec));
    expect(error).toBeInstanceOf(NervaLrError);
    expect(error.problem).toContain(words);
  });
  it("but not where NeMo's code runs: a hold of 0 that ends with the warmup at max_steps", () => {
    expect(parseLearningRate("WarmupHoldAnnealLinear(0.1, 10, warmup_steps=10, hold_steps=0)").at(11)).toBe(0);
  });
});

describe("the fuzz, on these schedules alone", () => {
  it("found NaN where a cycle met a step too small to count (5e-324): at least one cycle now, as at step 0", () => {
    for (const type of ["PolynomialDecayAnnealing", "PolynomialHoldDecayAnnealing"]) {
      const schedule = parseLearningRate(`${type}(0.1, 2, cycle=true)`);
      expect(schedule.at(5e-324)).toBe(0.1);
      expect(schedule.at(1)).toBeCloseTo(0.05, 15);
    }
  });
  // The catalog-wide properties draw these 15 among all; here every run is one of them.
  const ours = fc.constantFrom(...catalog.filter((d) => d.source === "NeMo" || d.source === "Megatron-LM")).chain((d) => scheduleOf(d));
  it("values are finite and >= 0, fill agrees with at, and text and JSON read back the same", () => {
    fc.assert(
      fc.property(ours, fc.array(anyEpoch, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 3000 }), (schedule, epochs, from) => {
        for (const t of epochs) {
          const value = schedule.at(t);
          if (!(Number.isFinite(value) && value >= 0 && value <= schedule.peak() * (1 + 1e-12))) expect.fail(`${String(schedule)} at ${t}: ${value} (peak ${schedule.peak()})`);
        }
        expect(Array.from(schedule.values(40, from))).toEqual(Array.from({ length: 40 }, (_, i) => schedule.at(from + i)));
        const text = String(schedule);
        expect(String(parseLearningRate(text))).toBe(text);
        expect(epochs.map((t) => parseLearningRate(text).at(t))).toEqual(epochs.map((t) => schedule.at(t)));
        expect(JSON.stringify(scheduleFromJson(JSON.stringify(schedule)))).toBe(JSON.stringify(schedule));
      }),
      { numRuns: RUNS * 3, seed: SEED },
    );
  }, Math.max(30_000, RUNS * 300));
});

describe('words with a dash ("inverse-square-root")', () => {
  const spec = 'OptimizerParamScheduler(max_lr=0.1, lr_decay_steps=100, lr_warmup_steps=10, lr_decay_style="inverse-square-root")';
  it("are read in either quotes and printed in double quotes; JSON holds the plain word", () => {
    const schedule = parseLearningRate(spec);
    expect(String(parseLearningRate(spec.replace(/"/g, "'")))).toBe(String(schedule));
    expect(String(schedule)).toContain('lr_decay_style="inverse-square-root"');
    expect(String(parseLearningRate(String(schedule)))).toBe(String(schedule));
    expect(schedule.toJSON()["lr_decay_style"]).toBe("inverse-square-root");
    expect(String(scheduleFromJson(JSON.stringify(schedule)))).toBe(String(schedule));
  });
  it("unquoted, are an error that says to quote them", () => {
    const error = rejection(() => parseLearningRate(spec.replace(/"/g, "")));
    expect(error.problem).toContain('(a word with a dash goes in quotes: "inverse-square-root")');
    expect(error.offset).toBe(spec.replace(/"/g, "").indexOf("-square"));
  });
});

describe("the built CLI", () => {
  const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));
  const run = (...args: string[]) => execFileSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  it("plots and evaluates them", () => {
    const megatron = 'megatron.OptimizerParamScheduler(max_lr=0.1, lr_decay_steps=100, lr_warmup_steps=10, lr_decay_style="inverse-square-root")';
    const svg = run("plot", megatron, "nemo.CosineAnnealing(0.1, 100, warmup_steps=10)", "--epochs", "120", "--format", "svg");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("inverse-square-root");
    const rows = JSON.parse(run("eval", megatron, "--at", "0,10,40,101", "--format", "json")) as { lr: number }[];
    const expected = [0, 0.1, 0.1 * Math.sqrt(10 / 40), 0];
    expect(rows.map((r, i) => close(r.lr, expected[i] as number, 1e-15))).toEqual([true, true, true, true]);
  });
  it("lists them under their libraries, and explains a refusal on one line", () => {
    const list = run("list");
    for (const definition of catalog.filter((d) => d.source === "NeMo" || d.source === "Megatron-LM")) expect(list).toContain(definition.type);
    const refused = spawnSync(process.execPath, [bin, "check", "nemo.NoamAnnealing(0.01, 8, min_lr=0.1)"], { encoding: "utf8" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("min_lr must be <= lr (0.01), got 0.1");
    expect(refused.stderr).not.toContain("    at ");
  });
});
