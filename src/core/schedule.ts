/**
 * What a schedule is. A `ScheduleDefinition` describes one kind of schedule once (name, source
 * library, formula, parameters, and the kernel that computes it); a `Schedule` is one configured
 * instance that knows its definition, so it can evaluate, print, serialise and explain itself.
 */
import { formatSchedule, scheduleToJson } from "./canonical.js";
import { clip, NervaLrError } from "./errors.js";
import { SCHEDULE_MARK, uniformParamSpec, type OptionsOf, type ParamProblem, type ParamsOf, type ParamSpec, type ParamValue, type ParamValues } from "./params.js";
import { resolveOptions } from "./resolve.js";

/** nerva's interface: the learning rate at an epoch. `scheduler(epoch)` in nerva is `at(epoch)` here. */
export interface LearningRateScheduler {
  /** The learning rate in effect during epoch (or step) `t`; `t` is a finite number >= 0. */
  at(t: number): number;
}


/**
 * How a schedule depends on history: a pure function of `t`; stateful in call order (nerva's
 * TimeBased: each call changes the next); or driven by metrics reported after each epoch.
 */
export type Behaviour = "pure" | "call-order" | "metric-driven";

/** A plain JSON object of numbers (or null), the mutable state of one stateful schedule. */
export type StateFields = Record<string, number | null>;

/** What a definition's kernel computes, with `t` and parameters already validated. */
export interface Kernel {
  /**
   * The value at t. It becomes the schedule's own `at`, so it must check t itself (start with
   * `epoch(t)`; see the note at the top of core/resolve.ts on why it is not wrapped).
   */
  at(t: number): number;
  /**
   * Optional bulk form: out[i] = at(from + i), with `from` and the last epoch already checked. A
   * kernel gives one where a loop of its own is much faster than calling `at` per element.
   */
  fill?(out: Float64Array | number[], from: number): void;
  /**
   * Schedules that cycle the optimizer's momentum (PyTorch's OneCycleLR and CyclicLR): the
   * momentum (SGD) or beta1 (Adam) at t, checking t as `at` does.
   */
  momentum?(t: number): number;
  /** Metric-driven schedules: take the metric of the epoch that just ended. */
  step?(metric: number): void;
  /** Stateful schedules: their state, and restoring it (fields already checked to be numbers or null). */
  getState?(): StateFields;
  setState?(state: StateFields): void;
}

export interface ScheduleDefinition<Ps extends readonly ParamSpec[] = readonly ParamSpec[]> {
  /** The canonical name, used in spec text, JSON `type`, and printing. */
  readonly type: string;
  /** Other names the parser accepts (nerva's class names and its older C++ names). */
  readonly aliases?: readonly string[];
  /**
   * The library whose name, parameters and formula it follows ("PyTorch"): set by the library that
   * lists it (schedules/library.ts), the one place that names it.
   */
  readonly source: string;
  /** Other libraries whose name this schedule also is (MultiStepLR: nerva's too), for qualified names. */
  readonly alsoIn?: readonly string[];
  /**
   * The name canonical text and JSON print, where the bare type would mean another library's
   * schedule (`timm.MultiStepLRScheduler`); the type otherwise. A test checks it against the catalog.
   */
  readonly printAs?: string;
  /** A spec to try it with (non-default options where it has them): `list`, the playground, tests. */
  readonly example: string;
  /** One line: what the schedule does. */
  readonly summary: string;
  /** The value at t, as one line of plain text. */
  readonly formula: string;
  readonly params: Ps;
  /**
   * The peer's positional arguments, in its constructor's order, where that is not the library's
   * default form (schedules/library.ts, `PeerCallForm`): `optimizer`, parameter names, and the names
   * of arguments the spec language accepts and ignores or converts (`last_epoch`, `epochs`).
   */
  readonly peerOrder?: readonly string[];
  /**
   * The largest value the schedule takes, from its parameters; `lr` when left out. ChainedScheduler
   * takes a child's factor as value / peak, so every factor is in [0, 1].
   */
  // Written as methods so that a definition of one parameter list is also a definition of any
  // (the catalog holds them all): each is only ever called with its own definition's parameters.
  peak?(params: ParamsOf<Ps>): number;
  readonly behaviour?: Behaviour;
  /** Problems that involve more than one parameter, checked after each one alone is fine. */
  check?(params: ParamsOf<Ps>): ParamProblem | undefined;
  /** What computes the values, from the resolved parameters: `p.lr` is a number, `p.mode` a word. */
  kernel(params: ParamsOf<Ps>): Kernel;
}

/**
 * Keeps the literal parameter list, so that kernels and factories are typed by it (ParamsOf,
 * OptionsOf). The definition and its parameters come back with every field present, in one order
 * (why: the note at the top of core/resolve.ts).
 */
export function defineSchedule<const Ps extends readonly ParamSpec[]>(definition: Omit<ScheduleDefinition<Ps>, "source">): ScheduleDefinition<Ps> {
  const uniform = {
    type: definition.type,
    aliases: definition.aliases,
    source: undefined, // set by defineLibrary (schedules/library.ts)
    alsoIn: definition.alsoIn,
    printAs: definition.printAs,
    example: definition.example,
    summary: definition.summary,
    formula: definition.formula,
    params: definition.params.map(uniformParamSpec),
    peerOrder: definition.peerOrder,
    peak: definition.peak,
    behaviour: definition.behaviour,
    check: definition.check,
    kernel: definition.kernel,
  };
  return uniform as unknown as ScheduleDefinition<Ps>;
}

/** The JSON form of a schedule's state: its own fields and, for combinators, its children's. */
export interface ScheduleState {
  readonly type: string;
  readonly state?: StateFields;
  readonly children?: readonly ScheduleState[];
}

/** The JSON form of a schedule: `{"type": "StepLR", "lr": 0.1, "step_size": 3, "gamma": 0.5}`. */
export type ScheduleJson = { readonly type: string } & { readonly [param: string]: JsonParam };
export type JsonParam = number | string | boolean | readonly number[] | ScheduleJson | readonly ScheduleJson[];

export function checkEpoch(t: unknown): asserts t is number {
  epoch(t as number);
}

/**
 * The check every kernel's `at` starts with: `t` must be a finite number >= 0. It returns `t`, and
 * small, with the throw in a separate function, so that it costs next to nothing in each kernel.
 */
export function epoch(t: number): number {
  if (typeof t !== "number" || !(t >= 0 && t < Infinity)) invalidEpoch(t);
  return t;
}

function invalidEpoch(t: unknown): never {
  throw new NervaLrError("invalid-epoch", `the epoch must be a finite number >= 0, got ${describeValue(t)}`);
}

/** `value` when it is a finite number >= 0, else the error `Schedule.at` gives (for schedules built from functions). */
export function checkedValue(type: string, t: number, value: number): number {
  return value >= 0 && value < Infinity ? value : invalidValue(type, "learning rate", t, value);
}

/** A kernel's result that is not a finite number >= 0: an error naming the schedule, the step and why. */
function invalidValue(type: string, what: string, t: number, value: number): never {
  const cause = Number.isNaN(value)
    ? "is not a number (the arithmetic lost all precision or has no value there)"
    : value === Infinity || value === -Infinity
      ? "overflows the largest double"
      : `is negative (${value})`;
  throw new NervaLrError("invalid-value", `${type} at step ${t}: the ${what} ${cause}`);
}

function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `"${clip(value)}"`;
  return value === null ? "null" : typeof value;
}

/**
 * Passed by `scheduleFromResolved` only (it is not exported): the parameters were resolved
 * already, by the parser, which resolves first to point at the offending text.
 */
const RESOLVED: unique symbol = Symbol("resolved");

/** A schedule from parameters `resolveValues` returned (for the parser). */
export function scheduleFromResolved(definition: ScheduleDefinition, params: ParamValues): Schedule {
  return new Schedule(definition, params, RESOLVED);
}

/**
 * A schedule of `definition` from a caller's options, typed by the definition: what every typed
 * factory calls (`stepLR(options)` is `scheduleOf(StepLR, options)`).
 */
export function scheduleOf<const Ps extends readonly ParamSpec[]>(definition: ScheduleDefinition<Ps>, options: OptionsOf<Ps>): Schedule<ParamsOf<Ps>> {
  return new Schedule(definition as ScheduleDefinition, options) as Schedule<ParamsOf<Ps>>;
}

const NO_CHILDREN: readonly Schedule[] = Object.freeze([]);

/**
 * One configured schedule. Construct through a factory, the parser, the JSON reader or a nerva
 * class. `P` types `params` for schedules made by a typed factory (`stepLR(...).params.step_size`
 * is a number); a schedule read from text has the general `ParamValues`.
 */
export class Schedule<P extends object = ParamValues> implements LearningRateScheduler {
  readonly definition: ScheduleDefinition;
  /** The resolved parameters; nothing changes them. Frozen when first handed out by `params`. */
  readonly #params: ParamValues;
  #frozen = false;
  /**
   * The learning rate in effect during epoch (or step) `t`, a finite number >= 0; anything else
   * throws `invalid-epoch`. nerva's `scheduler(epoch)`.
   */
  readonly at: (t: number) => number;
  #kernel: Kernel;

  /** Marks schedules for `isSchedule` (core/params.ts). */
  get [SCHEDULE_MARK](): true {
    return true;
  }

  /**
   * `options` holds the parameters by name, as the definition lists them; they are checked here,
   * and children that leave out `lr` inherit this schedule's. (`resolved` is for the parser only.)
   */
  constructor(definition: ScheduleDefinition, options: object, resolved?: typeof RESOLVED) {
    let params: ParamValues;
    if (resolved === RESOLVED) params = options as ParamValues;
    else {
      const resolution = resolveOptions(definition, options);
      if ("problem" in resolution) throw new NervaLrError(resolution.problem.code, `${definition.type}: ${resolution.problem.message}`);
      params = resolution.params;
      if (typeof params["lr"] === "number") inheritLr(definition, params as Record<string, ParamValue>, params["lr"]);
    }
    this.definition = definition;
    this.#params = params;
    const kernel = definition.kernel(params);
    this.#kernel = kernel;
    const kernelAt = kernel.at;
    // The one place where every value is checked: a kernel whose arithmetic overflows or loses
    // all precision gives an error naming the schedule and the step, never NaN or Infinity.
    this.at = (t) => {
      const value = kernelAt(t);
      return value >= 0 && value < Infinity ? value : invalidValue(this.type, "learning rate", t, value);
    };
  }

  /**
   * Every parameter, defaults filled in (an optional one left out is absent). Frozen: freezing
   * waits for the first read, since it costs more than the rest of building a small schedule.
   */
  get params(): Readonly<P> {
    if (!this.#frozen) {
      for (const value of Object.values(this.#params)) if (Array.isArray(value)) Object.freeze(value);
      Object.freeze(this.#params);
      this.#frozen = true;
    }
    return this.#params as Readonly<P>;
  }

  get type(): string {
    return this.definition.type;
  }

  get behaviour(): Behaviour {
    const own = this.definition.behaviour;
    if (own !== undefined && own !== "pure") return own;
    for (const child of this.children()) if (child.behaviour !== "pure") return "call-order";
    return "pure";
  }


  /**
   * Bulk evaluation: `out[i]` becomes the value at `from + i`, in order (so a call-order schedule
   * advances as with that many `at` calls). Returns `out`. Charts, tables and the CLI use it.
   */
  fill<A extends Float64Array | number[]>(out: A, from = 0): A {
    epoch(from);
    if (out.length > 0) epoch(from + out.length - 1);
    const fill = this.#kernel.fill;
    if (fill) fill(out, from);
    else {
      const at = this.#kernel.at;
      for (let i = 0; i < out.length; i++) out[i] = at(from + i);
    }
    for (let i = 0; i < out.length; i++) {
      const value = out[i] as number;
      if (!(value >= 0 && value < Infinity)) invalidValue(this.type, "learning rate", from + i, value);
    }
    return out;
  }

  /** Whether this schedule also cycles the optimizer's momentum (see `momentumAt`). */
  get cyclesMomentum(): boolean {
    return this.#kernel.momentum !== undefined;
  }

  /**
   * The momentum (SGD's momentum, Adam's beta1) at t, for schedules that cycle it as PyTorch's
   * OneCycleLR and CyclicLR do (`cycle_momentum=true`); undefined for every other schedule.
   * PyTorch's optimizer holds this value after t calls of `scheduler.step()`.
   */
  momentumAt(t: number): number | undefined {
    const momentum = this.#kernel.momentum;
    if (momentum === undefined) {
      epoch(t);
      return undefined;
    }
    const value = momentum(t);
    return value >= 0 && value < Infinity ? value : invalidValue(this.type, "momentum", t, value);
  }

  /** The values at `from`, `from + 1`, ..., `from + count - 1` (see `fill`). */
  values(count: number, from = 0): Float64Array {
    if (!Number.isInteger(count) || count < 0) throw new NervaLrError("out-of-range", `count must be a whole number >= 0, got ${describeValue(count)}`);
    return this.fill(new Float64Array(count), from);
  }

  /**
   * The value at t, leaving the schedule as it was: for a call-order schedule (TimeBased) `at`
   * would change what the next call returns; `peek` restores the state after looking.
   */
  peek(t: number): number {
    if (this.behaviour === "pure") return this.at(t);
    const saved = this.getState();
    const value = this.at(t);
    this.#apply(saved, "$");
    return value;
  }

  /**
   * Metric-driven schedules (ReduceLROnPlateau): report the metric of the epoch that just ended, as
   * PyTorch's `scheduler.step(metric)`. The next `at()` returns the lr for the following epoch.
   */
  step(metric: number): void {
    const step = this.#kernel.step;
    if (!step) throw new NervaLrError("not-metric-driven", `${this.type} is not metric-driven and takes no metrics`);
    if (typeof metric !== "number" || !Number.isFinite(metric)) {
      throw new NervaLrError("invalid-metric", `a metric must be a finite number, got ${describeValue(metric)}`);
    }
    step.call(this.#kernel, metric);
  }

  /** The canonical spec: every parameter named, defaults included; it parses back to the same schedule. */
  toString(): string {
    return formatSchedule(this);
  }

  /** The JSON form; `JSON.stringify(schedule)` uses it. */
  toJSON(): ScheduleJson {
    return scheduleToJson(this);
  }

  /** The largest value this schedule takes (see `ScheduleDefinition.peak`). */
  peak(): number {
    const params = this.#params;
    return this.definition.peak ? this.definition.peak(params) : (params["lr"] as number);
  }

  /** The schedules this one is built from (children of SequentialLR, ChainedScheduler, wrappers). */
  children(): readonly Schedule[] {
    let out: Schedule[] | undefined;
    for (const spec of this.definition.params) {
      // Only schedule parameters are read: combinators check their children's behaviour as they are built.
      if (spec.kind !== "schedule" && spec.kind !== "schedules") continue;
      const value = this.#params[spec.name];
      if (value instanceof Schedule) (out ??= []).push(value);
      else if (Array.isArray(value)) for (const item of value) if (item instanceof Schedule) (out ??= []).push(item);
    }
    return out ?? NO_CHILDREN;
  }

  /** The state to checkpoint; restore it with `setState` on a schedule made from the same spec. */
  getState(): ScheduleState {
    const own = this.#kernel.getState?.();
    const children = this.children();
    return {
      type: this.type,
      ...(own ? { state: own } : {}),
      ...(children.length > 0 ? { children: children.map((child) => child.getState()) } : {}),
    };
  }

  /**
   * Restores what `getState` returned. A state of another schedule, or a corrupt one, is an error,
   * and then nothing changes: the state is first tried on a fresh copy, then applied.
   */
  setState(state: unknown): void {
    this.fresh().#apply(state, "$");
    this.#apply(state, "$");
  }

  #apply(state: unknown, path: string): void {
    const record = asRecord(state, path);
    if (record["type"] !== this.type) {
      throw new NervaLrError("invalid-state", `expected the state of ${this.type}, got ${describeValue(record["type"])}`, { path: `${path}.type` });
    }
    for (const key of Object.keys(record)) {
      if (key !== "type" && key !== "state" && key !== "children") {
        throw new NervaLrError("invalid-state", `unknown field "${clip(key)}"`, { path: `${path}.${clip(key)}` });
      }
    }
    if (this.#kernel.setState) {
      const fields = stateFields(record["state"], `${path}.state`, this.#kernel.getState?.() ?? {});
      try {
        this.#kernel.setState(fields);
      } catch (error) {
        if (!(error instanceof StateFieldError)) throw error;
        throw new NervaLrError("invalid-state", error.message, { path: `${path}.state.${error.field}` });
      }
    } else if (record["state"] !== undefined) {
      throw new NervaLrError("invalid-state", `${this.type} has no state of its own`, { path: `${path}.state` });
    }
    const children = this.children();
    if (children.length === 0) {
      if (record["children"] !== undefined) throw new NervaLrError("invalid-state", `${this.type} has no children`, { path: `${path}.children` });
      return;
    }
    const saved = record["children"];
    if (!Array.isArray(saved) || saved.length !== children.length) {
      throw new NervaLrError("invalid-state", `expected a list of ${children.length} child states`, { path: `${path}.children` });
    }
    children.forEach((child, i) => child.#apply(saved[i], `${path}.children[${i}]`));
  }

  /** A new schedule with the same parameters, in its initial state. */
  fresh(): Schedule<P> {
    const params: Record<string, ParamValue> = {};
    for (const [name, value] of Object.entries(this.#params)) {
      if (value instanceof Schedule) params[name] = value.fresh();
      else if (Array.isArray(value) && value.some((v) => v instanceof Schedule)) {
        params[name] = (value as readonly Schedule[]).map((child) => child.fresh());
      } else params[name] = value;
    }
    return new Schedule<P>(this.definition, params, RESOLVED);
  }
}

/** Thrown by a kernel's setState for a field with a bad value; `setState` reports it with its path. */
export class StateFieldError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly got: number | null | undefined,
  ) {
    super(`${field} must be ${expected}, got ${String(got)}`);
  }
}

function asRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new NervaLrError("invalid-state", `expected an object, got ${Array.isArray(value) ? "a list" : describeValue(value)}`, { path });
  }
  return value as Record<string, unknown>;
}

/** The saved fields must be exactly the fields the schedule has, each a finite number or null. */
function stateFields(value: unknown, path: string, expected: StateFields): StateFields {
  const record = asRecord(value, path);
  const out: StateFields = {};
  for (const key of Object.keys(expected)) {
    if (!Object.hasOwn(record, key)) throw new NervaLrError("invalid-state", `missing field "${key}"`, { path });
    const field = record[key];
    if (field !== null && (typeof field !== "number" || !Number.isFinite(field))) {
      throw new NervaLrError("invalid-state", `expected a finite number, got ${describeValue(field)}`, { path: `${path}.${clip(key)}` });
    }
    out[key] = field;
  }
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(expected, key)) throw new NervaLrError("invalid-state", `unknown field "${clip(key)}"`, { path: `${path}.${clip(key)}` });
  }
  return out;
}

/**
 * docs/spec-language.md: a child of a combinator that leaves out `lr` inherits it. The parser does this as it
 * reads; this does it for schedules built in code, so that both give the same schedule. A child
 * whose optional lr is absent is rebuilt with `lr`; a child without an lr parameter (a wrapper such
 * as Warmup) passes it on to its own children. Children that are unchanged stay the same objects.
 */
function inheritLr(definition: ScheduleDefinition, params: Record<string, ParamValue>, lr: number): void {
  for (const spec of definition.params) {
    const value = params[spec.name];
    if (value instanceof Schedule) params[spec.name] = withLr(value, lr);
    else if (spec.kind === "schedules" && Array.isArray(value)) params[spec.name] = (value as readonly Schedule[]).map((child) => withLr(child, lr));
  }
}

function withLr(child: Schedule, lr: number): Schedule {
  const lrSpec = child.definition.params.find((spec) => spec.name === "lr");
  if (lrSpec) return lrSpec.optional && child.params["lr"] === undefined ? new Schedule(child.definition, { ...child.params, lr }) : child;
  const params: Record<string, ParamValue> = { ...child.params };
  inheritLr(child.definition, params, lr);
  const changed = child.definition.params.some((spec) => params[spec.name] !== child.params[spec.name]);
  return changed ? new Schedule(child.definition, params) : child;
}

