/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The playground page: spec inputs evaluated as you type (a spec, pasted code or a config), one
 * chart of every valid spec (drawn by nerva-lr/plot's SVG renderer, as the CLI draws it), errors
 * with the caret, canonical text, JSON, "Copy as" code for other frameworks, a table, the catalog,
 * a shareable link and downloads. Everything runs in the page.
 */
import { NervaLrError } from "../core/errors.js";
import { describeConstraint, describeParam } from "../core/params.js";
import type { Schedule } from "../core/schedule.js";
import { catalog } from "../schedules/catalog.js";
import { buildChart, defaultEpochs, type Chart } from "../plot/model.js";
import { PALETTE, plotArea, renderSvg } from "../plot/svg.js";
import { fitSvgText, showScrollCue } from "./fit.js";
import { epochAtX, pointerInSvg, xOfEpoch, type HoverFrame } from "./hover.js";
import { EXPORT_TARGETS, exportAs, readInput, type ExportTarget, type ReadResult } from "./interop.js";

interface State {
  specs: string[];
  /** Set by the user; undefined: automatic (the schedules' own span, or one epoch per metric). */
  epochs: number | undefined;
  log: boolean;
  metrics: string;
  /** The optimizer's lr and the steps per epoch, as typed (for pasted code and configs). */
  lr: string;
  stepsPerEpoch: string;
}

const MAX_SPECS = 8;
const MAX_EPOCHS = 100_000;
const TABLE_ROWS = 300;
/**
 * The longest address part a link gets (characters after "#"). Links much longer than this are cut
 * by mail and chat programs; a spec that does not fit is left out of the link, with a note.
 */
const MAX_LINK = 8000;
/** Lines a schedule input grows to before it scrolls. */
const MAX_INPUT_LINES = 16;
const FIRST_VISIT: State = { specs: ["StepBased(0.1,0.5,10)", "CosineAnnealingLR(0.1, 50)"], epochs: undefined, log: false, metrics: "", lr: "", stepsPerEpoch: "" };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const specsBox = $<HTMLDivElement>("specs");
const epochsInput = $<HTMLInputElement>("epochs");
const logInput = $<HTMLInputElement>("log");
const metricsInput = $<HTMLInputElement>("metrics");
const lrInput = $<HTMLInputElement>("lr");
const stepsInput = $<HTMLInputElement>("steps-per-epoch");
const chartBox = $<HTMLDivElement>("chart");
const hoverLine = $<HTMLParagraphElement>("hover");
const statusLine = $<HTMLParagraphElement>("status");
const spanNote = $<HTMLParagraphElement>("span-note");
const tableBox = $<HTMLDivElement>("table");
const tableCue = $<HTMLParagraphElement>("table-cue");

/** A valid schedule whose values the chart cannot show (they overflow). */
class CannotDraw extends Error {}

/** One schedule (one layer of a spec) to draw, and the input row it came from. */
interface Entry {
  readonly label: string;
  readonly schedule: Schedule;
  readonly row: HTMLDivElement;
  /** The span its config states, if it came from one (else its own span, defaultEpochs). */
  readonly epochs: number | undefined;
}

/** What the last render drew, for hover and downloads. */
let drawn: (HoverFrame & { svg: string }) | undefined;
let hoverEpoch: number | undefined;

// ---- state in the URL: #s=SPEC&s=SPEC&epochs=50&log=1&metrics=...&lr=...&steps-per-epoch=... ------
function readHash(): State | undefined {
  if (location.hash.length < 2) return undefined;
  const params = new URLSearchParams(location.hash.slice(1));
  const specs = params.getAll("s").slice(0, MAX_SPECS);
  const epochs = Number(params.get("epochs"));
  return {
    specs: specs.length > 0 ? specs : [""],
    epochs: Number.isInteger(epochs) && epochs >= 1 && epochs <= MAX_EPOCHS ? epochs : undefined,
    log: params.get("log") === "1",
    metrics: params.get("metrics") ?? "",
    lr: params.get("lr") ?? "",
    stepsPerEpoch: params.get("steps-per-epoch") ?? "",
  };
}

function currentState(): State {
  const specs = specInputs().map((input) => input.value);
  const epochs = Number(epochsInput.value);
  return {
    specs,
    epochs: epochsInput.value !== "" && Number.isInteger(epochs) ? epochs : undefined,
    log: logInput.checked,
    metrics: metricsInput.value,
    lr: lrInput.value,
    stepsPerEpoch: stepsInput.value,
  };
}

/**
 * Puts the state in the address. A spec whose text would take the link past MAX_LINK characters is
 * left out of it (and its input says so); the others keep their order. Gives the left-out indexes.
 */
function writeHash(state: State): number[] {
  const params = new URLSearchParams();
  if (state.epochs !== undefined) params.set("epochs", String(state.epochs));
  if (state.log) params.set("log", "1");
  if (state.metrics.trim() !== "") params.set("metrics", state.metrics);
  if (state.lr.trim() !== "") params.set("lr", state.lr);
  if (state.stepsPerEpoch.trim() !== "") params.set("steps-per-epoch", state.stepsPerEpoch);
  const rest = params.toString();
  const specs = new URLSearchParams();
  const leftOut: number[] = [];
  state.specs.forEach((spec, index) => {
    const one = new URLSearchParams([["s", spec]]).toString();
    const length = specs.toString().length + rest.length + one.length + 1;
    if (length > MAX_LINK) leftOut.push(index);
    else specs.append("s", spec);
  });
  history.replaceState(null, "", `#${[specs.toString(), rest].filter(Boolean).join("&")}`);
  return leftOut;
}

/** Under each input whose spec is not in the link: why. */
function showLinkNotes(leftOut: readonly number[]): void {
  specRows().forEach((row, index) => {
    const note = row.querySelector(".link-note") as HTMLParagraphElement;
    note.textContent = leftOut.includes(index) ? `Too long for a link (a link holds ${MAX_LINK.toLocaleString("en")} characters): Copy link leaves this schedule out.` : "";
  });
}

// ---- spec inputs ------------------------------------------------------------------------------------
const specRows = () => [...specsBox.querySelectorAll<HTMLDivElement>(".spec")];
const specInputs = () => [...specsBox.querySelectorAll<HTMLTextAreaElement>("textarea.spec-input")];

/**
 * A schedule input is a textarea, so pasted code and configs keep their lines. It is one line high
 * until its text has line breaks, then grows with them (up to MAX_INPUT_LINES, then it scrolls).
 */
function addSpecInput(value: string, focus = false): void {
  if (specsBox.children.length >= MAX_SPECS) return;
  const index = specsBox.children.length;
  const row = document.createElement("div");
  row.className = "spec";
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.setAttribute("aria-hidden", "true");
  const input = document.createElement("textarea");
  input.className = "spec-input";
  input.rows = 1;
  // Lines stay as written (Python's indentation, a config's layout); long ones scroll sideways.
  input.wrap = "off";
  input.spellcheck = false;
  input.autocomplete = "off";
  input.setAttribute("autocapitalize", "off");
  input.setAttribute("aria-label", `Schedule ${index + 1}`);
  input.placeholder = "e.g. MultiStepLR(0.1;30,60;0.1), or paste code or a config";
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "remove";
  remove.textContent = "✕";
  remove.setAttribute("aria-label", `Remove schedule ${index + 1}`);
  const error = document.createElement("div");
  error.className = "error";
  error.id = `spec-error-${index}`;
  error.setAttribute("role", "alert");
  const readAs = document.createElement("p");
  readAs.className = "read-as";
  const linkNote = document.createElement("p");
  linkNote.className = "link-note";
  input.setAttribute("aria-describedby", `${error.id} ${(readAs.id = `spec-read-as-${index}`)}`);
  row.append(swatch, input, remove, error, readAs, linkNote);
  specsBox.append(row);
  setSpecText(input, value);
  input.addEventListener("input", () => {
    fitHeight(input);
    update();
  });
  // Enter in a one-line input does nothing, as in the text field this was (a spec is one line);
  // Shift+Enter starts a second line, and pasted text keeps its own.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !input.value.includes("\n")) event.preventDefault();
  });
  remove.addEventListener("click", () => {
    row.remove();
    if (specsBox.children.length === 0) addSpecInput("");
    update();
  });
  if (focus) input.focus();
}

function setSpecText(input: HTMLTextAreaElement, text: string): void {
  input.value = text;
  fitHeight(input);
}

/** As high as its lines, plus the sideways scrollbar when a line is too long (it would hide a line). */
function fitHeight(input: HTMLTextAreaElement): void {
  const lines = Math.min(MAX_INPUT_LINES, input.value.split("\n").length);
  input.rows = lines;
  input.style.height = "";
  const hidden = input.scrollHeight - input.clientHeight;
  if (lines < MAX_INPUT_LINES && hidden > 0) input.style.height = `${input.offsetHeight + hidden}px`;
}

// ---- rendering --------------------------------------------------------------------------------------
function update(): void {
  const state = currentState();
  showLinkNotes(writeHash(state));
  void render(state);
}

/** Renders are asynchronous (a config's reader loads on demand): only the latest one draws. */
let renderCount = 0;

async function render(state: State): Promise<void> {
  const mine = ++renderCount;
  const notes: string[] = [];
  const reading = readOptions(state, notes);
  const rows = specRows();
  const reads = await Promise.all(
    rows.map(async (row): Promise<{ read?: ReadResult; error?: unknown } | undefined> => {
      const text = (row.querySelector("textarea") as HTMLTextAreaElement).value;
      if (text.trim() === "") return undefined;
      try {
        return { read: await readWithLr(text, reading) };
      } catch (error) {
        return { error };
      }
    }),
  );
  if (mine !== renderCount) return; // a newer render is under way
  const entries: Entry[] = [];
  const forms: { label: string; schedule: Schedule; color: string }[] = [];
  rows.forEach((row, index) => {
    const swatch = row.querySelector(".swatch") as HTMLSpanElement;
    const readAs = row.querySelector(".read-as") as HTMLParagraphElement;
    clearError(row);
    swatch.style.background = "transparent";
    readAs.textContent = "";
    const outcome = reads[index];
    if (outcome === undefined) return;
    if (outcome.read === undefined) return markError(row, outcome.error);
    const { schedules, from, epochs } = outcome.read;
    if (from !== undefined) readAs.textContent = `Read as: ${from}`;
    swatch.style.background = PALETTE[entries.length % PALETTE.length] as string;
    for (const { label, schedule } of schedules) {
      forms.push({ label, schedule, color: PALETTE[entries.length % PALETTE.length] as string });
      // A fresh copy for the chart: the forms' copy stays unevaluated (TimeBased keeps state).
      entries.push({ label, schedule: schedule.fresh(), row, epochs });
    }
  });
  renderForms(forms);
  const metrics = readMetrics(state.metrics);
  if (metrics === undefined) notes.push("Metrics must be numbers separated by commas.");
  const given = metrics ?? [];
  const drivable = entries.filter((e) => e.schedule.behaviour !== "metric-driven" || given.length > 0);
  if (drivable.length < entries.length) notes.push("A metric-driven schedule (ReduceLROnPlateau) needs metrics, one per epoch: type them under Schedules.");
  statusLine.textContent = notes.join(" ");
  const span = chooseSpan(drivable, state.epochs, given);
  epochsInput.placeholder = span.auto === undefined ? "auto" : `auto: ${span.auto}`;
  epochsInput.title = span.auto === undefined ? "Epochs to draw; empty: the schedules' own span" : `Epochs to draw; empty: ${span.auto}, the schedules' own span`;
  spanNote.textContent = span.note ?? "";
  spanNote.hidden = span.note === undefined;
  // Each schedule is evaluated alone first, so a value that overflows (or a schedule that throws)
  // is reported under its own input and the others are still drawn.
  const drawable = drivable.filter((entry) => {
    const problem = firstProblem(entry.schedule.fresh(), span.epochs, given);
    if (problem !== undefined) markError(entry.row, problem);
    return problem === undefined;
  });
  if (drawable.length === 0) {
    drawn = undefined;
    chartBox.innerHTML = '<p class="status">No valid schedule to draw yet.</p>';
    renderTable(undefined);
    showHover();
    return;
  }
  try {
    const chart = buildChart(drawable, { epochs: span.epochs, log: state.log, ...(given.length > 0 ? { metrics: given } : {}) });
    // Never hand the renderer an axis it cannot draw (an infinite axis would never finish).
    for (const scale of [chart.y, ...(chart.momentum ? [chart.momentum.y] : [])]) {
      if (!scale.domain.every(Number.isFinite) || scale.ticks.length === 0) throw new CannotDraw("Cannot draw: the values are too large for the axis; draw fewer epochs or change the parameters");
    }
    const width = chartWidth();
    const options = { title: "Learning rate", width, height: width < 560 ? 320 : 400 };
    const svg = renderSvg(chart, options);
    drawn = { chart, svg, area: plotArea(chart, options) };
    chartBox.innerHTML = svg;
    const shown = chartBox.querySelector("svg");
    if (shown) fitSvgText(shown);
    showHover();
    renderTable(chart);
  } catch (caught) {
    drawn = undefined;
    chartBox.innerHTML = "";
    renderTable(undefined);
    // Whose values could not be drawn is not known here: say it under every drawn schedule's input.
    for (const entry of drawable) markError(entry.row, caught);
  }
}

/**
 * Reads an input, giving it the Optimizer lr only where it has no lr of its own: the field is
 * for every input on the page, and code that sets its own lr (OneCycleLR's max_lr) keeps it.
 */
async function readWithLr(text: string, options: { lr?: number; stepsPerEpoch?: number }): Promise<ReadResult> {
  const { lr, ...withoutLr } = options;
  try {
    return await readInput(text, withoutLr);
  } catch (error) {
    if (lr === undefined || !needsOptimizerLr(error)) throw error;
    return readInput(text, options);
  }
}

/** The optimizer's lr and the steps per epoch for readInput, when given and valid (else a note says why). */
function readOptions(state: State, notes: string[]): { lr?: number; stepsPerEpoch?: number } {
  const options: { lr?: number; stepsPerEpoch?: number } = {};
  const lr = state.lr.trim() === "" ? undefined : Number(state.lr);
  if (lr !== undefined && Number.isFinite(lr) && lr > 0) options.lr = lr;
  else if (lr !== undefined) notes.push("Optimizer lr must be a number greater than 0, such as 0.001 or 3e-4.");
  const steps = state.stepsPerEpoch.trim() === "" ? undefined : Number(state.stepsPerEpoch);
  if (steps !== undefined && Number.isSafeInteger(steps) && steps >= 1) options.stepsPerEpoch = steps;
  else if (steps !== undefined) notes.push("Steps per epoch must be a whole number, 1 or more.");
  return options;
}

/** The chart is drawn at the width it is shown at, so its text stays 12px on a phone as on a desktop. */
function chartWidth(): number {
  return Math.max(300, Math.min(1100, Math.round(chartBox.clientWidth || 720)));
}

/**
 * The epochs to draw. Automatic: the longest of the schedules' own spans (as the CLI's plot; for a
 * config, the training length it states), or,
 * with a metric-driven schedule, one epoch per metric (as the CLI's eval). A metric-driven schedule
 * is never drawn past its last metric: its lr after that is unknown, so the chart stops there and
 * says why.
 */
function chooseSpan(entries: readonly Entry[], chosen: number | undefined, metrics: readonly number[]): { epochs: number; auto: number | undefined; note?: string } {
  const driven = entries.find((e) => e.schedule.behaviour === "metric-driven");
  const auto = entries.length === 0 ? undefined : driven ? metrics.length : Math.max(...entries.map((e) => e.epochs ?? defaultEpochs(e.schedule)));
  const epochs = Math.min(MAX_EPOCHS, chosen ?? auto ?? 1);
  if (driven && epochs > metrics.length) {
    return {
      epochs: metrics.length,
      auto,
      note: `Drawn over ${metrics.length} epochs, not ${epochs}: ${driven.schedule.type} sets each epoch's lr from the metrics before it, and there are ${metrics.length}, so its lr after epoch ${metrics.length - 1} is unknown. Give more metrics to see further.`,
    };
  }
  return { epochs, auto };
}

/**
 * Evaluates a schedule over the span as the chart will (metrics fed after each epoch) and gives the
 * first problem: a thrown error, or an lr that is not a finite number (it overflowed).
 */
function firstProblem(schedule: Schedule, epochs: number, metrics: readonly number[]): unknown {
  try {
    const driven = schedule.behaviour === "metric-driven";
    for (let epoch = 0; epoch < epochs; epoch++) {
      const lr = schedule.at(epoch);
      if (!Number.isFinite(lr)) {
        const fine = epoch === 0 ? "" : ` (it is up to epoch ${epoch - 1})`;
        return new CannotDraw(`Cannot draw: the lr at epoch ${epoch} is too large to be a number${fine}; draw fewer epochs or change the parameters`);
      }
      const metric = metrics[epoch];
      if (driven && metric !== undefined) schedule.step(metric);
    }
    return undefined;
  } catch (caught) {
    return caught;
  }
}

function markError(row: HTMLDivElement, caught: unknown): void {
  (row.querySelector("textarea") as HTMLTextAreaElement).setAttribute("aria-invalid", "true");
  const box = row.querySelector(".error") as HTMLDivElement;
  // One row may hold several layers: keep the first message.
  if (box.textContent !== "") return;
  showError(box, caught);
  if (needsOptimizerLr(caught)) box.append(optimizerLrHint());
}

function clearError(row: HTMLDivElement): void {
  (row.querySelector("textarea") as HTMLTextAreaElement).removeAttribute("aria-invalid");
  (row.querySelector(".error") as HTMLDivElement).textContent = "";
}

/** The problem wraps like prose; the text-and-caret lines stay one monospace block, so the caret stays under its place. */
function showError(box: HTMLElement, caught: unknown): void {
  const message = caught instanceof NervaLrError || caught instanceof CannotDraw ? forThePage(caught.message) : `Internal error (a bug in nerva-lr): ${String(caught)}`;
  const [first, ...excerpt] = message.split("\n");
  const problem = document.createElement("span");
  problem.className = "problem";
  problem.textContent = first ?? "";
  box.replaceChildren(problem);
  if (excerpt.length > 0) {
    const caret = document.createElement("pre");
    caret.className = "caret";
    caret.textContent = excerpt.join("\n");
    box.append(caret);
  }
}

/** The library's messages name the CLI's and the library's ways to give the optimizer's lr; here it is a field. */
function forThePage(message: string): string {
  return message.replace(/the lr option \(CLI: --lr\)/g, 'the field "Optimizer lr" (under the schedules)');
}

/** Pasted code that takes its lr from the optimizer, and no lr given: the page's field supplies it. */
function needsOptimizerLr(caught: unknown): boolean {
  return caught instanceof NervaLrError && caught.code === "missing-parameter" && /\bparameter lr\b/.test(caught.problem);
}

function optimizerLrHint(): HTMLElement {
  const hint = document.createElement("p");
  hint.className = "hint";
  const go = document.createElement("button");
  go.type = "button";
  go.className = "link";
  go.textContent = "Optimizer lr";
  go.addEventListener("click", () => lrInput.focus());
  hint.append("This code takes its lr from the optimizer: give that lr in ", go, ", under the schedules.");
  return hint;
}

function readMetrics(text: string): number[] | undefined {
  if (text.trim() === "") return [];
  const values = text.split(",").map((part) => (part.trim() === "" ? NaN : Number(part)));
  return values.every(Number.isFinite) ? values : undefined;
}

/** "Copy as" choices by schedule (its place among the forms), kept while the page redraws. */
const copyTargets: ExportTarget[] = [];
const codeShown: boolean[] = [];

function renderForms(forms: readonly { label: string; schedule: Schedule; color: string }[]): void {
  const box = $<HTMLDivElement>("forms");
  box.replaceChildren(
    ...forms.map(({ label, schedule, color }, index) => {
      const item = document.createElement("div");
      item.className = "form";
      const heading = document.createElement("h3");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = color;
      const name = document.createElement("span");
      name.className = "label";
      name.textContent = label;
      heading.append(swatch, name);
      const canonical = document.createElement("pre");
      canonical.className = "code canonical";
      canonical.textContent = String(schedule);
      const json = document.createElement("pre");
      json.className = "code json";
      json.textContent = JSON.stringify(schedule);
      item.append(heading, canonical, json, copyAs(schedule, index));
      return item;
    }),
  );
  if (forms.length === 0) box.textContent = "Type a schedule above.";
}

/**
 * "Copy as": a framework, a Copy button that puts the schedule's code for it on the clipboard, the
 * reason when that framework cannot express the schedule, and the code itself to read (on a phone,
 * copying is not always at hand).
 */
function copyAs(schedule: Schedule, index: number): HTMLElement {
  const box = document.createElement("div");
  box.className = "copy-as";
  const controls = document.createElement("div");
  controls.className = "copy-row";
  const select = document.createElement("select");
  select.id = `copy-target-${index}`;
  for (const { target, label } of EXPORT_TARGETS) select.add(new Option(label, target));
  select.value = copyTargets[index] ?? "pytorch";
  const label = document.createElement("label");
  label.htmlFor = select.id;
  label.textContent = "Copy as";
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "copy";
  copy.textContent = "Copy";
  const message = document.createElement("span");
  message.className = "copy-message";
  message.setAttribute("role", "status");
  // Label, select and button keep one line (the select gives up width); the message wraps under them.
  const group = document.createElement("span");
  group.className = "copy-controls";
  group.append(label, select, copy);
  controls.append(group, message);
  const shown = document.createElement("details");
  shown.className = "export-code";
  shown.open = codeShown[index] ?? false;
  const summary = document.createElement("summary");
  const code = document.createElement("pre");
  code.className = "code export";
  shown.append(summary, code);
  shown.addEventListener("toggle", () => (codeShown[index] = shown.open));
  box.append(controls, shown);

  const targetLabel = () => EXPORT_TARGETS.find((t) => t.target === select.value)?.label ?? select.value;
  let text: string | undefined;
  const show = async () => {
    const target = select.value as ExportTarget;
    let problem = "";
    text = undefined;
    copy.disabled = true;
    try {
      // Awaited, so that exportAs may load the exporters on demand (a promise) as well as not.
      const written = await (async () => exportAs(schedule, target))();
      if (select.value !== target) return; // another target was chosen meanwhile
      text = written;
    } catch (caught) {
      if (select.value !== target) return;
      problem = caught instanceof NervaLrError ? (caught.message.split("\n")[0] as string) : `Internal error (a bug in nerva-lr): ${String(caught)}`;
    }
    message.className = problem === "" ? "copy-message" : "copy-message export-error";
    message.textContent = problem;
    copy.disabled = text === undefined;
    shown.hidden = text === undefined;
    summary.textContent = `Show the ${targetLabel()} code`;
    code.textContent = text ?? "";
  };
  select.addEventListener("change", () => {
    copyTargets[index] = select.value as ExportTarget;
    void show();
  });
  copy.addEventListener("click", async () => {
    if (text === undefined) return;
    const lines = text.replace(/\n$/, "").split("\n").length;
    try {
      await navigator.clipboard.writeText(text);
      message.textContent = `Copied: the ${targetLabel()} code (${lines} line${lines === 1 ? "" : "s"}).`;
    } catch {
      shown.open = true;
      message.textContent = "The browser did not allow copying: the code is below, select it to copy.";
    }
  });
  void show();
  return box;
}

function renderTable(chart: Chart | undefined): void {
  if (!chart) {
    tableBox.textContent = "";
    tableCue.hidden = true;
    return;
  }
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of ["epoch", ...chart.series.map((s) => s.label)]) {
    const th = document.createElement("th");
    th.scope = "col";
    // A long spec wraps (three lines at most, then "…"); the whole of it is the tooltip.
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = name;
    th.title = name;
    th.append(label);
    head.append(th);
  }
  const body = table.createTBody();
  const rows = Math.min(chart.epochs, TABLE_ROWS);
  for (let epoch = 0; epoch < rows; epoch++) {
    const row = body.insertRow();
    row.insertCell().textContent = String(epoch);
    for (const s of chart.series) row.insertCell().textContent = round(s.values[epoch] as number);
  }
  tableBox.replaceChildren(table);
  if (chart.epochs > rows) {
    const note = document.createElement("p");
    note.className = "status";
    note.textContent = `The first ${rows} of ${chart.epochs} epochs; Download CSV has them all, exactly.`;
    tableBox.append(note);
  }
  tableCue.textContent = `${chart.series.length + 1} columns: scroll sideways for the rest →`;
  showScrollCue(tableBox, tableCue);
}

/** Six significant digits, as the CLI's table shows them. */
function round(x: number): string {
  return String(Number(x.toPrecision(6)));
}

// ---- hover: the epoch under the pointer, and every series' lr there ---------------------------------
function epochAt(clientX: number, clientY: number): number | undefined {
  const svg = chartBox.querySelector("svg");
  const pointer = svg ? pointerInSvg(svg, clientX, clientY) : undefined;
  return drawn && pointer ? epochAtX(drawn, pointer.x, pointer.pixel) : undefined;
}

const HOVER_HINT = "Hover over the chart (or focus it and use the arrow keys) to read the lr of an epoch.";

function showHover(): void {
  const svg = chartBox.querySelector("svg");
  svg?.querySelector("#guide")?.remove();
  if (!drawn || hoverEpoch === undefined || hoverEpoch >= drawn.chart.epochs) {
    hoverLine.textContent = drawn ? HOVER_HINT : "";
    return;
  }
  const { chart, area } = drawn;
  const epoch = hoverEpoch;
  hoverLine.textContent = `epoch ${epoch}: ${chart.series.map((s) => `${s.label} = ${round(s.values[epoch] as number)}`).join(";  ")}`;
  if (svg) {
    const x = xOfEpoch(drawn, epoch);
    const line = document.createElementNS("http://www.w3.org/2000/svg", "line");
    line.id = "guide";
    for (const [name, value] of [["x1", x], ["x2", x], ["y1", area.top], ["y2", area.top + area.height]] as const) line.setAttribute(name, String(value));
    line.setAttribute("stroke", "#6b7280");
    line.setAttribute("stroke-dasharray", "4 3");
    line.setAttribute("pointer-events", "none");
    svg.append(line);
  }
}

// Pointer events carry the pointer's exact (fractional) position, and serve mouse, pen and touch.
for (const type of ["pointermove", "pointerdown"] as const) {
  chartBox.addEventListener(type, (event) => {
    hoverEpoch = epochAt(event.clientX, event.clientY);
    showHover();
  });
}
chartBox.addEventListener("pointerleave", () => {
  hoverEpoch = undefined;
  showHover();
});
chartBox.addEventListener("keydown", (event) => {
  if (!drawn) return;
  const last = drawn.chart.epochs - 1;
  const step = event.shiftKey ? Math.max(1, Math.round(drawn.chart.epochs / 20)) : 1;
  if (event.key === "ArrowRight") hoverEpoch = Math.min(last, (hoverEpoch ?? -1) + step);
  else if (event.key === "ArrowLeft") hoverEpoch = Math.max(0, (hoverEpoch ?? 1) - step);
  else if (event.key === "Home") hoverEpoch = 0;
  else if (event.key === "End") hoverEpoch = last;
  else return;
  event.preventDefault();
  showHover();
});

// ---- share and download ------------------------------------------------------------------------------
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

$("download-svg").addEventListener("click", () => {
  if (drawn) download("learning-rate.svg", "image/svg+xml", drawn.svg);
});
$("download-csv").addEventListener("click", () => {
  if (!drawn) return;
  const { chart } = drawn;
  const lines = [["epoch", ...chart.series.map((s) => s.label)].map(csvField).join(",")];
  for (let epoch = 0; epoch < chart.epochs; epoch++) lines.push([epoch, ...chart.series.map((s) => s.values[epoch] as number)].map(String).join(","));
  download("learning-rate.csv", "text/csv", `${lines.join("\n")}\n`);
});
$("share").addEventListener("click", async () => {
  const leftOut = writeHash(currentState());
  const without = leftOut.length === 0 ? "" : ` It leaves out schedule ${leftOut.map((i) => i + 1).join(" and ")}: too long for a link.`;
  try {
    await navigator.clipboard.writeText(location.href);
    statusLine.textContent = `Link copied: it opens this page with these schedules.${without}`;
  } catch {
    statusLine.textContent = `Link to this page: ${location.href}`;
  }
});

// ---- the catalog ------------------------------------------------------------------------------------
function renderCatalog(filter: string): void {
  const box = $<HTMLDivElement>("catalog");
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = catalog.filter((d) => {
    const text = `${d.type} ${(d.aliases ?? []).join(" ")} ${d.source} ${d.summary} ${d.formula}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  const sections: HTMLElement[] = [];
  for (const source of [...new Set(matches.map((d) => d.source))]) {
    // One fold per library, open while filtering, so the page stays short.
    const section = document.createElement("details");
    section.className = "source";
    section.open = words.length > 0;
    const heading = document.createElement("summary");
    const count = matches.filter((d) => d.source === source).length;
    heading.textContent = `${source} (${count})`;
    section.append(heading);
    for (const definition of matches.filter((d) => d.source === source)) {
      const entry = document.createElement("div");
      entry.className = "entry";
      const name = document.createElement("div");
      name.className = "name";
      name.textContent = `${definition.type}(${definition.params.map(describeParam).join(", ")})`;
      const summary = document.createElement("p");
      summary.className = "summary";
      summary.textContent = definition.summary;
      const formula = document.createElement("p");
      formula.className = "formula";
      formula.textContent = definition.formula;
      const details = document.createElement("details");
      const more = document.createElement("summary");
      more.textContent = "Parameters";
      const table = document.createElement("table");
      for (const spec of definition.params) {
        const row = table.insertRow();
        row.insertCell().textContent = describeParam(spec);
        row.insertCell().textContent = describeConstraint(spec);
        row.insertCell().textContent = spec.doc;
      }
      details.append(more, table);
      const tryIt = document.createElement("button");
      tryIt.type = "button";
      tryIt.className = "try primary";
      tryIt.textContent = "Try";
      tryIt.setAttribute("aria-label", `Try ${definition.type}: ${definition.example}`);
      tryIt.addEventListener("click", () => {
        const inputs = specInputs();
        const empty = inputs.find((input) => input.value.trim() === "");
        if (empty) setSpecText(empty, definition.example);
        else if (inputs.length < MAX_SPECS) addSpecInput(definition.example);
        else setSpecText(inputs[inputs.length - 1] as HTMLTextAreaElement, definition.example);
        update();
        specsBox.scrollIntoView({ behavior: "smooth", block: "start" });
      });
      entry.append(name, tryIt, summary, formula, details);
      section.append(entry);
    }
    sections.push(section);
  }
  box.replaceChildren(...sections);
  if (sections.length === 0) box.textContent = "No schedule matches.";
}

// ---- start ------------------------------------------------------------------------------------------
function showState(state: State): void {
  specsBox.replaceChildren();
  for (const spec of state.specs) addSpecInput(spec);
  epochsInput.value = state.epochs === undefined ? "" : String(state.epochs);
  logInput.checked = state.log;
  metricsInput.value = state.metrics;
  lrInput.value = state.lr;
  stepsInput.value = state.stepsPerEpoch;
}

const initial = readHash() ?? FIRST_VISIT;
showState(initial);
for (const input of [epochsInput, metricsInput, lrInput, stepsInput]) input.addEventListener("input", update);
logInput.addEventListener("change", update);
$("add-spec").addEventListener("click", () => {
  addSpecInput("", true);
  update();
});
$<HTMLInputElement>("catalog-filter").addEventListener("input", (event) => renderCatalog((event.target as HTMLInputElement).value));
let resizing: ReturnType<typeof setTimeout> | undefined;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  // Redrawn only when the chart's width changed (a phone's toolbar showing or hiding changes only
  // the height, and a redraw would drop the hover cursor).
  resizing = setTimeout(() => {
    const drawnWidth = Number(chartBox.querySelector("svg")?.getAttribute("width"));
    if (drawnWidth !== chartWidth()) void render(currentState());
    // A line that fits now, or no longer does, takes or gives back a sideways scrollbar.
    for (const input of specInputs()) fitHeight(input);
  }, 150);
  showScrollCue(tableBox, tableCue);
});
window.addEventListener("hashchange", () => {
  const state = readHash();
  if (!state) return;
  showState(state);
  void render(state);
});
renderCatalog("");
void render(initial);
showLinkNotes(writeHash(initial));
