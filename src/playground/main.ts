/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The playground page: spec inputs evaluated as you type, one chart of every valid spec (drawn by
 * nerva-lr/plot's SVG renderer, as the CLI draws it), errors with the caret, canonical text, JSON,
 * a table, the catalog, a shareable link and downloads. Everything runs in the page.
 */
import { NervaLrError } from "../core/errors.js";
import { describeConstraint, describeParam } from "../core/params.js";
import type { Schedule } from "../core/schedule.js";
import { parseLayers } from "../language/read.js";
import { catalog } from "../schedules/catalog.js";
import { buildChart, defaultEpochs, type Chart } from "../plot/model.js";
import { PALETTE, plotArea, renderSvg } from "../plot/svg.js";
import { fitSvgText, showScrollCue } from "./fit.js";
import { epochAtX, pointerInSvg, xOfEpoch, type HoverFrame } from "./hover.js";

interface State {
  specs: string[];
  /** Set by the user; undefined: automatic (the schedules' own span, or one epoch per metric). */
  epochs: number | undefined;
  log: boolean;
  metrics: string;
}

const MAX_SPECS = 8;
const MAX_EPOCHS = 100_000;
const TABLE_ROWS = 300;
const FIRST_VISIT: State = { specs: ["StepBased(0.1,0.5,10)", "CosineAnnealingLR(0.1, 50)"], epochs: undefined, log: false, metrics: "" };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const specsBox = $<HTMLDivElement>("specs");
const epochsInput = $<HTMLInputElement>("epochs");
const logInput = $<HTMLInputElement>("log");
const metricsInput = $<HTMLInputElement>("metrics");
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
}

/** What the last render drew, for hover and downloads. */
let drawn: (HoverFrame & { svg: string }) | undefined;
let hoverEpoch: number | undefined;

// ---- state in the URL: #s=SPEC&s=SPEC&epochs=50&log=1&metrics=... ---------------------------------
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
  };
}

function currentState(): State {
  const specs = [...specsBox.querySelectorAll<HTMLInputElement>("input.spec-input")].map((input) => input.value);
  const epochs = Number(epochsInput.value);
  return { specs, epochs: epochsInput.value !== "" && Number.isInteger(epochs) ? epochs : undefined, log: logInput.checked, metrics: metricsInput.value };
}

function writeHash(state: State): void {
  const params = new URLSearchParams();
  for (const spec of state.specs) params.append("s", spec);
  if (state.epochs !== undefined) params.set("epochs", String(state.epochs));
  if (state.log) params.set("log", "1");
  if (state.metrics.trim() !== "") params.set("metrics", state.metrics);
  history.replaceState(null, "", `#${params.toString()}`);
}

// ---- spec inputs ------------------------------------------------------------------------------------
function addSpecInput(value: string, focus = false): void {
  if (specsBox.children.length >= MAX_SPECS) return;
  const index = specsBox.children.length;
  const row = document.createElement("div");
  row.className = "spec";
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.setAttribute("aria-hidden", "true");
  const input = document.createElement("input");
  input.className = "spec-input";
  input.type = "text";
  input.value = value;
  input.spellcheck = false;
  input.autocomplete = "off";
  input.setAttribute("aria-label", `Schedule ${index + 1}`);
  input.placeholder = "e.g. MultiStepLR(0.1;30,60;0.1)";
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "remove";
  remove.textContent = "✕";
  remove.setAttribute("aria-label", `Remove schedule ${index + 1}`);
  const error = document.createElement("div");
  error.className = "error";
  error.id = `spec-error-${index}`;
  error.setAttribute("role", "alert");
  input.setAttribute("aria-describedby", error.id);
  row.append(swatch, input, remove, error);
  specsBox.append(row);
  input.addEventListener("input", update);
  remove.addEventListener("click", () => {
    row.remove();
    if (specsBox.children.length === 0) addSpecInput("");
    update();
  });
  if (focus) input.focus();
}

// ---- rendering --------------------------------------------------------------------------------------
function update(): void {
  const state = currentState();
  writeHash(state);
  render(state);
}

function render(state: State): void {
  const rows = [...specsBox.querySelectorAll<HTMLDivElement>(".spec")];
  const entries: Entry[] = [];
  const forms: { label: string; schedule: Schedule; color: string }[] = [];
  rows.forEach((row) => {
    const input = row.querySelector("input") as HTMLInputElement;
    const swatch = row.querySelector(".swatch") as HTMLSpanElement;
    const text = input.value;
    clearError(row);
    swatch.style.background = "transparent";
    if (text.trim() === "") return;
    try {
      const layers = parseLayers(text);
      swatch.style.background = PALETTE[entries.length % PALETTE.length] as string;
      for (const layer of layers) {
        forms.push({ label: layer.text, schedule: layer.schedule, color: PALETTE[entries.length % PALETTE.length] as string });
        // A fresh copy for the chart: the forms' copy stays unevaluated (TimeBased keeps state).
        entries.push({ label: layer.text, schedule: layer.schedule.fresh(), row });
      }
    } catch (caught) {
      markError(row, caught);
    }
  });
  renderForms(forms);
  const notes: string[] = [];
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

/** The chart is drawn at the width it is shown at, so its text stays 12px on a phone as on a desktop. */
function chartWidth(): number {
  return Math.max(300, Math.min(1100, Math.round(chartBox.clientWidth || 720)));
}

/**
 * The epochs to draw. Automatic: the longest of the schedules' own spans (as the CLI's plot), or,
 * with a metric-driven schedule, one epoch per metric (as the CLI's eval). A metric-driven schedule
 * is never drawn past its last metric: its lr after that is unknown, so the chart stops there and
 * says why.
 */
function chooseSpan(entries: readonly Entry[], chosen: number | undefined, metrics: readonly number[]): { epochs: number; auto: number | undefined; note?: string } {
  const driven = entries.find((e) => e.schedule.behaviour === "metric-driven");
  const auto = entries.length === 0 ? undefined : driven ? metrics.length : Math.max(...entries.map((e) => defaultEpochs(e.schedule)));
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
  (row.querySelector("input") as HTMLInputElement).setAttribute("aria-invalid", "true");
  const box = row.querySelector(".error") as HTMLDivElement;
  // One row may hold several layers: keep the first message.
  if (box.textContent === "") showError(box, caught);
}

function clearError(row: HTMLDivElement): void {
  (row.querySelector("input") as HTMLInputElement).removeAttribute("aria-invalid");
  (row.querySelector(".error") as HTMLDivElement).textContent = "";
}

/** The problem wraps like prose; the text-and-caret lines stay one monospace block, so the caret stays under its place. */
function showError(box: HTMLElement, caught: unknown): void {
  const message = caught instanceof NervaLrError || caught instanceof CannotDraw ? caught.message : `Internal error (a bug in nerva-lr): ${String(caught)}`;
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

function readMetrics(text: string): number[] | undefined {
  if (text.trim() === "") return [];
  const values = text.split(",").map((part) => (part.trim() === "" ? NaN : Number(part)));
  return values.every(Number.isFinite) ? values : undefined;
}

function renderForms(forms: readonly { label: string; schedule: Schedule; color: string }[]): void {
  const box = $<HTMLDivElement>("forms");
  box.replaceChildren(
    ...forms.map(({ label, schedule, color }) => {
      const item = document.createElement("div");
      item.className = "form";
      const heading = document.createElement("h3");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = color;
      heading.append(swatch, document.createTextNode(label));
      const canonical = document.createElement("pre");
      canonical.className = "code canonical";
      canonical.textContent = String(schedule);
      const json = document.createElement("pre");
      json.className = "code json";
      json.textContent = JSON.stringify(schedule);
      item.append(heading, canonical, json);
      return item;
    }),
  );
  if (forms.length === 0) box.textContent = "Type a schedule above.";
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
  try {
    await navigator.clipboard.writeText(location.href);
    statusLine.textContent = "Link copied: it opens this page with these schedules.";
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
        const inputs = [...specsBox.querySelectorAll<HTMLInputElement>("input.spec-input")];
        const empty = inputs.find((input) => input.value.trim() === "");
        if (empty) empty.value = definition.example;
        else if (inputs.length < MAX_SPECS) addSpecInput(definition.example);
        else (inputs[inputs.length - 1] as HTMLInputElement).value = definition.example;
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
const initial = readHash() ?? FIRST_VISIT;
for (const spec of initial.specs) addSpecInput(spec);
epochsInput.value = initial.epochs === undefined ? "" : String(initial.epochs);
logInput.checked = initial.log;
metricsInput.value = initial.metrics;
for (const input of [epochsInput, metricsInput]) input.addEventListener("input", update);
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
    if (drawnWidth !== chartWidth()) render(currentState());
  }, 150);
  showScrollCue(tableBox, tableCue);
});
window.addEventListener("hashchange", () => {
  const state = readHash();
  if (!state) return;
  specsBox.replaceChildren();
  for (const spec of state.specs) addSpecInput(spec);
  epochsInput.value = state.epochs === undefined ? "" : String(state.epochs);
  logInput.checked = state.log;
  metricsInput.value = state.metrics;
  render(state);
});
renderCatalog("");
render(initial);
writeHash(initial);
