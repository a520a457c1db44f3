/**
 * A call as pasted from a peer's code, turned into the spec language's own form. Where the peer's
 * constructor takes the optimizer and the call gives one (`StepLR(opt, 30, 0.1)`, `optimizer=`),
 * or where a Keras call is written with its module path, positional arguments follow the peer's
 * order (modules.ts `peerCallOf`); the optimizer is noted, since the lr then comes from it. Arguments the peer
 * takes that do not change the values (`last_epoch=-1`, `verbose`, Keras' `name`) are checked and
 * dropped; those nerva-lr spells otherwise (OneCycleLR's `epochs` and `steps_per_epoch`, optax's
 * `boundaries_and_scales` dict, sgdr_schedule's dicts) are converted. Every result argument is
 * named, or positional in the spec language's own order.
 */
import { clip, type ErrorCode } from "../core/errors.js";
import type { ScheduleDefinition } from "../core/schedule.js";
import type { ArgNode, CallNode, DictNode, ListNode, NumberNode, ValueNode } from "./ast.js";
import { peerCallOf } from "./modules.js";

type Fail = (code: ErrorCode, problem: string, start: number) => never;

export interface OwnForm {
  readonly node: CallNode;
  /** The optimizer argument, where the call gives one: the lr is then the optimizer's. */
  readonly optimizer?: ArgNode;
}

/** How to go further along a schedule than a resumed optimizer would: the CLI's --at, the library's initialStep. */
const RESUMED = "describes a resumed optimizer, not a schedule: leave it out (or -1), and look further along with --at (CLI) or initialStep (library)";

/** Arguments that are accepted and ignored, with what they must be. */
const IGNORED: Readonly<Record<string, (value: ValueNode) => string | undefined>> = {
  last_epoch: (value) => (isNumber(value, -1) ? undefined : `last_epoch=${describe(value)} ${RESUMED}`),
  last_batch_iteration: (value) => (isNumber(value, -1) ? undefined : `last_batch_iteration=${describe(value)} ${RESUMED}`),
  last_step: (value) => (isNumber(value, -1) ? undefined : `last_step=${describe(value)} ${RESUMED}`),
  verbose: (value) => (isBoolean(value) || isString(value, "deprecated") ? undefined : "verbose expects True, False or \"deprecated\""),
  // timm: whether t counts epochs or updates is the training loop's business; the values per t are the same.
  t_in_epochs: (value) => (isBoolean(value) ? undefined : "t_in_epochs expects True or False"),
  initialize: (value) => (isBoolean(value) ? undefined : "initialize expects True or False"),
  name: (value) => (isNone(value) || (value.kind === "word" && value.quoted === true) ? undefined : "name expects a string in quotes"),
  scale_fn: (value) => (isNone(value) ? undefined : "a custom scale_fn is a Python function nerva-lr does not run: use mode=\"triangular2\" or \"exp_range\""),
  // Without scale_fn, torch sets scale_mode from mode and ignores the one given.
  scale_mode: (value) => (isString(value, "cycle") || isString(value, "iterations") ? undefined : "scale_mode expects \"cycle\" or \"iterations\""),
  // Megatron's weight-decay and checkpoint arguments: they do not change the lr.
  start_wd: () => undefined,
  end_wd: () => undefined,
  wd_incr_steps: () => undefined,
  wd_incr_style: () => undefined,
  use_checkpoint_opt_param_scheduler: () => undefined,
  override_opt_param_scheduler: () => undefined,
};

/** Lists of dicts that stand for schedules: optax's sgdr_schedule(cosine_kwargs=[{...}, ...]). */
const DICT_SCHEDULES: Readonly<Record<string, { readonly param: string; readonly type: string }>> = {
  sgdr_schedule: { param: "cosine_kwargs", type: "optax.warmup_cosine_decay_schedule" },
};

export function toOwnForm(node: CallNode, definition: ScheduleDefinition, fail: Fail): OwnForm {
  const peer = peerCallOf(definition);
  const params = new Set(definition.params.map((spec) => spec.name));
  const order = peer?.order ?? [];
  const optimizer = peer?.form.optimizer === true ? findOptimizer(node, definition, order) : undefined;
  // Positional arguments follow the peer's order where the call is the peer's own: with its
  // optimizer, or (no optimizer to give) written with the library's module path (Keras).
  const peerOrder = optimizer !== undefined || (peer !== undefined && !peer.form.optimizer && node.written !== undefined) || firstIsNotOptimizer(node, order);
  let args: ArgNode[] = [];
  let position = 0;
  for (const arg of node.args) {
    if (arg.name !== undefined || !peerOrder) {
      if (arg !== optimizer) args.push(arg);
      continue;
    }
    const name = order[position++];
    if (name === undefined) fail("unknown-parameter", `too many arguments: ${definition.type} takes ${order.length === 0 ? "no positional arguments" : order.join(", ")}${peer?.form.keywordOnly === true ? " (the rest by name)" : ""}`, arg.value.start);
    if (arg !== optimizer) args.push({ name, nameStart: arg.value.start, value: arg.value });
  }
  if (args.some((arg) => arg.name === "optimizer" && arg !== optimizer)) {
    const twice = args.find((arg) => arg.name === "optimizer") as ArgNode;
    fail(peer?.form.optimizer === true ? "duplicate-parameter" : "unknown-parameter", peer?.form.optimizer === true ? "the optimizer is given twice" : `${definition.type} takes no optimizer`, twice.nameStart ?? twice.value.start);
  }
  const known = new Set(order);
  args = args.filter((arg) => {
    const name = arg.name;
    if (name === undefined || params.has(name) || !known.has(name) || !Object.hasOwn(IGNORED, name)) return true;
    const problem = (IGNORED[name] as (value: ValueNode) => string | undefined)(arg.value);
    if (problem !== undefined) fail(name.startsWith("last_") ? "out-of-range" : "wrong-type", problem, arg.value.start);
    return false;
  });
  if (known.has("epochs") && !params.has("epochs")) args = epochsTimesSteps(args, fail);
  if (params.has("boundaries") && params.has("scales")) args = boundariesAndScales(args, definition, fail);
  const dicts = DICT_SCHEDULES[definition.type];
  if (dicts !== undefined) args = args.map((arg, index) => (arg.name === dicts.param || (arg.name === undefined && index === 0) ? { ...arg, value: dictsAsCalls(arg.value, dicts.type, fail) } : arg));
  return { node: { ...node, args }, ...(optimizer ? { optimizer } : {}) };
}

/** The optimizer argument: named `optimizer`, or a name (`opt`, `self.optimizer`) where the peer's order has it. */
function findOptimizer(node: CallNode, definition: ScheduleDefinition, order: readonly string[]): ArgNode | undefined {
  const named = node.args.find((arg) => arg.name === "optimizer");
  if (named) return named;
  const index = order.indexOf("optimizer");
  const candidate = node.args.filter((arg) => arg.name === undefined)[index];
  if (candidate === undefined || index < 0) return undefined;
  const value = candidate.value;
  if (value.kind !== "word" || value.quoted === true || value.lambda === true || value.boolean !== undefined || value.none === true) return undefined;
  if (value.word === "None" || value.word === "True" || value.word === "False" || value.word === "true" || value.word === "false") return undefined;
  // A word the schedule's own first parameter takes is that parameter (none of the optimizer's peers has one).
  const first = definition.params[0];
  if (first?.kind === "word" && (first.words ?? []).includes(value.word)) return undefined;
  return candidate;
}

/** torch's ChainedScheduler([a, b]): its peer order starts with the schedules, not the optimizer. */
function firstIsNotOptimizer(node: CallNode, order: readonly string[]): boolean {
  const first = node.args[0];
  return order.length > 0 && order[0] !== "optimizer" && first !== undefined && first.name === undefined && first.value.kind === "list";
}

/** OneCycleLR's epochs and steps_per_epoch: total_steps = epochs * steps_per_epoch, as PyTorch computes it. */
function epochsTimesSteps(args: ArgNode[], fail: Fail): ArgNode[] {
  const epochs = args.find((arg) => arg.name === "epochs" && !isNone(arg.value));
  const perEpoch = args.find((arg) => arg.name === "steps_per_epoch" && !isNone(arg.value));
  const rest = args.filter((arg) => arg.name !== "epochs" && arg.name !== "steps_per_epoch");
  if (!epochs && !perEpoch) return rest;
  const total = args.find((arg) => arg.name === "total_steps" && !isNone(arg.value));
  const first = (epochs ?? perEpoch) as ArgNode;
  if (total) fail("duplicate-parameter", "give total_steps, or epochs and steps_per_epoch, not both (PyTorch would ignore epochs and steps_per_epoch)", first.nameStart ?? first.value.start);
  if (!epochs || !perEpoch) {
    fail("missing-parameter", `${epochs ? "epochs" : "steps_per_epoch"} needs ${epochs ? "steps_per_epoch" : "epochs"} too (total_steps = epochs * steps_per_epoch), or give total_steps`, first.nameStart ?? first.value.start);
  }
  const product = positiveInteger(epochs, "epochs", fail) * positiveInteger(perEpoch, "steps_per_epoch", fail);
  const value: NumberNode = { kind: "number", value: product, start: epochs.value.start, end: epochs.value.start };
  return [...rest, { name: "total_steps", nameStart: epochs.nameStart ?? epochs.value.start, value }];
}

function positiveInteger(arg: ArgNode, name: string, fail: Fail): number {
  const value = arg.value;
  if (value.kind !== "number" || !Number.isInteger(value.value) || value.value <= 0) fail("out-of-range", `${name} must be a whole number >= 1, as PyTorch requires`, value.start);
  return value.value;
}

/**
 * optax's boundaries_and_scales, `{100: 0.5, 200: 0.5}` (named, or a dict where the boundaries go):
 * the boundaries and scales, in the order of the boundaries as optax sorts them.
 */
function boundariesAndScales(args: ArgNode[], definition: ScheduleDefinition, fail: Fail): ArgNode[] {
  const index = args.findIndex((arg) => arg.name === "boundaries_and_scales" || arg.value.kind === "dict");
  if (index < 0) return args;
  const arg = args[index] as ArgNode;
  if (arg.value.kind !== "dict") {
    if (isNone(arg.value)) return args.filter((_, i) => i !== index);
    fail("wrong-type", "boundaries_and_scales expects a dict of step: scale, such as {100: 0.5, 200: 0.5}", arg.value.start);
  }
  const dict: DictNode = arg.value;
  const entries = [...dict.entries].sort((a, b) => keyNumber(a.key, fail) - keyNumber(b.key, fail));
  for (let i = 1; i < entries.length; i++) {
    const entry = entries[i] as (typeof entries)[number];
    if (keyNumber(entry.key, fail) === keyNumber((entries[i - 1] as typeof entry).key, fail)) fail("duplicate-parameter", "a boundary is given twice in boundaries_and_scales", entry.key.start);
  }
  // The position of a positional dict (the boundaries' place in the spec language's own order) holds both.
  const boundaries: ListNode = { kind: "list", start: dict.start, items: entries.map((entry) => entry.key) };
  const scales: ListNode = { kind: "list", start: dict.start, items: entries.map((entry) => entry.value) };
  const named = (name: string, value: ListNode): ArgNode => ({ name, nameStart: arg.nameStart ?? dict.start, value });
  const rest = args.filter((_, i) => i !== index);
  if (rest.some((other) => other.name === "boundaries" || other.name === "scales")) fail("duplicate-parameter", `${definition.type}: give boundaries_and_scales, or boundaries and scales, not both`, arg.nameStart ?? dict.start);
  // Positional arguments stay first; the two lists go by name.
  return [...rest, named("boundaries", boundaries), named("scales", scales)];
}

function keyNumber(key: NumberNode | { readonly kind: "word"; readonly start: number }, fail: Fail): number {
  if (key.kind !== "number") return fail("wrong-type", "a boundary in boundaries_and_scales must be a number of steps", key.start);
  return key.value;
}

/** A list of dicts (or `dict(...)`s) of keyword arguments, as calls of the schedule they configure. */
function dictsAsCalls(value: ValueNode, type: string, fail: Fail): ValueNode {
  if (value.kind !== "list") return value;
  const items = value.items.map((item): ValueNode => {
    if (item.kind !== "dict") return item;
    const args = item.entries.map((entry): ArgNode => {
      if (entry.key.kind !== "word") fail("wrong-type", `a key of ${type}'s arguments must be a parameter name in quotes`, entry.key.start);
      return { name: entry.key.word, nameStart: entry.key.start, value: entry.value };
    });
    return { kind: "call", name: type, start: item.start, close: item.start, args };
  });
  return { ...value, items };
}

function isNumber(value: ValueNode, n: number): boolean {
  return value.kind === "number" && value.value === n;
}

function isBoolean(value: ValueNode): boolean {
  return value.kind === "word" && value.quoted !== true && (value.boolean !== undefined || ["True", "False", "true", "false"].includes(value.word));
}

function isString(value: ValueNode, text: string): boolean {
  return value.kind === "word" && value.quoted === true && value.word === text;
}

function isNone(value: ValueNode): boolean {
  return value.kind === "word" && value.quoted !== true && (value.none === true || value.word === "None");
}

function describe(value: ValueNode): string {
  return value.kind === "number" ? String(value.value) : value.kind === "word" ? clip(value.word) : value.kind;
}
