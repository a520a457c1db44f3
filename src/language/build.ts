/**
 * Syntax tree to schedules. Names are looked up in the catalog, arguments are matched to parameters
 * (positional first, then named), a child of a combinator that leaves out `lr` inherits it, and
 * every problem is reported at the node it concerns.
 */
import { clip, NervaLrError, type ErrorCode, type ErrorLocation } from "../core/errors.js";
import { parseExpression } from "../core/expression.js";
import { formatWord, type ParamProblem, type ParamSpec, type ParamValue } from "../core/params.js";
import { emptyValues, resolveValues } from "../core/resolve.js";
import { scheduleFromResolved, type Schedule, type ScheduleDefinition } from "../core/schedule.js";
import { allNames, LIBRARIES, resolveName } from "../schedules/catalog.js";
import type { ArgNode, CallNode, ValueNode } from "./ast.js";
import { didYouMean } from "../core/suggest.js";
import { MODULE_PATHS, peerCallOf, qualifiedName } from "./modules.js";
import { toOwnForm } from "./peer-arguments.js";
import { peerCall, peerCallNames } from "./peer-calls/index.js";

/** Turns a node's `start` into a place in the user's input (an offset in text, a path in JSON). */
export type Locate = (start: number) => ErrorLocation;

export interface BuildOptions {
  /**
   * The optimizer's lr, for pasted code that takes the lr from the optimizer: it fills `lr`
   * wherever the text leaves it out (children inherit it). Where the text sets the lr itself,
   * giving it is a `conflicting-lr` error.
   */
  readonly lr?: number;
  /**
   * The lr was read off an optimizer in the same pasted text (`torch.optim.SGD(..., lr=0.1)`), not
   * given by the user: a schedule that sets its own lr then simply does not use it.
   */
  readonly lrFromText?: boolean;
}

/** `textual`: the nodes' starts are offsets into spec text (not indexes of JSON paths). */
export function buildSchedule(call: CallNode, locate: Locate, textual = true, options: BuildOptions = {}): Schedule {
  return buildRecognised(call, locate, textual, options).schedule;
}

/** The schedule, and in plain words what the call was recognised as (`PyTorch code, torch.optim.lr_scheduler.StepLR`). */
export function buildRecognised(call: CallNode, locate: Locate, textual: boolean, options: BuildOptions): { schedule: Schedule; from: string; lrUsed: boolean } {
  const builder = new Builder(locate, textual, options.lr);
  const schedule = builder.schedule(call, options.lr, options.lr !== undefined);
  if (options.lrFromText !== true) builder.checkLrOption();
  return { schedule, from: builder.from ?? "spec", lrUsed: builder.lrUsed };
}

interface Assignment {
  /** By parameter position: the argument given for it, if any. */
  readonly args: readonly (ArgNode | undefined)[];
}

/** Where the text sets the lr itself: the parameter that does, and its place. */
interface OwnLr {
  readonly what: string;
  readonly start: number;
}

class Builder {
  /** What the outermost call was recognised as (set by the first call built). */
  from: string | undefined;
  /** The lr option filled an lr somewhere. */
  lrUsed = false;
  /** The first place (outermost first) where the text sets the lr itself. */
  private ownLr: OwnLr | undefined;

  constructor(
    private readonly locate: Locate,
    private readonly textual: boolean,
    private readonly lrOption: number | undefined,
  ) {
    if (lrOption !== undefined && !(typeof lrOption === "number" && lrOption >= 0 && lrOption < Infinity)) {
      throw new NervaLrError("out-of-range", `the lr option must be a finite number >= 0, got ${clip(String(lrOption))}`);
    }
  }

  private fail(code: ErrorCode, problem: string, start: number): never {
    throw new NervaLrError(code, problem, this.locate(start));
  }

  /** An lr option that nothing took: the text sets the lr itself, and says where. */
  checkLrOption(): void {
    if (this.lrOption === undefined || this.lrUsed) return;
    const own = this.ownLr as OwnLr;
    this.fail("conflicting-lr", `${own.what}: leave out the lr option (CLI: --lr)`, own.start);
  }

  /**
   * The schedule a call node describes. Children without an lr get `inheritedLr`;
   * `inheritedFromOption`: that lr is the lr option's.
   */
  schedule(written: CallNode, inheritedLr: number | undefined, inheritedFromOption = false): Schedule {
    const outermost = this.from === undefined;
    let node = this.qualify(written);
    const factory = peerCall(node.name);
    if (factory !== undefined) {
      if (outermost) this.from = factory.label?.(written) ?? `${factory.source} ${written.name}`;
      node = this.qualify(factory.call(node, (code, problem, start) => this.fail(code, problem, start)));
    }
    const definition = this.definitionOf(node);
    const own = toOwnForm(node, definition, (code, problem, start) => this.fail(code, problem, start));
    if (outermost && this.from === undefined) this.from = recognisedAs(definition, node, own.optimizer !== undefined);
    node = own.node;
    const specs = definition.params;
    const assigned = this.assign(node, definition);
    // Values by parameter position, as the resolver takes them (undefined: left out).
    const values = emptyValues(specs.length);
    let lrIndex = -1;
    let nested = false;
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i] as ParamSpec;
      if (spec.name === "lr") lrIndex = i;
      const arg = assigned.args[i];
      let value: ParamValue | undefined;
      if (arg === undefined || isNone(arg.value)) value = undefined;
      else if (spec.kind === "schedule" || spec.kind === "schedules") nested = true;
      else value = this.convert(spec, arg.value);
      values[i] = value;
    }
    if (lrIndex >= 0 && values[lrIndex] === undefined && inheritedLr !== undefined) {
      values[lrIndex] = inheritedLr;
      if (inheritedFromOption) this.lrUsed = true;
    }
    if (this.ownLr === undefined) this.noteOwnLr(definition, node, assigned, lrIndex);
    if (lrIndex >= 0 && values[lrIndex] === undefined && !(specs[lrIndex] as ParamSpec).optional && peerCallOf(definition)?.form.optimizer === true) {
      // Pasted code takes the lr from the optimizer, which the text does not show.
      const problem = `${definition.type} takes lr from the optimizer: give it with the lr option (CLI: --lr), or write lr=... in the call (missing parameter lr)`;
      this.fail("missing-parameter", problem, own.optimizer?.value.start ?? node.close);
    }
    if (nested) {
      // Children inherit this call's lr, or, if it has none, what it inherited itself.
      const ownValue = lrIndex >= 0 ? values[lrIndex] : undefined;
      const childLr = typeof ownValue === "number" ? ownValue : inheritedLr;
      const childFromOption = typeof ownValue === "number" ? ownValue === inheritedLr && inheritedFromOption && assigned.args[lrIndex] === undefined : inheritedFromOption;
      for (let i = 0; i < specs.length; i++) {
        const spec = specs[i] as ParamSpec;
        const arg = assigned.args[i];
        if (arg && !isNone(arg.value) && (spec.kind === "schedule" || spec.kind === "schedules")) values[i] = this.children(spec, arg.value, childLr, childFromOption);
      }
    }
    const resolved = resolveValues(definition, values, false);
    if ("problem" in resolved) this.report(definition, resolved.problem, node, assigned);
    try {
      return scheduleFromResolved(definition, resolved.params);
    } catch (error) {
      // What the schedule itself refuses as it is made (LambdaLR's factor at step 0, a peer's
      // crash) knows no place in the text: it is this call's.
      if (error instanceof NervaLrError && error.offset === undefined && error.path === undefined) this.fail(error.code, error.problem, node.start);
      throw error;
    }
  }

  /** A call's name with its module path resolved (`torch.optim.lr_scheduler.StepLR` is `torch.StepLR`). */
  private qualify(node: CallNode): CallNode {
    const qualified = qualifiedName(node.name);
    if ("unknownModule" in qualified) {
      const module = qualified.unknownModule;
      // The modules under the same top-level name (torch.*), or else every library's qualifier.
      const top = module.slice(0, module.indexOf("."));
      const near = MODULE_PATHS.filter((path) => path.includes(".") && path.startsWith(`${top}.`));
      const listed = near.length > 0 ? `the ${top} modules known are ${near.join(", ")}` : `the libraries are ${LIBRARIES.join(", ")}`;
      this.fail("unknown-name", `unknown module ${clip(module)}${didYouMean(module, MODULE_PATHS)}; ${listed}`, node.start);
    }
    if (qualified.name === node.name) return node;
    return { ...node, name: qualified.name, ...(qualified.modulePath ? { written: node.written ?? node.name } : {}) };
  }

  /** Notes where this call sets the lr itself, if it does: an lr in the text, or a schedule that has no lr (OneCycleLR's max_lr). */
  private noteOwnLr(definition: ScheduleDefinition, node: CallNode, assigned: Assignment, lrIndex: number): void {
    if (lrIndex >= 0) {
      const arg = assigned.args[lrIndex];
      if (arg !== undefined && !isNone(arg.value)) this.ownLr = { what: `the text sets the lr itself (lr of ${definition.type})`, start: arg.nameStart ?? arg.value.start };
      return;
    }
    const setter = lrSetter(definition);
    const arg = setter === undefined ? undefined : assigned.args[definition.params.findIndex((spec) => spec.name === setter)];
    this.ownLr = {
      what: `${definition.type} sets its own lr${setter === undefined ? "" : ` (${setter === "base_lr" ? "base_lr and max_lr" : setter})`}, not the optimizer's`,
      start: arg?.nameStart ?? arg?.value.start ?? node.start,
    };
  }

  /** The definition a call names, or an error that says what is wrong with the name. */
  private definitionOf(node: CallNode): ScheduleDefinition {
    const name = node.name;
    const resolved = resolveName(name);
    if (resolved && "definition" in resolved) return resolved.definition;
    const libraries = LIBRARIES.join(", ");
    if (resolved && "ambiguous" in resolved) {
      return this.fail("unknown-name", `${clip(name)} is the name of schedules of several libraries: write ${resolved.ambiguous.join(" or ")}`, node.start);
    }
    if (resolved && "unknownLibrary" in resolved) {
      return this.fail("unknown-name", `unknown library ${clip(resolved.unknownLibrary)}${didYouMean(resolved.unknownLibrary, LIBRARIES)}; the libraries are ${libraries}`, node.start);
    }
    if (resolved && "notIn" in resolved) {
      const bare = name.slice(name.indexOf(".") + 1);
      return this.fail("unknown-name", `${clip(bare)} is not a ${resolved.notIn} schedule; write ${resolved.libraries.map((library) => `${library}.${bare}`).join(" or ")}`, node.start);
    }
    return this.fail("unknown-name", `unknown schedule ${clip(name)}${didYouMean(name, [...allNames(), ...peerCallNames()])}`, node.start);
  }

  /**
   * Matches positional arguments to parameters in order, then named ones by name: `args[i]` is the
   * argument of parameter i (pasted code is in this form already: peer-arguments.ts).
   */
  private assign(node: CallNode, definition: ScheduleDefinition): Assignment {
    const specs = definition.params;
    const args: (ArgNode | undefined)[] = new Array(specs.length);
    let position = 0;
    let namedSeen = false;
    for (let index = 0; index < node.args.length; index++) {
      const arg = node.args[index] as ArgNode;
      if (arg.name === undefined) {
        if (namedSeen) this.fail("syntax", "a positional argument cannot follow a named one", arg.value.start);
        if (position >= specs.length) {
          const count = specs.length;
          this.fail("unknown-parameter", `too many arguments: ${definition.type} takes ${count} parameter${count === 1 ? "" : "s"}`, arg.value.start);
        }
        args[position++] = arg;
        continue;
      }
      namedSeen = true;
      const nameStart = arg.nameStart ?? arg.value.start;
      // (Lengths first: a name from the text is a fresh string, and comparing its characters with
      // every parameter's name is a call each time.)
      const name = arg.name;
      let i = 0;
      while (i < specs.length && !sameName((specs[i] as ParamSpec).name, name)) i++;
      if (i === specs.length) this.fail("unknown-parameter", unknownParameter(definition, arg.name), nameStart);
      if (args[i] !== undefined) this.fail("duplicate-parameter", `parameter ${arg.name} is given twice`, nameStart);
      args[i] = arg;
    }
    return { args };
  }

  private convert(spec: ParamSpec, node: ValueNode): ParamValue {
    switch (spec.kind) {
      case "number":
      case "integer":
        return this.number(spec, node);
      case "numbers":
      case "integers":
        if (node.kind !== "list") return [this.number(spec, node)];
        return this.numbers(spec, node.items);
      case "word": {
        const words = spec.words ?? [];
        if (node.kind !== "word" || node.boolean !== undefined) {
          this.fail("wrong-type", `${spec.name} expects one of ${words.map(formatWord).join(", ")}, found ${this.describe(node)}`, node.start);
        }
        // transformers spells the shape one_minus_sqrt as "1-sqrt".
        if (node.word === "1-sqrt" && words.includes("one_minus_sqrt") && !words.includes("1-sqrt")) return "one_minus_sqrt";
        if (!words.includes(node.word)) {
          this.fail("wrong-type", `${spec.name} must be one of ${words.map(formatWord).join(", ")}, found ${clip(node.word)}${didYouMean(node.word, words)}`, node.start);
        }
        return node.word;
      }
      case "boolean":
        if (node.kind === "word" && node.boolean !== undefined) return node.boolean;
        if (node.kind === "word" && !node.quoted && BOOLEANS.has(node.word)) return BOOLEANS.get(node.word) as boolean;
        return this.fail("wrong-type", `${spec.name} expects true or false, found ${this.describe(node)}`, node.start);
      case "expression": {
        if (node.kind !== "word" || (!node.quoted && !node.lambda)) {
          this.fail("wrong-type", `${spec.name} expects an expression in quotes, such as "0.95 ** epoch", or a Python lambda, found ${this.describe(node)}`, node.start);
        }
        try {
          parseExpression(node.word);
        } catch (error) {
          if (!(error instanceof NervaLrError)) throw error;
          // In spec text, point into the expression itself (after the quote; a lambda has none).
          if (this.textual) this.fail(error.code, `${spec.name}: ${error.problem}`, node.start + (node.lambda ? 0 : 1) + (error.offset ?? 0));
          this.fail(error.code, `${spec.name}: ${error.problem} (at ${error.offset ?? 0} in the expression)`, node.start);
        }
        return node.word;
      }
      case "schedule":
      case "schedules":
        throw new Error(`internal: ${spec.kind} is built by children()`);
    }
  }

  /** A list's numbers (a loop, not map: this runs for every list in every spec read). */
  private numbers(spec: ParamSpec, items: readonly ValueNode[]): number[] {
    const out: number[] = [];
    for (let i = 0; i < items.length; i++) out.push(this.number(spec, items[i] as ValueNode));
    return out;
  }

  private number(spec: ParamSpec, node: ValueNode): number {
    if (node.kind !== "number") {
      const what = spec.kind === "numbers" || spec.kind === "integers" ? "a list of numbers" : "a number";
      this.fail("wrong-type", `${spec.name} expects ${what}, found ${this.describe(node)}`, node.start);
    }
    return node.value;
  }

  private children(spec: ParamSpec, node: ValueNode, inheritedLr: number | undefined, fromOption: boolean): Schedule | Schedule[] {
    if (spec.kind === "schedule") {
      if (node.kind !== "call") this.fail("wrong-type", `${spec.name} expects a schedule, found ${this.describe(node)}`, node.start);
      return this.schedule(node, inheritedLr, fromOption);
    }
    const items = node.kind === "list" ? node.items : [node];
    const out: Schedule[] = [];
    for (const item of items) {
      if (item.kind !== "call") this.fail("wrong-type", `${spec.name} expects a list of schedules, found ${this.describe(item)}`, item.start);
      out.push(this.schedule(item, inheritedLr, fromOption));
    }
    return out;
  }

  /** What a node is, for a message: numbers as the user wrote them (in JSON, as parsed). */
  private describe(node: ValueNode): string {
    const source = this.textual && node.kind === "number" ? this.locate(node.start).source : undefined;
    return describeNode(node, node.kind !== "number" ? "" : source !== undefined ? source.slice(node.start, node.end) : String(node.value));
  }

  /** Reports a parameter problem at the argument it is about (or the list element), else at ')'. */
  private report(definition: ScheduleDefinition, problem: ParamProblem, node: CallNode, assigned: Assignment): never {
    const arg = assigned.args[definition.params.findIndex((spec) => spec.name === problem.param)];
    let start = node.close;
    if (arg) {
      start = arg.value.start;
      if (problem.index !== undefined && arg.value.kind === "list") start = arg.value.items[problem.index]?.start ?? start;
    }
    this.fail(problem.code, `${definition.type}: ${problem.message}`, start);
  }
}

/** Python's spellings are accepted where a boolean is meant. */
const BOOLEANS = new Map([
  ["true", true],
  ["false", false],
  ["True", true],
  ["False", false],
]);

/** Python's None, or JSON's null: the argument counts as left out. */
function sameName(a: string, b: string): boolean {
  return a.length === b.length && a === b;
}

function isNone(node: ValueNode): boolean {
  return node.kind === "word" && (node.none === true || (node.word === "None" && !node.quoted));
}

/** The parameters that set the lr of a schedule without `lr`, the first that the definition has. */
const LR_SETTERS = ["base_lr", "max_lr", "initial_learning_rate", "init_value", "peak_value", "value", "values", "warmup_max_lr", "cycle_max_lr", "lr_range_test_min_lr", "init_lr"];

function lrSetter(definition: ScheduleDefinition): string | undefined {
  return LR_SETTERS.find((name) => definition.params.some((spec) => spec.name === name));
}

/**
 * What a call was recognised as, in plain words: a peer's own call (`PyTorch code,
 * torch.optim.lr_scheduler.StepLR`, `Keras call, CosineDecay`), or nerva-lr's own form ("spec").
 */
function recognisedAs(definition: ScheduleDefinition, node: CallNode, optimizer: boolean): string {
  const peer = peerCallOf(definition);
  if (peer === undefined) return "spec";
  if (peer.form.optimizer) return optimizer || node.written !== undefined ? `${definition.source} code, ${node.written ?? node.name}` : "spec";
  return node.written !== undefined || node.name.includes(".") ? `${definition.source} call, ${definition.type}` : "spec";
}

export function unknownParameter(definition: ScheduleDefinition, name: string): string {
  const names = definition.params.map((p) => p.name);
  return `${definition.type} has no parameter ${clip(name)}${didYouMean(name, names)}; it takes ${names.join(", ")}`;
}

export function describeNode(node: ValueNode, numberText: string): string {
  switch (node.kind) {
    case "number":
      return `the number ${clip(numberText)}`;
    case "word":
      if (node.none) return "null";
      if (node.lambda) return "a lambda";
      if (node.quoted) return `the string '${clip(node.word)}'`;
      return node.boolean !== undefined ? String(node.boolean) : `the word ${clip(node.word)}`;
    case "list":
      return "a list";
    case "call":
      return `the schedule ${clip(node.name)}(…)`;
    case "dict":
      return "a dict";
  }
}
