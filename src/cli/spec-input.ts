/**
 * Where a SPEC goes (eval, plot, check): the text as given, `@PATH` (a file) or `@-` (standard
 * input), read as nerva-lr/configs reads it: a config (DeepSpeed, Hugging Face, timm, Keras, the
 * JSON form; JSON or YAML) or spec text (a per-layer list `A;B` gives one schedule per layer).
 * `--lr`, `--set name=value` and `--steps-per-epoch N` go to the config reader.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { readConfig, readSchedule, type ReadOptions, type SetValue } from "../configs/index.js";
import type { Schedule } from "../core/schedule.js";
import { isOwnSpec } from "../language/pasted.js";
import { parseLayers } from "../language/read.js";
import { CliError, quote, UsageError } from "./io.js";

/** A bound on what a file or standard input may hold: configs are kilobytes; this stops a wrong path (a disk image) early. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export interface SpecLayer {
  /** The text the column is labelled with: the spec, or `@PATH` for a file. */
  readonly text: string;
  readonly schedule: Schedule;
}

export interface SpecInput {
  readonly layers: readonly SpecLayer[];
  /** What was recognised, for `check`: undefined for plain spec text. */
  readonly from?: string;
  /** The run's length the config gives, in the schedule's steps. */
  readonly epochs?: number;
}

/** The options of the config reader, from the command line's --lr, --set and --steps-per-epoch. */
export interface InputOptions {
  readonly lr?: string | undefined;
  readonly set?: readonly string[] | undefined;
  readonly "steps-per-epoch"?: string | undefined;
}

const PLAIN_NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SET = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** --lr, --set and --steps-per-epoch as the reader's options (a bad one is a usage error). */
export function readOptions(options: InputOptions): ReadOptions {
  const out: { lr?: number; set?: Record<string, SetValue>; stepsPerEpoch?: number } = {};
  if (options.lr !== undefined) {
    const lr = PLAIN_NUMBER.test(options.lr) ? Number(options.lr) : NaN;
    if (!Number.isFinite(lr) || lr < 0) throw new UsageError(`--lr must be a number >= 0, got ${quote(options.lr)}`);
    out.lr = lr;
  }
  if (options.set !== undefined && options.set.length > 0) {
    const set: Record<string, SetValue> = {};
    for (const item of options.set) {
      const match = SET.exec(item);
      if (!match || (match[2] as string) === "") throw new UsageError(`--set expects name=value (e.g. --set total_num_steps=1000), got ${quote(item)}`);
      const [, name, text] = match as unknown as [string, string, string];
      if (Object.hasOwn(set, name)) throw new UsageError(`--set ${name} is given twice; give it once`);
      set[name] = setValue(text);
    }
    out.set = set;
  }
  const steps = options["steps-per-epoch"];
  if (steps !== undefined) {
    const value = PLAIN_NUMBER.test(steps) ? Number(steps) : NaN;
    if (!Number.isInteger(value) || value < 1 || value > 1e12) throw new UsageError(`--steps-per-epoch must be a whole number from 1 to 1000000000000, got ${quote(steps)}`);
    out.stepsPerEpoch = value;
  }
  return out;
}

/** A --set value: a number, true, false, or else a word. */
function setValue(text: string): SetValue {
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (text === "true" || text === "True") return true;
  if (text === "false" || text === "False") return false;
  return text;
}

/** Reads every SPEC argument; `@-` may stand once. */
export function readInputs(specs: readonly string[], options: ReadOptions): SpecInput[] {
  if (specs.filter((spec) => spec === "@-").length > 1) throw new UsageError("@- (standard input) can be read once; give it once");
  return specs.map((spec) => readInput(spec, options));
}

/** One SPEC argument: its text (from a file for @PATH), then a config or spec text. */
export function readInput(spec: string, options: ReadOptions): SpecInput {
  const file = spec.startsWith("@");
  const text = file ? readText(spec.slice(1)) : spec;
  const config = readConfig(text, options);
  if (config) return { layers: [{ text: file ? spec : text.trim(), schedule: config.schedule }], from: config.from, ...(config.epochs === undefined ? {} : { epochs: config.epochs }) };
  // Pasted code (a qualified call, several lines of Python, --lr or --set): one schedule, and what it was read as.
  if (options.lr !== undefined || options.set !== undefined || !isOwnSpec(text)) {
    const read = readSchedule(text, options);
    return { layers: [{ text: file ? spec : text.trim(), schedule: read.schedule }], from: read.from };
  }
  const layers = parseLayers(text);
  return { layers: file && layers.length === 1 ? [{ text: spec, schedule: (layers[0] as SpecLayer).schedule }] : layers };
}

/** The text of a file, or of standard input for "-": UTF-8, a leading byte-order mark dropped. */
function readText(path: string): string {
  if (path === "") throw new UsageError("@ must be followed by a file's path, or - for standard input (e.g. @ds_config.json)");
  const name = path === "-" ? "standard input" : quote(path);
  let fd: number;
  try {
    fd = path === "-" ? 0 : openSync(path, "r");
  } catch (error) {
    throw new CliError(`cannot read ${name}: ${reason(error)}`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new CliError(`cannot read ${name}: it is a directory`);
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      let count: number;
      try {
        count = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EAGAIN") continue;
        if ((error as NodeJS.ErrnoException).code === "EOF") break;
        throw new CliError(`cannot read ${name}: ${reason(error)}`);
      }
      if (count === 0) break;
      total += count;
      if (total > MAX_INPUT_BYTES) throw new CliError(`${name} holds more than ${MAX_INPUT_BYTES / 1024 / 1024} MB; a config is far smaller`);
      chunks.push(Buffer.from(buffer.subarray(0, count)));
    }
    return Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
  } finally {
    if (path !== "-") closeSync(fd);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return code ?? "error";
}
