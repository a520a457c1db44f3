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
import { GET_SCHEDULER } from "../schedules/huggingface.js";
import type { ArgNode, CallNode, ValueNode } from "./ast.js";
import { didYouMean } from "../core/suggest.js";

/** Turns a node's `start` into a place in the user's input (an offset in text, a path in JSON). */
export type Locate = (start: number) => ErrorLocation;

/** `textual`: the nodes' starts are offsets into spec text (not indexes of JSON paths). */
export function buildSchedule(call: CallNode, locate: Locate, textual = true): Schedule {
  return new Builder(locate, textual).schedule(call, undefined);
}

interface Assignment {
  /** By parameter position: the argument given for it, if any. */
  readonly args: readonly (ArgNode | undefined)[];
  /** A pasted `optimizer` argument was skipped (an error about lr then says where lr must go). */
  readonly optimizer: boolean;
}

class Builder {
  constructor(
    private readonly locate: Locate,
    private readonly textual: boolean,
  ) {}

  private fail(code: ErrorCode, problem: string, start: number): never {
    throw new NervaLrError(code, problem, this.locate(start));
  }

  /** The schedule a call node describes (children without an lr get `inheritedLr`). */
  schedule(node: CallNode, inheritedLr: number | undefined): Schedule {
    if ((GET_SCHEDULER.names as readonly string[]).includes(node.name)) return this.schedule(this.getScheduler(node), inheritedLr);
    const definition = this.definitionOf(node);
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
    if (lrIndex >= 0 && values[lrIndex] === undefined && inheritedLr !== undefined) values[lrIndex] = inheritedLr;
    if (nested) {
      // Children inherit this call's lr, or, if it has none, what it inherited itself.
      const own = lrIndex >= 0 ? values[lrIndex] : undefined;
      const childLr = typeof own === "number" ? own : inheritedLr;
      for (let i = 0; i < specs.length; i++) {
        const spec = specs[i] as ParamSpec;
        const arg = assigned.args[i];
        if (arg && !isNone(arg.value) && (spec.kind === "schedule" || spec.kind === "schedules")) values[i] = this.children(spec, arg.value, childLr);
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

  /** A call of transformers' get_scheduler, rewritten as the library describes (GET_SCHEDULER). */
  private getScheduler(node: CallNode): CallNode {
    const { positional: order, skipped, types: SCHEDULER_TYPES } = GET_SCHEDULER;
    const given = new Map<string, ArgNode>();
    const extra: ArgNode[] = [];
    let position = 0;
    for (const arg of node.args) {
      if (arg.name === undefined && arg.value.kind === "word" && arg.value.word === skipped && !arg.value.quoted) continue;
      if (arg.name === skipped) continue;
      const name = arg.name ?? order[position++];
      if (name === undefined) this.fail("unknown-parameter", `too many arguments: get_scheduler takes ${order.join(", ")}, then named arguments`, arg.value.start);
      if (given.has(name)) this.fail("duplicate-parameter", `parameter ${name} is given twice`, arg.nameStart ?? arg.value.start);
      if ((order as readonly string[]).includes(name)) given.set(name, { ...arg, name });
      else extra.push(arg);
    }
    const nameArg = given.get("name");
    if (!nameArg) this.fail("missing-parameter", `get_scheduler: missing parameter name (one of ${Object.keys(SCHEDULER_TYPES).join(", ")})`, node.close);
    const value = nameArg.value;
    if (value.kind !== "word" || value.boolean !== undefined) this.fail("wrong-type", `get_scheduler: name expects one of ${Object.keys(SCHEDULER_TYPES).join(", ")}, found ${this.describe(value)}`, value.start);
    const target = Object.hasOwn(SCHEDULER_TYPES, value.word) ? SCHEDULER_TYPES[value.word] : undefined;
    if (!target) {
      this.fail("wrong-type", `get_scheduler: unknown scheduler type ${clip(value.word)}${didYouMean(value.word, Object.keys(SCHEDULER_TYPES))}; the types are ${Object.keys(SCHEDULER_TYPES).join(", ")}`, value.start);
    }
    const args: ArgNode[] = [];
    const lr = given.get("lr");
    if (lr) args.push(lr);
    for (const steps of target.takes) {
      const arg = given.get(steps);
      if (!arg) this.fail("missing-parameter", `get_scheduler: ${value.word} requires ${steps}`, node.close);
      args.push(arg);
    }
    return { ...node, name: target.type, args: [...args, ...extra] };
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
    return this.fail("unknown-name", `unknown schedule ${clip(name)}${didYouMean(name, allNames())}`, node.start);
  }

  /**
   * Matches positional arguments to parameters in order, then named ones by name: `args[i]` is the
   * argument of parameter i. A leading `optimizer` (PyTorch's and Hugging Face's first argument,
   * pasted as is) is skipped.
   */
  private assign(node: CallNode, definition: ScheduleDefinition): Assignment {
    const specs = definition.params;
    const args: (ArgNode | undefined)[] = new Array(specs.length);
    let position = 0;
    let namedSeen = false;
    let optimizer = false;
    for (let index = 0; index < node.args.length; index++) {
      const arg = node.args[index] as ArgNode;
      if (isOptimizer(arg, index)) {
        optimizer = true;
        continue;
      }
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
    return { args, optimizer };
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
        if (node.kind !== "word" || !node.quoted) {
          this.fail("wrong-type", `${spec.name} expects an expression in quotes, such as "0.95 ** epoch", found ${this.describe(node)}`, node.start);
        }
        try {
          parseExpression(node.word);
        } catch (error) {
          if (!(error instanceof NervaLrError)) throw error;
          // In spec text, point into the expression itself (it starts after the quote).
          if (this.textual) this.fail(error.code, `${spec.name}: ${error.problem}`, node.start + 1 + (error.offset ?? 0));
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
      // A first argument such as `opt` is most likely PyTorch's optimizer under another name.
      const hint = node.kind === "word" && !node.quoted && spec.name === "lr" ? " (a pasted optimizer argument must be spelt optimizer to be skipped)" : "";
      this.fail("wrong-type", `${spec.name} expects ${what}, found ${this.describe(node)}${hint}`, node.start);
    }
    return node.value;
  }

  private children(spec: ParamSpec, node: ValueNode, inheritedLr: number | undefined): Schedule | Schedule[] {
    if (spec.kind === "schedule") {
      if (node.kind !== "call") this.fail("wrong-type", `${spec.name} expects a schedule, found ${this.describe(node)}`, node.start);
      return this.schedule(node, inheritedLr);
    }
    const items = node.kind === "list" ? node.items : [node];
    const out: Schedule[] = [];
    for (const item of items) {
      if (item.kind !== "call") this.fail("wrong-type", `${spec.name} expects a list of schedules, found ${this.describe(item)}`, item.start);
      out.push(this.schedule(item, inheritedLr));
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
    // PyTorch reads lr from the optimizer, which the text form cannot see.
    const hint = assigned.optimizer && problem.code === "missing-parameter" && problem.param === "lr" ? " (PyTorch takes it from the optimizer; write lr=... here)" : "";
    this.fail(problem.code, `${definition.type}: ${problem.message}${hint}`, start);
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

/** `optimizer` as the first positional argument, or `optimizer=...` anywhere: PyTorch's, skipped. */
function isOptimizer(arg: ArgNode, index: number): boolean {
  if (arg.name === "optimizer") return true;
  return index === 0 && arg.name === undefined && arg.value.kind === "word" && arg.value.word === "optimizer" && !arg.value.quoted;
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
      if (node.quoted) return `the string '${clip(node.word)}'`;
      return node.boolean !== undefined ? String(node.boolean) : `the word ${clip(node.word)}`;
    case "list":
      return "a list";
    case "call":
      return `the schedule ${clip(node.name)}(…)`;
  }
}
