// timm's noise options: where the noise applies, its bounds and its distribution, from timm's
// scheduler.py (noise on lr * (1 + noise) for noise_range_t[0] <= t < noise_range_t[1], a standard
// normal redrawn until |noise| < noise_pct, seeded per step). Our generator is not torch's, so the
// numbers are checked against the distribution, not against timm's draws.
import { describe, expect, it } from "vitest";
import { parseLearningRate } from "../src/index.js";

const base = "CosineLRScheduler(0.1, 40, lr_min=0.001, warmup_t=3, warmup_lr_init=0.01)";
const noisy = (options: string) => parseLearningRate(`${base.slice(0, -1)}, ${options})`);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Standard normal density and, by Simpson's rule, the mass inside (-a, a). */
const density = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
function massInside(a: number): number {
  const n = 2000;
  const h = (2 * a) / n;
  let sum = density(-a) + density(a);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * density(-a + i * h);
  return (sum * h) / 3;
}
/** The standard deviation of a standard normal truncated to (-a, a). */
const truncatedStd = (a: number) => Math.sqrt(1 - (2 * a * density(a)) / massInside(a));

describe("timm's noise options", () => {
  it("leave the values alone outside noise_range_t and keep them within noise_pct inside", () => {
    const plain = parseLearningRate(base);
    const schedule = noisy("noise_range_t=[5, 30], noise_pct=0.2");
    for (const t of [...range(0, 5), ...range(30, 45)]) expect(schedule.at(t)).toBe(plain.at(t));
    const ratios = range(5, 30).map((t) => schedule.at(t) / plain.at(t) - 1);
    expect(ratios.every((r) => Math.abs(r) < 0.2)).toBe(true);
    expect(ratios.filter((r) => r !== 0).length).toBe(25);
  });
  it("with one start step, apply from there on", () => {
    const plain = parseLearningRate(base);
    const schedule = noisy("noise_range_t=10");
    expect(schedule.at(9)).toBe(plain.at(9));
    expect(range(10, 60).every((t) => schedule.at(t) !== plain.at(t))).toBe(true);
    expect(String(schedule)).toContain("noise_range_t=[10]");
  });
  it("are the same on every run and in any call order, one value per step, and change with noise_seed", () => {
    const a = noisy("noise_range_t=[0, 40]");
    const b = noisy("noise_range_t=[0, 40]");
    const forward = range(0, 40).map((t) => a.at(t));
    expect(range(0, 40).reverse().map((t) => b.at(t)).reverse()).toEqual(forward);
    expect(a.at(7.5) / parseLearningRate(base).at(7.5)).toBeCloseTo(a.at(7) / parseLearningRate(base).at(7), 12);
    const other = noisy("noise_range_t=[0, 40], noise_seed=7");
    expect(range(0, 40).filter((t) => other.at(t) !== a.at(t)).length).toBe(40);
  });
  it.each([0.67, 1])("have timm's distribution: a normal truncated to (-%d, %d)", (pct) => {
    const plain = parseLearningRate("CosineLRScheduler(1, 1000000)");
    const schedule = parseLearningRate(`CosineLRScheduler(1, 1000000, noise_range_t=0, noise_pct=${pct})`);
    const noise = range(0, 20000).map((t) => schedule.at(t) / plain.at(t) - 1);
    const mean = noise.reduce((s, x) => s + x, 0) / noise.length;
    const std = Math.sqrt(noise.reduce((s, x) => s + (x - mean) ** 2, 0) / noise.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std - truncatedStd(pct))).toBeLessThan(0.01);
    expect(Math.max(...noise.map(Math.abs))).toBeLessThan(pct);
  });
  it("raise the peak by noise_pct, so charts and chained factors hold every value", () => {
    expect(noisy("noise_range_t=5, noise_pct=0.5").peak()).toBeCloseTo(0.15, 15);
    expect(parseLearningRate(base).peak()).toBe(0.1);
  });
  it.each([
    ["noise_range_t=[1, 2, 3]", /noise_range_t is a start step or \[start, end\], got 3 numbers/],
    ["noise_range_t=[5, 2]", /noise_range_t/],
    ["noise_range_t=5, noise_pct=0", /noise_pct must be/],
    ["noise_range_t=5, noise_pct=1.5", /noise_pct must be/],
  ])("refuse %s", (options, message) => {
    expect(() => noisy(options)).toThrow(message);
  });
  it("come with every timm scheduler", () => {
    for (const spec of ["TanhLRScheduler(0.1, 20)", "PolyLRScheduler(0.1, 20)", "StepLRScheduler(0.1, 5)", "timm.MultiStepLRScheduler(0.1, [5])"]) {
      const schedule = parseLearningRate(`${spec.slice(0, -1)}, noise_range_t=[2, 4], noise_pct=0.3)`);
      const plain = parseLearningRate(spec);
      expect([0, 1, 4, 5].map((t) => schedule.at(t))).toEqual([0, 1, 4, 5].map((t) => plain.at(t)));
      expect([2, 3].every((t) => schedule.at(t) !== plain.at(t) && Math.abs(schedule.at(t) / plain.at(t) - 1) < 0.3)).toBe(true);
    }
  });
});
