/**
 * Printing an expression of the expression language (core/expression.ts) back out as text: in the
 * language itself (a formula, with the step named `step`), or as Python (the lambdas and
 * functions the exporters write). The language has Python's meaning for every operator (`**`
 * above unary minus, `%` and `//` with the divisor's sign, chained comparisons, `and`/`or`
 * giving an operand), so the Python text is the same tree: only the functions and constants that
 * live in Python's `math` module gain its prefix. Numbers are printed so that they read back as
 * the same double (JavaScript's shortest round-trip form, which Python reads as the same float).
 */
import type { Expression, FunctionName } from "../core/expression.js";

export type Dialect = "expression" | "python";

export interface PrintOptions {
  readonly dialect: Dialect;
  /** The text that stands for the step: `step`, or `(step - 5)` to shift a child's clock. */
  readonly variable: string;
}

/** Python's builtins among the language's functions; the others are math's. */
const PYTHON_BUILTINS: ReadonlySet<FunctionName> = new Set(["min", "max", "abs", "float", "int", "pow"]);

/** How tightly each form binds, loosest first (Python's order, which the language follows). */
const LEVEL = { conditional: 1, or: 2, and: 3, not: 4, compare: 5, "+": 6, "-": 6, "*": 7, "/": 7, "//": 7, "%": 7, unary: 8, "**": 9, atom: 10 } as const;

/** A double as text that reads back as the same double, in both dialects. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`internal: a formula holds ${String(value)}`);
  if (Object.is(value, -0) || value === 0) return "0";
  return String(value);
}

export function printExpression(expression: Expression, options: PrintOptions): string {
  return new Printer(options).print(expression);
}

class Printer {
  constructor(private readonly options: PrintOptions) {}

  print(expression: Expression): string {
    const python = this.options.dialect === "python";
    switch (expression.kind) {
      case "number":
        return numberText(expression.value);
      case "variable":
        return this.options.variable;
      case "constant":
        return python ? `math.${expression.name}` : expression.name;
      case "unary":
        return `-${this.operand(expression.operand, LEVEL.unary, true)}`;
      case "call": {
        const name = python && !PYTHON_BUILTINS.has(expression.name) ? `math.${expression.name}` : expression.name;
        return `${name}(${expression.args.map((arg) => this.print(arg)).join(", ")})`;
      }
      case "binary": {
        // ** is right-associative, and its left side needs parentheses around a unary minus too.
        if (expression.op === "**") return `${this.operand(expression.left, LEVEL["**"])} ** ${this.operand(expression.right, LEVEL.unary, true)}`;
        const level = LEVEL[expression.op];
        return `${this.operand(expression.left, level, true)} ${expression.op} ${this.operand(expression.right, level)}`;
      }
      case "compare": {
        // A comparison inside a chain would join the chain: it keeps its parentheses.
        const parts = expression.operands.map((part) => this.operand(part, LEVEL.compare));
        return parts.map((part, i) => (i === 0 ? part : `${expression.ops[i - 1]} ${part}`)).join(" ");
      }
      case "logical":
        return `${this.operand(expression.left, LEVEL[expression.op], true)} ${expression.op} ${this.operand(expression.right, LEVEL[expression.op])}`;
      case "not":
        return `not ${this.operand(expression.operand, LEVEL.not, true)}`;
      case "conditional":
        return `${this.operand(expression.then, LEVEL.conditional)} if ${this.operand(expression.test, LEVEL.conditional)} else ${this.operand(expression.otherwise, LEVEL.conditional, true)}`;
    }
  }

  /** An operand's text, in parentheses when it binds no tighter than `level` (or less tightly, with `strict`). */
  private operand(expression: Expression, level: number, strict = false): string {
    const text = this.print(expression);
    const own = levelOf(expression);
    return (strict ? own < level : own <= level) ? `(${text})` : text;
  }
}

function levelOf(expression: Expression): number {
  switch (expression.kind) {
    case "binary":
      return LEVEL[expression.op];
    case "logical":
      return LEVEL[expression.op];
    case "unary":
    case "not":
    case "compare":
    case "conditional":
      return LEVEL[expression.kind];
    default:
      return LEVEL.atom;
  }
}

/** Whether Python text printed from `expression` needs `import math`. */
export function usesMath(expression: Expression): boolean {
  switch (expression.kind) {
    case "constant":
      return true;
    case "call":
      return !PYTHON_BUILTINS.has(expression.name) || expression.args.some(usesMath);
    case "binary":
    case "logical":
      return usesMath(expression.left) || usesMath(expression.right);
    case "unary":
    case "not":
      return usesMath(expression.operand);
    case "compare":
      return expression.operands.some(usesMath);
    case "conditional":
      return usesMath(expression.test) || usesMath(expression.then) || usesMath(expression.otherwise);
    default:
      return false;
  }
}
