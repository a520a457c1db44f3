#!/usr/bin/env node
import { fstatSync, statSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { main } from "./main.js";

/**
 * Output goes to the file descriptor with writeSync, which blocks while the reader is behind, so
 * output streams with flat memory instead of queueing a million rows in the process. Not touching
 * process.stdout also skips creating its stream (and loading node:stream for it), a sixth of the
 * start-up time. A descriptor the parent left non-blocking can refuse a write (EAGAIN): from then
 * on the text goes through the stream, which waits and keeps the order.
 */
function writer(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let fallback: NodeJS.WriteStream | undefined;
  return (text) => {
    if (fallback) {
      fallback.write(text);
      return;
    }
    let buffer = Buffer.from(text);
    try {
      while (buffer.length > 0) buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") writeFailed(fd, error as NodeJS.ErrnoException);
      fallback = stream();
      fallback.on("error", (streamError: NodeJS.ErrnoException) => writeFailed(fd, streamError));
      fallback.write(buffer);
    }
  };
}

/**
 * A write that fails ends the run. A reader that stops early (`nerva-lr eval ... | head`) closes
 * the pipe: that is not an error. Anything else (a full disk, /dev/full, an I/O error) is exit 1
 * with one line on stderr, unless stderr itself is what failed.
 */
function writeFailed(fd: 1 | 2, error: NodeJS.ErrnoException): never {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  if (fd === 1) {
    try {
      writeSync(2, `nerva-lr: cannot write output: ${reason(error)}\n`);
    } catch {
      // stderr is gone too: the status says it
    }
  }
  process.exit(1);
}

/** "ENOSPC: no space left on device, write" -> "no space left on device". */
function reason(error: NodeJS.ErrnoException): string {
  const text = /^[A-Z0-9_]+: ([^,]+)/.exec(error.message)?.[1] ?? error.code ?? "error";
  return text.replace(/[^ -~]/g, "?");
}

/**
 * Whether fd is a terminal. node:tty (with node:net and node:stream behind it) takes longer to load
 * than the rest of a short run, so it is asked only about character devices other than /dev/null:
 * files, pipes and /dev/null (scripts, CI, benchmarks) are settled by fstat alone.
 */
function isTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    const nothing = statSync("/dev/null", { throwIfNoEntry: false });
    if (nothing && nothing.dev === stat.dev && nothing.ino === stat.ino) return false;
  } catch {
    // fstat failed (a closed descriptor): let node:tty decide
  }
  return (createRequire(import.meta.url)("node:tty") as typeof import("node:tty")).isatty(fd);
}

const terminal = isTerminal(1);
// NO_COLOR (no-color.org): any non-empty value turns colour off.
const color = terminal && !process.env["NO_COLOR"];

process.exitCode = main(process.argv.slice(2), {
  stdout: writer(1, () => process.stdout),
  stderr: writer(2, () => process.stderr),
  ...(terminal ? { terminal: { columns: process.stdout.columns, color } } : {}),
  exit: (code) => {
    process.exitCode = code;
  },
});
