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

/** Exactly one SPEC argument; a spec split by the shell gets a hint to quote it. */
export function oneSpec(positionals: readonly string[], command: string): string {
  if (positionals.length === 0) throw new UsageError(`'${command}' needs a SPEC, e.g. nerva-lr ${command} "StepBased(0.1,0.5,10)"`, command);
  if (positionals.length > 1) {
    throw new UsageError(`'${command}' takes one SPEC but got ${positionals.length} arguments; quote the spec if it has spaces`, command);
  }
  return positionals[0] as string;
}

export function noArguments(positionals: readonly string[], command: string): void {
  if (positionals.length > 0) throw new UsageError(`'${command}' takes no arguments, got '${positionals[0]}'`, command);
}

export type Format = "table" | "csv" | "json";

export function readFormat(value: string | undefined, command: string, allowed: readonly Format[]): Format {
  if (value === undefined) return "table";
  if ((allowed as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format must be one of ${allowed.join(", ")}, got '${value}'`, command);
}
