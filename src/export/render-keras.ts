/**
 * An expression of nerva-lr's expression language (core/expression.ts) as Python over tensors:
 * keras.ops for Keras, jax.numpy for optax (render-optax.ts). The language already means what
 * Python means, so parts that do not depend on the step are written as plain Python (floats and
 * `math`); parts that do are written with the tensor library's functions, because a tensor cannot
 * be the test of Python's `if` or a chained comparison. docs/export-keras-optax-tfjs.md.
 */
import { NervaLrError, type ErrorCode } from "../core/errors.js";
import { usesStep, type Expression, type FunctionName } from "../core/expression.js";
import type { ParamValue } from "../core/params.js";

/** How one tensor library spells what the renderer needs. */
export interface TensorDialect {
  /** The module prefix of the functions: "keras.ops", "jnp". */
  readonly ops: string;
  /** The name the step has inside the generated function. */
  readonly step: string;
  /** A boolean tensor as a float tensor of the step's precision (1 or 0). */
  toFloat(condition: string): string;
  /** Truncation toward zero (Python's int() of a float). */
  trunc(value: string): string;
}

/** A double as a Python float literal that reads back as the same double. */
export function pythonFloat(value: number): string {
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** Whether the rendered code uses Python's `math` module (for pi, e and step-free calls). */
export function needsMath(expression: Expression): boolean {
  if (expression.kind === "constant") return true;
  if (expression.kind === "call" && !usesStep(expression) && expression.name !== "min" && expression.name !== "max" && expression.name !== "abs" && expression.name !== "float") return true;
  return children(expression).some(needsMath);
}

/** The body of the step function: a tensor like the step even where the formula is one number. */
export function renderStepFunction(expression: Expression, dialect: TensorDialect): string {
  return usesStep(expression) ? tensorValue(expression, dialect) : `${dialect.ops}.full_like(${dialect.step}, ${plain(expression)})`;
}

/** The expression as Python computing a float tensor (or a float, where it does not use the step). */
export function renderValue(expression: Expression, dialect: TensorDialect): string {
  return usesStep(expression) ? tensorValue(expression, dialect) : plain(expression);
}

function children(expression: Expression): readonly Expression[] {
  switch (expression.kind) {
    case "binary":
    case "logical":
      return [expression.left, expression.right];
    case "unary":
    case "not":
      return [expression.operand];
    case "call":
      return expression.args;
    case "compare":
      return expression.operands;
    case "conditional":
      return [expression.test, expression.then, expression.otherwise];
    default:
      return [];
  }
}

const COMPARE_NAMES = { "<": "less", "<=": "less_equal", ">": "greater", ">=": "greater_equal", "==": "equal", "!=": "not_equal" } as const;

/** A step-dependent part, as a float tensor. Operators stay operators; the rest are ops calls. */
function tensorValue(expression: Expression, d: TensorDialect): string {
  const v = (e: Expression) => renderValue(e, d);
  switch (expression.kind) {
    case "variable":
      return d.step;
    case "unary":
      return `(-${v(expression.operand)})`;
    case "binary": {
      const [a, b] = [v(expression.left), v(expression.right)];
      if (expression.op === "//") return `${d.ops}.floor_divide(${a}, ${b})`;
      if (expression.op === "%") return `${d.ops}.mod(${a}, ${b})`;
      return `(${a} ${expression.op} ${b})`;
    }
    case "call":
      return call(expression.name, expression.args.map(v), d);
    case "conditional":
      return `${d.ops}.where(${condition(expression.test, d)}, ${v(expression.then)}, ${v(expression.otherwise)})`;
    case "logical": {
      // Python's `a and b` is a when a is falsy, else b; `a or b` is a when a is truthy, else b.
      const [a, b] = [v(expression.left), v(expression.right)];
      const test = condition(expression.left, d);
      return expression.op === "and" ? `${d.ops}.where(${test}, ${b}, ${a})` : `${d.ops}.where(${test}, ${a}, ${b})`;
    }
    case "compare":
    case "not":
      return d.toFloat(condition(expression, d));
    default:
      return plain(expression);
  }
}

/** A part as a boolean tensor: Python's truth of its value. */
function condition(expression: Expression, d: TensorDialect): string {
  if (!usesStep(expression)) return `(${plain(expression)} != 0)`;
  switch (expression.kind) {
    case "compare": {
      const operands = expression.operands.map((e) => renderValue(e, d));
      const links = expression.ops.map((op, i) => `${d.ops}.${COMPARE_NAMES[op]}(${operands[i]}, ${operands[i + 1]})`);
      return links.reduce((all, link) => `${d.ops}.logical_and(${all}, ${link})`);
    }
    case "not":
      return `${d.ops}.logical_not(${condition(expression.operand, d)})`;
    case "logical":
      return `${d.ops}.logical_${expression.op}(${condition(expression.left, d)}, ${condition(expression.right, d)})`;
    case "conditional":
      return `${d.ops}.where(${condition(expression.test, d)}, ${condition(expression.then, d)}, ${condition(expression.otherwise, d)})`;
    default:
      return `${d.ops}.not_equal(${tensorValue(expression, d)}, 0.0)`;
  }
}

function call(name: FunctionName, args: readonly string[], d: TensorDialect): string {
  const first = args[0] as string;
  switch (name) {
    case "min":
    case "max":
      // minimum/maximum take two: fold the rest in.
      return args.slice(1).reduce((all, arg) => `${d.ops}.${name === "min" ? "minimum" : "maximum"}(${all}, ${arg})`, first);
    case "log":
      return args.length === 2 ? `(${d.ops}.log(${first}) / ${d.ops}.log(${args[1]}))` : `${d.ops}.log(${first})`;
    case "pow":
      return `${d.ops}.power(${first}, ${args[1]})`;
    case "float":
      return first;
    case "int":
      return d.trunc(first);
    default:
      return `${d.ops}.${name}(${first})`;
  }
}

/** A part that does not use the step, as plain Python (the language's own meaning). */
function plain(expression: Expression): string {
  switch (expression.kind) {
    case "number":
      return pythonFloat(expression.value);
    case "variable":
      throw new Error("plain() is for step-free parts");
    case "constant":
      return `math.${expression.name}`;
    case "unary":
      return `(-${plain(expression.operand)})`;
    case "binary":
      return `(${plain(expression.left)} ${expression.op} ${plain(expression.right)})`;
    case "call": {
      const args = expression.args.map(plain).join(", ");
      if (expression.name === "min" || expression.name === "max" || expression.name === "abs" || expression.name === "float") return `${expression.name}(${args})`;
      if (expression.name === "int") return `float(math.trunc(${args}))`;
      return `math.${expression.name}(${args})`;
    }
    case "compare":
      return `float(${expression.operands.map((e, i) => (i === 0 ? plain(e) : `${expression.ops[i - 1]} ${plain(e)}`)).join(" ")})`;
    case "logical":
      return `(${plain(expression.left)} ${expression.op} ${plain(expression.right)})`;
    case "not":
      return `float(not ${plain(expression.operand)})`;
    case "conditional":
      return `(${plain(expression.then)} if ${plain(expression.test)} else ${plain(expression.otherwise)})`;
  }
}

/** The Keras dialect: the step is cast to float64, and keras.ops has no trunc in every Keras 3. */
export const KERAS_OPS: TensorDialect = {
  ops: "keras.ops",
  step: "step",
  toFloat: (c) => `keras.ops.cast(${c}, "float64")`,
  trunc: (x) => `(keras.ops.sign(${x}) * keras.ops.floor(keras.ops.abs(${x})))`,
};

/** A Python literal of a parameter value (numbers as written by String(), so they read back as the same double). */
export function pythonLiteral(value: ParamValue | undefined): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => pythonLiteral(v as ParamValue)).join(", ")}]`;
  throw new Error(`no Python literal for ${String(value)}`);
}

/** A constructor call: name and keyword arguments in order. */
export interface NativeCall {
  readonly name: string;
  readonly args: readonly (readonly [string, string])[];
}

export function callText(prefix: string, call: NativeCall): string {
  return `${prefix}${call.name}(${call.args.map(([k, v]) => `${k}=${v}`).join(", ")})`;
}

/** The error every target gives for a schedule it cannot express (code "cannot-export", docs/export.md). */
export function cannotExport(problem: string): NervaLrError {
  return new NervaLrError("cannot-export" as ErrorCode, problem);
}

