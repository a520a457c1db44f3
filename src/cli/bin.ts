#!/usr/bin/env node
import { main } from "./main.js";

// Writes block while the reader is behind (as they do for files and terminals), so output streams
// with flat memory instead of queueing a million rows in the process. Pipes are the case this changes.
for (const stream of [process.stdout, process.stderr]) {
  (stream as unknown as { _handle?: { setBlocking?: (blocking: boolean) => void } })._handle?.setBlocking?.(true);
}

// A reader that stops early (`nerva-lr eval ... | head`) closes the pipe: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

// NO_COLOR (no-color.org): any non-empty value turns colour off.
const color = process.stdout.isTTY === true && !process.env["NO_COLOR"];

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...(process.stdout.isTTY ? { terminal: { columns: process.stdout.columns, color } } : {}),
  exit: (code) => {
    process.exitCode = code;
  },
});
