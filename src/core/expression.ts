/**
 * A small, safe arithmetic language for LambdaLR's factor in spec text: `0.95 ** epoch`,
 * `min(1, (t + 1) / 10)`. Parsed here into a tree and evaluated by walking it: never `eval` or
 * `Function`. Python's meaning where Python and JavaScript differ (users paste Python lambdas):
 * `**` binds tighter than unary minus (`-2 ** 2` is -4), `%` takes the divisor's sign.
 *
 *   expr    = term { ("+" | "-") term }
 *   term    = unary { ("*" | "/" | "%") unary }
 *   unary   = ("-" | "+") unary | power
 *   power   = atom [ "**" unary ]
 *   atom    = number | "epoch" | "t" | "step" | "pi" | "e" | name "(" expr { "," expr } ")" | "(" expr ")"
 */
import { clip, NervaLrError } from "./errors.js";

export type Expression =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "variable" }
  | { readonly kind: "constant"; readonly name: "pi" | "e" }
  | { readonly kind: "unary"; readonly operand: Expression }
  | { readonly kind: "binary"; readonly op: "+" | "-" | "*" | "/" | "%" | "**"; readonly left: Expression; readonly right: Expression }
  | { readonly kind: "call"; readonly name: FunctionName; readonly args: readonly Expression[] };

/** What the step may be called: `epoch` as PyTorch names the lambda's argument, `t` and `step` too. */
export const VARIABLES = ["epoch", "t", "step"] as const;

const FUNCTIONS = {
  min: { arity: [1, Infinity], apply: (xs: number[]) => Math.min(...xs) },
  max: { arity: [1, Infinity], apply: (xs: number[]) => Math.max(...xs) },
  abs: { arity: [1, 1], apply: (xs: number[]) => Math.abs(xs[0] as number) },
  floor: { arity: [1, 1], apply: (xs: number[]) => Math.floor(xs[0] as number) },
  ceil: { arity: [1, 1], apply: (xs: number[]) => Math.ceil(xs[0] as number) },
  exp: { arity: [1, 1], apply: (xs: number[]) => Math.exp(xs[0] as number) },
  // Python's math.log(x) is natural; math.log(x, base) takes a base.
  log: { arity: [1, 2], apply: (xs: number[]) => (xs.length === 2 ? Math.log(xs[0] as number) / Math.log(xs[1] as number) : Math.log(xs[0] as number)) },
  sqrt: { arity: [1, 1], apply: (xs: number[]) => Math.sqrt(xs[0] as number) },
  sin: { arity: [1, 1], apply: (xs: number[]) => Math.sin(xs[0] as number) },
  cos: { arity: [1, 1], apply: (xs: number[]) => Math.cos(xs[0] as number) },
  tanh: { arity: [1, 1], apply: (xs: number[]) => Math.tanh(xs[0] as number) },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

/** Deeper than this is refused, as spec text is: it keeps the recursion bounded. */
const MAX_DEPTH = 64;
/**
 * Longer expressions are refused before parsing (docs/spec-language.md): a factor is a formula,
 * not data, and the bound keeps parsing, evaluating and printing fast.
 */
export const MAX_EXPRESSION_LENGTH = 10_000;
/**
 * More operators and calls than this are refused where the next one stands: `1+1+...+1` nests
 * one level per `+` (a left-leaning tree), and evaluating or printing walks it recursively.
 */
export const MAX_OPERATIONS = 1_000;

/**
 * Parses an expression; errors carry the offset into `text` (callers add where `text` starts). A
 * part that does not depend on the step (`1/0`, `log(0)`, `sqrt(-1)`) must be a finite number:
 * Python raises an error there too, so it is refused here, at the part's place.
 */
export function parseExpression(text: string): Expression {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new NervaLrError("syntax", `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters (${text.length})`, { source: text, offset: MAX_EXPRESSION_LENGTH });
  }
  return new ExpressionParser(text).parse();
}

const NUMBER = /(?:[0-9]+(?:_[0-9]+)*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

class ExpressionParser {
  private pos = 0;
  private depth = 0;
  private operations = 0;
  /** The value of each part that does not depend on the step (constant folding, for checking only). */
  private readonly constants = new Map<Expression, number>();

  constructor(private readonly text: string) {}

  parse(): Expression {
    this.space();
    if (this.pos >= this.text.length) this.fail("the expression is empty; write one of the step, e.g. 0.95 ** epoch");
    const expression = this.sum();
    this.space();
    if (this.pos < this.text.length) this.fail(`expected an operator or the end of the expression, found '${clip(this.text[this.pos] as string)}'`);
    return expression;
  }

  private fail(problem: string, offset = this.pos, code: "syntax" | "out-of-range" = "syntax"): never {
    throw new NervaLrError(code, problem, { source: this.text, offset });
  }

  private space(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }

  private accept(token: string): boolean {
    this.space();
    if (!this.text.startsWith(token, this.pos)) return false;
    // "*" is not the first half of "**".
    if (token === "*" && this.text[this.pos + 1] === "*") return false;
    this.pos += token.length;
    return true;
  }

  private sum(): Expression {
    this.space();
    const start = this.pos;
    let left = this.product();
    for (;;) {
      const op = this.operator("+", "-");
      if (op === undefined) return left;
      left = this.checked({ kind: "binary", op, left, right: this.product() }, start);
    }
  }

  private product(): Expression {
    this.space();
    const start = this.pos;
    let left = this.unary();
    for (;;) {
      const op = this.operator("*", "/", "%");
      if (op === undefined) return left;
      left = this.checked({ kind: "binary", op, left, right: this.unary() }, start);
    }
  }

  private unary(): Expression {
    this.space();
    const start = this.pos;
    if (this.operator("-")) return this.nested(() => this.checked({ kind: "unary", operand: this.unary() }, start));
    if (this.accept("+")) return this.nested(() => this.unary());
    const base = this.atom();
    if (!this.operator("**")) return base;
    return this.nested(() => this.checked({ kind: "binary", op: "**", left: base, right: this.unary() }, start));
  }

  /** Accepts one of the operators, counting it against MAX_OPERATIONS. */
  private operator<const Op extends string>(...ops: Op[]): Op | undefined {
    for (const op of ops) {
      if (!this.accept(op)) continue;
      if (++this.operations > MAX_OPERATIONS) this.fail(`the expression has more than ${MAX_OPERATIONS} operators and calls`, this.pos - op.length);
      return op;
    }
    return undefined;
  }

  /** A part whose operands are all constant must have a finite value (see parseExpression). */
  private checked(expression: Expression, start: number): Expression {
    const operands = expression.kind === "binary" ? [expression.left, expression.right] : expression.kind === "unary" ? [expression.operand] : expression.kind === "call" ? expression.args : [];
    const values: number[] = [];
    for (const operand of operands) {
      const value = operand.kind === "number" ? operand.value : operand.kind === "constant" ? constantValue(operand.name) : this.constants.get(operand);
      if (value === undefined) return expression;
      values.push(value);
    }
    const value = apply(expression, values);
    if (!Number.isFinite(value)) {
      const part = this.text.slice(start, this.pos).trim();
      this.fail(`${clip(part)} is ${Number.isNaN(value) ? "not a number" : "infinite"} whatever the step; a factor must be a finite number`, start, "out-of-range");
    }
    this.constants.set(expression, value);
    return expression;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(`the expression nests deeper than ${MAX_DEPTH} levels`);
    const result = parse();
    this.depth--;
    return result;
  }

  private atom(): Expression {
    this.space();
    const start = this.pos;
    NUMBER.lastIndex = start;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.pos += number[0].length;
      if (/[A-Za-z0-9_.]/.test(this.text[this.pos] ?? "")) this.fail(`invalid number '${clip(number[0] + (this.text[this.pos] ?? ""))}'`, start);
      const value = Number(number[0].replace(/_/g, ""));
      if (!Number.isFinite(value)) this.fail(`the number ${clip(number[0])} is too large for a double`, start);
      return { kind: "number", value };
    }
    NAME.lastIndex = start;
    const name = NAME.exec(this.text)?.[0];
    if (name !== undefined) {
      this.pos += name.length;
      if (this.accept("(")) {
        if (++this.operations > MAX_OPERATIONS) this.fail(`the expression has more than ${MAX_OPERATIONS} operators and calls`, start);
        return this.nested(() => this.checked(this.functionCall(name, start), start));
      }
      if ((VARIABLES as readonly string[]).includes(name)) return { kind: "variable" };
      if (name === "pi" || name === "e") return { kind: "constant", name };
      const known = [...VARIABLES, "pi", "e"];
      return this.fail(`unknown name ${clip(name)} in the expression; it may use ${known.join(", ")} and the functions ${Object.keys(FUNCTIONS).join(", ")}`, start);
    }
    if (this.accept("(")) {
      const inner = this.nested(() => this.sum());
      if (!this.accept(")")) this.fail(`expected ')' to close the '(' at offset ${start}`);
      return inner;
    }
    return this.fail(this.pos >= this.text.length ? "the expression ends where a value was expected" : `expected a value, found '${clip(this.text[this.pos] as string)}'`);
  }

  /** A call of one of the expression language's functions, `min(a, b)`. */
  private functionCall(name: string, start: number): Expression {
    if (!Object.hasOwn(FUNCTIONS, name)) this.fail(`unknown function ${clip(name)}; the functions are ${Object.keys(FUNCTIONS).join(", ")}`, start);
    const fn = FUNCTIONS[name as FunctionName];
    const args: Expression[] = [];
    if (!this.accept(")")) {
      do args.push(this.sum());
      while (this.accept(","));
      if (!this.accept(")")) this.fail(`expected ',' or ')' in the arguments of ${name}`);
    }
    const [least, most] = fn.arity;
    if (args.length < least || args.length > most) {
      this.fail(`${name} takes ${least === most ? least : most === Infinity ? `${least} or more` : `${least} or ${most}`} argument${most === 1 ? "" : "s"}, got ${args.length}`, start);
    }
    return { kind: "call", name: name as FunctionName, args };
  }
}

function constantValue(name: "pi" | "e"): number {
  return name === "pi" ? Math.PI : Math.E;
}

/** The value at t, with Python's `%` and `**`. NaN and infinities are the caller's to refuse. */
export function evaluate(expression: Expression, t: number): number {
  switch (expression.kind) {
    case "number":
      return expression.value;
    case "variable":
      return t;
    case "constant":
      return constantValue(expression.name);
    case "unary":
      return -evaluate(expression.operand, t);
    case "call":
      return FUNCTIONS[expression.name].apply(expression.args.map((arg) => evaluate(arg, t)));
    case "binary":
      return binary(expression.op, evaluate(expression.left, t), evaluate(expression.right, t));
  }
}

/** An operator or call applied to its operands' values (the parser's constant check uses it too). */
function apply(expression: Expression, values: number[]): number {
  switch (expression.kind) {
    case "unary":
      return -(values[0] as number);
    case "call":
      return FUNCTIONS[expression.name].apply(values);
    case "binary":
      return binary(expression.op, values[0] as number, values[1] as number);
    default:
      return NaN;
  }
}

function binary(op: "+" | "-" | "*" | "/" | "%" | "**", a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%":
      // Python's modulo (the sign of the divisor); by an infinite divisor Python gives a itself
      // when the signs agree (or a is 0), and the divisor otherwise, where the formula gives NaN.
      if (Number.isFinite(a) && !Number.isFinite(b) && !Number.isNaN(b)) return a === 0 || a > 0 === b > 0 ? a : b;
      return a - b * Math.floor(a / b);
    case "**":
      return a === 1 ? 1 : Math.pow(a, b);
  }
}

const LEVEL = { "+": 1, "-": 1, "*": 2, "/": 2, "%": 2, "**": 4 } as const;

function levelOf(expression: Expression): number {
  if (expression.kind === "binary") return LEVEL[expression.op];
  return expression.kind === "unary" ? 3 : 5;
}

/** The canonical text: single spaces around operators, parentheses only where needed, `epoch` for the step. */
export function formatExpression(expression: Expression): string {
  switch (expression.kind) {
    case "number":
      return Object.is(expression.value, -0) ? "0" : String(expression.value);
    case "variable":
      return "epoch";
    case "constant":
      return expression.name;
    case "unary": {
      const inner = formatExpression(expression.operand);
      return levelOf(expression.operand) < 3 ? `-(${inner})` : `-${inner}`;
    }
    case "call":
      return `${expression.name}(${expression.args.map(formatExpression).join(", ")})`;
    case "binary": {
      const level = LEVEL[expression.op];
      const power = expression.op === "**";
      // Left-associative operators need parentheses on the right at the same level; ** is
      // right-associative, and its left side also needs them around a unary minus.
      const wrapLeft = power ? levelOf(expression.left) <= 4 : levelOf(expression.left) < level;
      const wrapRight = power ? levelOf(expression.right) < 3 : levelOf(expression.right) <= level;
      const left = formatExpression(expression.left);
      const right = formatExpression(expression.right);
      return `${wrapLeft ? `(${left})` : left} ${expression.op} ${wrapRight ? `(${right})` : right}`;
    }
  }
}
