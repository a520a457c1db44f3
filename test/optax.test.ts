// optax's remaining schedules, checked against the cases of optax's own tests
// (optax/schedules/_schedule_test.py and _join_test.py at 2edbcbe2390da13983b92cbef94ac0460ecde1c5):
// the same arguments, and each expected value from the formula those tests state.
import { describe, expect, it } from "vitest";
import { exponentialDecay, joinSchedules, optaxExponentialDecay, parseLearningRate, sgdrSchedule, warmupCosineDecaySchedule } from "../src/index.js";

function values(spec: string, count: number): number[] {
  const schedule = parseLearningRate(spec);
  return Array.from({ length: count }, (_, t) => schedule.at(t));
}

function expectClose(got: readonly number[], expected: readonly number[]): void {
  expect(got.length).toBe(expected.length);
  got.forEach((value, t) => {
    if (Math.abs(value - (expected[t] as number)) > 1e-12 * Math.max(1, Math.abs(expected[t] as number))) expect.fail(`at t=${t}: expected ${expected[t]}, got ${value}`);
  });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("optax's own test cases", () => {
  it("constant_schedule (ConstantTest.test_constant)", () => {
    expectClose(values("constant_schedule(10)", 15), range(15).map(() => 10));
  });
  it("polynomial_schedule, linear (PolynomialTest.test_linear)", () => {
    expectClose(values("polynomial_schedule(init_value=10.0, end_value=20.0, power=1, transition_steps=10)", 15), [...range(10).map((n) => 10 + n), 20, 20, 20, 20, 20]);
  });
  it("polynomial_schedule, quadratic (PolynomialTest.test_nonlinear)", () => {
    const expected = [...range(10).map((n) => 10 + 15 * (1 - n / 10) ** 2), ...range(5).map(() => 10)];
    expectClose(values("polynomial_schedule(25, 10, 2, 10)", 15), expected);
  });
  it("polynomial_schedule with transition_begin (PolynomialTest.test_with_decay_begin)", () => {
    const expected = [30, 30, 30, 30, ...range(10).map((n) => 10 + 20 * (1 - n / 10) ** 2), ...range(6).map(() => 10)];
    expectClose(values("polynomial_schedule(30, 10, 2, 10, transition_begin=4)", 20), expected);
  });
  it("exponential_decay with decay_rate 1 is constant (ExponentialTest.test_constant_schedule)", () => {
    for (const staircase of [false, true]) expectClose(values(`exponential_decay(1, 15, 1.0, staircase=${staircase})`, 15), range(15).map(() => 1));
  });
  it.each([
    [false, 0],
    [true, 0],
    [false, 5],
    [true, 5],
  ])("exponential_decay growing by 2, staircase %s, transition_begin %i (ExponentialTest.test_exponential)", (staircase, begin) => {
    // optax lets it grow without bound; nerva-lr asks for a ceiling, set far above these values.
    const staircased = (count: number) => (staircase ? Math.floor(count / 2) : count / 2);
    const expected = [...range(begin).map(() => 1), ...range(15).map((count) => 2 ** staircased(count))];
    expectClose(values(`exponential_decay(1, 2, 2.0, transition_begin=${begin}, staircase=${staircase}, end_value=1e9)`, 15 + begin), expected);
  });
  it.each([
    [0.2, 0.1, false],
    [1.0, 0.1, false],
    [2.0, 3.0, false],
    [0.2, 0.1, true],
    [1.0, 0.1, true],
    [2.0, 3.0, true],
  ])("exponential_decay rate %d, end_value %d, staircase %s (ExponentialTest.test_end_value_with_staircase)", (rate, end, staircase) => {
    const staircased = (count: number) => (staircase ? Math.floor(count / 2) : count / 2);
    const raw = [1, 1, 1, ...range(11).map((count) => rate ** staircased(count))];
    const expected = raw.map((v) => (rate < 1 ? Math.max(v, end) : Math.min(v, end)));
    expectClose(values(`exponential_decay(1, 2, ${rate}, transition_begin=3, staircase=${staircase}, end_value=${end})`, 14), expected);
  });
  it("join_schedules (JoinTest.test_join_schedules)", () => {
    expectClose(values("join_schedules(schedules=[constant_schedule(1.0), constant_schedule(2.0), constant_schedule(1.0)], boundaries=[3, 6])", 7), [1, 1, 1, 2, 2, 2, 1]);
  });
  it.each([
    ["with step decay", 1.6, 0.8, 0.4],
    ["without step_decay", 1.6, 1.6, 1.6],
  ])("sgdr_schedule %s (SGDRTest.test_limits)", (_, lr0, lr1, lr2) => {
    const cycles = [
      [2000, lr0],
      [3000, lr1],
      [5000, lr2],
    ].map(([steps, lr]) => `warmup_cosine_decay_schedule(decay_steps=${steps}, peak_value=${lr}, init_value=0, end_value=0.0, warmup_steps=500)`);
    const schedule = parseLearningRate(`sgdr_schedule([${cycles.join(", ")}])`);
    expect([schedule.at(500), schedule.at(2500), schedule.at(5500)]).toEqual([lr0, lr1, lr2]);
  });
});

describe("optax's composed schedules are their parts joined, as optax builds them", () => {
  it("warmup_constant_schedule is linear_schedule(init, peak, warmup_steps)", () => {
    expectClose(values("warmup_constant_schedule(0.01, 0.1, 7)", 20), values("linear_schedule(0.01, 0.1, 7)", 20));
  });
  it("warmup_exponential_decay_schedule joins a linear warmup and exponential_decay from the peak", () => {
    const joined = "join_schedules([linear_schedule(0, 0.1, 5), exponential_decay(0.1, 3, 0.5, transition_begin=2, staircase=true, end_value=0.01)], [5])";
    expectClose(values("warmup_exponential_decay_schedule(0, 0.1, 5, 3, 0.5, transition_begin=2, staircase=true, end_value=0.01)", 40), values(joined, 40));
    // The warmup itself, by optax's linear formula, and the floor at end_value.
    expectClose(values("warmup_exponential_decay_schedule(0, 0.1, 5, 3, 0.5, end_value=0.01)", 6), [0, 0.02, 0.04, 0.06, 0.08, 0.1]);
    expect(parseLearningRate("warmup_exponential_decay_schedule(0, 0.1, 5, 3, 0.5, end_value=0.01)").at(1000)).toBe(0.01);
  });
  it("sgdr_schedule restarts each cycle at the running sum of decay_steps", () => {
    const sgdr = parseLearningRate("sgdr_schedule([warmup_cosine_decay_schedule(0, 1, 2, 10), warmup_cosine_decay_schedule(0, 0.5, 2, 6)])");
    const first = parseLearningRate("warmup_cosine_decay_schedule(0, 1, 2, 10)");
    const second = parseLearningRate("warmup_cosine_decay_schedule(0, 0.5, 2, 6)");
    expectClose(range(30).map((t) => sgdr.at(t)), range(30).map((t) => (t < 10 ? first.at(t) : second.at(t - 10))));
    expect(sgdr.peak()).toBe(1);
  });
  it("fills in bulk as at() does", () => {
    const spec = "sgdr_schedule([warmup_cosine_decay_schedule(0, 1, 2, 10), warmup_cosine_decay_schedule(0, 0.5, 2, 6)])";
    expect(Array.from(parseLearningRate(spec).values(30, 3))).toEqual(range(30).map((t) => parseLearningRate(spec).at(t + 3)));
  });
});

describe("optax's exponential_decay far out", () => {
  it("stays finite: 0 stays 0, and a growing value stops at its ceiling (the fuzz found NaN from 0 * Infinity)", () => {
    expect(parseLearningRate("exponential_decay(0, 1, 1.07, end_value=0)").at(1e4)).toBe(0);
    expect(parseLearningRate("exponential_decay(0.001, 1, 1.07, end_value=0.5)").at(1e12)).toBe(0.5);
    expect(parseLearningRate("exponential_decay(0.5, 1, 0.5)").at(1e12)).toBe(0);
  });
});

describe("optax's arguments, refused where optax would quietly change them", () => {
  const errors: [string, RegExp][] = [
    ["exponential_decay(1, 2, 2.0)", /decay_rate 2 > 1 grows without bound: give end_value/],
    ["exponential_decay(1, 2, 0)", /decay_rate must be > 0/],
    ["exponential_decay(1, 0, 0.5)", /transition_steps must be >= 1/],
    ["polynomial_schedule(1, 0, 2, 0)", /transition_steps must be >= 1/],
    ["polynomial_schedule(1, 0, 0, 10)", /power must be > 0/],
    ["sgdr_schedule([cosine_decay_schedule(0.1, 10)])", /cosine_kwargs\[0\] must be a warmup_cosine_decay_schedule, got cosine_decay_schedule/],
    ["join_schedules([constant_schedule(1), constant_schedule(2)], [3, 6])", /2 schedules need 1 boundary, got 2/],
    ["join_schedules([constant_schedule(1), ReduceLROnPlateau(0.1)], [3])", /schedules\[1\] is metric-driven/],
  ];
  it.each(errors)("%s", (spec, message) => {
    expect(() => parseLearningRate(spec)).toThrow(message);
  });
});

describe("optax's exponential_decay as a typed factory", () => {
  it("is optaxExponentialDecay, beside Keras's ExponentialDecay", () => {
    expect(optaxExponentialDecay({ init_value: 1, transition_steps: 2, decay_rate: 0.5 }).type).toBe("exponential_decay");
    expect(exponentialDecay({ initial_learning_rate: 1, decay_steps: 2, decay_rate: 0.5 }).type).toBe("ExponentialDecay");
  });
  it("composes with joinSchedules and sgdrSchedule", () => {
    const cycle = warmupCosineDecaySchedule({ init_value: 0, peak_value: 1, warmup_steps: 2, decay_steps: 10 });
    expect(sgdrSchedule({ cosine_kwargs: [cycle, cycle] }).at(12)).toBe(1);
    expect(joinSchedules({ schedules: [cycle, cycle], boundaries: [4] }).at(6)).toBe(1);
  });
});
