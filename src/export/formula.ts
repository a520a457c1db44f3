/**
 * Helpers for writing formulas (contract.ts: a schedule's value at `step` in the expression
 * language). Each formula repeats its kernel's arithmetic in the kernel's order, with the
 * kernel's constants printed exactly, so that evaluating it gives the kernel's double (or one a
 * rounding away): the tests hold every catalog example to a relative 1e-12.
 */
import { parseExpression } from "../core/expression.js";
import type { ParamValues } from "../core/params.js";
import { numberText, printExpression } from "./python.js";

/** A number as formula text: exact, and in parentheses when negative (so it is one operand). */
export function num(value: number): string {
  const text = numberText(value);
  return value < 0 ? `(-${numberText(-value)})` : text;
}

/** A formula with its step replaced by `stepText` (a child's clock shifted: `(step - 5)`). */
export function substitute(formula: string, stepText: string): string {
  return printExpression(parseExpression(formula), { dialect: "expression", variable: stepText });
}

/**
 * `values[0] if step < bounds[0] else values[1] if step < bounds[1] else ... values[n]`: the
 * piece of the first bound the step is below (`op` "<=" for pieces closed on the right).
 */
export function piecewise(bounds: readonly string[], values: readonly string[], op: "<" | "<=" = "<", step = "step"): string {
  let text = values[bounds.length] as string;
  for (let i = bounds.length - 1; i >= 0; i--) text = `${values[i] as string} if ${step} ${op} ${bounds[i] as string} else ${text}`;
  return bounds.length === 0 ? text : `(${text})`;
}

/** `(1 + cos(pi * (fraction))) / 2`, shapes.ts's halfCosine. */
export function halfCosine(fraction: string): string {
  return `((1 + cos(pi * (${fraction}))) / 2)`;
}

/** shapes.ts's cosineBetween(start, end, pct): end + (start - end) * halfCosine(pct). */
export function cosineBetween(start: number, end: number, pct: string): string {
  return `${num(end)} + ${num(start - end)} * ${halfCosine(pct)}`;
}

/** shapes.ts's linearBetween(start, end, pct): (end - start) * pct + start. */
export function linearBetween(start: number, end: number, pct: string): string {
  return `${num(end - start)} * (${pct}) + ${num(start)}`;
}

/**
 * The index of the cycle step falls in, for cycles of first, first*mult, first*mult^2, ... steps
 * (mult > 1), as shapes.ts's geometricCycle finds it: a logarithm's estimate, then mended by a
 * step up and a step down where rounding put it off (the kernel mends it the same way).
 */
export function geometricIndex(step: string, first: number, mult: number): string {
  const estimate = `max(0, floor(log(${step} / ${num(first)} * ${num(mult - 1)} + 1) / ${num(Math.log(mult))}))`;
  const up = `(${estimate} + (${step} >= ${geometricStart(`${estimate} + 1`, first, mult)}))`;
  return `(${up} - (${step} < ${geometricStart(up, first, mult)}))`;
}

/** Where cycle `index` starts: first * (mult^index - 1) / (mult - 1). */
export function geometricStart(index: string, first: number, mult: number): string {
  return `(${num(first)} * (${num(mult)} ** (${index}) - 1) / ${num(mult - 1)})`;
}

/** A number parameter (the kernels read them the same way). */
export function n(p: ParamValues, name: string): number {
  return p[name] as number;
}
