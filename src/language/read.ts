/**
 * Reading schedules: from spec text (one schedule, or nerva's ';'-separated list of one per layer)
 * and from the JSON form. Both go through the same builder, so they accept and reject the same things.
 */
import { clip, NervaLrError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import type { Schedule, ScheduleDefinition } from "../core/schedule.js";
import type { ArgNode, CallNode, ValueNode } from "./ast.js";
import { catalog, findDefinition } from "../schedules/catalog.js";
import type { ParamsByType } from "../generated/factories.js";
import { buildSchedule, unknownParameter, type BuildOptions } from "./build.js";
import { MAX_NESTING, parseCallListText, parseCallText } from "./parser.js";
import { pathKey, repeatedKeyPath } from "./json-keys.js";
import { parseNervaForm } from "./nerva-forms.js";

/** What a caller expects to read: the schedule's type name, checked at run time (see `parseLearningRate`). */
export interface ExpectedType<T extends keyof ParamsByType> {
  readonly type: T;
}

/**
 * Options of `parseLearningRate`: `type`, the schedule's type name a caller expects; `lr`, the
 * optimizer's lr, where pasted code takes the lr from the optimizer (`StepLR(optimizer, 30)`).
 */
export interface ParseOptions<T extends keyof ParamsByType = keyof ParamsByType> {
  readonly type?: T;
  readonly lr?: number;
}

/**
 * Parses one schedule: `StepBased(0.1,0.5,10)`, `MultiStepLR(0.1;1,3,5;0.1)`, `StepLR(lr=0.1, step_size=3)`.
 * With `{ type: "StepLR" }` the result is typed `Schedule<StepLRParams>`, and text that holds
 * another type of schedule is a `wrong-type` error (restoring a checkpoint into a typed variable).
 */
export function parseLearningRate(text: string, options?: { readonly lr?: number; readonly type?: undefined }): Schedule;
export function parseLearningRate<T extends keyof ParamsByType>(text: string, options: ExpectedType<T> & { readonly lr?: number }): Schedule<ParamsByType[T]>;
export function parseLearningRate(text: string, options?: (ExpectedType<keyof ParamsByType> & { readonly lr?: number }) | { readonly lr?: number; readonly type?: undefined }): Schedule {
  const wanted = expectedType(options);
  const lr = lrOption(options);
  requireString(text);
  const schedule = (lr === undefined ? parseNervaForm(text) : undefined) ?? parseFull(text, lr === undefined ? {} : { lr });
  if (wanted !== undefined && typeKey(schedule.definition) !== wanted) {
    throw new NervaLrError("wrong-type", `expected a ${wanted} schedule, the text holds ${typeKey(schedule.definition)}`, { source: text, offset: 0 });
  }
  return schedule;
}

/** The type name a caller expects, checked to be one of the catalog's (undefined: any). */
function expectedType(expected: unknown): string | undefined {
  if (expected === undefined) return undefined;
  const type = typeof expected === "object" && expected !== null && Object.hasOwn(expected, "type") ? (expected as { type: unknown }).type : undefined;
  // An options object without a type (only an lr) expects any schedule.
  if (type === undefined && typeof expected === "object" && expected !== null && !Object.hasOwn(expected, "type")) return undefined;
  if (typeof type !== "string") throw new NervaLrError("wrong-type", 'the expected schedule must be given as { type: "StepLR" }');
  const known = catalog.map(typeKey);
  if (!known.includes(type)) throw new NervaLrError("unknown-name", `no schedule is called ${clip(type)}${didYouMean(type, known)}`);
  return type;
}

/** A schedule's key in ParamsByType: its type, qualified where another library has the bare name. */
function typeKey(definition: ScheduleDefinition): string {
  return definition.printAs ?? definition.type;
}

/** The lr option, checked to be a finite number >= 0 (undefined: not given). */
export function lrOption(options: unknown): number | undefined {
  if (typeof options !== "object" || options === null || !Object.hasOwn(options, "lr")) return undefined;
  const lr = (options as { lr: unknown }).lr;
  if (lr === undefined) return undefined;
  if (typeof lr !== "number" || !(lr >= 0 && lr < Infinity)) throw new NervaLrError("out-of-range", `the lr option must be a finite number >= 0, got ${typeof lr === "number" ? String(lr) : typeof lr}`);
  return lr;
}

/** The whole language, with a syntax tree; the only path that reports errors. */
export function parseFull(text: string, options: BuildOptions = {}): Schedule {
  return buildSchedule(parseCallText(text), (offset) => ({ source: text, offset }), true, options);
}

/** Parses nerva's per-layer list, `Constant(0.1);MultiStepLR(0.1;1,3;0.1)`: one schedule per layer. */
export function parseLearningRates(text: string): Schedule[] {
  requireString(text);
  return parseCallListText(text).map((call) => buildSchedule(call, (offset) => ({ source: text, offset })));
}

/** nerva's per-layer list, each layer with the text it was written as (the CLI labels columns with it). */
export function parseLayers(text: string): { text: string; schedule: Schedule }[] {
  requireString(text);
  // The JSON form (or a DeepSpeed config block) where a spec goes: one schedule.
  if (text.trimStart().startsWith("{")) return [{ text: text.trim(), schedule: scheduleFromJson(text) }];
  return parseCallListText(text).map((call) => ({
    text: text.slice(call.start, call.close + 1),
    schedule: buildSchedule(call, (offset) => ({ source: text, offset })),
  }));
}

function requireString(text: unknown): asserts text is string {
  if (typeof text !== "string") throw new NervaLrError("syntax", `a spec must be a string, got ${text === null ? "null" : typeof text}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the JSON form (an object, or its JSON text): `{"type": "StepLR", "lr": 0.1, "step_size": 3}`,
 * or a DeepSpeed config's scheduler block, `{"type": "WarmupLR", "params": {"warmup_max_lr": 0.001}}`.
 */
export function scheduleFromJson(json: unknown): Schedule;
export function scheduleFromJson<T extends keyof ParamsByType>(json: unknown, expected: ExpectedType<T>): Schedule<ParamsByType[T]>;
export function scheduleFromJson(json: unknown, expected?: ExpectedType<keyof ParamsByType>): Schedule {
  const wanted = expectedType(expected);
  const schedule = readJson(json);
  if (wanted !== undefined && typeKey(schedule.definition) !== wanted) {
    throw new NervaLrError("wrong-type", `expected a ${wanted} schedule, the JSON holds ${typeKey(schedule.definition)}`, { path: "$.type" });
  }
  return schedule;
}

function readJson(json: unknown): Schedule {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new NervaLrError("invalid-json", `not valid JSON (${(error as Error).message})`);
    }
    const repeated = repeatedKeyPath(json);
    if (repeated !== undefined) throw new NervaLrError("duplicate-parameter", "a key is given twice in one object", { path: repeated });
  }
  const paths: string[] = [];
  const root = jsonToNode(value, "$", paths, 0);
  if (root.kind !== "call") throw new NervaLrError("invalid-json", "expected an object with a \"type\"", { path: "$" });
  return buildSchedule(root, (id) => ({ path: paths[id] ?? "$" }), false);
}

/** JSON values become syntax nodes whose `start` indexes `paths`, so errors name a JSON path. */
function jsonToNode(value: unknown, path: string, paths: string[], depth: number): ValueNode {
  if (depth > MAX_NESTING) throw new NervaLrError("invalid-json", `nesting deeper than ${MAX_NESTING} levels`, { path });
  const start = paths.push(path) - 1;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new NervaLrError("invalid-json", `expected a finite number, got ${value}`, { path });
    return { kind: "number", value, start, end: start };
  }
  if (typeof value === "string") return { kind: "word", word: value, quoted: true, start };
  if (typeof value === "boolean") return { kind: "word", word: String(value), boolean: value, start };
  if (value === null) return { kind: "word", word: "null", none: true, start };
  if (Array.isArray(value)) {
    return { kind: "list", start, items: value.map((item, i) => jsonToNode(item, `${path}[${i}]`, paths, depth + 1)) };
  }
  if (typeof value === "object" && value !== null) return objectToCall(value as Record<string, unknown>, path, paths, depth, start);
  throw new NervaLrError("invalid-json", `expected a number, string, boolean, list or object, got ${value === null ? "null" : typeof value}`, { path });
}

function objectToCall(object: Record<string, unknown>, path: string, paths: string[], depth: number, start: number): CallNode {
  const type = Object.hasOwn(object, "type") ? object["type"] : undefined;
  if (typeof type !== "string") {
    throw new NervaLrError("invalid-json", "expected a \"type\" naming the schedule, as in {\"type\": \"StepLR\", ...}", { path });
  }
  const args: ArgNode[] = [];
  const definition = findDefinition(type);
  // DeepSpeed's config block, {"type": "WarmupLR", "params": {...}}, as it stands in ds_config.json.
  const block = Object.keys(object).length === 2 && Object.hasOwn(object, "params") && isPlainObject(object["params"]) && !definition?.params.some((spec) => spec.name === "params");
  const fields = block ? (object["params"] as Record<string, unknown>) : object;
  const base = block ? `${path}.params` : path;
  for (const key of Object.keys(fields)) {
    if (key === "type" && !block) continue;
    const keyPath = pathKey(base, key);
    // An unknown key is reported as such, before its value is read (it may be anything).
    if (definition && !definition.params.some((spec) => spec.name === key)) {
      throw new NervaLrError("unknown-parameter", unknownParameter(definition, key), { path: keyPath });
    }
    const nameStart = paths.push(keyPath) - 1;
    args.push({ name: key, nameStart, value: jsonToNode(fields[key], keyPath, paths, depth + 1) });
  }
  return { kind: "call", name: type, start, args, close: start };
}
