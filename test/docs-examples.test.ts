// Every example of the README and of docs/*.md does what the page says:
// - each `console` block: every `$ nerva-lr ...` line is run through the built binary
//   (dist/cli/nerva-lr.cjs, as a user runs it) and its output (stdout, then stderr) must be the
//   lines that follow it;
// - each `ts` and `js` block is a program: all of them are type-checked together against the
//   built package's types (ts blocks strictly; js blocks for syntax and imports), then each is run
//   with Node against dist/ and must finish without an error. A block that starts with the comment
//   `// model, x and y as in the first example` continues the page's first block, and is checked
//   and run after it.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "dist/cli/nerva-lr.cjs");
const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
const texts = new Map(pages.map((page) => [page, readFileSync(join(root, page), "utf8")]));

/** Splits a command line the way a POSIX shell splits these examples: words, "double" and 'single' quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(match[1] ?? match[2] ?? match[3] ?? "");
  return out;
}

function consoleExamples(text: string): { command: string; output: string }[] {
  const found: { command: string; output: string }[] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: { command: string; output: string[] } | undefined;
    for (const line of (block[1] ?? "").split("\n")) {
      if (line.startsWith("$ ")) {
        if (current) found.push({ command: current.command, output: current.output.join("\n") });
        current = { command: line.slice(2), output: [] };
      } else current?.output.push(line);
    }
    if (current) found.push({ command: current.command, output: current.output.join("\n") });
  }
  return found;
}

/**
 * Runs node with the arguments and collects its output. Asynchronous, so that the test worker's
 * event loop stays free while the examples run (a long stretch of synchronous runs starves vitest's
 * own messages on a busy machine).
 */
function node(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ status: code, stdout, stderr });
    });
  });
}

const consolePages = pages.map((page) => ({ page, all: consoleExamples(texts.get(page) ?? "") })).filter(({ all }) => all.length > 0);

describe("console examples, through the built binary", () => {
  it("are found (README.md, docs/cli.md, docs/charts.md at least)", () => {
    expect(consolePages.map(({ page }) => page)).toEqual(expect.arrayContaining(["README.md", "docs/cli.md", "docs/charts.md"]));
    expect(consolePages.reduce((n, { all }) => n + all.length, 0)).toBeGreaterThan(20);
  });
  describe.each(consolePages)("$page", ({ all }) => {
    it.each(all.map((example) => [example.command, example]))("$ %s", async (_command, example) => {
      const [program, ...args] = words(example.command);
      expect(program).toBe("nerva-lr");
      const run = await node([bin, ...args]);
      expect((run.stdout + run.stderr).trimEnd()).toBe(example.output.trimEnd());
    });
  });
});

// ---- ts and js blocks ----

/**
 * A statement followed by a comment that states its value (`a.at(45); // 0.01: the lr ...`,
 * `s.at(1); // 1 / (1 + 1) = 0.5`, `String(b); // "StepLR(...)"`, `JSON.stringify(b); // {...}`)
 * becomes a check of that value: a number within 1e-12 relative (or, ending in `...`, its leading
 * digits), a quoted string or a JSON text exactly. Comments that state no value (`// number`) are
 * left alone.
 */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function withValueChecks(code: string): string {
  const checked = code.split("\n").map((line, index) => {
    const m = /^(\s*)(?!const |let |var |import |export |for |if |await |console\.)([^/;]+);\s*\/\/\s*(.+)$/.exec(line);
    if (!m) return line;
    const [, indent = "", expr = "", comment = ""] = m;
    const stated = comment.includes("= ") ? comment.slice(comment.lastIndexOf("= ") + 2) : comment;
    const number = /^(-?\d[\d_]*(?:\.\d+)?(?:e-?\d+)?)(\.\.\.)?(?=[\s:,)]|$)/.exec(stated.trim());
    const string = /^("(?:[^"\\]|\\.)*")/.exec(comment.trim());
    const json = /^(\{.*\}|\[.*\])$/.exec(comment.trim()) && isJson(comment.trim()) ? [comment.trim(), comment.trim()] : null;
    const where = JSON.stringify(`line ${index + 1}: ${line.trim()}`);
    if (number) return `${indent}__value(${expr}, ${JSON.stringify(number[1]?.replace(/_/g, ""))}, ${number[2] !== undefined}, ${where});`;
    if (string) return `${indent}__text(${expr}, ${string[1]}, ${where});`;
    if (json) return `${indent}__text(${expr}, ${JSON.stringify(json[1])}, ${where});`;
    return line;
  });
  const helpers = `
function __value(actual, expected, prefix, where) {
  const ok = prefix ? String(actual).startsWith(expected) : Math.abs(actual - Number(expected)) <= 1e-12 * Math.abs(Number(expected));
  if (!ok) throw new Error(\`value comment wrong, \${where}: got \${actual}\`);
}
function __text(actual, expected, where) {
  if (actual !== expected) throw new Error(\`value comment wrong, \${where}: got \${actual}\`);
}
`;
  return `${checked.join("\n")}\n${helpers}`;
}

const CONTINUES = "// model, x and y as in the first example";

interface Program {
  readonly name: string;
  readonly file: string;
  readonly language: "ts" | "js";
}

/** The package's own names, pointed at dist/ so that a block runs and type-checks against the build. */
function resolved(code: string): string {
  return code.replace(/from "nerva-lr(\/plot|\/tfjs|\/export)?"/g, (_, sub: string | undefined) => `from ${JSON.stringify(join(root, "dist", sub ?? "", "index.js"))}`);
}

// Inside node_modules/, so that the blocks' own imports (@tensorflow/tfjs) resolve as in a project.
const work = join(root, "node_modules/.cache/docs-examples");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

const programs: Program[] = [];
for (const page of pages) {
  const blocks = [...(texts.get(page) ?? "").matchAll(/```(ts|js)\n([\s\S]*?)```/g)].map((m) => ({ language: m[1] as "ts" | "js", code: m[2] ?? "" }));
  blocks.forEach((block, index) => {
    const first = blocks[0];
    const continues = block.code.startsWith(CONTINUES);
    if (continues && (index === 0 || first === undefined || first.language !== block.language)) throw new Error(`${page}: block ${index + 1} continues no first example`);
    const code = continues && first ? `${first.code}\n${block.code}` : block.code;
    const name = `${page.replace(/[/.]/g, "_")}_${index + 1}`;
    const file = join(work, `${name}.${block.language === "ts" ? "mts" : "mjs"}`);
    writeFileSync(file, `${resolved(code)}\nexport {};\n`);
    programs.push({ name: `${page}, block ${index + 1} (${block.language})`, file, language: block.language });
  });
}

describe("ts and js examples", () => {
  it("are found in the README, library.md, charts.md and tfjs.md", () => {
    for (const page of ["README.md", "docs/library.md", "docs/charts.md", "docs/tfjs.md"]) {
      expect(programs.some((p) => p.name.startsWith(`${page},`))).toBe(true);
    }
  });

  it("state values that are checked (the library's examples at least)", () => {
    const checks = programs.map((p) => (withValueChecks(readFileSync(p.file, "utf8")).match(/^\s*__(value|text)\(/gm) ?? []).length);
    expect(checks.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10);
  });

  it("type-check against the built package", () => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true, noEmit: true, allowJs: true, checkJs: false, skipLibCheck: true, types: ["node"], lib: ["lib.es2022.d.ts"],
      typeRoots: [join(root, "node_modules/@types")],
    };
    const program = ts.createProgram(programs.map((p) => p.file), options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${programs.find((p) => p.file === d.file?.fileName)?.name ?? d.file.fileName}: ` : "";
      return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it.each(programs.map((p) => [p.name, p]))("%s runs, and its value comments hold", async (_name, p) => {
    const source = withValueChecks(readFileSync(p.file, "utf8"));
    const js = p.language === "ts"
      ? ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText
      : source;
    const file = p.file.replace(/\.mts$/, ".run.mjs");
    writeFileSync(file, js);
    const run = await node([file]);
    expect(run.stderr.split("\n").filter((line) => /Error|rror:/.test(line))).toEqual([]);
    expect(run.status).toBe(0);
  }, 90_000);
});
