/**
 * JSON.parse keeps the last of two equal keys in an object; spec text refuses a parameter given
 * twice, and so does the JSON form: this scan of text that JSON.parse has accepted finds the first
 * repeated key and its path.
 */
import { clip } from "../core/errors.js";
import { MAX_NESTING } from "./parser.js";

/** The path of the first key repeated within one object (`$.lr`), or undefined. `text` must be valid JSON. */
export function repeatedKeyPath(text: string): string | undefined {
  return new KeyScanner(text).value("$", 0);
}

/** A key in a JSON path, as read.ts writes it: bare when it is a plain name, else quoted. */
export function pathKey(base: string, key: string): string {
  return `${base}.${/^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(key) ? key : JSON.stringify(clip(key))}`;
}

const LITERAL = /[^,\]}\s]*/y;

class KeyScanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** Skips one value; the path of a repeated key inside it, if any. */
  value(path: string, depth: number): string | undefined {
    // Deeper than the reader accepts: it reports that, so there is no need to look further.
    if (depth > MAX_NESTING) return undefined;
    this.space();
    const ch = this.text[this.pos];
    if (ch === "{") return this.object(path, depth);
    if (ch === "[") return this.array(path, depth);
    if (ch === '"') {
      this.string();
      return undefined;
    }
    // A number, true, false or null.
    LITERAL.lastIndex = this.pos;
    LITERAL.test(this.text);
    this.pos = LITERAL.lastIndex;
    return undefined;
  }

  private object(path: string, depth: number): string | undefined {
    this.pos++; // {
    const keys = new Set<string>();
    for (;;) {
      this.space();
      if (this.text[this.pos] === "}") break;
      const key = this.string();
      const keyPath = pathKey(path, key);
      if (keys.has(key)) return keyPath;
      keys.add(key);
      this.space();
      this.pos++; // :
      const inner = this.value(keyPath, depth + 1);
      if (inner !== undefined) return inner;
      this.space();
      if (this.text[this.pos] !== ",") break;
      this.pos++;
    }
    this.pos++; // }
    return undefined;
  }

  private array(path: string, depth: number): string | undefined {
    this.pos++; // [
    for (let i = 0; ; i++) {
      this.space();
      const ch = this.text[this.pos];
      if (ch === "]") break;
      // Only objects can repeat a key: numbers (a million milestones) are skipped without a path.
      if (ch === "{" || ch === "[") {
        const inner = this.value(`${path}[${i}]`, depth + 1);
        if (inner !== undefined) return inner;
      } else this.value(path, depth + 1);
      this.space();
      if (this.text[this.pos] !== ",") break;
      this.pos++;
    }
    this.pos++; // ]
    return undefined;
  }

  /** Reads a string at pos (escapes decoded, so "a" and "\u0061" are the same key). */
  private string(): string {
    const start = this.pos++;
    while (this.text[this.pos] !== '"') this.pos += this.text[this.pos] === "\\" ? 2 : 1;
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private space(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") return;
      this.pos++;
    }
  }
}
