/**
 * A Hugging Face TrainingArguments dict (as `to_dict()` / a JSON or YAML file writes it): the
 * schedule Trainer builds, `get_scheduler(lr_scheduler_type, optimizer, num_warmup_steps =
 * args.get_warmup_steps(max_steps), num_training_steps = max_steps, **lr_scheduler_kwargs)`
 * (docs/configs.md, "Hugging Face").
 */
import { clip } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import type { ArgNode } from "../language/ast.js";
import { SCHEDULER_TYPES } from "../schedules/huggingface.js";
import { configNode, valueNode, type Context, type Recognised, type SetValue } from "./context.js";
import { entry, type ConfigMap, type ConfigNode, type ConfigScalar } from "./document.js";

/** The keys this reader reads (a `set` of one of them changes the config before it is read). */
const KEYS = ["learning_rate", "lr_scheduler_type", "warmup_ratio", "warmup_steps", "max_steps", "num_train_epochs", "lr_scheduler_kwargs"];
/** Keys that mark a TrainingArguments dict. */
const MARKS = [...KEYS, "per_device_train_batch_size", "output_dir", "gradient_accumulation_steps"];

export function isTrainingArguments(root: ConfigMap): boolean {
  return root.entries.some((e) => MARKS.includes(e.key));
}

/** TrainingArguments' defaults for the keys read. */
const DEFAULTS: Record<string, SetValue | null> = {
  learning_rate: 5e-5,
  lr_scheduler_type: "linear",
  warmup_ratio: null,
  warmup_steps: 0,
  max_steps: -1,
  num_train_epochs: 3,
};

export function readTrainingArguments(root: ConfigMap, context: Context): Recognised {
  /** A key's value (a `set` first, then the file, then TrainingArguments' default) and its place. */
  const value = (key: string): { value: SetValue | null; at: number; end: number; given: boolean; node?: ConfigScalar } => {
    const set = context.setValue(key);
    const found = entry(root, key);
    const at = found?.value.at ?? root.at;
    if (set !== undefined) return { value: set, at, end: at, given: true };
    if (found === undefined) return { value: DEFAULTS[key] ?? null, at, end: at, given: false };
    if (found.value.kind !== "scalar") return context.fail("wrong-type", `${key} expects a value, found ${found.value.kind === "list" ? "a list" : "an object"}`, found.value.at);
    return { value: found.value.value, at, end: found.value.end, given: true, node: found.value };
  };
  const number = (key: string) => {
    const v = value(key);
    if (typeof v.value !== "number") return context.fail("wrong-type", `${key} expects a number, found ${describe(v.value)}`, v.at);
    return { ...v, value: v.value };
  };

  const typeValue = value("lr_scheduler_type");
  const types: Readonly<Record<string, { readonly type: string; readonly takes: readonly string[] }>> = SCHEDULER_TYPES;
  const names = Object.keys(types);
  // Older dumps write the enum: "SchedulerType.COSINE".
  const typeName = typeof typeValue.value === "string" ? typeValue.value.replace(/^SchedulerType\./, "").toLowerCase() : undefined;
  const target = typeName !== undefined && Object.hasOwn(types, typeName) ? types[typeName] : undefined;
  if (typeName === undefined || target === undefined) {
    return context.fail("unknown-name", `lr_scheduler_type ${describe(typeValue.value)} is not one of Trainer's${didYouMean(typeName ?? "", names)}: ${names.join(", ")}`, typeValue.at);
  }

  // Schedules that take no step count (constant, reduce_lr_on_plateau) need none to be read.
  const needsSteps = target.takes.length > 0 || number("max_steps").value > 0 || context.options.stepsPerEpoch !== undefined;
  const steps = needsSteps ? totalSteps(number("max_steps"), value("num_train_epochs"), context) : undefined;
  const args: ArgNode[] = [];
  // learning_rate: the optimizer's lr (TrainingArguments' default when the file leaves it out).
  const lr = number("learning_rate");
  if (context.options.lr !== undefined && entry(root, "learning_rate") !== undefined && context.options.set?.["learning_rate"] === undefined) {
    context.lrConflict("learning_rate", lr.at);
  }
  const lrValue = context.setValue("lr") ?? context.options.lr ?? lr.value;
  args.push({ name: "lr", nameStart: lr.at, value: valueNode(lrValue, lr.at, lrValue === lr.value ? lr.end : lr.at) });
  const warmup = steps && warmupSteps(value("warmup_steps"), value("warmup_ratio"), steps.value, context);
  for (const take of target.takes) {
    const step = (take === "num_warmup_steps" ? warmup : steps) as { value: number; at: number };
    args.push({ name: take, nameStart: step.at, value: { kind: "number", value: step.value, start: step.at, end: step.at } });
  }
  args.push(...schedulerKwargs(root, context));
  const call = { kind: "call" as const, name: target.type, start: typeValue.at, close: root.end > 0 ? root.end - 1 : root.at, args };
  const from = `Hugging Face TrainingArguments, lr_scheduler_type ${typeName}`;
  return { call, from, ...(steps ? { epochs: steps.value } : {}), consumed: context.consumed, keys: KEYS };
}

/**
 * Trainer's step count: max_steps when positive, else ceil(num_train_epochs × updates per epoch),
 * which needs the updates per epoch (the data loader's length over gradient_accumulation_steps).
 */
function totalSteps(max: { value: number; at: number }, epochs: { value: SetValue | null; at: number; given: boolean }, context: Context): { value: number; at: number } {
  if (max.value > 0) return { value: Math.floor(max.value), at: max.at };
  if (typeof epochs.value !== "number" || !(epochs.value > 0)) return context.fail("wrong-type", `num_train_epochs expects a positive number, found ${describe(epochs.value)}`, epochs.at);
  const perEpoch = context.options.stepsPerEpoch;
  if (perEpoch === undefined) {
    return context.fail(
      "missing-parameter",
      `max_steps is not set, so Trainer counts num_train_epochs (${epochs.value}) × the optimizer steps per epoch, which the config does not hold: give --steps-per-epoch N (library: stepsPerEpoch), or --set max_steps=N`,
      epochs.given ? epochs.at : max.at,
    );
  }
  return { value: Math.ceil(epochs.value * perEpoch), at: epochs.at };
}

/**
 * TrainingArguments.get_warmup_steps: warmup_steps >= 1 is a count (int()), a fraction below 1 a
 * ratio of the run (ceil); warmup_ratio is a ratio (ceil). transformers v5 lets warmup_ratio
 * replace warmup_steps, v4 preferred warmup_steps: with both non-zero the versions disagree, so
 * that is an error that asks for one.
 */
function warmupSteps(steps: { value: SetValue | null; at: number }, ratio: { value: SetValue | null; at: number }, total: number, context: Context): { value: number; at: number } {
  const count = steps.value ?? 0;
  const fraction = ratio.value ?? 0;
  if (typeof count !== "number" || count < 0) return context.fail("wrong-type", `warmup_steps expects a number >= 0, found ${describe(steps.value)}`, steps.at);
  if (typeof fraction !== "number" || fraction < 0 || fraction > 1) return context.fail("wrong-type", `warmup_ratio expects a number from 0 to 1, found ${describe(ratio.value)}`, ratio.at);
  if (count > 0 && fraction > 0) {
    return context.fail("invalid-config", "warmup_steps and warmup_ratio are both set (transformers v4 uses warmup_steps, v5 warmup_ratio); set one of them to 0, e.g. --set warmup_ratio=0", ratio.at);
  }
  if (fraction > 0) return { value: Math.ceil(total * fraction), at: ratio.at };
  return { value: count >= 1 ? Math.trunc(count) : Math.ceil(total * count), at: steps.at };
}

/** lr_scheduler_kwargs: an object (or its JSON text, as the command line passes it), as named arguments. */
function schedulerKwargs(root: ConfigMap, context: Context): ArgNode[] {
  const kwargs = entry(root, "lr_scheduler_kwargs")?.value;
  if (kwargs === undefined || (kwargs.kind === "scalar" && (kwargs.value === null || kwargs.value === "" || kwargs.value === "{}"))) return [];
  let map: ConfigNode = kwargs;
  if (kwargs.kind === "scalar" && typeof kwargs.value === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(kwargs.value);
    } catch {
      return context.fail("invalid-config", "lr_scheduler_kwargs is text that is not a JSON object", kwargs.at);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return context.fail("invalid-config", "lr_scheduler_kwargs must be an object", kwargs.at);
    map = { kind: "map", at: kwargs.at, end: kwargs.end, entries: Object.entries(parsed).map(([key, v]) => ({ key, keyAt: kwargs.at, value: plainNode(v, kwargs.at) })) };
  }
  if (map.kind !== "map") return context.fail("invalid-config", "lr_scheduler_kwargs must be an object", kwargs.at);
  return map.entries.map((e) => {
    const set = context.setValue(e.key);
    const value = set === undefined ? configNode(e.value, context) : valueNode(set, e.value.at, e.value.at);
    return { name: e.key, nameStart: e.keyAt, value };
  });
}

function plainNode(value: unknown, at: number): ConfigNode {
  if (Array.isArray(value)) return { kind: "list", at, end: at, items: value.map((v) => plainNode(v, at)) };
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean" || value === null) return { kind: "scalar", value, at, end: at };
  return { kind: "scalar", value: JSON.stringify(value), at, end: at };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `'${clip(value)}'`;
  return String(value);
}
