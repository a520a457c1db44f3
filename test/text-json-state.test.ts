// Canonical text, the JSON form (docs/spec-language.md), and checkpoint/resume (docs/library.md),
// over the whole catalog.
import { describe, expect, it } from "vitest";
import { catalog, NervaLrError, parseLearningRate, scheduleFromJson, type Schedule } from "../src/index.js";
import { rejection } from "./helpers.js";
import { METRICS, SAMPLES } from "./samples.js";

const STEPS = 60;

/** Values over a run; metric-driven schedules are fed METRICS after each epoch. */
function run(schedule: Schedule, from = 0, to = STEPS): number[] {
  const values: number[] = [];
  for (let t = from; t < to; t++) {
    values.push(schedule.at(t));
    if (schedule.behaviour === "metric-driven") schedule.step(METRICS[t] as number);
  }
  return values;
}

it("every catalog entry's example is a spec of that schedule", () => {
  for (const definition of catalog) expect(parseLearningRate(definition.example).type, definition.example).toBe(definition.type);
});

describe.each(SAMPLES)("%s", (spec) => {
  it("prints a canonical spec that is a fixed point and gives the same values", () => {
    const canonical = String(parseLearningRate(spec));
    expect(String(parseLearningRate(canonical))).toBe(canonical);
    expect(run(parseLearningRate(canonical))).toEqual(run(parseLearningRate(spec)));
  });
  it("names every parameter in canonical form (but defaults that only matter beside a missing one)", () => {
    const schedule = parseLearningRate(spec);
    const canonical = String(schedule);
    for (const param of schedule.definition.params) {
      const idle = param.printedWith !== undefined && schedule.params[param.printedWith] === undefined && schedule.params[param.name] === param.default;
      if (schedule.params[param.name] !== undefined) expect(canonical.includes(`${param.name}=`)).toBe(!idle);
    }
  });
  it("converts to JSON and back to the same schedule", () => {
    const schedule = parseLearningRate(spec);
    const json = JSON.stringify(schedule);
    const back = scheduleFromJson(json);
    expect(String(back)).toBe(String(schedule));
    expect(JSON.stringify(back)).toBe(json);
    expect(run(back)).toEqual(run(parseLearningRate(spec)));
  });
  it("resumes from a checkpoint at any epoch with exactly the values of an uninterrupted run", () => {
    const whole = run(parseLearningRate(spec));
    for (const stop of [1, 7, 23, 59]) {
      const first = parseLearningRate(spec);
      const head = run(first, 0, stop);
      const saved = JSON.parse(JSON.stringify(first.getState())) as unknown;
      const resumed = parseLearningRate(spec);
      resumed.setState(saved);
      expect([...head, ...run(resumed, stop)]).toEqual(whole);
    }
  });
});

describe("nerva's str() output and JSON examples", () => {
  it("reads the JSON form as docs/spec-language.md writes it", () => {
    const s = scheduleFromJson({ type: "StepLR", lr: 0.1, step_size: 3, gamma: 0.5 });
    expect(String(s)).toBe("StepLR(lr=0.1, step_size=3, gamma=0.5)");
  });
  it("nests schedules as objects", () => {
    const s = parseLearningRate("SequentialLR(0.1, [Constant(), StepLR(step_size=2)], [3])");
    expect(s.toJSON()).toEqual({
      type: "SequentialLR",
      lr: 0.1,
      schedulers: [
        { type: "Constant", lr: 0.1 },
        { type: "StepLR", lr: 0.1, step_size: 2, gamma: 0.1 },
      ],
      milestones: [3],
    });
  });
});

function jsonError(value: unknown): NervaLrError {
  return rejection(() => scheduleFromJson(value));
}

describe("bad JSON is an error that names the path", () => {
  const cases: [unknown, string, string][] = [
    ["{", "invalid-json", "not valid JSON"],
    [[], "invalid-json", "expected an object"],
    [{ lr: 0.1 }, "invalid-json", "\"type\""],
    [{ type: "Stepp", lr: 0.1 }, "unknown-name", "did you mean"],
    [{ type: "StepLR", lr: 0.1, step_size: 3, gama: 0.5 }, "unknown-parameter", "$.gama"],
    [{ type: "StepLR", lr: "0.1", step_size: 3 }, "wrong-type", "$.lr"],
    // null is Python's None: the parameter counts as left out.
    [{ type: "StepLR", lr: 0.1, step_size: null }, "missing-parameter", "missing parameter step_size at $.step_size"],
    [{ type: "MultiStepLR", lr: 0.1, milestones: [1, null] }, "wrong-type", "found null at $.milestones[1]"],
    [{ type: "SequentialLR", lr: 0.1, schedulers: [{ type: "Constant" }, { type: "StepLR" }], milestones: [2] }, "missing-parameter", "$.schedulers[1]"],
    [JSON.parse('{"type": "Constant", "lr": 0.1, "__proto__": {"polluted": 1}}'), "unknown-parameter", "__proto__"],
  ];
  for (const [value, code, words] of cases) {
    it(`${JSON.stringify(value)}: ${code}`, () => {
      const error = jsonError(value);
      expect(error.code).toBe(code);
      expect(error.message).toContain(words);
    });
  }
  it("does not pollute prototypes", () => {
    jsonError(JSON.parse('{"type": "Constant", "lr": 0.1, "__proto__": {"polluted": 1}}'));
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("state that does not fit is an error, and changes nothing", () => {
  it("rejects the state of another schedule, missing or corrupt fields", () => {
    const s = parseLearningRate("TimeBased(0.1, 0.5)");
    s.at(0);
    s.at(1);
    const before = s.getState();
    const bad: unknown[] = [
      null,
      { type: "Constant" },
      { type: "TimeBased" },
      { type: "TimeBased", state: {} },
      { type: "TimeBased", state: { lr: -1 } },
      { type: "TimeBased", state: { lr: "0.1" } },
      { type: "TimeBased", state: { lr: 0.1, extra: 1 } },
      { type: "TimeBased", state: { lr: 0.1 }, children: [] },
    ];
    for (const state of bad) {
      expect(() => s.setState(state)).toThrow(expect.objectContaining({ code: "invalid-state" }));
      expect(s.getState()).toEqual(before);
    }
  });
  it("a bad child state leaves the parent untouched too", () => {
    const s = parseLearningRate("SequentialLR(0.1, [TimeBased(decay=0.5), TimeBased(decay=0.1)], [3])");
    [0, 1, 2, 3, 4].forEach((t) => s.at(t));
    const before = s.getState();
    const corrupt = JSON.parse(JSON.stringify(before)) as { children: { state: { lr: number } }[] };
    (corrupt.children[1] as { state: { lr: unknown } }).state.lr = "x";
    expect(() => s.setState(corrupt)).toThrow(/\$\.children\[1\]\.state\.lr/);
    expect(s.getState()).toEqual(before);
  });
  it("ReduceLROnPlateau exports lr, best and its counters", () => {
    const s = parseLearningRate("ReduceLROnPlateau(0.1, patience=0)");
    s.step(1);
    s.step(2);
    expect(s.getState()).toEqual({ type: "ReduceLROnPlateau", state: { lr: 0.1 * 0.1, best: 1, num_bad_epochs: 0, cooldown_counter: 0 } });
  });
});

describe("every schedule checks its epoch", () => {
  // Each kernel's at() is the schedule's own, so each must refuse a bad t itself.
  const bad: unknown[] = [-1, -1e-300, NaN, Infinity, -Infinity, "3", null, undefined, 3n];
  it.each(SAMPLES)("%s", (spec) => {
    const schedule = parseLearningRate(spec);
    for (const t of bad) {
      let error: unknown;
      try {
        schedule.at(t as number);
      } catch (e) {
        error = e;
      }
      expect(error, `at(${String(t)})`).toBeInstanceOf(NervaLrError);
      expect((error as NervaLrError).code).toBe("invalid-epoch");
    }
  });
});

describe("what users can see is immutable", () => {
  it.each(SAMPLES)("%s: params and their lists are frozen", (spec) => {
    const schedule = parseLearningRate(spec);
    const params = schedule.params as Record<string, unknown>;
    expect(Object.isFrozen(params)).toBe(true);
    for (const value of Object.values(params)) if (Array.isArray(value)) expect(Object.isFrozen(value)).toBe(true);
    const before = String(schedule);
    expect(() => {
      params["lr"] = 123;
    }).toThrow(TypeError);
    expect(String(schedule)).toBe(before);
  });
});
