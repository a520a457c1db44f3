// Part of npm run build, after tsc: the two things that ship as bundles.
// - dist/cli/main.cjs, the CLI: one CommonJS file instead of some thirty ES modules, so `nerva-lr`
//   starts about a quarter sooner (npm run bench measures it against `node -e 0`); the package's
//   bin, dist/cli/nerva-lr.cjs, starts it from V8's code cache (scripts/cli-launcher.cjs), which
//   is written here by running the CLI once.
// - dist/playground/: the playground page (index.html, style.css, app.js), which works offline and
//   from any static host. The library itself ships as ES modules.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync } from "node:fs";

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
await build({
  entryPoints: [path("../src/playground/main.ts")],
  outfile: path("../dist/playground/app.js"),
  bundle: true,
  platform: "browser",
  target: ["es2022"],
  format: "esm",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
for (const file of ["index.html", "style.css"]) copyFileSync(path(`../src/playground/${file}`), path(`../dist/playground/${file}`));
