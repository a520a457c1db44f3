/**
 * Numbers and values printed so that they read back as the same double: in nerva-lr's expression
 * language (formulas), in Python and in JSON (docs/export.md).
 */

/**
 * A number for an expression of the expression language: JavaScript's shortest round-trip text,
 * negative numbers in parentheses (so that `x ** (-0.5)` and `a - (-1)` keep their meaning).
 */
export function expressionNumber(x: number): string {
  if (Object.is(x, -0)) return "(-0)";
  return x < 0 ? `(${String(x)})` : String(x);
}

/**
 * A finite number as a Python float literal that reads back as the same double: the shortest
 * round-trip text, with `.0` on whole numbers (`3.0`, a float as the peers' parameters expect).
 */
export function pythonFloat(x: number): string {
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A whole number as a Python int literal. */
export function pythonInt(x: number): string {
  return String(x);
}

/** True and False. */
export function pythonBool(x: boolean): string {
  return x ? "True" : "False";
}

/** A Python str literal (the peers' words: "linear", "cosine", "1-sqrt"). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Python lines that give every parameter group of `optimizer` the lr `lr`, as the scheduler's base:
 * `initial_lr` too, since torch's and timm's schedulers keep an `initial_lr` already there.
 */
export function setOptimizerLr(lr: number): string {
  const value = pythonFloat(lr);
  return `for group in optimizer.param_groups:\n    group["lr"] = ${value}\n    group["initial_lr"] = ${value}\n`;
}

/** A number as a Python int when it is a whole number, else as a float. */
export function pythonNumber(x: number): string {
  return Number.isInteger(x) ? pythonInt(x) : pythonFloat(x);
}
