/**
 * nerva-lr/configs: schedules as training configs write them. `readSchedule(text)` recognises the
 * format from the content: a DeepSpeed ds_config (whole, its "scheduler" block, or the bare
 * `{type, params}`), a Hugging Face TrainingArguments dict, timm train.py's args.yaml, a Keras
 * serialized schedule, nerva-lr's own JSON form, in JSON or YAML; anything else is spec text. Every
 * error is a NervaLrError whose `source` and `offset` point at the place (the message shows line
 * and column). docs/configs.md describes each format and the rules taken from each framework.
 *
 * A subpath of its own: it brings the `yaml` parser, which `import "nerva-lr"` does not load.
 */
import { clip, NervaLrError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import type { Schedule } from "../core/schedule.js";
import { buildSchedule } from "../language/build.js";
import { parsePasted } from "../language/pasted.js";
import { scheduleFromJson } from "../language/read.js";
import { resolveName } from "../schedules/catalog.js";
import { applySet, Context, type ReadOptions, type Recognised } from "./context.js";
import { isDeepSpeed, readDeepSpeed } from "./deepspeed.js";
import { readDocument, type ConfigDocument } from "./document.js";
import { isTrainingArguments, readTrainingArguments } from "./huggingface.js";
import { isJsonForm, readJsonForm } from "./json-form.js";
import { isKerasSerialized, readKeras } from "./keras.js";
import { isTimmArgs, readTimmArgs } from "./timm.js";

export type { ReadOptions, SetValue } from "./context.js";

export interface ReadResult {
  readonly schedule: Schedule;
  /** What was recognised: "DeepSpeed config, scheduler WarmupDecayLR", "spec text", ... */
  readonly from: string;
  /**
   * The run's length in the schedule's own steps, where the config says it: timm's num_epochs (in
   * updates when it steps per update), Trainer's step count. What `nerva-lr eval` prints by default.
   */
  readonly epochs?: number;
}

/**
 * The schedule a config or spec text describes. `lr` supplies the optimizer's lr where the config
 * leaves it to the optimizer (an error where the config sets it); `set` fills or overrides values by
 * name (a config key, or a parameter of the schedule; `lr` is the optimizer's lr); `stepsPerEpoch`
 * turns epochs into optimizer steps where a config counts epochs (Trainer's num_train_epochs,
 * timm's sched_on_updates).
 */
export function readSchedule(text: string, options: ReadOptions = {}): ReadResult {
  const config = readConfig(text, options);
  if (config !== undefined) return config;
  return readSpecText(text, checkOptions(options));
}

/** The config a text holds, read as readSchedule reads it; undefined when the text is no config. */
export function readConfig(text: string, options: ReadOptions = {}): ReadResult | undefined {
  if (typeof text !== "string") throw new NervaLrError("syntax", `a config must be a string, got ${text === null ? "null" : typeof text}`);
  const checked = checkOptions(options);
  const document = readDocument(text);
  if (document === undefined) return undefined;
  const context = new Context(document, checked);
  const recognised = recognise(document, context);
  const definition = definitionOf(recognised.call.name);
  const call = applySet(recognised.call, recognised, context, definition?.params.map((spec) => spec.name) ?? []);
  const schedule = buildSchedule(call, (offset) => ({ source: text, offset, lines: true }));
  return { schedule, from: recognised.from, ...(recognised.epochs === undefined ? {} : { epochs: recognised.epochs }) };
}

function recognise(document: ConfigDocument, context: Context): Recognised {
  const root = document.root;
  if (isKerasSerialized(root)) return readKeras(root, context);
  if (isDeepSpeed(root)) return readDeepSpeed(root, context);
  if (isJsonForm(root)) return readJsonForm(root, context, ownLr);
  if (isTimmArgs(root)) return readTimmArgs(root, context);
  if (isTrainingArguments(root)) return readTrainingArguments(root, context);
  return context.fail(
    "invalid-config",
    `this ${document.format} holds no schedule nerva-lr knows: not a DeepSpeed config (a "scheduler" block), Hugging Face TrainingArguments (lr_scheduler_type, learning_rate, ...), timm args (sched, ...), a Keras schedule (class_name, config) or nerva-lr's {"type": ...}`,
    root.entries[0]?.keyAt ?? root.at,
  );
}

/** Spec text, or code as written (a call, several lines of Python): the spec language's pasted-code reader. */
function readSpecText(text: string, options: ReadOptions): ReadResult {
  const read = parsePasted(text, options.lr === undefined ? {} : { lr: options.lr });
  const set = options.set;
  if (set === undefined || Object.keys(set).length === 0) return read;
  return { schedule: withValues(read.schedule, set), from: read.from };
}

/** A schedule with some parameters set by name (`--set T_max=100` on pasted code), through its JSON form. */
function withValues(schedule: Schedule, set: Readonly<Record<string, number | string | boolean>>): Schedule {
  const json = schedule.toJSON() as unknown as Record<string, unknown>;
  const names = schedule.definition.params.map((spec) => spec.name);
  for (const [name, value] of Object.entries(set)) {
    if (!names.includes(name)) throw new NervaLrError("unknown-parameter", `set: ${schedule.definition.type} has no parameter ${clip(name)}${didYouMean(name, names)}; it takes ${names.join(", ")}`);
    json[name] = value;
  }
  return scheduleFromJson(json);
}

function definitionOf(name: string) {
  const resolved = resolveName(name);
  return resolved && "definition" in resolved ? resolved.definition : undefined;
}

/** The parameter that sets a schedule's lr: "lr" when it takes the optimizer's, else its first (warmup_max_lr, max_lr, ...). */
function ownLr(name: string): string | undefined {
  const definition = definitionOf(name);
  if (definition === undefined) return undefined;
  return definition.params.some((spec) => spec.name === "lr") ? "lr" : definition.params[0]?.name;
}

function checkOptions(options: ReadOptions): ReadOptions {
  if (typeof options !== "object" || options === null) throw new NervaLrError("wrong-type", "the options must be an object { lr, set, stepsPerEpoch }");
  const { lr, set, stepsPerEpoch } = options;
  if (lr !== undefined && (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0)) throw new NervaLrError("out-of-range", `lr must be a finite number >= 0, got ${String(lr)}`);
  if (stepsPerEpoch !== undefined && (typeof stepsPerEpoch !== "number" || !Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1 || stepsPerEpoch > 1e12)) {
    throw new NervaLrError("out-of-range", `stepsPerEpoch must be a whole number from 1 to 1e12, got ${String(stepsPerEpoch)}`);
  }
  if (set !== undefined) {
    if (typeof set !== "object" || set === null || Array.isArray(set)) throw new NervaLrError("wrong-type", "set must be an object of names to values");
    for (const [name, value] of Object.entries(set)) {
      const ok = typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
      if (!ok) throw new NervaLrError("wrong-type", `set.${name} must be a finite number, a string or a boolean`);
    }
  }
  return options;
}


