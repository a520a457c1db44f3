/**
 * A quick path for the most common specs, nerva's own forms: a name and plain numbers,
 * `StepBased(0.1,0.5,10)` or `MultiStepLR(0.1;1,3,5;0.1)`, no spaces, names or brackets. It builds
 * no syntax tree. Anything else, and any problem at all, returns undefined, and the full parser
 * takes over (it alone reports errors, with their offsets); both give the same schedule.
 */
import { emptyValues, resolveValues } from "../core/resolve.js";
import { scheduleFromResolved, type Schedule } from "../core/schedule.js";
import { findDefinition } from "../schedules/catalog.js";

const isDigit = (c: number) => c >= 48 && c <= 57;
const isNameChar = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || isDigit(c);

/** 10^0 .. 10^22, each an exact double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

export function parseNervaForm(text: string): Schedule | undefined {
  let i = 0;
  while (isNameChar(text.charCodeAt(i))) i++;
  const nameEnd = i;
  if (i === 0 || isDigit(text.charCodeAt(0)) || text.charCodeAt(i) !== 40) return undefined;
  // Only digits, '.', ',' and ';' up to a final ')': anything else (a space, a name, a bracket)
  // is for the full parser, found here before anything is allocated or looked up.
  let grouped = false;
  for (let k = i + 1; k < text.length - 1; k++) {
    const c = text.charCodeAt(k);
    if (c === 59) grouped = true;
    else if (!isDigit(c) && c !== 46 && c !== 44) return undefined;
  }
  const definition = findDefinition(text.slice(0, nameEnd));
  if (!definition) return undefined;
  const specs = definition.params;
  // Values go straight to their parameter: the k-th number, or in nerva's ';' form the k-th group
  // (a group of one number is that number; a list parameter takes the group as its list).
  const args = emptyValues(specs.length);
  let param = 0;
  let list: number[] | undefined;
  i++;
  for (;;) {
    const end = plainNumberEnd(text, i);
    const spec = specs[param];
    if (end < 0 || spec === undefined) return undefined;
    const value = decimal(text, i, end);
    const isList = spec.kind === "numbers" || spec.kind === "integers";
    if (isList) (list ??= []).push(value);
    else if ((spec.kind !== "number" && spec.kind !== "integer") || list !== undefined || args[param] !== undefined) return undefined;
    else args[param] = value;
    const c = text.charCodeAt(end);
    i = end + 1;
    // A number ends its parameter unless more of the same ';' group follow.
    if (c === 41 || c === 59 || !grouped) {
      if (isList) args[param] = list;
      list = undefined;
      param++;
    }
    if (c === 41) break; // ')'
    if (c !== 44 && c !== 59) return undefined; // ',' or ';'
  }
  if (i !== text.length) return undefined;
  const resolved = resolveValues(definition, args, false);
  return "params" in resolved ? scheduleFromResolved(definition, resolved.params) : undefined;
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
