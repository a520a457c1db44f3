// npm run catalog: writes docs/catalog.md and one chart per schedule, docs/images/catalog/<name>.svg,
// from the BUILT package (dist/; run `npm run build` first), so the page shows what users get.
// `node scripts/catalog-page.mjs --check` writes nothing and exits 1, naming the files, when any
// of them differs from what would be written (test/docs.test.ts runs it).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as nervaLr from "../dist/index.js";
import { describeConstraint, describeParam } from "../dist/core/params.js";
import { plotSvg } from "../dist/plot/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const PAGE = "docs/catalog.md";
const IMAGES = "docs/images/catalog";
const { catalog, parseLearningRate } = nervaLr;

/**
 * A metric-driven schedule (ReduceLROnPlateau) needs a metric per epoch to have a curve: one that
 * improves for 10 epochs and then stalls (a loss falling, or with mode=max an accuracy rising).
 * The page says so under its chart.
 */
const STALLING = Array.from({ length: 40 }, (_, i) => Math.min(i, 10) * 0.05);
const metricsFor = (schedule) => (schedule.params.mode === "max" ? STALLING.map((m) => 0.4 + m) : STALLING.map((m) => 1 - m));
const metricWords = (schedule) => (schedule.params.mode === "max" ? "an accuracy that rises" : "a loss that falls");

/** `StepLR` -> `stepLR`, `get_linear_schedule_with_warmup` -> `getLinearScheduleWithWarmup`. */
const camel = (name) => {
  const text = name.replace(/_([a-z0-9])/g, (_, ch) => ch.toUpperCase());
  return text.charAt(0).toLowerCase() + text.slice(1);
};

/**
 * The factory of a definition, named as the package names it (CONTRIBUTING, "Adding a schedule"):
 * the camel-cased printed name, and the library's name in front where an earlier entry of the
 * catalog already has that name (optax's exponential_decay: optaxExponentialDecay). The name is
 * checked against the package's exports, so the page can only name factories that exist.
 */
function factoryOf(definition) {
  const nameOf = (d) => camel((d.printAs ?? d.type).replace(".", "_"));
  const name = nameOf(definition);
  const first = catalog.find((other) => nameOf(other) === name);
  const factory = first === definition ? name : camel(`${definition.source.toLowerCase()}_${name}`);
  if (typeof nervaLr[factory] !== "function") throw new Error(`${definition.type}: nerva-lr exports no factory ${factory}`);
  return factory;
}

const printed = (definition) => definition.printAs ?? definition.type;
const imageName = (definition) => `${printed(definition)}.svg`;
const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
/** A GitHub-style heading anchor: lower case, spaces to dashes, other punctuation dropped. */
const anchor = (heading) => heading.toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-");

function chartOf(definition) {
  const schedule = parseLearningRate(definition.example);
  // The title is the name: an example can be longer than a small chart is wide (it is in the legend).
  // A momentum panel needs more height for its own ticks to stay apart.
  const options = { width: 440, height: schedule.cyclesMomentum ? 300 : 220, title: printed(definition) };
  const series = [{ label: definition.example, schedule }];
  if (definition.behaviour !== "metric-driven") return plotSvg(series, options);
  const metrics = metricsFor(schedule);
  return plotSvg(series, { ...options, metrics, epochs: metrics.length });
}

function section(definition) {
  const name = printed(definition);
  const signature = `${name}(${definition.params.map(describeParam).join(", ")})`;
  const lines = [`### ${name}`, "", definition.summary, ""];
  const facts = [
    `- spec: \`${signature}\``,
    `- factory: \`${factoryOf(definition)}\``,
    `- source: ${definition.source}${definition.alsoIn?.length ? ` (also ${definition.alsoIn.join(", ")})` : ""}`,
  ];
  if (definition.aliases?.length) facts.push(`- also spelt: ${definition.aliases.map((a) => `\`${a}\``).join(", ")}`);
  if (definition.behaviour && definition.behaviour !== "pure") facts.push(`- behaviour: ${definition.behaviour}`);
  const quirks = [definition.quirks ?? []].flat();
  for (const quirk of quirks) facts.push(`- quirk: ${quirk}`);
  lines.push(...facts, "");
  const caption = definition.behaviour === "metric-driven"
    ? `\`${definition.example}\`, with ${metricWords(parseLearningRate(definition.example))} for 10 epochs and then stalls`
    : `\`${definition.example}\``;
  lines.push(
    "| value at t | chart of the example |",
    "|---|---|",
    `| \`${cell(definition.formula)}\` | <img src="images/catalog/${imageName(definition)}" width="440" alt="${definition.example.replace(/"/g, "&quot;")}"><br>${cell(caption)} |`,
    "",
  );
  if (definition.params.length > 0) {
    lines.push("| parameter | allowed values | default | meaning |", "|---|---|---|---|");
    for (const spec of definition.params) {
      const text = describeParam(spec);
      const fallback = text.includes("=") ? text.slice(text.indexOf("=") + 1) : spec.optional ? "(optional)" : "required";
      lines.push(`| \`${spec.name}\` | ${cell(describeConstraint(spec))} | ${cell(fallback)} | ${cell(spec.doc)} |`);
    }
    lines.push("");
  }
  return lines;
}

/** The page and its images, as `{ path: text }` relative to the repository. */
export function catalogFiles() {
  const files = {};
  const sources = [...new Set(catalog.map((d) => d.source))];
  const lines = [
    "# The catalog",
    "",
    "<!-- Generated by `npm run catalog` (scripts/catalog-page.mjs) from the built package; a test fails when it is stale. -->",
    "",
    `Every schedule nerva-lr knows, ${catalog.length} in all, one section per library, read off the`,
    "schedule definitions: the spec signature (defaults after `=`, optional parameters in brackets),",
    "the typed factory, the value at step `t`, and every parameter's range, default and meaning. The",
    "chart beside each formula is the schedule's `example`, drawn by `nerva-lr/plot` over its own span.",
    "`lr` is the base learning rate. `nerva-lr list` prints the same catalog in a terminal.",
    "",
    "The sources: nerva (the seed: `nerva_numpy.learning_rate`'s API page, this project's starting",
    "point), PyTorch, Keras, optax, Hugging Face transformers (each is `lr` times its `LambdaLR`",
    "factor), timm, DeepSpeed, fairseq, and the libraries large-model training is configured with:",
    "Megatron-LM, NeMo, pytorch_warmup (its warmups dampen any schedule, as its loop does),",
    "pytorch_optimizer and Lightning Bolts. Each has the library's own names, parameters and values,",
    "quirks included. PyTorch and the libraries built on it are checked against their own scheduler",
    "code run on torch (`scripts/pytorch_reference.py`, `scripts/peer_reference.py`,",
    "`scripts/peer_reference_llm.py`, `scripts/peer_reference_warmup.py`), Keras and optax against",
    "values worked out from their formulas and optax's own test cases ([guarantees.md](guarantees.md));",
    "parameters a library's code would crash on are refused with a clear error. Any name may be qualified by its library (`torch.StepLR`, `optax.linear_schedule`,",
    "`megatron.OptimizerParamScheduler`); option words with a dash are quoted",
    "(`lr_decay_style=\"inverse-square-root\"`). Every definition's doc comment in `src/schedules/` has",
    "the formula and where it comes from. Where a library's behaviour is surprising, or its contract",
    "is silent: [spec-language.md](spec-language.md#decisions-where-the-contract-is-silent) and",
    "[llm-schedules.md](llm-schedules.md) (formulas, the commits read, quirks).",
    "",
    ...sources.map((source) => `- [${source}](#${anchor(source)}): ${catalog.filter((d) => d.source === source).map((d) => `[${printed(d)}](#${anchor(printed(d))})`).join(", ")}`),
    "",
  ];
  for (const source of sources) {
    lines.push(`## ${source}`, "");
    for (const definition of catalog.filter((d) => d.source === source)) {
      lines.push(...section(definition));
      files[`${IMAGES}/${imageName(definition)}`] = chartOf(definition);
    }
  }
  files[PAGE] = `${lines.join("\n").trimEnd()}\n`;
  return files;
}

function main() {
  const check = process.argv.includes("--check");
  const files = catalogFiles();
  const expected = new Set(Object.keys(files));
  const present = existsSync(`${root}/${IMAGES}`) ? readdirSync(`${root}/${IMAGES}`).map((f) => `${IMAGES}/${f}`) : [];
  const extra = present.filter((path) => !expected.has(path));
  const stale = Object.entries(files).filter(([path, text]) => !existsSync(`${root}/${path}`) || readFileSync(`${root}/${path}`, "utf8") !== text).map(([path]) => path);
  if (check) {
    if (stale.length + extra.length === 0) return;
    console.error(`stale (run npm run catalog): ${[...stale, ...extra.map((p) => `${p} (not in the catalog)`)].join(", ")}`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(`${root}/${IMAGES}`, { recursive: true });
  for (const path of extra) rmSync(`${root}/${path}`);
  for (const path of stale) writeFileSync(`${root}/${path}`, files[path]);
  console.log(`${PAGE} and ${expected.size - 1} charts: ${stale.length} written, ${extra.length} removed`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
