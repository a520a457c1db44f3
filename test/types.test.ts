// The typed factories: one per catalog entry, with a named options type read off the definition, so
// a missing required parameter, an unknown one, a wrong type or an unknown option word is a compile
// error, and `params` is typed. `npm run typecheck` (in CI) checks the @ts-expect-error lines and
// the expectTypeOf assertions; vitest checks the runtime side.
import { describe, expect, expectTypeOf, it } from "vitest";
import * as nervaLr from "../src/index.js";
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
  type StepLRParams,
} from "../src/index.js";
import { factoryName, factoryNameOf } from "../src/docs/factories.js";

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
