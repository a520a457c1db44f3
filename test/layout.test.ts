// The folders show the architecture, and dependencies point one way, toward the core: a module may
// import only from the folders listed for its own folder. A new folder must be added here on purpose.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../src/", import.meta.url).pathname;

/** For each folder of src/, the folders its modules may import from (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  schedules: ["core"],
  generated: ["core", "schedules"],
  language: ["core", "schedules", "generated"],
  plot: ["core"],
  // Exports (docs/export.md): formulas and targets, from a schedule alone.
  export: ["core", "schedules"],
  playground: ["core", "schedules", "language", "plot", "export", "configs"],
  tfjs: ["core", "schedules", "language", "generated"],
  cli: ["core", "schedules", "language", "plot", "configs", "export"],
  // nerva-lr/configs (issue 18): training configs read into the language's syntax trees.
  configs: ["core", "schedules", "language", "generated"],
  ".": ["core", "schedules", "language", "generated"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

const folderOf = (file: string) => {
  const parts = relative(SRC, file).split("/");
  return parts.length === 1 ? "." : (parts[0] as string);
};

/** The modules `text` (the file `file`) loads at run time: `import type` and all-type imports load nothing. */
function valueImportsOf(text: string, file: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:\{([^}]*)\}|[^;]*?)\s*from\s+"(\.[^"]+)"/gm)) {
    if (match[1]) continue;
    const names = match[2];
    if (names !== undefined && names.split(",").every((name) => name.trim() === "" || name.trim().startsWith("type "))) continue;
    out.push(join(file, "..", (match[3] as string).replace(/\.js$/, ".ts")));
  }
  return out;
}

const valueImports = (file: string) => valueImportsOf(readFileSync(file, "utf8"), file);

describe("layout", () => {
  const files = sourceFiles(SRC);
  it("has only the folders the architecture names", () => {
    expect(new Set(files.map(folderOf))).toEqual(new Set(Object.keys(ALLOWED)));
  });
  it.each(files.map((file) => [relative(SRC, file), file]))("%s imports only toward the core", (_name, file) => {
    const folder = folderOf(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/from "(\.[^"]+)"/g)) {
      const target = folderOf(join(file, "..", match[1] as string));
      if (target === folder) continue;
      expect(ALLOWED[folder], `${relative(SRC, file)} imports ${match[1]}`).toContain(target);
    }
  });
  /** Packages each folder may import: the library itself none; charts their two small d3 parts. */
  const PACKAGES: Record<string, RegExp> = {
    plot: /^d3-(array|format)$/,
    tfjs: /^@tensorflow\/tfjs-(core|layers)$/,
    cli: /^node:/,
    configs: /^yaml$/,
  };
  it.each(files.map((file) => [relative(SRC, file), file]))("%s imports only the packages its folder may use", (_name, file) => {
    const folder = folderOf(file);
    for (const match of readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^".][^"]*)"/gm)) {
      expect(PACKAGES[folder]?.test(match[1] as string) ?? false, `${relative(SRC, file)} imports ${match[1]}`).toBe(true);
    }
  });
  it("has no import cycle in core/ or schedules/ (imports of types only do not load a module)", () => {
    const graph = new Map<string, string[]>();
    for (const file of files.filter((f) => ["core", "schedules"].includes(folderOf(f)))) graph.set(file, valueImports(file));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(" -> "));
        return;
      }
      state.set(file, "open");
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
  it("the cycle check sees a cycle (two modules that import each other)", () => {
    expect(valueImportsOf('import { a } from "./x.js";\nimport type { B } from "./y.js";\nimport { type C, d } from "./z.js";\nimport { type E } from "./w.js";', "/s/core/v.ts")).toEqual([
      "/s/core/x.ts",
      "/s/core/z.ts",
    ]);
  });
  it("has no import of the CLI from the library entry point", () => {
    expect(readFileSync(join(SRC, "index.ts"), "utf8")).not.toMatch(/\.\/cli\//);
  });
});
