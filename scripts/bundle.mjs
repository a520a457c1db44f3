// Part of npm run build, after tsc: the two things that ship as bundles.
// - dist/cli/main.cjs, the CLI: one CommonJS file instead of some thirty ES modules, so `nerva-lr`
//   starts about a quarter sooner (npm run bench measures it against `node -e 0`); the package's
//   bin, dist/cli/nerva-lr.cjs, starts it from V8's code cache (scripts/cli-launcher.cjs), which
//   is written here by running the CLI once.
// - dist/playground/: the playground page (index.html, style.css, app.js and its chunks, listed in
//   chunks.json), which works offline and from any static host. The library itself ships as ES modules.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";

const path = (relative) => new URL(relative, import.meta.url).pathname;

await build({
  entryPoints: [path("../dist/cli/bin.js")],
  outfile: path("../dist/cli/main.cjs"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // import.meta.url (to find package.json and the playground) has no CommonJS form: give it one.
  // (esbuild keeps the entry's #! line.)
  banner: { js: "\"use strict\";const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { "import.meta.url": "__import_meta_url" },
  // Smaller to compile at start; function names are kept so that an internal error's stack
  // trace stays readable.
  minify: true,
  keepNames: true,
  logLevel: "warning",
});

copyFileSync(path("./cli-launcher.cjs"), path("../dist/cli/nerva-lr.cjs"));
chmodSync(path("../dist/cli/nerva-lr.cjs"), 0o755);
// The code cache, from one typical run (the functions that run compiled in, not just the file).
rmSync(path("../dist/cli/main.cjs.cache"), { force: true });
execFileSync(process.execPath, [path("../dist/cli/nerva-lr.cjs"), "eval", "StepBased(0.1,0.5,10)", "--epochs", "10"], {
  env: { ...process.env, NERVA_LR_WRITE_CODE_CACHE: "1" },
  stdio: "ignore",
});

mkdirSync(path("../dist/playground"), { recursive: true });
// Code splitting: what the page imports with import() (the configs reader and its YAML parser)
// becomes a chunk of its own, loaded only when a config is pasted. Code shared by the main script
// and a chunk goes to a shared chunk that app.js imports at once.
const page = await build({
  entryPoints: { app: path("../src/playground/main.ts") },
  outdir: path("../dist/playground"),
  chunkNames: "chunk-[hash]",
  splitting: true,
  bundle: true,
  platform: "browser",
  target: ["es2022"],
  format: "esm",
  minify: true,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
for (const file of ["index.html", "style.css"]) copyFileSync(path(`../src/playground/${file}`), path(`../dist/playground/${file}`));
// The chunks this build wrote, for the server (it serves these and no other file) and for
// scripts/size.mjs (eager: loaded with app.js, within the page's budget; lazy: on demand).
const outputs = page.metafile.outputs;
const name = (output) => output.slice(output.lastIndexOf("/") + 1);
const app = Object.keys(outputs).find((output) => name(output) === "app.js");
const eager = new Set();
const visit = (output) => {
  for (const imported of outputs[output].imports) {
    if (imported.kind === "import-statement" && !eager.has(imported.path)) {
      eager.add(imported.path);
      visit(imported.path);
    }
  }
};
visit(app);
const chunks = Object.keys(outputs).map(name).filter((file) => file.startsWith("chunk-") && file.endsWith(".js")).sort();
writeFileSync(
  path("../dist/playground/chunks.json"),
  `${JSON.stringify({ eager: chunks.filter((file) => [...eager].some((output) => name(output) === file)), lazy: chunks.filter((file) => ![...eager].some((output) => name(output) === file)) }, null, 2)}\n`,
);
