// Shared test helpers: running the CLI in-process, and comparing numbers by relative difference.
import { main } from "../src/cli/main.js";
import { NervaLrError } from "../src/index.js";

/** Runs `fn` and returns the NervaLrError it throws; fails the test if it throws nothing or something else. */
export function rejection(fn: () => unknown): NervaLrError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NervaLrError) return error;
    throw error;
  }
  throw new Error("expected a NervaLrError, but nothing was thrown");
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(...argv: string[]): CliResult {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** |a - b| <= rel * max(|a|, |b|), or both within `abs` of each other (values that should be 0). */
export function close(a: number, b: number, rel: number, abs = 0): boolean {
  return Math.abs(a - b) <= Math.max(rel * Math.max(Math.abs(a), Math.abs(b)), abs);
}
