/**
 * Parameter descriptions: each schedule lists its parameters once, and the parser, the printer, the
 * JSON form, validation, `nerva-lr list` and the typed factory options are all read off that list.
 */
import { clip, NervaLrError } from "./errors.js";
import { parseExpression } from "./expression.js";
import type { Schedule } from "./schedule.js";

export type ParamKind =
  | "number"
  | "integer"
  | "numbers"
  | "integers"
  | "word"
  | "boolean"
  | "schedule"
  | "schedules"
  /** A formula of the step, in the safe expression language of expression.ts: "0.95 ** epoch". */
  | "expression";

/** An interval of allowed numbers; a missing bound is unbounded. */
export interface Range {
  readonly min?: number;
  /** When true the minimum itself is excluded. */
  readonly minOpen?: boolean;
  readonly max?: number;
  readonly maxOpen?: boolean;
}

export type ParamValue = number | readonly number[] | string | boolean | Schedule | readonly Schedule[];

/**
 * The mark every Schedule carries, so that the checks here and in resolve.ts know a schedule
 * without importing the class (which imports them). Not a registered symbol: a schedule of
 * another copy of nerva-lr is not one of ours.
 */
export const SCHEDULE_MARK: unique symbol = Symbol("nerva-lr schedule");

/** Whether `value` is a Schedule. */
export function isSchedule(value: unknown): value is Schedule {
  return typeof value === "object" && value !== null && SCHEDULE_MARK in value;
}

/** The resolved parameters of a schedule, by name. */
export type ParamValues = Readonly<Record<string, ParamValue>>;

export interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
  /** One line: what the parameter means. */
  readonly doc: string;
  /** Allowed numbers (for number kinds, each element of a list). */
  readonly range?: Range;
  /** The allowed words, for kind "word". */
  readonly words?: readonly string[];
  /** A default makes the parameter optional; a function derives it from the other parameters. */
  readonly default?: ParamValue | ((params: ParamValues) => ParamValue);
  /** Printed in `list` and docs instead of the default's value, e.g. "step_size_up". */
  readonly defaultText?: string;
  /** May be left out with no default at all (the optional `lr` of combinators). */
  readonly optional?: boolean;
  /**
   * Canonical text and JSON leave it out at its default unless this other parameter is given
   * (timm's noise options change nothing without noise_range_t).
   */
  readonly printedWith?: string;
  /** A list must not decrease (milestones, boundaries); "increasing" forbids repeats too. */
  readonly order?: "nondecreasing" | "increasing";
  /** A list must have at least this many elements. */
  readonly minLength?: number;
}

/** The value a parameter of kind `K` holds; `W` is the union of its words (kind "word"). */
type ValueOfKind<K extends ParamKind, W> = K extends "number" | "integer"
  ? number
  : K extends "numbers" | "integers"
    ? readonly number[]
    : K extends "word"
      ? W
      : K extends "boolean"
        ? boolean
        : K extends "schedule"
          ? Schedule
          : K extends "schedules"
            ? readonly Schedule[]
            : string;

/** The value one parameter description holds: `lr` a number, `mode` its literal words. */
export type ValueOf<S extends ParamSpec> = ValueOfKind<S["kind"], S extends { readonly words: readonly (infer W)[] } ? W : string>;

/** A parameter that may be left out with no default at all (the optional `lr` of combinators). */
type Absent<S extends ParamSpec> = S extends { readonly optional: true } ? (S extends { readonly default: unknown } ? never : S) : never;
/** A parameter the caller must give: no default, not optional. */
type Required<S extends ParamSpec> = S extends { readonly default: unknown } ? never : S extends { readonly optional: true } ? never : S;

/**
 * A schedule's resolved parameters, read off its parameter list (`defineSchedule` keeps it
 * literal): `ParamsOf<[typeof lrParam, ...]>` is `{ readonly lr: number; ... }`. A parameter
 * that is optional and has no default may be absent.
 */
export type ParamsOf<Ps extends readonly ParamSpec[]> = Flat<
  {
    readonly [S in Exclude<Ps[number], Absent<Ps[number]>> as S["name"]]: ValueOf<S>;
  } & {
    readonly [S in Absent<Ps[number]> as S["name"]]?: ValueOf<S>;
  }
>;

/** The options a caller gives to build one: parameters with a default (or optional) may be left out. */
export type OptionsOf<Ps extends readonly ParamSpec[]> = Flat<
  {
    readonly [S in Required<Ps[number]> as S["name"]]: ValueOf<S>;
  } & {
    readonly [S in Exclude<Ps[number], Required<Ps[number]>> as S["name"]]?: ValueOf<S>;
  }
>;

/** One object type instead of an intersection, so that hovers and type errors show it whole. */
type Flat<T> = { [K in keyof T]: T[K] };

/** A problem with one parameter: which, where in a list, and what. */
export interface ParamProblem {
  readonly param: string;
  readonly index?: number;
  readonly code: "wrong-type" | "out-of-range" | "missing-parameter" | "unknown-parameter" | "syntax";
  readonly message: string;
}

export const positive: Range = { min: 0, minOpen: true };
export const nonNegative: Range = { min: 0 };
export const unitOpen: Range = { min: 0, minOpen: true, max: 1 };
export const unitClosed: Range = { min: 0, max: 1 };
export const atLeastOne: Range = { min: 1 };

export function describeRange(range: Range): string {
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    return `in ${range.minOpen ? "(" : "["}${min}, ${max}${range.maxOpen ? ")" : "]"}`;
  }
  if (min !== undefined) return `${range.minOpen ? ">" : ">="} ${min}`;
  if (max !== undefined) return `${range.maxOpen ? "<" : "<="} ${max}`;
  return "any finite number";
}

export function inRange(x: number, range: Range): boolean {
  if (range.min !== undefined && (range.minOpen ? !(x > range.min) : !(x >= range.min))) return false;
  if (range.max !== undefined && (range.maxOpen ? !(x < range.max) : !(x <= range.max))) return false;
  return true;
}

/** A word as spec text writes it: bare where it is a name, in double quotes otherwise ("inverse-square-root"). */
export function formatWord(word: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(word) ? word : `"${word}"`;
}

/** One line for `list` and docs: `gamma=0.1`, `T_max`, `mode=triangular|triangular2|exp_range`. */
export function describeParam(spec: ParamSpec): string {
  if (spec.defaultText !== undefined) return `${spec.name}=${spec.defaultText}`;
  if (spec.default === undefined) return spec.optional ? `[${spec.name}]` : spec.name;
  if (typeof spec.default === "function") return `${spec.name}=?`;
  return `${spec.name}=${typeof spec.default === "string" ? formatWord(spec.default) : String(spec.default)}`;
}

/** The constraint of a parameter in words, for docs and `list`. */
export function describeConstraint(spec: ParamSpec): string {
  switch (spec.kind) {
    case "number":
      return spec.range ? `number ${describeRange(spec.range)}` : "number";
    case "integer":
      return spec.range ? `integer ${describeRange(spec.range)}` : "integer";
    case "numbers":
    case "integers": {
      const element = spec.kind === "integers" ? "integers" : "numbers";
      const order = spec.order === "increasing" ? "increasing " : spec.order === "nondecreasing" ? "non-decreasing " : "";
      const range = spec.range ? ` ${describeRange(spec.range)}` : "";
      return `list of ${order}${element}${range}`;
    }
    case "word":
      return `one of ${(spec.words ?? []).map(formatWord).join(", ")}`;
    case "boolean":
      return "true or false";
    case "schedule":
      return "a schedule";
    case "schedules":
      return "list of schedules";
    case "expression":
      return "a quoted expression of epoch";
  }
}

/**
 * Checks a value already of the right shape (numbers are numbers, lists are arrays) against the
 * parameter's range, integrality, order and words. Returns the first problem, or undefined.
 */
export function checkParamValue(spec: ParamSpec, value: ParamValue): ParamProblem | undefined {
  // No closures here: this runs for every parameter of every schedule built.
  switch (spec.kind) {
    case "number":
    case "integer": {
      if (typeof value !== "number") return problemOf(spec, `${spec.name} must be a number`, "wrong-type");
      return checkNumber(spec, value, spec.name);
    }
    case "numbers":
    case "integers": {
      if (!Array.isArray(value)) return problemOf(spec, `${spec.name} must be a list of numbers`, "wrong-type");
      const list = value as readonly unknown[];
      if (spec.minLength !== undefined && list.length < spec.minLength) {
        return problemOf(spec, `${spec.name} needs at least ${spec.minLength} element${spec.minLength === 1 ? "" : "s"}, got ${list.length}`);
      }
      for (let i = 0; i < list.length; i++) {
        const x = list[i];
        if (typeof x !== "number") return problemOf(spec, `${spec.name}[${i}] must be a number`, "wrong-type", i);
        const bad = checkNumber(spec, x, spec.name, i);
        if (bad) return bad;
        // (Reading list[-1] would be a slow out-of-bounds lookup, so the first element skips this.)
        const prev = i > 0 ? list[i - 1] : undefined;
        if (typeof prev === "number") {
          if (spec.order === "nondecreasing" && x < prev) return problemOf(spec, `${spec.name} must not decrease, but ${x} follows ${prev}`, "out-of-range", i);
          if (spec.order === "increasing" && x <= prev) return problemOf(spec, `${spec.name} must increase, but ${x} follows ${prev}`, "out-of-range", i);
        }
      }
      return undefined;
    }
    case "word":
      if (typeof value !== "string" || !(spec.words ?? []).includes(value)) {
        return problemOf(spec, `${spec.name} must be one of ${(spec.words ?? []).map(formatWord).join(", ")}`, "wrong-type");
      }
      return undefined;
    case "boolean":
      return typeof value === "boolean" ? undefined : problemOf(spec, `${spec.name} must be true or false`, "wrong-type");
    case "schedule":
    case "schedules":
      return undefined;
    case "expression": {
      if (typeof value !== "string") return problemOf(spec, `${spec.name} must be an expression of epoch in quotes, such as "0.95 ** epoch"`, "wrong-type");
      try {
        parseExpression(value);
        return undefined;
      } catch (error) {
        if (!(error instanceof NervaLrError)) throw error;
        return problemOf(spec, `${spec.name}: ${error.problem} (at ${error.offset ?? 0} in "${clip(value, 60)}")`, error.code === "out-of-range" ? "out-of-range" : "syntax");
      }
    }
  }
}

function problemOf(spec: ParamSpec, message: string, code: ParamProblem["code"] = "out-of-range", index?: number): ParamProblem {
  return index === undefined ? { param: spec.name, code, message } : { param: spec.name, code, message, index };
}

const labelOf = (name: string, index: number | undefined) => (index === undefined ? name : `${name}[${index}]`);

/** A number alone: finite, whole where it must be, in range. `index` places a list element. */
function checkNumber(spec: ParamSpec, x: number, name: string, index?: number): ParamProblem | undefined {
  if (!Number.isFinite(x)) return problemOf(spec, `${labelOf(name, index)} must be a finite number, got ${x}`, "out-of-range", index);
  const integral = spec.kind === "integer" || spec.kind === "integers";
  if (integral && !Number.isInteger(x)) return problemOf(spec, `${labelOf(name, index)} must be an integer, got ${x}`, "wrong-type", index);
  if (spec.range && !inRange(x, spec.range)) return problemOf(spec, `${labelOf(name, index)} must be ${describeRange(spec.range)}, got ${x}`, "out-of-range", index);
  return undefined;
}

/**
 * The same parameter description with every field present, in one order, and its range likewise.
 * (Why: see the note at the top of core/resolve.ts.)
 */
export function uniformParamSpec(spec: ParamSpec): ParamSpec {
  const uniform = {
    name: spec.name,
    kind: spec.kind,
    doc: spec.doc,
    range: spec.range === undefined ? undefined : uniformRange(spec.range),
    words: spec.words,
    default: spec.default,
    defaultText: spec.defaultText,
    optional: spec.optional,
    printedWith: spec.printedWith,
    order: spec.order,
    minLength: spec.minLength,
  };
  return uniform as ParamSpec;
}

function uniformRange(range: Range): Range {
  return { min: range.min, minOpen: range.minOpen, max: range.max, maxOpen: range.maxOpen } as Range;
}

/** The base learning rate parameter most schedules start with. */
export const lrParam = { name: "lr", kind: "number", range: nonNegative, doc: "the base learning rate" } as const;
