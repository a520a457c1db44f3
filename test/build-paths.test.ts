// A schedule is built along one of three paths: the generic constructor (`new Schedule`), a typed
// factory (src/generated/factories.ts, which calls the constructor through `scheduleOf`) and the
// parser (values by position, resolved before the schedule is made, to point at the text).
// Whatever the path, the same options give the same schedule and the same error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as nervaLr from "../src/index.js";
import { findDefinition, multiStepLR, NervaLrError, parseLearningRate, Schedule, scheduleFromJson, stepLR, type ScheduleDefinition } from "../src/index.js";
import { factoryNameOf } from "../scripts/generate/factories.js";
import { anySchedule, fuzz } from "./arbitraries.js";

type Factory = (options: unknown) => Schedule;
const factoryOf = (definition: ScheduleDefinition) => (nervaLr as unknown as Record<string, Factory>)[factoryNameOf(definition)] as Factory;

function errorOf(build: () => unknown): { code: string; problem: string } {
  try {
    build();
  } catch (error) {
    if (error instanceof NervaLrError) return { code: error.code, problem: error.problem };
    throw error;
  }
  throw new Error("expected a NervaLrError");
}

describe("every path builds the same schedule", () => {
  fuzz("factory, constructor, text and JSON agree on params (keys in parameter order) and values", () =>
    fc.property(anySchedule, (schedule) => {
      const { definition, params } = schedule;
      const names = definition.params.map((spec) => spec.name).filter((name) => params[name] !== undefined);
      expect(Object.keys(params)).toEqual(names);
      const others = [new Schedule(definition, { ...params }), parseLearningRate(String(schedule)), scheduleFromJson(schedule.toJSON())];
      // LambdaLR and MultiplicativeLR have hand-written factories (they also take functions).
      if (factoryOf(definition).length === 1 && !["LambdaLR", "MultiplicativeLR"].includes(definition.type)) others.push(factoryOf(definition)({ ...params }));
      for (const other of others) {
        expect(String(other)).toBe(String(schedule));
        expect(Object.keys(other.params)).toEqual(names);
        if (schedule.behaviour === "pure") for (const t of [0, 1, 7, 100]) expect(other.at(t)).toBe(schedule.at(t));
      }
    }),
  );
});

const StepLR = findDefinition("StepLR") as ScheduleDefinition;
const MultiStepLR = findDefinition("MultiStepLR") as ScheduleDefinition;

/** The factory and the constructor of StepLR, which must treat options alike. */
const paths: [string, (options: unknown) => Schedule][] = [
  ["stepLR()", (options) => stepLR(options as Parameters<typeof stepLR>[0])],
  ["new Schedule()", (options) => new Schedule(StepLR, options as object)],
];

describe.each(paths)("options of %s", (_, build) => {
  it("only the caller's own properties count: inherited values are ignored", () => {
    const inherited = Object.assign(Object.create({ gamma: 0.5, step_size: 9 }) as object, { lr: 0.1, step_size: 3 });
    expect(build(inherited).params).toEqual({ lr: 0.1, step_size: 3, gamma: 0.1 });
    class Options {
      readonly step_size = 3;
      get lr() {
        return 0.1;
      }
    }
    expect(errorOf(() => build(new Options()))).toEqual({ code: "missing-parameter", problem: "StepLR: missing parameter lr" });
  });
  it("own keys that are undefined count as left out", () => {
    expect(build({ lr: 0.1, step_size: 3, gamma: undefined, later: undefined }).params).toEqual({ lr: 0.1, step_size: 3, gamma: 0.1 });
  });
  it("an unknown name is reported first, with its name", () => {
    expect(errorOf(() => build({ gama: 0.5 }))).toEqual({ code: "unknown-parameter", problem: "StepLR: unknown parameter gama (did you mean gamma?); it takes lr, step_size, gamma" });
    expect(errorOf(() => build({ lr: -1, step_size: 3, __proto__: null, toString: 1 }))).toEqual({ code: "unknown-parameter", problem: "StepLR: unknown parameter toString; it takes lr, step_size, gamma" });
  });
  it("options that are not an object are refused", () => {
    for (const options of [null, undefined, 5, "lr=0.1"]) {
      expect(errorOf(() => build(options))).toEqual({ code: "wrong-type", problem: "StepLR: options must be an object" });
    }
  });
  it("values are checked as the spec text's are", () => {
    expect(errorOf(() => build({ lr: 0.1, step_size: 0 })).problem).toBe("StepLR: step_size must be >= 1, got 0");
    expect(errorOf(() => build({ lr: 0.1, step_size: 3, gamma: Number.NaN })).problem).toBe("StepLR: gamma must be a finite number, got NaN");
  });
});

describe("lists given in code", () => {
  it("are copied: changing the caller's array later changes nothing", () => {
    const milestones = [2, 4];
    const built = [multiStepLR({ lr: 1, milestones, gamma: 0.5 }), new Schedule(MultiStepLR, { lr: 1, milestones, gamma: 0.5 })];
    milestones[0] = 100;
    for (const schedule of built) {
      expect(schedule.at(3)).toBe(0.5);
      expect(schedule.params.milestones).toEqual([2, 4]);
    }
  });
});
