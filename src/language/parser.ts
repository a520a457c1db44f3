/**
 * Spec text to syntax tree, by recursive descent over the grammar of SPEC.md section 2. It knows
 * nothing of the catalog: names and parameters are checked when the tree is built into schedules.
 * Every error carries the 0-based offset of the character where the text stops making sense.
 */
import { clip, describeChar, NervaLrError, type ErrorCode } from "../core/errors.js";
import type { ArgNode, CallNode, ListNode, ValueNode } from "./ast.js";

/** Deeper nesting than this is refused (no real schedule comes close; it keeps the stack small). */
export const MAX_NESTING = 64;

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
/** Digits may be grouped by single underscores, as in Python (`1_000`). */
const NUMBER = /[+-]?(?:[0-9]+(?:_[0-9]+)*(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?|\.[0-9]+(?:_[0-9]+)*)(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?/y;
/** What may not touch a number: `0x10`, `1e5e3`, `1.2.3`, `5abc` are one bad token, not two good ones. */
const GLUED = /[A-Za-z0-9_.]/;

/** Parses text that holds exactly one schedule call. */
export function parseCallText(text: string): CallNode {
  const parser = new Parser(text);
  parser.skipSpace();
  const call = parser.call();
  parser.skipSpace();
  if (parser.peek() === ";") {
    parser.fail("syntax", "expected end of text, found ';' (a ';'-separated list has one schedule per layer: read it with parseLearningRates)");
  }
  parser.expectEnd();
  return call;
}

/** Parses nerva's per-layer list: calls separated by ';' at the top level (outside brackets). */
export function parseCallListText(text: string): CallNode[] {
  const parser = new Parser(text);
  const calls: CallNode[] = [];
  do {
    parser.skipSpace();
    calls.push(parser.call());
    parser.skipSpace();
  } while (parser.accept(";"));
  parser.expectEnd();
  return calls;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.pos];
  }

  accept(ch: string): boolean {
    if (this.text[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  skipSpace(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
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

  private name(): string | undefined {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.text);
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  call(): CallNode {
    const start = this.pos;
    const name = this.name();
    if (name === undefined) this.fail("syntax", `expected a schedule name, found ${this.found()}`);
    this.skipSpace();
    if (!this.accept("(")) this.fail("syntax", `expected '(' after ${clip(name)}, found ${this.found()}`);
    return this.nested(() => this.args(name, start));
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING) this.fail("syntax", `nesting deeper than ${MAX_NESTING} levels`);
    const result = parse();
    this.depth--;
    return result;
  }

  /** After '(': comma-separated items, or nerva's ';'-separated groups. */
  private args(name: string, start: number): CallNode {
    this.skipSpace();
    const groups: ArgNode[][] = [[]];
    let grouped = false;
    if (this.peek() !== ")") {
      for (;;) {
        (groups[groups.length - 1] as ArgNode[]).push(this.item());
        this.skipSpace();
        if (this.accept(",")) {
          this.skipSpace();
          continue;
        }
        if (this.accept(";")) {
          grouped = true;
          groups.push([]);
          this.skipSpace();
          continue;
        }
        if (this.peek() === ")") break;
        this.fail("syntax", `expected ',' or ')' in the arguments of ${clip(name)}, found ${this.found()}`);
      }
    }
    const close = this.pos;
    this.pos++;
    const args = grouped ? groups.map((group) => this.groupToArg(group)) : (groups[0] as ArgNode[]);
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
      const afterName = this.pos;
      this.skipSpace();
      if (this.accept("=")) {
        this.skipSpace();
        return { name, nameStart, value: this.value() };
      }
      this.pos = afterName;
      return { value: this.afterName(name, nameStart) };
    }
    return { value: this.value() };
  }

  private value(): ValueNode {
    const start = this.pos;
    const ch = this.peek();
    if (ch === "[") return this.nested(() => this.list());
    if (ch !== undefined && /[0-9.+-]/.test(ch)) return this.number();
    if (ch === "'" || ch === '"') return this.quoted(ch);
    const name = this.name();
    if (name !== undefined) return this.afterName(name, start);
    return this.fail("syntax", `expected a value, found ${this.found()}`);
  }

  /** A name followed by '(' is a nested schedule; otherwise it is a word (an option or boolean). */
  private afterName(name: string, start: number): ValueNode {
    const afterName = this.pos;
    this.skipSpace();
    if (this.accept("(")) return this.nested(() => this.args(name, start));
    this.pos = afterName;
    return { kind: "word", word: name, start };
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
    const start = this.pos;
    this.pos++;
    this.skipSpace();
    const items: ValueNode[] = [];
    if (!this.accept("]")) {
      for (;;) {
        items.push(this.value());
        this.skipSpace();
        if (this.accept("]")) break;
        if (!this.accept(",")) this.fail("syntax", `expected ',' or ']' in a list, found ${this.found()}`);
        this.skipSpace();
      }
    }
    return { kind: "list", start, items };
  }

  private number(): ValueNode {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail("syntax", `expected a number, found ${this.found()}`);
    const text = match[0];
    const next = this.text[start + text.length];
    if (next !== undefined && GLUED.test(next)) {
      let end = start + text.length;
      while (end < this.text.length && /[A-Za-z0-9_.+-]/.test(this.text[end] as string)) end++;
      this.fail("syntax", `invalid number '${clip(this.text.slice(start, Math.min(end, start + 41)))}' (numbers are plain decimals such as 0.1, 5e-4)`, start);
    }
    const value = Number(text.replace(/_/g, ""));
    if (!Number.isFinite(value)) {
      this.fail("out-of-range", `the number ${clip(text)} is too large for a double`, start);
    }
    this.pos += text.length;
    return { kind: "number", value, text, start };
  }
}
