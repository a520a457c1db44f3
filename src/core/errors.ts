/**
 * The one error class of nerva-lr. Every mistake a user can make (bad spec text, a parameter out of
 * range, a bad epoch, corrupt state or JSON) throws a `NervaLrError`; anything else is a bug.
 */

/** Machine-readable kind of a user mistake. Stable across versions. */
export type ErrorCode =
  | "syntax"
  | "unknown-name"
  | "unknown-parameter"
  | "missing-parameter"
  | "duplicate-parameter"
  | "wrong-type"
  | "out-of-range"
  | "invalid-epoch"
  | "invalid-metric"
  | "not-metric-driven"
  | "no-text-form"
  | "unsupported-optimizer"
  | "missing-monitor"
  | "conflicting-callbacks"
  | "invalid-json"
  | "invalid-state"
  | "invalid-value"
  | "conflicting-lr"
  | "invalid-config"
  | "cannot-export";

/** Where in the user's input the problem is: an offset into spec text, or a path into JSON. */
export interface ErrorLocation {
  /** The spec text the offset points into. */
  readonly source?: string;
  /** 0-based offset into `source`. */
  readonly offset?: number;
  /** A JSON path such as `$.schedulers[1].gamma`, for problems in the JSON form. */
  readonly path?: string;
  /** Show the place as line and column even when `source` is one line (config files do). */
  readonly lines?: boolean;
}

/** The first words of every message, by code (docs/library.md's table of error codes lists them). */
export const TITLES: Readonly<Record<ErrorCode, string>> = {
  syntax: "Invalid schedule",
  "unknown-name": "Invalid schedule",
  "unknown-parameter": "Invalid schedule",
  "missing-parameter": "Invalid schedule",
  "duplicate-parameter": "Invalid schedule",
  "wrong-type": "Invalid schedule",
  "out-of-range": "Invalid schedule",
  "invalid-epoch": "Invalid epoch",
  "invalid-metric": "Invalid metric",
  "not-metric-driven": "Not a metric-driven schedule",
  "no-text-form": "No text form",
  "unsupported-optimizer": "Unsupported optimizer",
  "missing-monitor": "Missing monitored value",
  "conflicting-callbacks": "Conflicting callbacks",
  "invalid-json": "Invalid schedule JSON",
  "invalid-state": "Invalid schedule state",
  "invalid-value": "No valid learning rate",
  "conflicting-lr": "Conflicting learning rate",
  "invalid-config": "Invalid config",
  "cannot-export": "Cannot export",
};

export class NervaLrError extends Error {
  override readonly name = "NervaLrError";
  readonly code: ErrorCode;
  /** The problem alone, without title or location: "expected a value, found ','". */
  readonly problem: string;
  readonly offset: number | undefined;
  readonly source: string | undefined;
  readonly path: string | undefined;

  constructor(code: ErrorCode, problem: string, location: ErrorLocation = {}) {
    super(composeMessage(code, problem, location));
    this.code = code;
    this.problem = problem;
    this.offset = location.offset;
    this.source = location.source;
    this.path = location.path;
  }
}

export function isNervaLrError(value: unknown): value is NervaLrError {
  return value instanceof NervaLrError;
}

function composeMessage(code: ErrorCode, problem: string, where: ErrorLocation): string {
  const head = `${TITLES[code]}: ${problem}`;
  if (where.path !== undefined) return `${head} at ${where.path}`;
  if (where.offset === undefined) return head;
  if (where.source !== undefined && (where.lines === true || /[\n\r]/.test(where.source))) {
    // A file or a pasted block: the line and column, and only that line under the caret.
    const place = lineAndColumn(where.source, where.offset);
    return `${head} at line ${place.line}, column ${place.column}\n${caretExcerpt(place.text, place.column - 1)}`;
  }
  const located = `${head} at offset ${where.offset}`;
  if (where.source === undefined) return located;
  return `${located}\n${caretExcerpt(where.source, where.offset)}`;
}

/**
 * The 1-based line and column of an offset, and the text of that line (without its line break).
 * A line ends at \n, \r\n or \r, as editors count them.
 */
export function lineAndColumn(source: string, offset: number): { line: number; column: number; text: string } {
  const at = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let start = 0;
  for (let i = 0; i < at; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 10 || (ch === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  let end = start;
  while (end < source.length && source[end] !== "\n" && source[end] !== "\r") end++;
  // An offset on a line break itself shows as the end of its line.
  return { line, column: Math.min(at, end) - start + 1, text: source.slice(start, end) };
}

/** Longest stretch of text shown on each side of the caret; long specs are cut with '…'. */
const CONTEXT = 40;

/**
 * Two lines: the text (escaped, and cut around the offset when long) and a caret under the offset.
 * Escaping keeps the caret aligned: the caret's column is the escaped width of what comes before it.
 */
export function caretExcerpt(source: string, offset: number): string {
  const from = Math.max(0, offset - CONTEXT);
  const to = Math.min(source.length, offset + CONTEXT);
  const before = (from > 0 ? "…" : "") + escapeText(source.slice(from, offset));
  const after = escapeText(source.slice(offset, to)) + (to < source.length ? "…" : "");
  return `  ${before}${after}\n  ${" ".repeat(before.length)}^`;
}

/** Escapes what a terminal would not show as one plain character: controls, non-ASCII. */
export function escapeText(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code > 0x7e) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return out;
}

/** User text quoted in a message: escaped, and cut to 40 characters so a huge input stays a short message. */
export function clip(text: string, max = 40): string {
  const chars = Array.from(text);
  return escapeText(chars.length > max ? `${chars.slice(0, max).join("")}…` : text);
}

/** Describes one character for "found ..." messages. */
export function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return "end of text";
  const ch = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  return `'${escapeText(ch)}'`;
}
