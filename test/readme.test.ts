// The console examples of the README and of docs/cli.md are what the CLI prints: each
// `$ nerva-lr ...` line is run in-process and its output (stdout, then stderr) compared with the
// lines that follow it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

const documents = ["README.md", "docs/cli.md"].map((name) => ({ name, text: readFileSync(new URL(`../${name}`, import.meta.url), "utf8") }));

/** Splits a command line the way a POSIX shell splits these examples: words, "double" and 'single' quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(match[1] ?? match[2] ?? match[3] ?? "");
  return out;
}

function examples(text: string): { command: string; output: string }[] {
  const found: { command: string; output: string }[] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const lines = (block[1] ?? "").split("\n");
    let current: { command: string; output: string[] } | undefined;
    for (const line of lines) {
      if (line.startsWith("$ ")) {
        if (current) found.push({ command: current.command, output: current.output.join("\n") });
        current = { command: line.slice(2), output: [] };
      } else current?.output.push(line);
    }
    if (current) found.push({ command: current.command, output: current.output.join("\n") });
  }
  return found;
}

describe.each(documents)("$name console examples", ({ text }) => {
  const all = examples(text);
  it("exist", () => expect(all.length).toBeGreaterThan(5));
  it.each(all.map((example) => [example.command, example]))("$ %s", (_command, example) => {
    const [program, ...args] = words(example.command);
    expect(program).toBe("nerva-lr");
    const { stdout, stderr } = cli(...args);
    expect((stdout + stderr).trimEnd()).toBe(example.output.trimEnd());
  });
});
