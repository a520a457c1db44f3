// fast-check generators for valid schedules, read off the catalog's own parameter descriptions:
// a schedule added to the catalog is generated and fuzzed without touching this file.
import fc from "fast-check";
import { catalog, NervaLrError, Schedule, type ParamSpec, type ScheduleDefinition } from "../src/index.js";

/** Runs per property in `npm test` (a few seconds in all); `npm run fuzz` raises it. */
export const RUNS = Number(process.env["FUZZ_RUNS"] ?? 100);
export const SEED = Number(process.env["FUZZ_SEED"] ?? 20261124);

/** A number in the parameter's range; unbounded ends are capped at values a training run would use. */
function numberIn(spec: ParamSpec): fc.Arbitrary<number> {
  const range = spec.range ?? {};
  const integral = spec.kind === "integer" || spec.kind === "integers";
  const min = range.min ?? 0;
  if (integral) {
    const lo = range.minOpen ? Math.floor(min) + 1 : Math.ceil(min);
    const hi = range.max !== undefined ? Math.floor(range.max) : lo + 60;
    return fc.integer({ min: lo, max: Math.max(lo, hi) });
  }
  const max = range.max ?? (min >= 1 ? min + 50 : 10);
  const choices: fc.Arbitrary<number>[] = [
    fc.double({ min, max, minExcluded: range.minOpen === true, maxExcluded: range.maxOpen === true, noNaN: true, noDefaultInfinity: true }),
  ];
  // Edges: the ends of the range themselves, where formulas divide or take logs.
  if (!range.minOpen) choices.push(fc.constant(min));
  if (range.max !== undefined && !range.maxOpen) choices.push(fc.constant(range.max));
  return fc.oneof(...choices);
}

function listIn(spec: ParamSpec): fc.Arbitrary<number[]> {
  return fc.array(numberIn(spec), { minLength: spec.minLength ?? 0, maxLength: 6 }).map((values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return spec.order === "increasing" ? [...new Set(sorted)] : spec.order ? sorted : values;
  });
}

/** The leaf schedules (no schedule parameters), for children of combinators and wrappers. */
const leaves = catalog.filter((d) => !d.params.some((p) => p.kind === "schedule" || p.kind === "schedules") && d.behaviour !== "metric-driven");

function valueFor(spec: ParamSpec, depth: number): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case "number":
    case "integer":
      return numberIn(spec);
    case "numbers":
    case "integers":
      return listIn(spec);
    case "word":
      return fc.constantFrom(...(spec.words ?? []));
    case "boolean":
      return fc.boolean();
    case "schedule":
      return childSchedule(depth);
    case "schedules":
      return fc.array(childSchedule(depth), { minLength: spec.minLength ?? 0, maxLength: 3 });
    case "expression":
      // Factors in [0, 1] for every epoch >= 0, so every value stays finite and >= 0.
      return fc.constantFrom("0.95 ** epoch", "min(1, (t + 1) / 10)", "1 / (1 + 0.1 * step)", "exp(-0.01 * t)", "0.5 * (1 + cos(pi * min(t, 100) / 100))", "max(0.1, 1 - t / 50)", "abs(sin(t))", "(epoch % 7) / 7");
  }
}

function childSchedule(depth: number): fc.Arbitrary<Schedule> {
  const pool = depth >= 1 ? leaves : catalog.filter((d) => d.behaviour !== "metric-driven");
  return fc.constantFrom(...pool).chain((definition) => scheduleOf(definition, depth + 1));
}

const cosineCycle = catalog.find((d) => d.type === "warmup_cosine_decay_schedule") as ScheduleDefinition;

/** Options for a definition: required parameters always, optional ones sometimes. */
export function scheduleOf(definition: ScheduleDefinition, depth = 0): fc.Arbitrary<Schedule> {
  const entries = definition.params.map((spec) => {
    // MultiplicativeLR's product runs step by step (up to 10 million) unless its factor is one
    // number: the epochs here go to 1e12, so it gets such factors (unit tests cover the others).
    // sgdr_schedule's cycles must be warmup_cosine_decay_schedules: draw only those (any other
    // child is refused, and drawing them until one fits takes seconds).
    const value =
      definition.type === "MultiplicativeLR" && spec.kind === "expression"
        ? fc.constantFrom("0.95", "0.99 ** 2", "1", "exp(-0.01)")
        : definition.type === "sgdr_schedule"
          ? fc.array(scheduleOf(cosineCycle, depth + 1), { minLength: 1, maxLength: 3 })
          : valueFor(spec, depth);
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

/** Finite metrics, positive and negative, for metric-driven schedules. */
export const anyMetrics: fc.Arbitrary<number[]> = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });
