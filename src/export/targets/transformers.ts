/**
 * `--to transformers` (docs/export.md): transformers' own schedule functions for the ten Hugging
 * Face schedules, called on the user's `optimizer` with its lr set first; any other schedule is the
 * PyTorch export, under a comment saying that transformers has no function for it.
 */
import type { ParamValues } from "../../core/params.js";
import type { Schedule } from "../../core/schedule.js";
import type { Exporter } from "../contract.js";
import { pythonFloat, pythonInt, pythonNumber, pythonString, setOptimizerLr } from "../python-values.js";

/** transformers' spelling of the WSD shapes (the spec language spells "1-sqrt" one_minus_sqrt). */
const WSD_SHAPES: Readonly<Record<string, string>> = { linear: "linear", cosine: "cosine", one_minus_sqrt: "1-sqrt" };

/** Each function's arguments after the optimizer, from the schedule's parameters (undefined: left out). */
const ARGUMENTS: Readonly<Record<string, (p: ParamValues) => readonly [string, string | undefined][]>> = {
  get_constant_schedule: () => [],
  get_constant_schedule_with_warmup: (p) => [warmup(p)],
  get_linear_schedule_with_warmup: (p) => [warmup(p), training(p)],
  get_cosine_schedule_with_warmup: (p) => [warmup(p), training(p), float(p, "num_cycles")],
  get_cosine_with_hard_restarts_schedule_with_warmup: (p) => [warmup(p), training(p), ["num_cycles", pythonInt(p["num_cycles"] as number)]],
  get_polynomial_decay_schedule_with_warmup: (p) => [warmup(p), training(p), float(p, "lr_end"), float(p, "power")],
  get_inverse_sqrt_schedule: (p) => [warmup(p), ["timescale", pythonNumber(p["timescale"] as number)]],
  get_wsd_schedule: (p) => [
    warmup(p),
    ["num_decay_steps", pythonInt(p["num_decay_steps"] as number)],
    // transformers uses num_stable_steps when both are given; the schedule has checked that they agree.
    p["num_stable_steps"] === undefined ? training(p) : ["num_stable_steps", pythonInt(p["num_stable_steps"] as number)],
    ["warmup_type", pythonString(WSD_SHAPES[p["warmup_type"] as string] as string)],
    ["decay_type", pythonString(WSD_SHAPES[p["decay_type"] as string] as string)],
    float(p, "min_lr_ratio"),
    float(p, "num_cycles"),
  ],
  get_cosine_with_min_lr_schedule_with_warmup: (p) => [warmup(p), training(p), float(p, "num_cycles"), float(p, "min_lr"), float(p, "min_lr_rate")],
  get_cosine_with_min_lr_schedule_with_warmup_lr_rate: (p) => [warmup(p), training(p), float(p, "num_cycles"), float(p, "min_lr"), float(p, "min_lr_rate"), float(p, "warmup_lr_rate")],
};

const warmup = (p: ParamValues): [string, string] => ["num_warmup_steps", pythonInt(p["num_warmup_steps"] as number)];
const training = (p: ParamValues): [string, string] => ["num_training_steps", pythonInt(p["num_training_steps"] as number)];
const float = (p: ParamValues, name: string): [string, string | undefined] => [name, p[name] === undefined ? undefined : pythonFloat(p[name] as number)];

export const toTransformers: Exporter = (schedule: Schedule, context) => {
  const argumentsOf = schedule.definition.source === "Hugging Face" ? ARGUMENTS[schedule.type] : undefined;
  if (argumentsOf === undefined) {
    return `# transformers has no function for ${schedule.type}: this is the plain PyTorch form, which works with transformers' Trainer too.\n${context.pytorch(schedule)}`;
  }
  const p = schedule.params;
  const lr = p["lr"] as number;
  const args = argumentsOf(p)
    .filter((arg): arg is [string, string] => arg[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`);
  return (
    `# transformers' ${schedule.type}: call scheduler.step() after each optimizer.step(); after k calls the optimizer's lr is the value at step k.\n` +
    `from transformers import ${schedule.type}\n\n` +
    setOptimizerLr(lr) +
    `optimizer.defaults["lr"] = ${pythonFloat(lr)}  # transformers reads the lr here too (lr_end, min_lr)\n` +
    `scheduler = ${schedule.type}(${["optimizer", ...args].join(", ")})\n`
  );
};
