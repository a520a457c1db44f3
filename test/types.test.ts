// The typed factories: options are read off each schedule's parameter list, so a missing required
// parameter, an unknown one, a wrong type or an unknown option word is a compile error.
// `npm run typecheck` (in CI) checks the @ts-expect-error lines; vitest checks the runtime side.
import { describe, expect, it } from "vitest";
import { cyclicLR, get_wsd_schedule, NervaLrError, oneCycleLR, sequentialLR, stepLR, linearLR, constant } from "../src/index.js";

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
    expect(Object.keys(get_wsd_schedule)).toContain("params");
  });
});
