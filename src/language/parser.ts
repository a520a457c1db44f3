/**
 * Spec text to syntax tree, by recursive descent over the grammar of docs/spec-language.md. It knows
 * nothing of the catalog: names and parameters are checked when the tree is built into schedules.
 * Every error carries the 0-based offset of the character where the text stops making sense.
 */
import { clip, describeChar, NervaLrError, type ErrorCode } from "../core/errors.js";
import { evaluate, parseExpression, usesStep } from "../core/expression.js";
import type { ArgNode, CallNode, DictEntry, DictNode, ListNode, NumberNode, ValueNode, WordNode } from "./ast.js";

/** Calls that are arithmetic in pasted code, never schedules: `int(0.1 * n)`, `math.ceil(...)`. */
const ARITHMETIC_CALLS = /^(?:int|float|min|max|abs|pow|(?:math|np|numpy)\.\w+)$/;

/** Deeper nesting than this is refused (no real schedule comes close; it keeps the stack small). */
export const MAX_NESTING = 64;

/**
 * Scanning is by character code, not regular expressions: a spec is mostly names and numbers, and
 * this keeps parsing a short spec well under a microsecond.
 */
const isDigit = (c: number) => c >= 48 && c <= 57;
/** Character classes by code, for ASCII: 1 starts a name (a letter or '_'), 2 continues one (also digits). */
const NAME_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) NAME_CLASS[c] = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : isDigit(c) ? 2 : 0;
// (charCodeAt past the end is NaN, and NAME_CLASS[NaN] is undefined: neither counts.)
const isNameStart = (c: number) => NAME_CLASS[c] === 1;
const isNamePart = (c: number) => NAME_CLASS[c] !== undefined && NAME_CLASS[c] !== 0;
/** What may not touch a number: `0x10`, `1e5e3`, `1.2.3`, `5abc` are one bad token, not two good ones. */
const isGlued = (c: number) => isNamePart(c) || c === 46;

const OPEN = 40; // (
const CLOSE = 41; // )
const COMMA = 44;
const SEMICOLON = 59;
const EQUALS = 61;
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const COLON = 58;
const HASH = 35; // a Python comment, to the end of the line

/** Parses text that holds exactly one schedule call. */
export function parseCallText(text: string): CallNode {
  const parser = new Parser(text);
  parser.skipSpace();
  const call = parser.scheduleCall();
  parser.skipSpace();
  if (parser.peek() === SEMICOLON) {
    parser.fail("syntax", "expected end of text, found ';' (a ';'-separated list has one schedule per layer: read it with parseLearningRates)");
  }
  parser.expectEnd();
  return call;
}

/**
 * Parses the schedule call whose name starts at `start` in a longer text (a line of Python), and
 * returns it without looking at what follows: offsets stay offsets into the whole text.
 */
export function parseCallAt(text: string, start: number): CallNode {
  const parser = new Parser(text);
  parser.moveTo(start);
  return parser.scheduleCall();
}

/** Parses nerva's per-layer list: calls separated by ';' at the top level (outside brackets). */
export function parseCallListText(text: string): CallNode[] {
  const parser = new Parser(text);
  const calls: CallNode[] = [];
  do {
    parser.skipSpace();
    calls.push(parser.scheduleCall());
    parser.skipSpace();
  } while (parser.accept(SEMICOLON));
  parser.expectEnd();
  return calls;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  /** The code of the character at the cursor (NaN at the end). */
  peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  moveTo(pos: number): void {
    this.pos = pos;
  }

  accept(code: number): boolean {
    if (this.text.charCodeAt(this.pos) !== code) return false;
    this.pos++;
    return true;
  }

  /**
   * Skips white space (a call pasted from code may span lines) and Python comments. Inside the
   * parser, callers test `charCodeAt(pos) <= 35` ('#') first: V8 does not inline this into the large
   * recursive methods, and on the common path (no space) the test alone is cheaper than the call
   * (about 7% of a nested spec's parse).
   */
  skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else if (c === HASH) {
        const end = text.indexOf("\n", pos);
        pos = end < 0 ? text.length : end;
      } else break;
    }
    this.pos = pos;
  }

  fail(code: ErrorCode, problem: string, offset = this.pos): never {
    throw new NervaLrError(code, problem, { source: this.text, offset });
  }

  expectEnd(): void {
    if (this.pos < this.text.length) this.fail("syntax", `expected end of text, found ${this.found()}`);
  }

  private found(): string {
    return describeChar(this.text, this.pos);
  }

  /**
   * A name, or a dotted name: qualified by its library (`torch.StepLR`), by a module path as
   * pasted from code (`torch.optim.lr_scheduler.StepLR`), or an attribute (`self.optimizer`).
   */
  private name(): string | undefined {
    const text = this.text;
    const start = this.pos;
    if (!isNameStart(text.charCodeAt(start))) return undefined;
    let end = start + 1;
    while (isNamePart(text.charCodeAt(end))) end++;
    while (text.charCodeAt(end) === 46 && isNameStart(text.charCodeAt(end + 1))) {
      end += 2;
      while (isNamePart(text.charCodeAt(end))) end++;
    }
    this.pos = end;
    return text.slice(start, end);
  }

  /** A schedule's call, `Name(args)`: its syntax tree. */
  scheduleCall(): CallNode {
    const start = this.pos;
    const name = this.name();
    if (name === undefined) this.fail("syntax", `expected a schedule name, found ${this.found()}`);
    if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
    if (!this.accept(OPEN)) this.fail("syntax", `expected '(' after ${clip(name)}, found ${this.found()}`);
    return this.args(name, start);
  }

  /** Every bracket or call opened counts; `args` and `list` leave again when they close. */
  private enter(): void {
    if (++this.depth > MAX_NESTING) this.fail("syntax", `nesting deeper than ${MAX_NESTING} levels`);
  }

  /** After '(': comma-separated items, or nerva's ';'-separated groups. */
  private args(name: string, start: number): CallNode {
    this.enter();
    if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
    const items: ArgNode[] = [];
    // Where each ';'-separated group after the first begins in `items` (nerva's form), if any.
    let groupStarts: number[] | undefined;
    if (this.peek() !== CLOSE) {
      for (;;) {
        items.push(this.item());
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        if (this.accept(COMMA)) {
          if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
          // Python allows a comma before the ')': StepLR(opt, 30,)
          if (this.peek() === CLOSE) break;
          continue;
        }
        if (this.accept(SEMICOLON)) {
          (groupStarts ??= []).push(items.length);
          if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
          continue;
        }
        if (this.peek() === CLOSE) break;
        const dashed = this.dashedWord(items[items.length - 1]);
        const hint = dashed === undefined ? "" : ` (a word with a dash goes in quotes: "${clip(dashed)}")`;
        this.fail("syntax", `expected ',' or ')' in the arguments of ${clip(name)}, found ${this.found()}${hint}`);
      }
    }
    const close = this.pos;
    this.pos++;
    this.depth--;
    if (groupStarts === undefined) return { kind: "call", name, start, args: items, close };
    const bounds = [0, ...groupStarts, items.length];
    const args: ArgNode[] = [];
    for (let g = 0; g + 1 < bounds.length; g++) args.push(this.groupToArg(items.slice(bounds[g], bounds[g + 1])));
    return { kind: "call", name, start, args, close };
  }

  /** nerva's form: a group of one value is that value; of two or more, a list. */
  private groupToArg(group: ArgNode[]): ArgNode {
    for (const item of group) {
      if (item.name !== undefined) {
        this.fail("syntax", "named arguments cannot be mixed with ';'-separated groups", item.nameStart);
      }
    }
    const first = group[0] as ArgNode;
    if (group.length === 1) return first;
    const list: ListNode = { kind: "list", start: first.value.start, items: group.map((item) => item.value) };
    return { value: list };
  }

  private item(): ArgNode {
    const nameStart = this.pos;
    const name = this.name();
    if (name !== undefined) {
      if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
      if (this.accept(EQUALS)) {
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        return { name, nameStart, value: this.value() };
      }
      this.pos = nameStart;
    }
    return { value: this.value() };
  }

  private value(): ValueNode {
    const start = this.pos;
    const c = this.peek();
    if (c === OPEN_BRACKET) return this.list();
    if (c === OPEN) return this.arithmetic(start, this.tuple());
    if (c === OPEN_BRACE) return this.dict();
    if (c === 46 || c === 43 || c === 45 || isDigit(c)) return this.arithmetic(start, this.number()); // . + - digit
    if (c === 39 || c === 34) return this.quoted(c === 39 ? "'" : '"');
    const name = this.name();
    if (name !== undefined) {
      // int(0.1 * 200), math.ceil(...), min(...): arithmetic, not a schedule's call.
      if (ARITHMETIC_CALLS.test(name) && this.text.charCodeAt(this.pos) === OPEN) {
        const value = this.constant(start);
        if (value !== undefined) return value;
      }
      return this.arithmetic(start, this.afterName(name, start));
    }
    return this.fail("syntax", `expected a value, found ${this.found()}`);
  }

  /**
   * Pasted code computes arguments (`total_steps=10 * 20`, `div_factor=5e-4 / 1e-6`): a value that
   * an arithmetic operator follows is read again, as a whole, as a constant expression of the
   * expression language, and becomes its number. Anything else is left as it was read.
   */
  private arithmetic(start: number, value: ValueNode): ValueNode {
    const word = value.kind === "word" && value.quoted !== true && value.boolean === undefined && value.lambda !== true;
    if (!word && value.kind !== "number" && value.kind !== "list" && !(value.kind === "call" && ARITHMETIC_CALLS.test(value.name))) return value;
    let pos = this.pos;
    while (this.text.charCodeAt(pos) === 32 || this.text.charCodeAt(pos) === 9) pos++;
    if (!"+-*/%".includes(this.text.charAt(pos)) || pos >= this.text.length) return value;
    // inverse-square-root, 1-sqrt: a dashed word (the caller's hint says to quote it), not a subtraction.
    if (pos === this.pos && this.text.charAt(pos) === "-" && (word || /[A-Za-z_]/.test(this.text.charAt(pos + 1)))) return value;
    const after = this.pos;
    const constant = this.constant(start);
    if (constant !== undefined) return constant;
    // `epochs * 10`: a name of the user's code, which the pasted text does not give a value.
    const unknown = /^unknown name (\w+)/.exec(this.constantError?.problem ?? "");
    if (unknown) this.fail("syntax", `${clip(unknown[1] as string)} is a name of your code, not a number: write its value (or assign it in the pasted text)`, start + (this.constantError?.offset ?? 0));
    this.pos = after;
    return value;
  }

  /** Why the last constant expression tried was not one (for a message). */
  private constantError: NervaLrError | undefined;

  /** The constant expression from `start` to the ',' or bracket that ends it, as a number; undefined if it is not one. */
  private constant(start: number): NumberNode | undefined {
    const end = this.extentEnd(start);
    const source = this.text.slice(start, end);
    this.constantError = undefined;
    try {
      const expression = parseExpression(source);
      if (usesStep(expression)) return undefined;
      const value = evaluate(expression, 0);
      if (!Number.isFinite(value)) return undefined;
      this.pos = end;
      return { kind: "number", value, start, end };
    } catch (error) {
      this.constantError = error instanceof NervaLrError ? error : undefined;
      return undefined;
    }
  }

  /** Where a value written from `start` ends: the ',' or closing bracket at its own level (or a comment). */
  private extentEnd(start: number): number {
    const text = this.text;
    let depth = 0;
    let pos = start;
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 39 || c === 34) {
        const close = text.indexOf(text.charAt(pos), pos + 1);
        if (close < 0) return text.length;
        pos = close;
      } else if (c === OPEN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
      else if (c === CLOSE || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
        if (depth === 0) break;
        depth--;
      } else if (((c === COMMA || c === SEMICOLON) && depth === 0) || c === HASH) break;
    }
    while (pos > start && text.charCodeAt(pos - 1) <= 32) pos--;
    return pos;
  }

  /** An unquoted word the text goes on with a dash (inverse-square-root), for a hint; undefined otherwise. */
  private dashedWord(last: ArgNode | undefined): string | undefined {
    if (this.peek() !== 45 || last === undefined) return undefined;
    const value = last.value;
    // `inverse-square-root` reads as a word, `1-sqrt` as a number; both then meet the dash.
    const word = value.kind === "word" && value.quoted !== true;
    const number = value.kind === "number" && /[A-Za-z]/.test(this.text.charAt(this.pos + 1));
    if (!word && !number) return undefined;
    let end = this.pos;
    while (end < this.text.length && /[A-Za-z0-9_-]/.test(this.text.charAt(end))) end++;
    return this.text.slice(last.value.start, end);
  }

  /**
   * A name followed by '(' is a nested schedule (or Python's `dict(...)`); `lambda` starts a Python
   * lambda; otherwise it is a word (an option, a boolean, an attribute such as `self.optimizer`).
   */
  private afterName(name: string, start: number): ValueNode {
    const afterName = this.pos;
    if (name === "lambda") {
      const next = this.peek();
      if (next === 32 || next === 9 || next === COLON) return this.lambda(start);
    }
    if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
    if (this.accept(OPEN)) return name === "dict" ? this.dictCall(start) : this.args(name, start);
    this.pos = afterName;
    return { kind: "word", word: name, start };
  }

  /**
   * A Python lambda, kept as the text it was written as: it runs to the ',' or closing bracket
   * that ends it at its own level (brackets and strings inside it are skipped whole). The
   * expression language reads it when the schedule is built.
   */
  private lambda(start: number): WordNode {
    const text = this.text;
    let pos = this.pos;
    let depth = 0;
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 39 || c === 34) {
        const end = text.indexOf(text.charAt(pos), pos + 1);
        if (end < 0) this.fail("syntax", `a string opened with ${text.charAt(pos)} is not closed`, pos);
        pos = end;
      } else if (c === OPEN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
      else if (c === CLOSE || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
        if (depth === 0) break;
        depth--;
      } else if ((c === COMMA && depth === 0) || c === HASH) break;
    }
    let end = pos;
    while (end > start && text.charCodeAt(end - 1) <= 32) end--;
    this.pos = end;
    return { kind: "word", word: text.slice(start, end), lambda: true, start };
  }

  /** A Python tuple, `(0.9, 0.999)`, read as a list; `(x)` alone is x. */
  private tuple(): ValueNode {
    this.enter();
    const start = this.pos;
    this.pos++;
    if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
    const items: ValueNode[] = [];
    let comma = false;
    if (!this.accept(CLOSE)) {
      for (;;) {
        items.push(this.value());
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        if (this.accept(CLOSE)) break;
        if (!this.accept(COMMA)) this.fail("syntax", `expected ',' or ')' in a tuple, found ${this.found()}`);
        comma = true;
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        if (this.accept(CLOSE)) break;
      }
    }
    this.depth--;
    return items.length === 1 && !comma ? (items[0] as ValueNode) : { kind: "list", start, items };
  }

  /** A Python dict literal, `{100: 0.5, "min_lr": 1e-6}`: keys are numbers or quoted strings. */
  private dict(): DictNode {
    this.enter();
    const start = this.pos;
    this.pos++;
    if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
    const entries: DictEntry[] = [];
    if (!this.accept(CLOSE_BRACE)) {
      for (;;) {
        const keyStart = this.pos;
        const key = this.value();
        if (key.kind !== "number" && !(key.kind === "word" && key.quoted === true)) {
          this.fail("syntax", "a dict key must be a number or a string in quotes", keyStart);
        }
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        if (!this.accept(COLON)) this.fail("syntax", `expected ':' after a dict key, found ${this.found()}`);
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        entries.push({ key: key as NumberNode | WordNode, value: this.value() });
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        if (this.accept(CLOSE_BRACE)) break;
        if (!this.accept(COMMA)) this.fail("syntax", `expected ',' or '}' in a dict, found ${this.found()}`);
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        if (this.accept(CLOSE_BRACE)) break;
      }
    }
    this.depth--;
    return { kind: "dict", start, entries };
  }

  /** Python's `dict(min_lr=1e-6)`: named arguments only, read as a dict with string keys. */
  private dictCall(start: number): DictNode {
    const call = this.args("dict", start);
    const entries: DictEntry[] = [];
    for (const arg of call.args) {
      if (arg.name === undefined) this.fail("syntax", "dict(...) takes named arguments only (key=value)", arg.value.start);
      entries.push({ key: { kind: "word", word: arg.name, quoted: true, start: arg.nameStart ?? arg.value.start }, value: arg.value });
    }
    return { kind: "dict", start, entries };
  }

  /** A Python string, 'cos' or "cos": no escapes, ends at the same quote on the same text. */
  private quoted(quote: string): ValueNode {
    const start = this.pos;
    const end = this.text.indexOf(quote, start + 1);
    if (end < 0) this.fail("syntax", `a string opened with ${quote} is not closed`, start);
    this.pos = end + 1;
    return { kind: "word", word: this.text.slice(start + 1, end), quoted: true, start };
  }

  private list(): ListNode {
    this.enter();
    const start = this.pos;
    this.pos++;
    if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
    const items: ValueNode[] = [];
    if (!this.accept(CLOSE_BRACKET)) {
      for (;;) {
        items.push(this.value());
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        if (this.accept(CLOSE_BRACKET)) break;
        if (!this.accept(COMMA)) this.fail("syntax", `expected ',' or ']' in a list, found ${this.found()}`);
        if (this.text.charCodeAt(this.pos) <= 35) this.skipSpace();
        if (this.accept(CLOSE_BRACKET)) break;
      }
    }
    this.depth--;
    return { kind: "list", start, items };
  }

  /**
   * A number: [+-] (digits [. [digits]] | . digits) [(e|E) [+-] digits], where digits may be
   * grouped by single underscores as in Python (`1_000`). The value is computed on the way when
   * that is exact and cheap: up to 15 significant digits and a power of ten up to 22 are exact
   * doubles, so one multiplication or division is correctly rounded, as Number() would round
   * (Clinger's fast path). Other numbers go to Number(). Locals only: fields holding doubles
   * would box each write.
   */
  private number(): ValueNode {
    const text = this.text;
    const start = this.pos;
    const sign = text.charCodeAt(start);
    const wholeStart = sign === 43 || sign === 45 ? start + 1 : start;
    const wholeEnd = digitsEnd(text, wholeStart);
    let fractionEnd = wholeEnd;
    if (text.charCodeAt(wholeEnd) === 46) fractionEnd = digitsEnd(text, wholeEnd + 1);
    if (wholeEnd === wholeStart && fractionEnd <= wholeEnd + 1) return this.fail("syntax", `expected a number, found ${this.found()}`);
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    for (let k = wholeStart; k < fractionEnd; k++) {
      const c = text.charCodeAt(k);
      if (c === 95 || c === 46) continue;
      if (k > wholeEnd) scale--;
      if (digits > 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      }
    }
    let end = fractionEnd;
    const e = text.charCodeAt(end);
    if (e === 101 || e === 69) {
      const expSign = text.charCodeAt(end + 1);
      const from = expSign === 43 || expSign === 45 ? end + 2 : end + 1;
      const to = digitsEnd(text, from);
      if (to > from) {
        let power = 0;
        for (let k = from; k < to; k++) if (text.charCodeAt(k) !== 95) power = Math.min(400, power * 10 + (text.charCodeAt(k) - 48));
        scale += expSign === 45 ? -power : power;
        end = to;
      }
    }
    if (isGlued(text.charCodeAt(end))) {
      let stop = end;
      while (stop < text.length && (isGlued(text.charCodeAt(stop)) || "+-".includes(text[stop] as string))) stop++;
      this.fail("syntax", `invalid number '${clip(text.slice(start, Math.min(stop, start + 41)))}' (numbers are plain decimals such as 0.1, 5e-4)`, start);
    }
    let value: number;
    if (digits <= 15 && scale >= -22 && scale <= 22) {
      const magnitude = scale >= 0 ? mantissa * (POWERS_OF_TEN[scale] as number) : mantissa / (POWERS_OF_TEN[-scale] as number);
      value = sign === 45 ? -magnitude : magnitude;
    } else {
      const numberText = text.slice(start, end);
      value = Number(numberText.includes("_") ? numberText.replace(/_/g, "") : numberText);
      if (!Number.isFinite(value)) this.fail("out-of-range", `the number ${clip(numberText)} is too large for a double`, start);
    }
    this.pos = end;
    return { kind: "number", value, start, end };
  }
}

/** The end of a run of digits at `i` (i itself if none); an underscore must sit between two digits. */
function digitsEnd(text: string, i: number): number {
  if (!isDigit(text.charCodeAt(i))) return i;
  let end = i + 1;
  for (;;) {
    const c = text.charCodeAt(end);
    if (isDigit(c)) end++;
    else if (c === 95 && isDigit(text.charCodeAt(end + 1))) end += 2;
    else return end;
  }
}

/** 10^0 .. 10^22: every one an exact double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
