/**
 * A quick path for the most common specs, nerva's own forms: a name and plain numbers,
 * `StepBased(0.1,0.5,10)` or `MultiStepLR(0.1;1,3,5;0.1)`, no spaces, names or brackets. It builds
 * no syntax tree. Anything else, and any problem at all, returns undefined, and the full parser
 * takes over (it alone reports errors, with their offsets); both give the same schedule.
 */
import { emptyValues, resolveValues, scheduleFromResolved, type Schedule } from "../core/schedule.js";
import type { ParamSpec, ParamValue } from "../core/params.js";
import { findDefinition } from "../schedules/catalog.js";
import { makerOf } from "../schedules/records.js";

const isDigit = (c: number) => c >= 48 && c <= 57;
const isNameChar = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || isDigit(c);

/** 10^0 .. 10^22, each an exact double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

export function parseQuick(text: string): Schedule | undefined {
  let i = 0;
  while (isNameChar(text.charCodeAt(i))) i++;
  const nameEnd = i;
  if (i === 0 || isDigit(text.charCodeAt(0)) || text.charCodeAt(i) !== 40) return undefined;
  // Only digits, '.', ',' and ';' up to a final ')': anything else (a space, a name, a bracket)
  // is for the full parser, found here before anything is allocated.
  for (let k = i + 1; k < text.length - 1; k++) {
    const c = text.charCodeAt(k);
    if (!isDigit(c) && c !== 46 && c !== 44 && c !== 59) return undefined;
  }
  // Values in order, and the ';' group each belongs to. The name is looked up after the
  // arguments, so that text for the full parser costs no lookup here.
  const values: number[] = [];
  const groups: number[] = [];
  let group = 0;
  i++;
  for (;;) {
    const end = plainNumberEnd(text, i);
    if (end < 0) return undefined;
    values.push(decimal(text, i, end));
    groups.push(group);
    const c = text.charCodeAt(end);
    i = end + 1;
    if (c === 41) break; // ')'
    if (c === 59) group++; // ';'
    else if (c !== 44) return undefined; // ','
  }
  if (i !== text.length) return undefined;
  const definition = findDefinition(text.slice(0, nameEnd));
  if (!definition) return undefined;
  const args = group === 0 ? positional(definition.params, values) : grouped(definition.params, values, groups, group + 1);
  if (!args) return undefined;
  const resolved = resolveValues(definition, args, false, makerOf(definition));
  return "params" in resolved ? scheduleFromResolved(definition, resolved.params) : undefined;
}

/** `Name(a, b, c)`: one value per parameter, in order; the values by parameter position. */
function positional(specs: readonly ParamSpec[], values: readonly number[]): (ParamValue | undefined)[] | undefined {
  if (values.length > specs.length) return undefined;
  const args = emptyValues(specs.length);
  for (let k = 0; k < values.length; k++) {
    const spec = specs[k] as ParamSpec;
    const value = values[k] as number;
    if (spec.kind === "number" || spec.kind === "integer") args[k] = value;
    else if (spec.kind === "numbers" || spec.kind === "integers") args[k] = [value];
    else return undefined;
  }
  return args;
}

/** nerva's `Name(a;b,c,d;e)`: one group per parameter; a group of several values is a list. */
function grouped(specs: readonly ParamSpec[], values: readonly number[], groups: readonly number[], count: number): (ParamValue | undefined)[] | undefined {
  if (count > specs.length) return undefined;
  const args = emptyValues(specs.length);
  let k = 0;
  for (let g = 0; g < count; g++) {
    const spec = specs[g] as ParamSpec;
    const first = k;
    while (k < values.length && groups[k] === g) k++;
    if (spec.kind === "numbers" || spec.kind === "integers") args[g] = values.slice(first, k);
    else if ((spec.kind === "number" || spec.kind === "integer") && k - first === 1) args[g] = values[first] as number;
    else return undefined;
  }
  return args;
}

/**
 * The end of a plain number at i (digits, optionally '.' and digits), or -1 for anything else:
 * signs, exponents, underscores and long numbers go the full way.
 */
function plainNumberEnd(text: string, i: number): number {
  let end = i;
  while (isDigit(text.charCodeAt(end))) end++;
  let digits = end - i;
  if (text.charCodeAt(end) === 46) {
    const point = ++end;
    while (isDigit(text.charCodeAt(end))) end++;
    digits += end - point;
  }
  // At least one digit, at most 15 (so the value below is exact), and nothing glued on.
  if (digits === 0 || digits > 15 || isNameChar(text.charCodeAt(end)) || text.charCodeAt(end) === 46) return -1;
  return end;
}

/** The value of a plain decimal of at most 15 digits: the integer of its digits over a power of ten, exact. */
function decimal(text: string, from: number, to: number): number {
  let mantissa = 0;
  let scale = 0;
  let fraction = false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 46) fraction = true;
    else {
      mantissa = mantissa * 10 + (c - 48);
      if (fraction) scale++;
    }
  }
  // Whole numbers stay integers (V8 keeps them as small integers, and kernels compute faster with them).
  return scale === 0 ? mantissa : mantissa / (POWERS_OF_TEN[scale] as number);
}
