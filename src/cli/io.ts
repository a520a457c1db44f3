import { escapeText } from "../core/errors.js";

/** What the CLI needs from the outside world: two output streams. Tests pass string collectors. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Set when stdout is a terminal: its width (for charts) and whether colour is wanted (a TTY
   * without NO_COLOR). Absent for pipes and files: 80 columns, no colour.
   */
  readonly terminal?: { readonly columns?: number | undefined; readonly color: boolean };
  /** Long-running commands (the playground server) report their final exit status here. */
  exit?(code: number): void;
}

/** A mistake in how the command was called (exit 2), as opposed to an invalid spec or value (exit 1). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A failure outside the spec language that is still the user's to fix (an unwritable file): exit 1. */
export class CliError extends Error {}

/** How much of a user's word a message quotes; longer text is cut with '…'. */
const QUOTED_CHARS = 60;

/**
 * User text inside a message: in quotes, clipped, and escaped by the same function as the caret
 * excerpts of spec errors (control, bidi and other non-ASCII characters as \x1b or \u{202e}), so
 * a hostile argument cannot drive the terminal, split the message, or make it long.
 */
export function quote(text: string): string {
  const chars = Array.from(text.length > 4 * QUOTED_CHARS ? text.slice(0, 4 * QUOTED_CHARS) : text);
  return chars.length > QUOTED_CHARS ? `'${escapeText(chars.slice(0, QUOTED_CHARS).join(""))}…'` : `'${escapeText(text)}'`;
}

/**
 * A message line made safe to print whatever built it: characters a terminal would act on (C0, DEL,
 * C1, line and paragraph separators, bidi controls) escaped as escapeText does, and the line cut
 * when long. Messages quote user text with `quote`; this is the last guard before stderr.
 */
export function safeLine(line: string, max = 400): string {
  let out = "";
  let count = 0;
  for (const ch of line) {
    if (++count > max) return `${out}…`;
    out += actsOnTerminal(ch.codePointAt(0) ?? 0) ? escapeText(ch) : ch;
  }
  return out;
}

function actsOnTerminal(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x061c
  );
}

/** Exactly one SPEC argument; a spec split by the shell gets a hint to quote it. */
export function oneSpec(positionals: readonly string[], command: string): string {
  if (positionals.length === 0) throw new UsageError(`'${command}' needs a SPEC, e.g. nerva-lr ${command} "StepBased(0.1,0.5,10)"`, command);
  if (positionals.length > 1) {
    throw new UsageError(`'${command}' takes one SPEC but got ${positionals.length} arguments; quote the spec if it has spaces`, command);
  }
  return positionals[0] as string;
}

export function noArguments(positionals: readonly string[], command: string): void {
  if (positionals.length > 0) throw new UsageError(`'${command}' takes no arguments, got ${quote(positionals[0] as string)}`, command);
}

export type Format = "table" | "csv" | "json";

export function readFormat(value: string | undefined, command: string, allowed: readonly Format[]): Format {
  if (value === undefined) return "table";
  if ((allowed as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format must be one of ${allowed.join(", ")}, got ${quote(value)}`, command);
}
