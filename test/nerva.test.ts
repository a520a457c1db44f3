// nerva's five schedulers. Expected values come from nerva's formulas (the seed: nerva_numpy.learning_rate's
// API page; docs/catalog.md) and from the behaviour nerva's own tests pin down, never from this
// library's output.
import { describe, expect, it } from "vitest";
import {
  ConstantScheduler,
  ExponentialScheduler,
  MultiStepLRScheduler,
  NervaLrError,
  StepBasedScheduler,
  TimeBasedScheduler,
  parseLearningRate,
} from "../src/index.js";

const epochs = Array.from({ length: 60 }, (_, t) => t);

describe("nerva's pinned behaviour", () => {
  it("StepBased(1.0, 0.5, 2) gives 1, 0.5, 0.5, 0.25 at epochs 0..3", () => {
    const s = new StepBasedScheduler(1.0, 0.5, 2);
    expect([0, 1, 2, 3].map((t) => s.at(t))).toEqual([1, 0.5, 0.5, 0.25]);
  });
  it("MultiStepLR(1.0, [1,3,5], 0.1) gives 1, 0.1, 0.1, 0.01 at epochs 0..3", () => {
    const s = new MultiStepLRScheduler(1.0, [1, 3, 5], 0.1);
    const values = [0, 1, 2, 3].map((t) => s.at(t));
    [1, 0.1, 0.1, 0.01].forEach((want, i) => expect(values[i]).toBeCloseTo(want, 15));
  });
  it("Exponential(2.0, 0.5) at epoch 1 is 2 e^-0.5", () => {
    expect(new ExponentialScheduler(2.0, 0.5).at(1)).toBeCloseTo(2 * Math.exp(-0.5), 15);
  });
  it("TimeBased strictly decreases over epochs 0, 1, 2", () => {
    const s = new TimeBasedScheduler(0.1, 0.01);
    const [a, b, c] = [s.at(0), s.at(1), s.at(2)];
    expect(b).toBeLessThan(a);
    expect(c).toBeLessThan(b);
  });
  it("Unknown(0.1) is rejected", () => {
    expect(() => parseLearningRate("Unknown(0.1)")).toThrow(NervaLrError);
  });
});

describe("formulas over a range of epochs", () => {
  it("Constant is lr everywhere", () => {
    const s = new ConstantScheduler(0.3);
    for (const t of epochs) expect(s.at(t)).toBe(0.3);
  });
  it("StepBased is lr * drop_rate ^ floor((1 + t) / change_rate)", () => {
    for (const changeRate of [1, 2, 3, 2.5, 10]) {
      const s = new StepBasedScheduler(0.1, 0.5, changeRate);
      for (const t of epochs) expect(s.at(t)).toBe(0.1 * Math.pow(0.5, Math.floor((1 + t) / changeRate)));
    }
  });
  it("StepBased drops exactly where (1 + t) / change_rate crosses an integer", () => {
    const s = new StepBasedScheduler(1, 0.5, 10);
    expect(s.at(8)).toBe(1); // (1+8)/10 = 0.9
    expect(s.at(9)).toBe(0.5); // (1+9)/10 = 1: the first drop is at epoch change_rate - 1
    expect(s.at(18)).toBe(0.5);
    expect(s.at(19)).toBe(0.25);
  });
  it("Exponential is lr * exp(-change_rate * t)", () => {
    const s = new ExponentialScheduler(0.1, 0.05);
    for (const t of epochs) expect(s.at(t)).toBe(0.1 * Math.exp(-0.05 * t));
  });
  it("MultiStepLR multiplies by gamma at each milestone, on both sides of it", () => {
    const s = new MultiStepLRScheduler(1, [3, 7], 0.5);
    expect([2, 3, 6, 7, 8].map((t) => s.at(t))).toEqual([1, 0.5, 0.5, 0.25, 0.25]);
  });
  it("MultiStepLR counts a repeated milestone twice, as nerva's loop does", () => {
    const s = new MultiStepLRScheduler(1, [2, 2, 4], 0.5);
    expect([1, 2, 3, 4].map((t) => s.at(t))).toEqual([1, 0.25, 0.25, 0.125]);
  });
  it("MultiStepLR gamma defaults to 0.1", () => {
    expect(parseLearningRate("MultiStepLR(1;2)").at(2)).toBeCloseTo(0.1, 15);
  });
});

describe("TimeBased is stateful, as in nerva", () => {
  // nerva: each call does lr := lr / (1 + decay * epoch) and returns the new lr.
  it("in-order calls compound: lr, lr/(1+d), lr/((1+d)(1+2d))", () => {
    const s = new TimeBasedScheduler(0.1, 0.5);
    expect(s.at(0)).toBe(0.1);
    expect(s.at(1)).toBe(0.1 / 1.5);
    expect(s.at(2)).toBe(0.1 / 1.5 / 2);
  });
  it("a repeated call divides again", () => {
    const s = new TimeBasedScheduler(1, 1);
    expect(s.at(1)).toBe(0.5);
    expect(s.at(1)).toBe(0.25);
    expect(s.at(1)).toBe(0.125);
  });
  it("out-of-order calls follow the call order, not the epochs", () => {
    const s = new TimeBasedScheduler(1, 0.25);
    // by hand: 1/(1+0.75) = 4/7; then / (1+0) = 4/7; then / (1+0.25) = 16/35
    expect(s.at(3)).toBe(1 / 1.75);
    expect(s.at(0)).toBe(1 / 1.75);
    expect(s.at(1)).toBe(1 / 1.75 / 1.25);
  });
  it("state round-trips: a resumed run continues exactly", () => {
    const whole = new TimeBasedScheduler(0.1, 0.3);
    const expected = epochs.map((t) => whole.at(t));
    const first = new TimeBasedScheduler(0.1, 0.3);
    const head = epochs.slice(0, 17).map((t) => first.at(t));
    const saved = JSON.parse(JSON.stringify(first.getState()));
    const resumed = parseLearningRate("TimeBased(0.1, 0.3)");
    resumed.setState(saved);
    expect([...head, ...epochs.slice(17).map((t) => resumed.at(t))]).toEqual(expected);
  });
});

describe("the class API rejects what makes no sense for training", () => {
  const cases: [string, () => unknown][] = [
    ["negative lr", () => new ConstantScheduler(-0.1)],
    ["NaN lr", () => new ConstantScheduler(NaN)],
    ["infinite lr", () => new ConstantScheduler(Infinity)],
    ["change_rate 0 (nerva divides by it)", () => new StepBasedScheduler(0.1, 0.5, 0)],
    ["decreasing milestones", () => new MultiStepLRScheduler(0.1, [5, 3], 0.1)],
    ["fractional milestones", () => new MultiStepLRScheduler(0.1, [1.5], 0.1)],
    ["negative decay", () => new TimeBasedScheduler(0.1, -1)],
  ];
  for (const [what, make] of cases) {
    it(`rejects ${what}`, () => {
      expect(make).toThrow(NervaLrError);
    });
  }
  it("rejects a negative, NaN or infinite epoch", () => {
    const s = new ConstantScheduler(0.1);
    for (const t of [-1, NaN, Infinity, -Infinity]) {
      expect(() => s.at(t)).toThrow(expect.objectContaining({ code: "invalid-epoch" }));
    }
  });
});
