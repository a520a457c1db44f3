/**
 * What every config reader shares: the document, the caller's `lr` and `set`, failing at a place,
 * and turning config values into the spec language's syntax nodes (located at their offsets, so the
 * builder's own messages point into the file too).
 */
import { clip, NervaLrError, type ErrorCode } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import type { ArgNode, CallNode, ValueNode } from "../language/ast.js";
import type { ConfigDocument, ConfigNode, ConfigScalar } from "./document.js";

export type SetValue = number | string | boolean;

export interface ReadOptions {
  /** The optimizer's lr, where the config leaves it to the optimizer (or to "auto"). */
  readonly lr?: number | undefined;
  /** Fills or overrides a value by name: a key of the config, or a parameter of the schedule. */
  readonly set?: Readonly<Record<string, SetValue>> | undefined;
  /** Updates (optimizer steps) per epoch, where the config counts epochs and the schedule steps. */
  readonly stepsPerEpoch?: number | undefined;
}

/** What a config reader found: the call to build, what it was, and the run's length if it says. */
export interface Recognised {
  readonly call: CallNode;
  readonly from: string;
  /** The run's length in the schedule's own steps (what `--epochs` counts), when the config gives it. */
  readonly epochs?: number;
  /** Names of `set` that the reader consumed as config keys. */
  readonly consumed: ReadonlySet<string>;
  /** The config keys a `set` name may be (for the suggestion when one is unknown). */
  readonly keys: readonly string[];
}

export class Context {
  readonly consumed = new Set<string>();

  constructor(
    readonly document: ConfigDocument,
    readonly options: ReadOptions,
  ) {}

  fail(code: ErrorCode, problem: string, at: number): never {
    throw new NervaLrError(code, problem, { source: this.document.source, offset: at, lines: true });
  }

  /** The `set` value for a config key, if given (it is then consumed). */
  setValue(name: string): SetValue | undefined {
    const set = this.options.set;
    if (set === undefined || !Object.hasOwn(set, name)) return undefined;
    this.consumed.add(name);
    return set[name];
  }

  /**
   * The optimizer's lr for a schedule that takes it from the optimizer. `node` is where the config
   * gives it (`key` names it in messages): a number there conflicts with the `lr` option; "auto" or
   * nothing needs the option or `set: { lr }`.
   */
  optimizerLr(key: string, node: ConfigScalar | undefined, at: number, how: string): ValueNode {
    const set = this.setValue("lr");
    const own = node !== undefined && typeof node.value === "number" ? node : undefined;
    if (this.options.lr !== undefined && own) this.lrConflict(key, own.at);
    const where = node?.at ?? at;
    if (set !== undefined) return valueNode(set, where, where);
    if (this.options.lr !== undefined) return valueNode(this.options.lr, where, where);
    if (own) return { kind: "number", value: own.value as number, start: own.at, end: own.end };
    const auto = node !== undefined && node.value === "auto";
    return this.fail(
      "missing-parameter",
      `${auto ? `${key} is "auto"` : `no ${key} is given`}; ${how}: give the lr with --lr X (library: lr)`,
      where,
    );
  }

  /** The `lr` option where the config sets the lr itself: a usage error that names the key. */
  lrConflict(key: string, at: number): never {
    return this.fail("conflicting-lr", `the config sets the lr itself (${key}); leave out --lr (library: lr), or override it with --set ${setName(key)}=X`, at);
  }

  /** An "auto" value: the name and how to give it. */
  auto(key: string, name: string, at: number): never {
    return this.fail("invalid-config", `${key} is "auto" (a value the Hugging Face Trainer fills in); give it with --set ${name}=VALUE (library: set: { ${name}: VALUE })`, at);
  }
}

/** The name `--set` takes for a key path (its last part). */
function setName(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1);
}

/** A config or `set` value as a syntax node located at [at, end). */
export function valueNode(value: SetValue | null, at: number, end: number): ValueNode {
  if (value === null) return { kind: "word", word: "null", none: true, start: at };
  if (typeof value === "number") return { kind: "number", value, start: at, end };
  if (typeof value === "boolean") return { kind: "word", word: String(value), boolean: value, start: at };
  return { kind: "word", word: value, quoted: true, start: at };
}

/** A config value as a syntax node: scalars, lists, and objects with a "type" (nested schedules). */
export function configNode(node: ConfigNode, context: Context): ValueNode {
  if (node.kind === "scalar") return valueNode(node.value, node.at, node.end);
  if (node.kind === "list") return { kind: "list", start: node.at, items: node.items.map((item) => configNode(item, context)) };
  const type = node.entries.find((e) => e.key === "type");
  if (type === undefined || type.value.kind !== "scalar" || typeof type.value.value !== "string") {
    return context.fail("invalid-config", 'expected a value, or a schedule as an object with a "type"', node.at);
  }
  return {
    kind: "call",
    name: type.value.value,
    start: type.value.at,
    close: node.end > 0 ? node.end - 1 : node.at,
    args: node.entries.filter((e) => e.key !== "type").map((e) => ({ name: e.key, nameStart: e.keyAt, value: configNode(e.value, context) })),
  };
}

/**
 * Applies the `set` names no reader consumed to the call's own parameters (overriding an argument
 * of that name, or adding one); a name that is neither is an error with a suggestion.
 */
export function applySet(call: CallNode, recognised: Recognised, context: Context, params: readonly string[]): CallNode {
  const set = context.options.set;
  if (set === undefined) return call;
  const args: ArgNode[] = [...call.args];
  for (const [name, value] of Object.entries(set)) {
    if (recognised.consumed.has(name) || context.consumed.has(name)) continue;
    // `lr` is the optimizer's lr (docs/configs.md): a schedule with its own lr parameters leaves it unused.
    if (name === "lr" && !params.includes(name)) continue;
    if (!params.includes(name)) {
      const names = [...new Set([...params, ...recognised.keys])];
      throw new NervaLrError("unknown-parameter", `--set ${clip(name)}: ${call.name} has no parameter and the config no key of that name${didYouMean(name, names)}; it takes ${params.join(", ")}`);
    }
    const index = args.findIndex((arg) => arg.name === name);
    const at = index >= 0 ? (args[index] as ArgNode).value.start : call.start;
    // A value from --set was not written in the text: its node has no text of its own (end = at).
    const arg: ArgNode = { name, nameStart: at, value: valueNode(value, at, at) };
    if (index >= 0) args[index] = arg;
    else args.push(arg);
  }
  return { ...call, args };
}
