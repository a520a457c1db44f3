/**
 * timm's scheduler factory, `create_scheduler_v2(optimizer, sched="cosine", num_epochs=300, ...)`,
 * as the schedule of nerva-lr's catalog it builds (docs/configs.md, "timm"). Pure functions: the
 * factory's arguments, each with the place it was written, go in; the timm schedule's type, its
 * parameters and the run's length (the `num_epochs` the factory returns) come out. Two readers use
 * them: a pasted `create_scheduler_v2(...)` call (`createSchedulerV2`, below) and an args.yaml of
 * timm's train.py (nerva-lr/configs).
 */
import type { ErrorCode } from "../../core/errors.js";
import { didYouMean } from "../../core/suggest.js";
import type { ArgNode, CallNode, ValueNode } from "../ast.js";

/** A value as the factory takes it (lists of numbers for milestones and noise, null for None). */
export type TimmValue = number | string | boolean | null | readonly number[];

/** A value and where it was written: `at` and `end` are offsets (or whatever the caller locates). */
export interface Located {
  readonly value: TimmValue;
  readonly at: number;
  readonly end: number;
}

/** Reports a problem at a place; never returns. */
export type Fail = (code: ErrorCode, problem: string, at: number) => never;

/** create_scheduler_v2's parameters after `optimizer`, in order, with the defaults of its signature. */
export const CREATE_SCHEDULER_V2: readonly (readonly [string, TimmValue])[] = [
  ["sched", "cosine"],
  ["num_epochs", 300],
  ["decay_epochs", 90],
  ["decay_milestones", [90, 180, 270]],
  ["cooldown_epochs", 0],
  ["patience_epochs", 10],
  ["decay_rate", 0.1],
  ["min_lr", 0],
  ["warmup_lr", 1e-5],
  ["warmup_epochs", 0],
  ["warmup_prefix", false],
  ["noise", null],
  ["noise_pct", 0.67],
  ["noise_std", 1],
  ["noise_seed", 42],
  ["cycle_mul", 1],
  ["cycle_decay", 0.1],
  ["cycle_limit", 1],
  ["k_decay", 1],
  ["plateau_mode", "max"],
  ["step_on_epochs", true],
  ["updates_per_epoch", 0],
];

/** The values of `sched` the factory builds a scheduler for. */
export const TIMM_SCHEDS = ["cosine", "tanh", "step", "multistep", "plateau", "poly"] as const;

/** One argument of the schedule built: its name in our catalog, its value, and where it came from. */
export interface TimmArg {
  readonly name: string;
  readonly value: number | boolean | string | readonly number[];
  readonly at: number;
  readonly end: number;
}

export interface TimmSchedule {
  /** The catalog's name: CosineLRScheduler, TanhLRScheduler, PolyLRScheduler, StepLRScheduler, timm.MultiStepLRScheduler, ReduceLROnPlateau. */
  readonly type: string;
  readonly args: readonly TimmArg[];
  /** The `num_epochs` create_scheduler_v2 returns: cycles plus cooldown (in epochs, also when stepping per update). */
  readonly numEpochs: number;
  /** Whether the schedule counts updates (step_on_epochs false): its t is then the update, not the epoch. */
  readonly perUpdate: boolean;
  readonly updatesPerEpoch: number;
}

/**
 * The scheduler create_scheduler_v2 builds from these arguments (absent ones take the signature's
 * defaults, `where` locates them). lr is not among them: timm takes it from the optimizer.
 */
export function timmSchedule(given: Readonly<Record<string, Located>>, where: Located, fail: Fail): TimmSchedule {
  const arg = (name: string): Located => given[name] ?? { value: defaultOf(name), at: where.at, end: where.end };
  const num = (name: string): number => {
    const a = arg(name);
    if (typeof a.value !== "number") fail("wrong-type", `${name} expects a number, found ${describe(a.value)}`, a.at);
    return a.value;
  };
  const bool = (name: string): boolean => {
    const a = arg(name);
    if (typeof a.value !== "boolean") fail("wrong-type", `${name} expects true or false, found ${describe(a.value)}`, a.at);
    return a.value;
  };
  const schedArg = arg("sched");
  const sched = schedArg.value;
  if (typeof sched !== "string" || !(TIMM_SCHEDS as readonly string[]).includes(sched)) {
    const word = typeof sched === "string" ? sched : "";
    return fail("unknown-name", `timm has no scheduler ${describe(sched)}${didYouMean(word, TIMM_SCHEDS)}; sched is one of ${TIMM_SCHEDS.join(", ")}`, schedArg.at);
  }
  const perUpdate = !bool("step_on_epochs");
  const updates = num("updates_per_epoch");
  if (perUpdate && !(updates > 0)) {
    fail("missing-parameter", "stepping per update (sched_on_updates) needs the updates per epoch: give --steps-per-epoch N (library: stepsPerEpoch)", arg("step_on_epochs").at);
  }
  // The factory scales every span to updates when it steps per update.
  const scale = perUpdate ? updates : 1;
  const tInitial = num("num_epochs") * scale;
  const warmupT = num("warmup_epochs") * scale;
  const cooldownT = num("cooldown_epochs") * scale;
  const out: TimmArg[] = [];
  const put = (name: string, value: TimmArg["value"], from: string) => {
    const a = arg(from);
    out.push({ name, value, at: a.at, end: a.end });
  };
  const warmup = (prefix: boolean) => {
    put("warmup_t", warmupT, "warmup_epochs");
    put("warmup_lr_init", num("warmup_lr"), "warmup_lr");
    if (prefix) put("warmup_prefix", bool("warmup_prefix"), "warmup_prefix");
  };
  const noise = () => {
    const range = noiseRange(arg("noise"), tInitial, fail);
    if (range === undefined) return;
    put("noise_range_t", range, "noise");
    put("noise_pct", num("noise_pct"), "noise_pct");
    put("noise_std", num("noise_std"), "noise_std");
    put("noise_seed", num("noise_seed"), "noise_seed");
  };
  const cycles = () => {
    put("lr_min", num("min_lr"), "min_lr");
    put("cycle_mul", num("cycle_mul"), "cycle_mul");
    put("cycle_decay", num("cycle_decay"), "cycle_decay");
    put("cycle_limit", num("cycle_limit"), "cycle_limit");
  };
  let type: string;
  switch (sched) {
    case "cosine":
    case "tanh":
    case "poly":
      type = sched === "cosine" ? "CosineLRScheduler" : sched === "tanh" ? "TanhLRScheduler" : "PolyLRScheduler";
      put("t_initial", tInitial, "num_epochs");
      // poly overloads decay_rate as the polynomial's power.
      if (sched === "poly") put("power", num("decay_rate"), "decay_rate");
      cycles();
      warmup(true);
      if (sched !== "tanh") put("k_decay", num("k_decay"), "k_decay");
      noise();
      break;
    case "step":
      type = "StepLRScheduler";
      put("decay_t", num("decay_epochs") * scale, "decay_epochs");
      put("decay_rate", num("decay_rate"), "decay_rate");
      warmup(true);
      noise();
      break;
    case "multistep": {
      type = "timm.MultiStepLRScheduler";
      const milestones = arg("decay_milestones");
      const list = numbers(milestones, "decay_milestones", fail);
      put("decay_t", list.map((m) => m * scale), "decay_milestones");
      put("decay_rate", num("decay_rate"), "decay_rate");
      warmup(true);
      noise();
      break;
    }
    default: {
      // plateau: timm's PlateauLRScheduler wraps torch's ReduceLROnPlateau (threshold 1e-4, rel,
      // cooldown 0). Its warmup and noise have no counterpart in ReduceLROnPlateau.
      if (perUpdate) fail("out-of-range", "timm's plateau scheduler steps per epoch only (timm asserts it); leave out sched_on_updates", arg("step_on_epochs").at);
      if (warmupT > 0) {
        fail("out-of-range", `timm's plateau scheduler with a warmup (warmup_epochs ${num("warmup_epochs")}) has no equivalent in nerva-lr's catalog; set warmup_epochs to 0 for its plateau part`, arg("warmup_epochs").at);
      }
      if (arg("noise").value !== null) fail("out-of-range", "timm's plateau scheduler with noise has no equivalent in nerva-lr's catalog; leave out lr_noise", arg("noise").at);
      type = "ReduceLROnPlateau";
      const mode = arg("plateau_mode");
      if (mode.value !== "min" && mode.value !== "max") fail("wrong-type", `plateau_mode is min or max, found ${describe(mode.value)}`, mode.at);
      out.push({ name: "mode", value: mode.value, at: mode.at, end: mode.end });
      put("factor", num("decay_rate"), "decay_rate");
      put("patience", num("patience_epochs"), "patience_epochs");
      put("min_lr", num("min_lr"), "min_lr");
    }
  }
  return { type, args: out, numEpochs: runEpochs(sched, { tInitial, warmupT, cooldownT, updates, perUpdate }, num, bool), perUpdate, updatesPerEpoch: updates };
}

/**
 * The `num_epochs` the factory returns: for the cycle schedulers their cycles' length (the warmup
 * too with warmup_prefix) plus the cooldown, in epochs; for the others num_epochs, plus the warmup
 * with warmup_prefix.
 */
function runEpochs(
  sched: string,
  t: { tInitial: number; warmupT: number; cooldownT: number; updates: number; perUpdate: boolean },
  num: (name: string) => number,
  bool: (name: string) => boolean,
): number {
  const prefix = bool("warmup_prefix");
  if (sched === "cosine" || sched === "tanh" || sched === "poly") {
    const cycles = Math.max(1, num("cycle_limit"));
    const mul = num("cycle_mul");
    let length = mul === 1 ? t.tInitial * cycles : Math.floor((-t.tInitial * (Math.pow(mul, cycles) - 1)) / (1 - mul));
    if (prefix) length += t.warmupT;
    const total = length + t.cooldownT;
    return t.perUpdate ? Math.floor(total / t.updates) : total;
  }
  return num("num_epochs") + (prefix ? num("warmup_epochs") : 0);
}

/** timm's noise range: a fraction of t_initial, or a list of them ([start] alone is a start). */
function noiseRange(noise: Located, tInitial: number, fail: Fail): readonly number[] | undefined {
  const value = noise.value;
  if (value === null) return undefined;
  if (typeof value === "number") return [value * tInitial];
  if (Array.isArray(value)) return (value as readonly number[]).map((n) => n * tInitial);
  return fail("wrong-type", `noise expects a number or a list of numbers (fractions of the run), found ${describe(value)}`, noise.at);
}

function numbers(a: Located, name: string, fail: Fail): readonly number[] {
  if (Array.isArray(a.value)) return a.value as readonly number[];
  if (typeof a.value === "number") return [a.value];
  return fail("wrong-type", `${name} expects a list of numbers, found ${describe(a.value)}`, a.at);
}

function defaultOf(name: string): TimmValue {
  const entry = CREATE_SCHEDULER_V2.find(([key]) => key === name);
  if (entry === undefined) throw new Error(`internal: no default for ${name}`);
  return entry[1];
}

function describe(value: TimmValue): string {
  if (value === null) return "None";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return String(value);
}

/** A pasted call as the language's rewrites take it: the call node, and how to fail at a place. */
export type PeerCall = (node: CallNode, fail: (code: ErrorCode, problem: string, start: number) => never) => CallNode;

/**
 * `create_scheduler_v2(optimizer, sched="cosine", num_epochs=300, warmup_epochs=5, ...)` rewritten
 * as the call of the timm schedule it builds, e.g. `CosineLRScheduler(t_initial=300, ...)`. The
 * optimizer argument (any word, first) is skipped; lr, which timm takes from the optimizer, may be
 * given as `lr=` and is passed on (the caller supplies it otherwise, as for PyTorch's calls).
 */
export const createSchedulerV2: PeerCall = (node, fail) => {
  const order = CREATE_SCHEDULER_V2.map(([name]) => name);
  const given: Record<string, Located> = {};
  let lr: ArgNode | undefined;
  let position = 0;
  node.args.forEach((arg, index) => {
    if (arg.name === "optimizer" || (index === 0 && arg.name === undefined && arg.value.kind === "word" && !arg.value.quoted)) return;
    if (arg.name === "lr") {
      lr = arg;
      return;
    }
    const name = arg.name ?? order[position++];
    const at = arg.nameStart ?? arg.value.start;
    if (name === undefined) return fail("unknown-parameter", `too many arguments: create_scheduler_v2 takes optimizer, ${order.join(", ")}`, arg.value.start);
    if (!order.includes(name)) return fail("unknown-parameter", `create_scheduler_v2 has no parameter ${name}${didYouMean(name, order)}`, at);
    if (given[name] !== undefined) return fail("duplicate-parameter", `parameter ${name} is given twice`, at);
    given[name] = { value: nodeValue(arg.value, name, fail), at: arg.value.start, end: nodeEnd(arg.value) };
  });
  const built = timmSchedule(given, { value: null, at: node.start, end: node.start }, fail);
  const args: ArgNode[] = [];
  if (lr) args.push(lr);
  for (const a of built.args) args.push({ name: a.name, nameStart: a.at, value: valueNode(a) });
  return { kind: "call", name: built.type, start: node.start, close: node.close, args };
};

/** A syntax node's value as the factory takes it. */
function nodeValue(node: ValueNode, name: string, fail: Fail): TimmValue {
  switch (node.kind) {
    case "number":
      return node.value;
    case "word":
      if (node.none || (!node.quoted && node.word === "None")) return null;
      if (node.boolean !== undefined) return node.boolean;
      if (!node.quoted && (node.word === "True" || node.word === "true")) return true;
      if (!node.quoted && (node.word === "False" || node.word === "false")) return false;
      return node.word;
    case "list":
      return node.items.map((item) => {
        if (item.kind !== "number") return fail("wrong-type", `${name} expects a list of numbers`, item.start);
        return item.value;
      });
    case "call":
      return fail("wrong-type", `${name} expects a value, found a call`, node.start);
    default:
      return fail("wrong-type", `${name} expects a value, found a dict`, node.start);
  }
}

function nodeEnd(node: ValueNode): number {
  return node.kind === "number" ? node.end : node.start;
}

/** A built argument as a syntax node located where its value was written. */
function valueNode(a: TimmArg): ValueNode {
  const { value, at, end } = a;
  if (typeof value === "string") return { kind: "word", word: value, start: at };
  if (typeof value === "boolean") return { kind: "word", word: String(value), boolean: value, start: at };
  if (typeof value === "number") return { kind: "number", value, start: at, end };
  return { kind: "list", start: at, items: value.map((v) => ({ kind: "number", value: v, start: at, end })) };
}
