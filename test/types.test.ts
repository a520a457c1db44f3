// The typed factories: one per catalog entry, with a named options type read off the definition, so
// a missing required parameter, an unknown one, a wrong type or an unknown option word is a compile
// error, and `params` is typed. `npm run typecheck` (in CI) checks the @ts-expect-error lines and
// the expectTypeOf assertions; vitest checks the runtime side.
import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { TITLES, type ErrorCode } from "../src/core/errors.js";
import * as nervaLr from "../src/index.js";
import { rejection } from "./helpers.js";
import {
  catalog,
  constant,
  cyclicLR,
  linearLR,
  NervaLrError,
  oneCycleLR,
  Schedule,
  sequentialLR,
  StepBasedScheduler,
  stepLR,
  type CyclicLROptions,
  type StepLROptions,
} from "../src/index.js";
import { factoryName, factoryNameOf } from "../scripts/generate/factories.js";

/** What StepLR's params are, written out from its documented parameters. */
type StepLRParams = { readonly lr: number; readonly step_size: number; readonly gamma: number };

describe("typed factories", () => {
  it("accept the spec's parameter names, with defaults optional", () => {
    expect(String(stepLR({ lr: 0.1, step_size: 30 }))).toBe("StepLR(lr=0.1, step_size=30, gamma=0.1)");
    expect(cyclicLR({ base_lr: 0.01, max_lr: 0.1, mode: "triangular2" }).type).toBe("CyclicLR");
    expect(oneCycleLR({ max_lr: 0.1, total_steps: 100, three_phase: true }).at(0)).toBeCloseTo(0.004, 15);
    const warm = linearLR({ lr: 0.1, start_factor: 0.1, total_iters: 5 });
    expect(sequentialLR({ schedulers: [warm, constant({ lr: 0.1 })], milestones: [5] }).at(5)).toBe(0.1);
  });
  it("reject at compile time what the runtime rejects too", () => {
    // @ts-expect-error step_size is required
    expect(() => stepLR({ lr: 0.1 })).toThrow(NervaLrError);
    // @ts-expect-error gama is not a parameter
    expect(() => stepLR({ lr: 0.1, step_size: 3, gama: 0.5 })).toThrow(NervaLrError);
    // @ts-expect-error lr is a number
    expect(() => stepLR({ lr: "0.1", step_size: 3 })).toThrow(NervaLrError);
    // @ts-expect-error mode is one of triangular, triangular2, exp_range
    expect(() => cyclicLR({ base_lr: 0.01, max_lr: 0.1, mode: "sine" })).toThrow(NervaLrError);
  });
  it("have named options types and typed params", () => {
    const options: StepLROptions = { lr: 0.1, step_size: 30 };
    const schedule = stepLR(options);
    expectTypeOf(schedule.params.step_size).toEqualTypeOf<number>();
    expectTypeOf(schedule.params).toEqualTypeOf<Readonly<StepLRParams>>();
    expectTypeOf<CyclicLROptions["mode"]>().toEqualTypeOf<"triangular" | "triangular2" | "exp_range" | undefined>();
    expectTypeOf(new StepBasedScheduler(0.1, 0.5, 10).params.drop_rate).toEqualTypeOf<number>();
    // @ts-expect-error StepLR has no parameter nope
    expect(schedule.params.nope).toBeUndefined();
    expect(schedule.params).toEqual({ lr: 0.1, step_size: 30, gamma: 0.1 });
    // A typed schedule is a Schedule wherever one is taken.
    expectTypeOf(schedule).toMatchTypeOf<Schedule>();
  });
});

describe("the public surface", () => {
  it("has one factory per catalog entry, named after the spec name", () => {
    for (const definition of catalog) {
      const factory = (nervaLr as Record<string, unknown>)[factoryNameOf(definition)];
      expect(typeof factory, definition.type).toBe("function");
    }
    expect(factoryName("get_linear_schedule_with_warmup")).toBe("getLinearScheduleWithWarmup");
    expect(factoryName("StepLR")).toBe("stepLR");
  });
  it("exports no definition objects (they are reached through the catalog)", () => {
    const definitions = new Set<unknown>(catalog);
    const leaked = Object.entries(nervaLr).filter(([, value]) => definitions.has(value));
    expect(leaked.map(([name]) => name)).toEqual([]);
  });
  it("exports constructors only where `new` works: Schedule, nerva's classes and the error", () => {
    const classes = Object.entries(nervaLr)
      .filter(([, value]) => typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value)))
      .map(([name]) => name)
      .sort();
    expect(classes).toEqual([
      "ConstantScheduler",
      "ExponentialScheduler",
      "MultiStepLRScheduler",
      "NervaLrError",
      "Schedule",
      "StepBasedScheduler",
      "TimeBasedScheduler",
    ]);
  });
});

describe("typed reading (parseLearningRate / scheduleFromJson with { type })", () => {
  it("types the schedule by the catalog's type name, checked at run time", () => {
    const plateau = nervaLr.parseLearningRate("ReduceLROnPlateau(0.1, factor=0.5, patience=2)", { type: "ReduceLROnPlateau" });
    expectTypeOf(plateau).toEqualTypeOf<Schedule<nervaLr.ParamsByType["ReduceLROnPlateau"]>>();
    expectTypeOf(plateau.params.patience).toEqualTypeOf<number>();
    expect(plateau.params.patience).toBe(2);
    const step = nervaLr.scheduleFromJson('{"type": "StepLR", "lr": 0.1, "step_size": 3}', { type: "StepLR" });
    expectTypeOf(step).toEqualTypeOf<Schedule<StepLRParams>>();
    expect(step.params.step_size).toBe(3);
    // Without { type } it stays the general schedule.
    expectTypeOf(nervaLr.parseLearningRate("StepLR(0.1, 3)")).toEqualTypeOf<Schedule>();
    // @ts-expect-error: not a type name of the catalog
    expect(() => nervaLr.parseLearningRate("StepLR(0.1, 3)", { type: "StepLr" })).toThrow(NervaLrError);
  });
  it("refuses text or JSON that holds another schedule, and an expected type that is not one", () => {
    const text = nervaLr.parseLearningRate.bind(null) as (text: string, expected?: unknown) => unknown;
    const wrong = rejection(() => text("StepLR(0.1, 3)", { type: "ReduceLROnPlateau" }));
    expect(wrong.code).toBe("wrong-type");
    expect(wrong.problem).toBe("expected a ReduceLROnPlateau schedule, the text holds StepLR");
    const json = rejection(() => nervaLr.scheduleFromJson({ type: "Constant", lr: 0.1 }, { type: "StepLR" }));
    expect([json.code, json.path]).toEqual(["wrong-type", "$.type"]);
    expect(rejection(() => text("StepLR(0.1, 3)", { type: "StepLr" })).problem).toBe("no schedule is called StepLr (did you mean StepLR?)");
    // ({} is an options object without a type: any schedule.)
    for (const expected of [null, 5, "StepLR", { type: 5 }]) expect(rejection(() => text("StepLR(0.1, 3)", expected)).code).toBe("wrong-type");
  });
  it("ParamsByType has exactly the catalog's type names", () => {
    const keys = catalog.map((d) => d.printAs ?? d.type);
    const names: Record<keyof nervaLr.ParamsByType, true> = Object.fromEntries(keys.map((key) => [key, true])) as Record<keyof nervaLr.ParamsByType, true>;
    expect(Object.keys(names).sort()).toEqual([...keys].sort());
    expect([...CATALOG_TYPES].sort()).toEqual([...keys].sort());
    expectTypeOf<nervaLr.ParamsByType["StepLR"]>().toEqualTypeOf<StepLRParams>();
    expectTypeOf<keyof nervaLr.ParamsByType>().toEqualTypeOf<(typeof CATALOG_TYPES)[number]>();
  });
});

/** Every type name of the catalog, written out: the type-level check above compares it with ParamsByType. */
const CATALOG_TYPES = [
  "Constant", "TimeBased", "StepBased", "Exponential", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR",
  "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "OneCycleLR", "SWALR", "LambdaLR", "MultiplicativeLR", "SequentialLR",
  "ChainedScheduler", "ReduceLROnPlateau", "ExponentialDecay", "InverseTimeDecay", "PolynomialDecay", "PiecewiseConstantDecay", "CosineDecay",
  "CosineDecayRestarts", "linear_schedule", "cosine_decay_schedule", "warmup_cosine_decay_schedule", "piecewise_constant_schedule",
  "piecewise_interpolate_schedule", "cosine_onecycle_schedule", "linear_onecycle_schedule", "constant_schedule", "polynomial_schedule",
  "exponential_decay", "warmup_constant_schedule", "warmup_exponential_decay_schedule", "join_schedules", "sgdr_schedule",
  "get_constant_schedule_with_warmup", "get_linear_schedule_with_warmup", "get_cosine_schedule_with_warmup",
  "get_cosine_with_hard_restarts_schedule_with_warmup", "get_polynomial_decay_schedule_with_warmup", "get_inverse_sqrt_schedule",
  "get_wsd_schedule", "get_constant_schedule", "get_cosine_with_min_lr_schedule_with_warmup", "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
  "Warmup", "CosineLRScheduler", "TanhLRScheduler", "PolyLRScheduler", "StepLRScheduler", "timm.MultiStepLRScheduler", "WarmupLR", "WarmupDecayLR",
  "WarmupCosineLR", "OneCycle", "LRRangeTest", "tri_stage", "inverse_sqrt",
  "OptimizerParamScheduler", "WarmupPolicy", "WarmupHoldPolicy", "SquareAnnealing", "CosineAnnealing", "NoamAnnealing", "NoamHoldAnnealing",
  "WarmupHoldAnnealOneMinusSquareRoot", "WarmupHoldAnnealLinear", "WarmupAnnealing", "InverseSquareRootAnnealing", "T5InverseSquareRootAnnealing",
  "SquareRootAnnealing", "PolynomialDecayAnnealing", "PolynomialHoldDecayAnnealing", "LinearWarmup", "ExponentialWarmup", "UntunedLinearWarmup",
  "UntunedExponentialWarmup", "RAdamWarmup", "REXScheduler", "CosineAnnealingWarmupRestarts", "LinearScheduler", "CosineScheduler", "PolyScheduler",
  "get_chebyshev_schedule", "pytorch_optimizer.get_wsd_schedule", "LinearWarmupCosineAnnealingLR",
] as const;

describe("error codes: the ErrorCode union, TITLES and the table of docs/library.md agree both ways", () => {
  // Exhaustive both ways at compile time: a code missing here, or one the union lacks, is a type error.
  const ALL_CODES: Record<ErrorCode, true> = {
    syntax: true, "unknown-name": true, "unknown-parameter": true, "missing-parameter": true, "duplicate-parameter": true, "wrong-type": true,
    "out-of-range": true, "invalid-epoch": true, "invalid-metric": true, "not-metric-driven": true, "no-text-form": true,
    "unsupported-optimizer": true, "missing-monitor": true, "invalid-json": true, "invalid-state": true, "invalid-value": true,
    "conflicting-callbacks": true, "conflicting-lr": true, "invalid-config": true, "cannot-export": true,
  };
  it("TITLES has a title for exactly the codes of the union", () => {
    expect(Object.keys(TITLES).sort()).toEqual(Object.keys(ALL_CODES).sort());
    for (const title of Object.values(TITLES)) expect(title).toMatch(/^[A-Z][A-Za-z -]+$/);
  });
  it("docs/library.md's table lists exactly those codes", () => {
    const page = readFileSync(new URL("../docs/library.md", import.meta.url), "utf8");
    const table = page.slice(page.indexOf("| code | meaning |"));
    const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
    const codes = rows.map((row) => /^\| `([a-z-]+)` \| .+ \|$/.exec(row)?.[1]);
    expect(codes).not.toContain(undefined);
    expect([...codes].sort()).toEqual(Object.keys(ALL_CODES).sort());
  });
});

