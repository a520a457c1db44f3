/**
 * Python text pasted from a training script: the calls in it, found without running or fully
 * parsing Python. Strings and comments are skipped; a call is a dotted name directly followed by
 * '('. What matters here: the calls of schedules (and of peer factories such as get_scheduler),
 * the optimizer constructions with their lr, and top-level assignments of a number or a schedule
 * to a name (`warmup = LinearLR(...)`, `epochs = 100`), which a later call may use by name.
 */
import type { CallNode, NumberNode, ValueNode } from "./ast.js";
import { findDefinition } from "../schedules/catalog.js";
import { qualifiedName } from "./modules.js";
import { parseCallAt } from "./parser.js";
import { peerCall } from "./peer-calls/index.js";

export interface FoundCall {
  /** The name as written. */
  readonly name: string;
  readonly start: number;
  /** Offset of its closing ')' (the text's length if it is not closed). */
  readonly end: number;
}

export interface PythonText {
  /** The call of a schedule or factory that is not inside another: the last such in the text. */
  readonly schedule?: FoundCall;
  /** Each optimizer construction, in order. */
  readonly optimizers: readonly FoundCall[];
  /** Names assigned a number or a schedule call at the top level, with where the value starts. */
  readonly assignments: ReadonlyMap<string, number>;
}

/** Optimizer classes of PyTorch, transformers, timm, apex, bitsandbytes, DeepSpeed and others, by the last part of their name. */
const OPTIMIZERS = new Set([
  "SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "Adagrad", "Adadelta", "RMSprop", "Rprop", "ASGD", "LBFGS", "SparseAdam",
  "Adafactor", "Lion", "Lamb", "LAMB", "LARS", "FusedAdam", "FusedLAMB", "FusedSGD", "DeepSpeedCPUAdam", "AdamW8bit", "Adam8bit",
  "PagedAdamW", "PagedAdamW8bit", "SGDW", "AdaBelief", "Ranger", "Lookahead", "Sophia", "Muon", "create_optimizer_v2",
]);

const NAME = /[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*/y;
const ASSIGNMENT = /([A-Za-z_][A-Za-z_0-9]*)[ \t]*=(?!=)[ \t]*/y;

export function scanPython(text: string): PythonText {
  const calls: (FoundCall & { depth: number; kind: "schedule" | "optimizer" })[] = [];
  const assignments = new Map<string, number>();
  // Open brackets: where each call's '(' is, to find its ')' (-1 for other brackets).
  const open: number[] = [];
  const openCalls = new Map<number, number>();
  let lineStart = true;
  for (let i = 0; i < text.length; ) {
    const c = text.charAt(i);
    if (c === "#") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (c === "'" || c === '"') {
      i = stringEnd(text, i);
      lineStart = false;
      continue;
    }
    if (c === "\n") {
      lineStart = open.length === 0;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") {
      open.push(i);
      i++;
      lineStart = false;
      continue;
    }
    if (c === ")" || c === "]" || c === "}") {
      const at = open.pop();
      const call = at === undefined ? undefined : openCalls.get(at);
      if (call !== undefined) calls[call] = { ...(calls[call] as (typeof calls)[number]), end: i };
      i++;
      continue;
    }
    if (lineStart && open.length === 0) {
      ASSIGNMENT.lastIndex = i;
      const assignment = ASSIGNMENT.exec(text);
      if (assignment) {
        assignments.set(assignment[1] as string, ASSIGNMENT.lastIndex);
        i = ASSIGNMENT.lastIndex;
        lineStart = false;
        continue;
      }
    }
    lineStart = false;
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (!name) {
      i++;
      continue;
    }
    const start = i;
    i = NAME.lastIndex;
    let paren = i;
    while (text.charAt(paren) === " " || text.charAt(paren) === "\t") paren++;
    if (text.charAt(paren) !== "(") continue;
    const kind = classify(name[0]);
    if (kind !== undefined) {
      openCalls.set(paren, calls.length);
      calls.push({ name: name[0], start, end: text.length, depth: open.length, kind });
    }
  }
  // The last schedule call that no other schedule call holds (a child of SequentialLR is inside its parent).
  const schedules = calls.filter((call) => call.kind === "schedule");
  const outer = schedules.filter((call) => !schedules.some((other) => other !== call && other.start < call.start && call.start < other.end));
  const last = outer[outer.length - 1];
  return {
    ...(last ? { schedule: { name: last.name, start: last.start, end: last.end } } : {}),
    optimizers: calls.filter((call) => call.kind === "optimizer").map(({ name, start, end }) => ({ name, start, end })),
    assignments,
  };
}

/** A schedule (or a factory, or any name in a schedule module: a misspelt one is reported there), an optimizer, or neither. */
function classify(name: string): "schedule" | "optimizer" | undefined {
  const qualified = qualifiedName(name);
  if (!("unknownModule" in qualified)) {
    // A name under a module path of two parts or more (torch.optim.lr_scheduler.X) is one even if
    // misspelt, so that the error names it; a one-part alias (`warmup.dampening()`) is not.
    if (findDefinition(qualified.name) !== undefined || peerCall(qualified.name) !== undefined || (qualified.modulePath && name.split(".").length > 3)) return "schedule";
  }
  const last = name.slice(name.lastIndexOf(".") + 1);
  if (OPTIMIZERS.has(last) || /^(torch\.)?optim\.[A-Z]/.test(name)) return "optimizer";
  return undefined;
}

/** Past the end of the Python string at i (single, double or triple quoted; prefixes such as f are part of the name before). */
function stringEnd(text: string, i: number): number {
  const quote = text.charAt(i);
  const triple = text.startsWith(quote.repeat(3), i);
  const close = triple ? quote.repeat(3) : quote;
  let k = i + close.length;
  while (k < text.length) {
    const c = text.charAt(k);
    if (c === "\\") k += 2;
    else if (text.startsWith(close, k)) return k + close.length;
    else if (c === "\n" && !triple) return k;
    else k++;
  }
  return text.length;
}

/**
 * The optimizer's lr in `torch.optim.SGD(params, lr=0.1)`, `AdamW(params, 1e-3)`,
 * `Adam(learning_rate=...)`: the number written (or a top-level name assigned one), if any.
 */
export function optimizerLr(text: string, call: FoundCall, valueOf: (name: string) => ValueNode | undefined): number | undefined {
  const inside = text.slice(text.indexOf("(", call.start) + 1, call.end);
  const parts = topLevelParts(inside);
  for (const part of parts) {
    const keyword = /^\s*(lr|learning_rate)\s*=\s*([\s\S]*?)\s*$/.exec(part);
    if (keyword) return numberOf(keyword[2] as string, valueOf);
  }
  // SGD(params, 0.1): the second positional argument is the lr of torch's optimizers.
  const second = parts[1];
  return second !== undefined && !/^\s*[A-Za-z_][A-Za-z_0-9]*\s*=/.test(second) ? numberOf(second.trim(), valueOf) : undefined;
}

function numberOf(text: string, valueOf: (name: string) => ValueNode | undefined): number | undefined {
  if (/^[-+]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$/.test(text)) {
    const value = Number(text.replace(/_/g, ""));
    return Number.isFinite(value) ? value : undefined;
  }
  const named = /^[A-Za-z_][A-Za-z_0-9]*$/.test(text) ? valueOf(text) : undefined;
  return named?.kind === "number" ? named.value : undefined;
}

/** The comma-separated parts of an argument list at its own level (brackets and strings skipped). */
function topLevelParts(inside: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inside.length; i++) {
    const c = inside.charAt(i);
    if (c === "'" || c === '"') i = stringEnd(inside, i) - 1;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(inside.slice(from, i));
      from = i + 1;
    }
  }
  if (inside.slice(from).trim() !== "") parts.push(inside.slice(from));
  return parts;
}

/**
 * The value a top-level assignment gives a name: a number, or a schedule call (parsed where it
 * stands, so errors in it point there); undefined for anything else.
 */
export function assignedValue(text: string, start: number): ValueNode | undefined {
  const number = /[-+]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?(?=[ \t]*(?:#.*)?(?:\r?\n|$))/y;
  number.lastIndex = start;
  const match = number.exec(text);
  if (match) {
    const value = Number(match[0].replace(/_/g, ""));
    if (!Number.isFinite(value)) return undefined;
    const node: NumberNode = { kind: "number", value, start, end: start + match[0].length };
    return node;
  }
  NAME.lastIndex = start;
  const name = NAME.exec(text);
  if (!name || classify(name[0]) !== "schedule") return undefined;
  let paren = NAME.lastIndex;
  while (text.charAt(paren) === " " || text.charAt(paren) === "\t") paren++;
  if (text.charAt(paren) !== "(") return undefined;
  return parseCallAt(text, start);
}

/** The call with every word that names an assigned number or schedule replaced by it (`schedulers=[warmup, cosine]`). */
export function substitute(node: ValueNode, valueOf: (name: string) => ValueNode | undefined, depth = 0): ValueNode {
  if (depth > 64) return node;
  switch (node.kind) {
    case "word": {
      if (node.quoted === true || node.lambda === true) return node;
      return valueOf(node.word) ?? node;
    }
    case "list":
      return { ...node, items: node.items.map((item) => substitute(item, valueOf, depth + 1)) };
    case "dict":
      return { ...node, entries: node.entries.map((entry) => ({ key: entry.key, value: substitute(entry.value, valueOf, depth + 1) })) };
    case "call":
      return substituteCall(node, valueOf, depth);
    case "number":
      return node;
  }
}

export function substituteCall(node: CallNode, valueOf: (name: string) => ValueNode | undefined, depth = 0): CallNode {
  return { ...node, args: node.args.map((arg) => ({ ...arg, value: substitute(arg.value, valueOf, depth + 1) })) };
}
