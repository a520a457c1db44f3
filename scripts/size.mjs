// npm run size (and CI): what each entry point of the package costs a browser bundle, minified
// and gzipped by esbuild, against a budget. A budget is a ceiling that makes growth a decision:
// raise it in the same change that adds the weight, and say why here.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;

/**
 * Gzipped bytes allowed per case. The whole library is the catalog (63 schedule definitions with
 * their docs, ranges and formulas), the spec language with its messages, and the expression
 * language of LambdaLR: 28.2 KB measured (18.1 KB with the first 38 definitions; the peers'
 * catalogs of timm, DeepSpeed, Hugging Face, the rest of optax and fairseq added the rest, about
 * 0.4 KB gzipped per definition). The speed issue (#9) added 3.4 KB: one generated params maker
 * per definition (records.ts, removed again by issue 17) and one options reader per typed factory, which made
 * building a schedule 2-3x faster (see docs/performance.md): 32.1 KB measured, so
 * 33.5 KB leaves room for fixes but not for a new family of schedules without a look. One factory
 * alone must tree-shake down to the core (Schedule, checks, errors, canonical text, the
 * expression parser that checks LambdaLR's parameter) and its own definition: 8.7 KB measured.
 * Issue 19 added 28 schedules (Megatron-LM, NeMo, pytorch_warmup, pytorch_optimizer, Lightning
 * Bolts; docs/llm-schedules.md): about 0.3 KB gzipped each. Issue 16 added the finite-value check
 * of every value, the JSON duplicate-key scan and the option-name suggestions in the core (about
 * 1 KB, also in a single factory). Measured after both: whole library 42.9 KB, one factory 9.7 KB,
 * spec language 38.4 KB, tfjs 42.9 KB (with the plateau-scaled schedules and the range test's
 * rules), charts 10.2 KB (a span rule per schedule, axes fitted to the text rows), page 53.7 KB.
 * Each budget leaves about 5% for fixes, not for another family of schedules without a look.
 */
const BUDGETS = {
  // Issue 18 added the pasted-code reader (framework calls, Python text, peer factory calls) and
  // Python's conditionals and comparisons to the expression language: 49.0 KB measured.
  'import * from "nerva-lr"': 51_500,
  // After issue 17 (records.ts gone, each factory calls scheduleOf): 10.1 KB measured.
  // (The expression parser comes with the parameter checks: 11.5 KB measured after issue 18.)
  'import { stepLR } from "nerva-lr"': 12_000,
  // The spec language needs the whole catalog and every definition's params maker: 28.9 KB measured.
  'import { parseLearningRate } from "nerva-lr"': 46_500,
  // Charts: the model, the span rules, two renderers, and d3-format's tick labels.
  'import * from "nerva-lr/plot"': 10_700,
  // The TensorFlow.js adapter (tfjs itself is the user's, left out): the callbacks and the range
  // test (2.5 KB), and the spec language with the whole catalog, since learningRateScheduler takes
  // spec text: 31.7 KB measured.
  'import * from "nerva-lr/tfjs"': 51_000,
  // Issue 18's config reader: the spec language with the whole catalog (36.8 KB, as above) and the
  // `yaml` parser, which reports lines and columns (about 35 KB gzipped): 75.2 KB measured. The
  // root entry must not grow by it: see ROOT_FREE_OF below.
  // (83.5 KB measured once the pasted-code reader joined it for text that is not a config.)
  'import * from "nerva-lr/configs"': 87_000,
  // Exports (issue 18, docs/export.md): the core, the expression parser and printer, the formula
  // tables of six libraries and the PyTorch target; not the spec language or the catalog (the
  // caller's schedule brings its definition). 13.3 KB measured with the PyTorch target alone;
  // the other targets and formula tables arrive at merge and will need a look at this line.
  // (24.6 KB measured with all seven targets and the formulas of every library.)
  'import * from "nerva-lr/export"': 26_000,
};

/** Packages that `import "nerva-lr"` (any of the root's cases) must not bundle: nerva-lr/configs' parser. */
const ROOT_FREE_OF = ["node_modules/yaml/"];

/** Entry code for each case; subpaths of the exports map are added as they appear. */
const cases = {
  'import * from "nerva-lr"': 'export * from "nerva-lr";',
  'import { stepLR } from "nerva-lr"': 'import { stepLR } from "nerva-lr"; console.log(stepLR({ lr: 0.1, step_size: 3 }).at(4));',
  'import { parseLearningRate } from "nerva-lr"': 'import { parseLearningRate } from "nerva-lr"; console.log(parseLearningRate(process.argv[2]).at(0));',
};
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
for (const subpath of Object.keys(pkg.exports)) {
  if (subpath === "." || subpath.endsWith(".json")) continue;
  cases[`import * from "nerva-lr${subpath.slice(1)}"`] = `export * from "nerva-lr${subpath.slice(1)}";`;
}

let failed = 0;
console.log("entry".padEnd(50), "minified".padStart(9), "gzipped".padStart(9), "budget".padStart(9));
for (const [name, contents] of Object.entries(cases)) {
  const result = await build({
    stdin: { contents, resolveDir: root },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    // Peer libraries (TensorFlow.js) belong to the user's bundle, not to ours.
    external: Object.keys(pkg.peerDependencies ?? {}),
    logLevel: "error",
    metafile: true,
  });
  const code = result.outputFiles[0].contents;
  if (name.includes('from "nerva-lr"')) {
    const loaded = Object.keys(result.metafile.inputs).filter((input) => ROOT_FREE_OF.some((dep) => input.includes(dep)));
    if (loaded.length > 0) {
      failed++;
      console.log(`${name} bundles ${loaded[0]}: the root must stay free of nerva-lr/configs' dependencies`);
    }
  }
  const gzipped = gzipSync(code, { level: 9 }).length;
  const budget = BUDGETS[name];
  const over = budget !== undefined && gzipped > budget;
  if (budget === undefined || over) failed++;
  const verdict = budget === undefined ? "no budget: add one to scripts/size.mjs" : over ? "OVER BUDGET" : "ok";
  console.log(name.padEnd(50), String(code.length).padStart(9), String(gzipped).padStart(9), String(budget ?? "-").padStart(9), verdict);
}
// The playground page as a browser loads it (npm run build puts it in dist/playground/): the
// library with the whole catalog, the chart code and the page's own code: app.js and the chunks it
// imports at once (code it shares with a lazy chunk; chunks.json lists them). 41.5 KB measured
// (38.8 KB before the params makers of the speed issue); 53.7 KB after issues 15, 16 and 19. The
// chunks loaded on demand (issue 18: the configs reader with its YAML parser) are shown apart.
// 66.1 KB measured after issue 18 (the pasted-code reader is in the page; configs and exporters load on demand).
const PAGE_BUDGET = 69_000;
const chunks = JSON.parse(readFileSync(new URL("../dist/playground/chunks.json", import.meta.url), "utf8"));
const gzipped = (file) => gzipSync(readFileSync(new URL(`../dist/playground/${file}`, import.meta.url)), { level: 9 }).length;
let page = 0;
for (const file of ["index.html", "style.css", "app.js", ...chunks.eager]) page += gzipped(file);
for (const file of chunks.lazy) console.log(`playground chunk loaded on demand: ${file}`.padEnd(50), "".padStart(9), String(gzipped(file)).padStart(9));
const pageOver = page > PAGE_BUDGET;
if (pageOver) failed++;
console.log("playground page (html + css + js, eager chunks)".padEnd(50), "".padStart(9), String(page).padStart(9), String(PAGE_BUDGET).padStart(9), pageOver ? "OVER BUDGET" : "ok");

if (failed > 0) {
  console.error(`\n${failed} entr${failed === 1 ? "y is" : "ies are"} over or without a budget`);
  process.exit(1);
}
