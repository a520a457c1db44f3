// fast-check generators for valid schedules, read off the catalog's own parameter descriptions:
// a schedule added to the catalog is generated and fuzzed without touching this file.
import fc from "fast-check";
import { it } from "vitest";
import { catalog, NervaLrError, Schedule, type ParamSpec, type ScheduleDefinition } from "../src/index.js";

/** Runs per property in `npm test` (a few seconds in all); `npm run fuzz` raises it. */
export const RUNS = Number(process.env["FUZZ_RUNS"] ?? 100);
export const SEED = Number(process.env["FUZZ_SEED"] ?? 20261124);

/**
 * Cases per test in a long run. A property runs synchronously, and vitest's worker reads its
 * runner's replies only between tests: a reply left unread for a minute fails the run ("Timeout
 * calling onTaskUpdate"). So a long fuzz is cut into tests of at most this many cases (divided by
 * the property's `cost`), each with a seed of its own, and each test first yields to the event
 * loop; `npm test` (100 runs) keeps one test per property, with the seed above.
 */
const CASES_PER_TEST = Number(process.env["FUZZ_CHUNK"] ?? 2000);

export interface FuzzOptions {
  /** Runs relative to RUNS: 5 for cheap properties worth more cases, 0.5 for costly ones. */
  readonly scale?: number;
  /** How much one case costs relative to a typical one: a test then holds 1/cost as many cases. */
  readonly cost?: number;
}

/** Declares the property as one test, or as several of bounded size when RUNS is large (see above). */
export function fuzz<Ts>(name: string, property: () => fc.IProperty<Ts>, { scale = 1, cost = 1 }: FuzzOptions = {}): void {
  const total = Math.max(1, Math.round(RUNS * scale));
  const perTest = Math.max(1, Math.floor(CASES_PER_TEST / cost));
  const tests = Math.ceil(total / perTest);
  for (let k = 0; k < tests; k++) {
    const numRuns = Math.min(perTest, total - k * perTest);
    const seed = SEED + k * 7919;
    it(tests === 1 ? name : `${name} (cases ${k * perTest + 1}-${k * perTest + numRuns}, seed ${seed})`, async () => {
      // Let the worker read its runner's replies first: they wait behind the timers otherwise.
      await new Promise((resolve) => setImmediate(resolve));
      fc.assert(property(), { numRuns, seed });
    });
  }
}

/**
 * How far parameters reach: "training" caps unbounded ends at values a training run would use;
 * "extreme" draws from the whole double range (the largest doubles, subnormals, 2^53 - 1), where
 * products overflow and formulas lose precision.
 */
export type Reach = "training" | "extreme";

const EXTREME_NUMBERS = [Number.MAX_VALUE, 1.7e308, 1e300, 1e154, 5e-324, 2.2250738585072014e-308, 1e-300];
const EXTREME_INTEGERS = [2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1, 1e15];

/** A number in the parameter's range (see `Reach` for how far unbounded ends go). */
function numberIn(spec: ParamSpec, reach: Reach): fc.Arbitrary<number> {
  const range = spec.range ?? {};
  const integral = spec.kind === "integer" || spec.kind === "integers";
  const min = range.min ?? 0;
  const inRange = (v: number) => v >= min && (range.max === undefined || v <= range.max) && !(range.minOpen && v === min) && !(range.maxOpen && v === range.max);
  if (integral) {
    const lo = range.minOpen ? Math.floor(min) + 1 : Math.ceil(min);
    const hi = range.max !== undefined ? Math.floor(range.max) : lo + 60;
    const ordinary = fc.integer({ min: lo, max: Math.max(lo, hi) });
    const far = EXTREME_INTEGERS.filter(inRange);
    return reach === "extreme" && far.length > 0 ? fc.oneof(ordinary, fc.constantFrom(...far)) : ordinary;
  }
  const max = range.max ?? (reach === "extreme" ? Number.MAX_VALUE : min >= 1 ? min + 50 : 10);
  const choices: fc.Arbitrary<number>[] = [
    fc.double({ min, max, minExcluded: range.minOpen === true, maxExcluded: range.maxOpen === true, noNaN: true, noDefaultInfinity: true }),
  ];
  // Edges: the ends of the range themselves, where formulas divide or take logs.
  if (!range.minOpen) choices.push(fc.constant(min));
  if (range.max !== undefined && !range.maxOpen) choices.push(fc.constant(range.max));
  const far = EXTREME_NUMBERS.filter(inRange);
  if (reach === "extreme" && far.length > 0) choices.push(fc.constantFrom(...far));
  return fc.oneof(...choices);
}

function listIn(spec: ParamSpec, reach: Reach): fc.Arbitrary<number[]> {
  return fc.array(numberIn(spec, reach), { minLength: spec.minLength ?? 0, maxLength: 6 }).map((values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return spec.order === "increasing" ? [...new Set(sorted)] : spec.order ? sorted : values;
  });
}

/** The leaf schedules (no schedule parameters), for children of combinators and wrappers. */
const leaves = catalog.filter((d) => !d.params.some((p) => p.kind === "schedule" || p.kind === "schedules") && d.behaviour !== "metric-driven");

function valueFor(spec: ParamSpec, depth: number, reach: Reach): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case "number":
    case "integer":
      return numberIn(spec, reach);
    case "numbers":
    case "integers":
      return listIn(spec, reach);
    case "word":
      return fc.constantFrom(...(spec.words ?? []));
    case "boolean":
      return fc.boolean();
    case "schedule":
      return childSchedule(depth, reach);
    case "schedules":
      return fc.array(childSchedule(depth, reach), { minLength: spec.minLength ?? 0, maxLength: 3 });
    case "expression":
      // Far out: factors that grow without bound, overflow at once, or stay near 1 for ever.
      if (reach === "extreme") return fc.constantFrom("2", "10", "1e300", "1e308 * 10", "10 ** epoch", "exp(t)", "1 + sin(epoch) * 1e-9", "1 / (1 + t)", "t");
      // Factors in [0, 1] for every epoch >= 0, so every value stays finite and >= 0.
      return fc.constantFrom("0.95 ** epoch", "min(1, (t + 1) / 10)", "1 / (1 + 0.1 * step)", "exp(-0.01 * t)", "0.5 * (1 + cos(pi * min(t, 100) / 100))", "max(0.1, 1 - t / 50)", "abs(sin(t))", "(epoch % 7) / 7");
  }
}

function childSchedule(depth: number, reach: Reach): fc.Arbitrary<Schedule> {
  const pool = depth >= 1 ? leaves : catalog.filter((d) => d.behaviour !== "metric-driven");
  return fc.constantFrom(...pool).chain((definition) => scheduleOf(definition, depth + 1, reach));
}

const cosineCycle = catalog.find((d) => d.type === "warmup_cosine_decay_schedule") as ScheduleDefinition;

/** Options for a definition: required parameters always, optional ones sometimes. */
export function scheduleOf(definition: ScheduleDefinition, depth = 0, reach: Reach = "training"): fc.Arbitrary<Schedule> {
  const entries = definition.params.map((spec) => {
    // MultiplicativeLR's product runs step by step (up to 10 million) unless its factor is one
    // number: the epochs here go to 1e12, so it gets such factors (unit tests cover the others).
    // sgdr_schedule's cycles must be warmup_cosine_decay_schedules: draw only those (any other
    // child is refused, and drawing them until one fits takes seconds).
    const value =
      definition.type === "MultiplicativeLR" && spec.kind === "expression"
        ? reach === "training"
          ? fc.constantFrom("0.95", "0.99 ** 2", "1", "exp(-0.01)")
          : // Far out: products that overflow or reach 0 within a few thousand steps (one that does
            // neither costs a pass of 10 million factors per schedule: test/expression.test.ts has it).
            fc.constantFrom("2", "1e300", "epoch", "10 ** epoch", "exp(t)", "1 / (1 + t)", "0.5 + 0.5 * sin(epoch)")
        : definition.type === "sgdr_schedule"
          ? fc.array(scheduleOf(cosineCycle, depth + 1, reach), { minLength: 1, maxLength: 3 })
          : valueFor(spec, depth, reach);
    const required = spec.default === undefined && !spec.optional;
    return required ? value.map((v) => [spec.name, v] as const) : fc.option(value, { nil: undefined }).map((v) => [spec.name, v] as const);
  });
  return fc
    .tuple(...entries)
    .map((pairs) => tryBuild(definition, Object.fromEntries(pairs.filter(([, v]) => v !== undefined))))
    .filter((s): s is Schedule => s !== undefined);
}

/** Options that break a cross-parameter rule are rejected by the constructor: skip those. */
function tryBuild(definition: ScheduleDefinition, options: Record<string, unknown>): Schedule | undefined {
  try {
    return new Schedule(definition, options);
  } catch (error) {
    if (error instanceof NervaLrError) return undefined;
    throw error;
  }
}

export const anySchedule: fc.Arbitrary<Schedule> = fc.constantFrom(...catalog).chain((definition) => scheduleOf(definition));

/** Any schedule of the catalog with parameters from the whole double range (see `Reach`). */
export const extremeSchedule: fc.Arbitrary<Schedule> = fc.constantFrom(...catalog).chain((definition) => scheduleOf(definition, 0, "extreme"));

/**
 * Schedules with state: stateful definitions, and combinators whose children may be. Drawing from
 * these alone keeps the filter cheap (filtering anySchedule rejects dozens of pure ones per hit).
 */
const mayHoldState = catalog.filter((d) => (d.behaviour ?? "pure") !== "pure" || d.params.some((spec) => spec.kind === "schedule" || spec.kind === "schedules"));
export const statefulSchedule: fc.Arbitrary<Schedule> = fc
  .constantFrom(...mayHoldState)
  .chain((definition) => scheduleOf(definition))
  .filter((s) => s.behaviour !== "pure");

/** Epochs from 0 to 1e12: small whole ones, fractional ones, and huge ones. */
export const anyEpoch: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.double({ min: 0, max: 1e4, noNaN: true }),
  fc.double({ min: 0, max: 1e12, noNaN: true }),
  fc.constantFrom(0, 1, 1e6, 2 ** 31, 1e9, 1e12 - 1, 1e12),
);

/** Any epoch a caller can pass: all of anyEpoch, and huge ones up to the largest double. */
export const extremeEpoch: fc.Arbitrary<number> = fc.oneof(
  anyEpoch,
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e16, 1e100, 1e300, Number.MAX_VALUE, 5e-324),
);

/** Finite metrics, positive and negative, for metric-driven schedules. */
export const anyMetrics: fc.Arbitrary<number[]> = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });
