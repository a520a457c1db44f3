/**
 * A small, safe arithmetic language for LambdaLR's factor in spec text: `0.95 ** epoch`,
 * `min(1, (t + 1) / 10)`, or a Python lambda as pasted, `lambda step: step / 100 if step < 100 else 1`.
 * Parsed here into a tree and evaluated by walking it: never `eval` or `Function`. Python's meaning
 * where Python and JavaScript differ (users paste Python lambdas): `**` binds tighter than unary
 * minus (`-2 ** 2` is -4), `%` and `//` take the divisor's sign, `and`/`or` give one of their
 * operands, a comparison is 1 or 0 (True or False) and chains (`0 < t < 5`). docs/spec-language.md.
 *
 *   text    = [ "lambda" name ":" ] cond      -- with a lambda, its parameter is the step's only name
 *   cond    = or [ "if" or "else" cond ]
 *   or      = and { "or" and }
 *   and     = not { "and" not }
 *   not     = "not" not | compare
 *   compare = sum { ("<" | "<=" | ">" | ">=" | "==" | "!=") sum }
 *   sum     = term { ("+" | "-") term }
 *   term    = unary { ("*" | "/" | "//" | "%") unary }
 *   unary   = ("-" | "+") unary | power
 *   power   = atom [ "**" unary ]
 *   atom    = number | the step | "pi" | "e" | "True" | "False" | [module "."] name "(" cond { "," cond } ")"
 *           | module "." ("pi" | "e") | "(" cond ")"          -- module: math, np, numpy
 */
import { clip, NervaLrError } from "./errors.js";

export type Expression =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "variable" }
  | { readonly kind: "constant"; readonly name: "pi" | "e" }
  | { readonly kind: "unary"; readonly operand: Expression }
  | { readonly kind: "binary"; readonly op: BinaryOperator; readonly left: Expression; readonly right: Expression }
  | { readonly kind: "call"; readonly name: FunctionName; readonly args: readonly Expression[] }
  /** `a < b <= c`: Python's chain, 1 when every comparison holds, else 0. */
  | { readonly kind: "compare"; readonly ops: readonly CompareOperator[]; readonly operands: readonly Expression[] }
  | { readonly kind: "logical"; readonly op: "and" | "or"; readonly left: Expression; readonly right: Expression }
  | { readonly kind: "not"; readonly operand: Expression }
  | { readonly kind: "conditional"; readonly test: Expression; readonly then: Expression; readonly otherwise: Expression };

type BinaryOperator = "+" | "-" | "*" | "/" | "//" | "%" | "**";
type CompareOperator = "<" | "<=" | ">" | ">=" | "==" | "!=";
/** Longer operators first: `<=` is not `<` followed by `=`. */
const COMPARE_OPERATORS: readonly CompareOperator[] = ["<=", ">=", "==", "!=", "<", ">"];
/** Module prefixes pasted lambdas put on functions and constants: `math.cos`, `np.exp`, `math.pi`. */
const MODULES = ["math", "np", "numpy"];
/** Python keywords of the language: never a name, and matched only as whole words. */
const KEYWORDS = ["lambda", "if", "else", "and", "or", "not"];

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
  log2: { arity: [1, 1], apply: (xs: number[]) => Math.log2(xs[0] as number) },
  log10: { arity: [1, 1], apply: (xs: number[]) => Math.log10(xs[0] as number) },
  pow: { arity: [2, 2], apply: (xs: number[]) => power(xs[0] as number, xs[1] as number) },
  // Python's float(x) of a number is x; int(x) cuts toward zero.
  float: { arity: [1, 1], apply: (xs: number[]) => xs[0] as number },
  int: { arity: [1, 1], apply: (xs: number[]) => Math.trunc(xs[0] as number) },
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

  /** The names of the step: VARIABLES, or a pasted lambda's own parameter. */
  private variables: readonly string[] = VARIABLES;

  constructor(private readonly text: string) {}

  parse(): Expression {
    this.space();
    if (this.pos >= this.text.length) this.fail("the expression is empty; write one of the step, e.g. 0.95 ** epoch");
    if (this.keyword("lambda")) this.lambdaHead();
    const expression = this.conditional();
    this.space();
    if (this.pos < this.text.length) this.fail(`expected an operator or the end of the expression, found '${clip(this.text[this.pos] as string)}'`);
    return expression;
  }

  private fail(problem: string, offset = this.pos, code: "syntax" | "out-of-range" = "syntax"): never {
    throw new NervaLrError(code, problem, { source: this.text, offset });
  }

  /** Spaces, tabs and line breaks (a lambda pasted from inside Python's parentheses may span lines). */
  private space(): void {
    for (let c = this.text[this.pos]; c === " " || c === "\t" || c === "\n" || c === "\r"; c = this.text[++this.pos]);
  }

  private accept(token: string): boolean {
    this.space();
    if (!this.text.startsWith(token, this.pos)) return false;
    // "*" is not the first half of "**", nor "/" of "//".
    if ((token === "*" || token === "/") && this.text[this.pos + 1] === token) return false;
    this.pos += token.length;
    return true;
  }

  /** A keyword as a whole word: `if` but not the start of `iff`. */
  private keyword(word: string): boolean {
    this.space();
    if (!this.text.startsWith(word, this.pos) || /[A-Za-z0-9_]/.test(this.text[this.pos + word.length] ?? "")) return false;
    this.pos += word.length;
    return true;
  }

  /** After `lambda`: one parameter, then ':'. The parameter becomes the only name of the step. */
  private lambdaHead(): void {
    this.space();
    NAME.lastIndex = this.pos;
    const name = NAME.exec(this.text)?.[0];
    if (name === undefined || KEYWORDS.includes(name)) this.fail("expected the lambda's parameter, e.g. lambda epoch: 0.95 ** epoch");
    this.pos += name.length;
    if (this.accept(",")) this.fail("a factor's lambda takes one parameter, the step", this.pos - 1);
    if (!this.accept(":")) this.fail(`expected ':' after lambda ${clip(name)}`);
    this.variables = [name];
  }

  /** `a if test else b`, Python's conditional expression (the else part may be another). */
  private conditional(): Expression {
    this.space();
    const start = this.pos;
    const then = this.or();
    if (!this.keyword("if")) return then;
    this.count(start);
    const test = this.or();
    if (!this.keyword("else")) this.fail("expected 'else' in a conditional expression (a if condition else b)");
    const otherwise = this.nested(() => this.conditional());
    return this.checked({ kind: "conditional", test, then, otherwise }, start);
  }

  private or(): Expression {
    this.space();
    const start = this.pos;
    let left = this.and();
    while (this.keyword("or")) {
      this.count(start);
      left = this.checked({ kind: "logical", op: "or", left, right: this.and() }, start);
    }
    return left;
  }

  private and(): Expression {
    this.space();
    const start = this.pos;
    let left = this.not();
    while (this.keyword("and")) {
      this.count(start);
      left = this.checked({ kind: "logical", op: "and", left, right: this.not() }, start);
    }
    return left;
  }

  private not(): Expression {
    this.space();
    const start = this.pos;
    if (!this.keyword("not")) return this.compare();
    this.count(start);
    return this.nested(() => this.checked({ kind: "not", operand: this.not() }, start));
  }

  private compare(): Expression {
    this.space();
    const start = this.pos;
    const first = this.sum();
    const ops: CompareOperator[] = [];
    const operands: Expression[] = [first];
    for (;;) {
      const op = this.operator(...COMPARE_OPERATORS);
      if (op === undefined) break;
      ops.push(op);
      operands.push(this.sum());
    }
    return ops.length === 0 ? first : this.checked({ kind: "compare", ops, operands }, start);
  }

  /** Counts one more operator against MAX_OPERATIONS. */
  private count(at: number): void {
    if (++this.operations > MAX_OPERATIONS) this.fail(`the expression has more than ${MAX_OPERATIONS} operators and calls`, at);
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
      const op = this.operator("*", "//", "/", "%");
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
  private operator<const Op extends string>(...ops: readonly Op[]): Op | undefined {
    for (const op of ops) {
      if (!this.accept(op)) continue;
      this.count(this.pos - op.length);
      return op;
    }
    return undefined;
  }

  /** A part whose operands are all constant must have a finite value (see parseExpression). */
  private checked(expression: Expression, start: number): Expression {
    const operands = operandsOf(expression);
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
    let name = NAME.exec(this.text)?.[0];
    if (name !== undefined && !KEYWORDS.includes(name)) {
      this.pos += name.length;
      // math.cos, np.exp, math.pi: the module is left out (the language has one of each).
      const module = MODULES.includes(name) && this.text[this.pos] === ".";
      if (module) {
        NAME.lastIndex = this.pos + 1;
        name = NAME.exec(this.text)?.[0];
        if (name === undefined) this.fail(`expected a name after '${clip(this.text.slice(start, this.pos + 1))}'`, this.pos + 1);
        this.pos += 1 + name.length;
      }
      if (this.accept("(")) {
        this.count(start);
        const called = name;
        return this.nested(() => this.checked(this.functionCall(called, start), start));
      }
      if (!module && this.variables.includes(name)) return { kind: "variable" };
      if (name === "pi" || name === "e") return { kind: "constant", name };
      if (!module && (name === "True" || name === "False")) return { kind: "number", value: name === "True" ? 1 : 0 };
      const known = [...(module ? [] : this.variables), "pi", "e"];
      return this.fail(`unknown name ${clip(this.text.slice(start, this.pos))} in the expression; it may use ${known.join(", ")} and the functions ${Object.keys(FUNCTIONS).join(", ")}`, start);
    }
    if (this.accept("(")) {
      const inner = this.nested(() => this.conditional());
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
      do args.push(this.conditional());
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
    case "compare": {
      // Python's chain: each operand once, stopping at the first comparison that fails.
      let left = evaluate(expression.operands[0] as Expression, t);
      for (let i = 0; i < expression.ops.length; i++) {
        const right = evaluate(expression.operands[i + 1] as Expression, t);
        if (!compare(expression.ops[i] as CompareOperator, left, right)) return 0;
        left = right;
      }
      return 1;
    }
    case "logical": {
      // Python gives an operand, not a boolean: `x or 1` is x when x is not 0.
      const left = evaluate(expression.left, t);
      return truthy(left) === (expression.op === "or") ? left : evaluate(expression.right, t);
    }
    case "not":
      return truthy(evaluate(expression.operand, t)) ? 0 : 1;
    case "conditional":
      return truthy(evaluate(expression.test, t)) ? evaluate(expression.then, t) : evaluate(expression.otherwise, t);
  }
}

/** Python's truth of a number: anything but zero (NaN included). */
function truthy(value: number): boolean {
  return value !== 0;
}

function compare(op: CompareOperator, a: number, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
  }
}

/** Whether an expression uses the step at all (else it is one number). */
export function usesStep(expression: Expression): boolean {
  return expression.kind === "variable" || operandsOf(expression).some(usesStep);
}

/** The parts an expression is made of, in order. */
function operandsOf(expression: Expression): readonly Expression[] {
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

/** An operator or call applied to its operands' values (the parser's constant check uses it too). */
function apply(expression: Expression, values: number[]): number {
  switch (expression.kind) {
    case "unary":
      return -(values[0] as number);
    case "call":
      return FUNCTIONS[expression.name].apply(values);
    case "binary":
      return binary(expression.op, values[0] as number, values[1] as number);
    case "compare":
      return expression.ops.every((op, i) => compare(op, values[i] as number, values[i + 1] as number)) ? 1 : 0;
    case "logical":
      return truthy(values[0] as number) === (expression.op === "or") ? (values[0] as number) : (values[1] as number);
    case "not":
      return truthy(values[0] as number) ? 0 : 1;
    case "conditional":
      return truthy(values[0] as number) ? (values[1] as number) : (values[2] as number);
    default:
      return NaN;
  }
}

function binary(op: BinaryOperator, a: number, b: number): number {
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
    case "//":
      return floorDivide(a, b);
    case "**":
      return power(a, b);
  }
}

function power(a: number, b: number): number {
  return a === 1 ? 1 : Math.pow(a, b);
}

/**
 * Python's float `a // b`, which is not always floor(a / b): it floors (a - fmod(a, b)) / b, the
 * exact multiple, and rounds that quotient to the nearer whole number.
 */
function floorDivide(a: number, b: number): number {
  let mod = a % b;
  let quotient = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    quotient -= 1;
  }
  if (quotient === 0) return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  const floor = Math.floor(quotient);
  return quotient - floor > 0.5 ? floor + 1 : floor;
}

/** How tightly each form binds, loosest first, for printing with the parentheses it needs. */
const LEVEL = { conditional: 1, or: 2, and: 3, not: 4, compare: 5, "+": 6, "-": 6, "*": 7, "/": 7, "//": 7, "%": 7, unary: 8, "**": 9, atom: 10 } as const;

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

/** An operand's text, in parentheses when it binds no tighter than `level` (or less tightly, with `strict`). */
function operand(expression: Expression, level: number, strict = false): string {
  const text = formatExpression(expression);
  const own = levelOf(expression);
  return (strict ? own < level : own <= level) ? `(${text})` : text;
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
    case "unary":
      return `-${operand(expression.operand, LEVEL.unary, true)}`;
    case "call":
      return `${expression.name}(${expression.args.map(formatExpression).join(", ")})`;
    case "binary": {
      const level = LEVEL[expression.op];
      // Left-associative operators need parentheses on the right at the same level; ** is
      // right-associative, and its left side also needs them around a unary minus.
      if (expression.op === "**") return `${operand(expression.left, LEVEL["**"])} ** ${operand(expression.right, LEVEL.unary, true)}`;
      return `${operand(expression.left, level, true)} ${expression.op} ${operand(expression.right, level)}`;
    }
    case "compare": {
      // A comparison inside a chain would join the chain: it keeps its parentheses.
      const parts = expression.operands.map((part) => operand(part, LEVEL.compare));
      return parts.map((part, i) => (i === 0 ? part : `${expression.ops[i - 1]} ${part}`)).join(" ");
    }
    case "logical":
      return `${operand(expression.left, LEVEL[expression.op], true)} ${expression.op} ${operand(expression.right, LEVEL[expression.op])}`;
    case "not":
      return `not ${operand(expression.operand, LEVEL.not, true)}`;
    case "conditional":
      return `${operand(expression.then, LEVEL.conditional)} if ${operand(expression.test, LEVEL.conditional)} else ${operand(expression.otherwise, LEVEL.conditional, true)}`;
  }
}
