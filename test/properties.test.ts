// Property-based tests over the whole catalog (fast-check, fixed seed, bounded runs; `npm run fuzz`
// runs the same properties with far more cases).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NervaLrError, parseLearningRate, parseLearningRates, scheduleFromJson, type Schedule } from "../src/index.js";
import { anyEpoch, anyMetrics, anySchedule, fuzz, statefulSchedule } from "./arbitraries.js";
import { cli, close } from "./helpers.js";
import { nervaText, nervaValues, type NervaSpec } from "./nerva-reference.js";
import { SAMPLES } from "./samples.js";

/** A run in call order: at(t) for each t, feeding a metric after each epoch to metric-driven schedules. */
function run(schedule: Schedule, epochs: readonly number[], metrics: readonly number[] = []): number[] {
  return epochs.map((t, i) => {
    const value = schedule.at(t);
    if (schedule.behaviour === "metric-driven") schedule.step(metrics[i % Math.max(1, metrics.length)] ?? 1);
    return value;
  });
}

const someEpochs = fc.array(anyEpoch, { minLength: 1, maxLength: 12 });

describe("round trips", () => {
  fuzz("format then parse gives the same canonical text and the same values", () =>
    fc.property(anySchedule, someEpochs, anyMetrics, (schedule, epochs, metrics) => {
      const text = String(schedule);
      const back = parseLearningRate(text);
      expect(String(back)).toBe(text);
      expect(run(back, epochs, metrics)).toEqual(run(schedule.fresh(), epochs, metrics));
    }));
  fuzz("JSON then back gives the same schedule and values", () =>
    fc.property(anySchedule, someEpochs, anyMetrics, (schedule, epochs, metrics) => {
      const back = scheduleFromJson(JSON.stringify(schedule));
      expect(JSON.stringify(back)).toBe(JSON.stringify(schedule));
      expect(run(back, epochs, metrics)).toEqual(run(schedule.fresh(), epochs, metrics));
    }));
});

describe("bulk evaluation", () => {
  // fill() is a separate code path (segment fills, per-kernel loops, children filling their own
  // stretches): it must give exactly what at() gives, called in the same order.
  const start = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 1e9 }), fc.constantFrom(0, 1, 1e12));
  fuzz("fill(out, from) equals at(from), at(from + 1), ... on a fresh copy, whole-number epochs", () =>
    fc.property(anySchedule, start, fc.integer({ min: 0, max: 300 }), (schedule, from, count) => {
      const reference = schedule.fresh();
      const expected = Array.from({ length: count }, (_, i) => reference.at(from + i));
      expect(Array.from(schedule.fresh().fill(new Float64Array(count), from))).toEqual(expected);
      expect(schedule.fresh().fill(new Array<number>(count).fill(0), from)).toEqual(expected);
    }));
  fuzz("fill agrees with at for fractional starting epochs, up to the rounding of the epoch", () =>
    fc.property(anySchedule, fc.double({ min: 0, max: 1e4, noNaN: true }), fc.integer({ min: 1, max: 100 }), (schedule, from, count) => {
      const reference = schedule.fresh();
      const filled = schedule.fresh().values(count, from);
      filled.forEach((value, i) => {
        const expected = reference.at(from + i);
        if (!close(value, expected, 1e-9, 1e-300)) expect.fail(`${String(schedule)} at ${from + i}: fill ${value}, at ${expected}`);
      });
    }));
  it("values() refuses a bad count or start", () => {
    const schedule = parseLearningRate("StepLR(0.1, 3)");
    for (const count of [-1, 1.5, NaN]) expect(() => schedule.values(count)).toThrow(NervaLrError);
    for (const from of [-1, NaN, Infinity]) expect(() => schedule.values(3, from)).toThrow(NervaLrError);
    expect(() => schedule.values(3, Number.MAX_VALUE)).not.toThrow();
  });
});

describe("values", () => {
  fuzz("are finite and >= 0 for every epoch from 0 to 1e12", () =>
    fc.property(anySchedule, someEpochs, anyMetrics, (schedule, epochs, metrics) => {
      for (const value of run(schedule, epochs, metrics)) {
        if (!(Number.isFinite(value) && value >= 0)) expect.fail(`${String(schedule)} gave ${value} over epochs ${epochs.join(", ")}`);
      }
    }));

  /** Decays documented as never increasing (over their whole range, or up to a bound). */
  const decays: Record<string, (s: Schedule) => number | undefined> = {
    StepBased: () => Infinity,
    MultiStepLR: () => Infinity,
    Exponential: () => Infinity,
    StepLR: () => Infinity,
    ExponentialLR: () => Infinity,
    PolynomialLR: () => Infinity,
    InverseTimeDecay: () => Infinity,
    ExponentialDecay: () => Infinity,
    PolynomialDecay: (s) => (s.params["cycle"] ? undefined : Infinity),
    CosineDecay: (s) => (s.params["warmup_target"] === undefined ? Infinity : undefined),
    cosine_decay_schedule: () => Infinity,
    CosineAnnealingLR: (s) => ((s.params["lr"] as number) >= (s.params["eta_min"] as number) ? (s.params["T_max"] as number) : undefined),
    get_inverse_sqrt_schedule: () => Infinity,
  };
  const decay = anySchedule.filter((s) => s.type in decays && decays[s.type]?.(s) !== undefined);
  fuzz("of every decay schedule never increase", () =>
    fc.property(decay, fc.array(anyEpoch, { minLength: 2, maxLength: 20 }), (schedule, epochs) => {
      const bound = decays[schedule.type]?.(schedule) ?? Infinity;
      const sorted = [...epochs].sort((a, b) => a - b).filter((t) => t <= bound);
      const warmup = schedule.type === "get_inverse_sqrt_schedule" ? (schedule.params["num_warmup_steps"] as number) : 0;
      const values = sorted.filter((t) => t >= warmup).map((t) => schedule.at(t));
      for (let i = 1; i < values.length; i++) {
        const [before, after] = [values[i - 1] as number, values[i] as number];
        if (after > before * (1 + 1e-12)) expect.fail(`${String(schedule)} rises from ${before} to ${after}`);
      }
      }),
    { scale: 0.5 },
  );
  fuzz("TimeBased never increases over calls in epoch order", () =>
    fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (lr, decay) => {
      const s = parseLearningRate(`TimeBased(${lr}, ${decay})`);
      const values = Array.from({ length: 50 }, (_, t) => s.at(t));
      values.slice(1).forEach((v, i) => expect(v).toBeLessThanOrEqual(values[i] as number));
    }));
});

describe("nerva parity through the CLI", () => {
  const lr = fc.double({ min: 0, max: 10, noNaN: true });
  const rate = fc.double({ min: 0, max: 5, noNaN: true });
  const nervaSpec: fc.Arbitrary<NervaSpec> = fc.oneof(
    lr.map((v) => ({ kind: "Constant" as const, lr: v })),
    fc.tuple(lr, rate).map(([l, d]) => ({ kind: "TimeBased" as const, lr: l, decay: d })),
    fc.tuple(lr, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 50, noNaN: true })).map(([l, d, c]) => ({ kind: "StepBased" as const, lr: l, drop_rate: d, change_rate: c })),
    fc.tuple(lr, fc.array(fc.nat(60), { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([l, m, g]) => ({
      kind: "MultiStepLR" as const,
      lr: l,
      milestones: [...m].sort((a, b) => a - b),
      gamma: g,
    })),
    fc.tuple(lr, rate).map(([l, c]) => ({ kind: "Exponential" as const, lr: l, change_rate: c })),
  );
  fuzz("eval SPEC --at LIST --format json prints nerva's values in order (relative difference <= 1e-12)", () =>
    fc.property(nervaSpec, fc.array(fc.nat(100), { minLength: 1, maxLength: 15 }), (spec, epochs) => {
      const { code, stdout } = cli("eval", nervaText(spec), "--at", epochs.join(","), "--format", "json");
      expect(code).toBe(0);
      const rows = JSON.parse(stdout) as { epoch: number; lr: number }[];
      expect(rows.map((r) => r.epoch)).toEqual(epochs);
      const expected = nervaValues(spec, epochs);
      rows.forEach((row, i) => {
        if (!close(row.lr, expected[i] as number, 1e-12)) expect.fail(`${nervaText(spec)} at ${epochs.join(",")}: row ${i} is ${row.lr}, nerva gives ${expected[i]}`);
      });
    }));
});

describe("checkpoint and resume", () => {
  fuzz("continues bit for bit from a checkpoint at any epoch", () =>
    fc.property(statefulSchedule, fc.array(anyEpoch, { minLength: 2, maxLength: 30 }), anyMetrics, fc.nat(), (schedule, epochs, metrics, cut) => {
      const stop = cut % epochs.length;
      const whole = run(schedule.fresh(), epochs, metrics);
      const first = schedule.fresh();
      const head = epochs.slice(0, stop).map((t, i) => {
        const v = first.at(t);
        if (first.behaviour === "metric-driven") first.step(metrics[i % metrics.length] as number);
        return v;
      });
      const resumed = parseLearningRate(String(schedule));
      resumed.setState(JSON.parse(JSON.stringify(first.getState())));
      const tail = epochs.slice(stop).map((t, j) => {
        const v = resumed.at(t);
        if (resumed.behaviour === "metric-driven") resumed.step(metrics[(stop + j) % metrics.length] as number);
        return v;
      });
      expect([...head, ...tail]).toEqual(whole);
    }));
});

/** The parser's contract on any text: a schedule, or our own error with an offset inside the text. */
function parsesOrExplains(text: string): void {
  try {
    parseLearningRates(text);
  } catch (error) {
    if (!(error instanceof NervaLrError)) throw error;
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(text.length);
    expect(error.message).toContain("^");
  }
}

const specAlphabet = fc.constantFrom(..."()[],;=.+-eE0123456789 \tabcxyz_LRSt\u0000\u00e9\n".split(""));

describe("the parser on hostile text", () => {
  fuzz("random text: a schedule or a NervaLrError, never another exception", () => fc.property(fc.string({ maxLength: 60 }), parsesOrExplains));
  fuzz("random text of spec characters: a schedule or a NervaLrError", () => fc.property(fc.string({ unit: specAlphabet, maxLength: 60 }), parsesOrExplains));
  const junk = fc.constantFrom("", "x", "-", "1e999", "NaN", "0x1f", "[", "]", "(", ")", ";", ",", "=", "1..2", "\u00e9", "\t", "9".repeat(400));
  const edit = fc.tuple(fc.constantFrom(...SAMPLES), fc.nat(), fc.constantFrom("drop", "double", "swap", "replace", "number"), junk);
  fuzz("valid specs with random edits: a schedule or a NervaLrError", () =>
    fc.property(edit, ([spec, position, kind, replacement]) => {
      const i = position % spec.length;
      let text: string;
      if (kind === "drop") text = spec.slice(0, i) + spec.slice(i + 1);
      else if (kind === "double") text = spec.slice(0, i) + spec.charAt(i) + spec.slice(i);
      else if (kind === "swap") text = spec.slice(0, i) + spec.charAt(i + 1) + spec.charAt(i) + spec.slice(i + 2);
      else if (kind === "replace") text = spec.slice(0, i) + replacement + spec.slice(i + 1);
      else text = spec.replace(/[0-9]+(\.[0-9]+)?/, replacement);
      parsesOrExplains(text);
    }),
    { scale: 5 },
  );
});
