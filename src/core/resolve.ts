/**
 * Resolving a schedule's parameters: the values given, checked one by one and together, defaults
 * filled in. The parser, the JSON reader, the factories and `new Schedule` all come through here,
 * so that every way of building a schedule gives the same values and the same errors.
 *
 * Why the code below looks the way it does (the one place for V8 reasoning; figures go stale, so
 * none are given, and `npm run bench` measures):
 * - It runs for every schedule built, nested ones too, so it uses plain loops and no closures.
 * - Definitions and their parameter descriptions are made with every field present, in one order
 *   (`defineSchedule`, `uniformParamSpec`): the loops here read them all, and one object shape for
 *   every description keeps those reads monomorphic.
 * - Values are held by parameter position in arrays made by `emptyValues`, so that V8 gives all of
 *   them one elements kind (arrays of doubles, of small integers and of mixed values are three).
 * - `strayOptions` counts the caller's own keys that match a value read, which settles the common
 *   case (no stray or inherited option) without a lookup per parameter.
 * - Elsewhere: each kernel's `at` is a function of its own kind of schedule, so that a call site
 *   that sees one kind can inline it; kernels give a `fill` loop where calling `at` per element
 *   through the shared `Schedule.fill` would cost a megamorphic call each (core/schedule.ts).
 *   The catalog remembers the last name resolved per length (schedules/catalog.ts).
 */
import { clip } from "./errors.js";
import { checkParamValue, isSchedule, type ParamProblem, type ParamSpec, type ParamValue, type ParamValues } from "./params.js";
import type { ScheduleDefinition } from "./schedule.js";
import { didYouMean } from "./suggest.js";

/** The parameters by name, defaults filled in, or the first problem found. */
export type Resolution = { readonly params: ParamValues } | { readonly problem: ParamProblem };

/**
 * `count` empty slots for values by parameter position (see the note at the top on elements kinds).
 */
export function emptyValues(count: number): (ParamValue | undefined)[] {
  const values: (ParamValue | undefined)[] = [];
  for (let i = 0; i < count; i++) values.push(undefined);
  return values;
}

/**
 * Fills defaults and checks every parameter of a caller's options object: unknown names first,
 * then shape, range, and the definition's own cross-checks. Lists are copied, so that changing
 * them later does not change the schedule.
 */
export function resolveOptions(definition: ScheduleDefinition, options: unknown): Resolution {
  if (typeof options !== "object" || options === null) return { problem: notAnObject };
  const given = options as Readonly<Record<string, unknown>>;
  const specs = definition.params;
  const values = emptyValues(specs.length);
  for (let i = 0; i < specs.length; i++) values[i] = given[(specs[i] as ParamSpec).name] as ParamValue | undefined;
  const unknown = strayOptions(specs, given, values);
  return unknown ? { problem: unknown } : resolveValues(definition, values, true);
}

const notAnObject: ParamProblem = { param: "", code: "wrong-type", message: "options must be an object" };

/**
 * The caller's own keys against the values read: a name the schedule does not have (and whose
 * value is not undefined) is a problem; a value read through the prototype chain (a polluted
 * Object.prototype, a class's getter) is dropped, as if not given. Counting the own keys that
 * match a value read settles the common case without a lookup per parameter.
 */
function strayOptions(specs: readonly ParamSpec[], options: Readonly<Record<string, unknown>>, values: (ParamValue | undefined)[]): ParamProblem | undefined {
  let read = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== undefined) read++;
  let own = 0;
  for (const key of Object.keys(options)) {
    let index = 0;
    while (index < specs.length && (specs[index] as ParamSpec).name !== key) index++;
    if (index < specs.length) {
      if (values[index] !== undefined) own++;
    } else if (options[key] !== undefined) return { param: key, code: "unknown-parameter", message: unknownOption(specs, key) };
  }
  if (own < read) {
    for (let i = 0; i < values.length; i++) if (values[i] !== undefined && !Object.hasOwn(options, (specs[i] as ParamSpec).name)) values[i] = undefined;
  }
  return undefined;
}

/** The spec language's message for a misspelt name, so code and text get the same suggestion. */
function unknownOption(specs: readonly ParamSpec[], key: string): string {
  const names = specs.map((spec) => spec.name);
  return `unknown parameter ${clip(key)}${didYouMean(key, names)}; it takes ${names.join(", ")}`;
}

/**
 * Fills defaults and checks every parameter, from values in parameter order (undefined: not
 * given; the array is ours and is changed): shape, range, and the definition's own cross-checks.
 * The parser calls this directly, so that it can point at the offending text. `copyLists`: the
 * values came from a caller's code, so lists are copied (the parser's are its own).
 */
export function resolveValues(
  definition: ScheduleDefinition,
  values: (ParamValue | undefined)[],
  copyLists: boolean,
): Resolution {
  const specs = definition.params;
  let deferred = false;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as ParamSpec;
    const value = values[i];
    if (value === undefined) {
      if (typeof spec.default === "function") deferred = true;
      else if (spec.default !== undefined) values[i] = spec.default;
      else if (spec.optional) continue;
      else return { problem: { param: spec.name, code: "missing-parameter", message: `missing parameter ${spec.name}` } };
      continue;
    }
    if (spec.kind === "schedule" || spec.kind === "schedules") {
      const problem = checkShape(spec, value);
      if (problem) return { problem };
    }
    const problem = checkParamValue(spec, value);
    if (problem) return { problem };
    if (copyLists && Array.isArray(value)) values[i] = value.slice();
  }
  const params = paramsOf(specs, values);
  // Derived defaults (CyclicLR's step_size_down = step_size_up) see the explicit ones.
  if (deferred) {
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i] as ParamSpec;
      if (values[i] === undefined && typeof spec.default === "function") params[spec.name] = spec.default(params as ParamValues);
    }
  }
  const crossProblem = definition.check?.(params as ParamValues);
  if (crossProblem) return { problem: crossProblem };
  return { params: params as ParamValues };
}

/**
 * The params object built by computed names, in parameter order: the values given, and a place
 * for each derived default (filled in next); an optional parameter left out is absent.
 */
function paramsOf(specs: readonly ParamSpec[], values: readonly (ParamValue | undefined)[]): Record<string, ParamValue | undefined> {
  const params: Record<string, ParamValue | undefined> = {};
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as ParamSpec;
    const value = values[i];
    if (value !== undefined || typeof spec.default === "function") params[spec.name] = value;
  }
  return params;
}

function checkShape(spec: ParamSpec, value: unknown): ParamProblem | undefined {
  const wrong = (what: string): ParamProblem => ({ param: spec.name, code: "wrong-type", message: `${spec.name} must be ${what}` });
  switch (spec.kind) {
    case "schedule":
      return isSchedule(value) ? undefined : wrong("a schedule");
    case "schedules":
      if (!Array.isArray(value) || value.some((v) => !isSchedule(v))) return wrong("a list of schedules");
      return spec.minLength !== undefined && value.length < spec.minLength
        ? { param: spec.name, code: "out-of-range", message: `${spec.name} needs at least ${spec.minLength} schedules, got ${value.length}` }
        : undefined;
    default:
      return undefined;
  }
}
