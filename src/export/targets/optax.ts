/**
 * `--to optax`: Python assigning `schedule`, a function of optax's update count (0 at the first
 * update), so schedule(k) is nerva-lr's value at step k. optax's own constructors where one is the
 * schedule (every optax entry of the catalog, join_schedules of children that have one, and a few
 * other schedules equal to one at every whole step); else `def schedule(count)` computing the
 * formula with jax.numpy. docs/export-keras-optax-tfjs.md.
 */
import { parseExpression } from "../../core/expression.js";
import type { Schedule } from "../../core/schedule.js";
import type { Exporter } from "../contract.js";
import { callText, cannotExport, needsMath, pythonLiteral, renderStepFunction, type NativeCall } from "../render-keras.js";
import { JAX_NUMPY } from "../render-optax.js";

/** optax's constructors whose parameters the catalog names (and orders) as optax does. */
const SAME_PARAMS = [
  "constant_schedule",
  "linear_schedule",
  "polynomial_schedule",
  "exponential_decay",
  "cosine_decay_schedule",
  "warmup_cosine_decay_schedule",
  "warmup_constant_schedule",
  "warmup_exponential_decay_schedule",
  "cosine_onecycle_schedule",
  "linear_onecycle_schedule",
];

/** The names a user can look for: what optax has for schedules. */
const OPTAX_NAMES = [...SAME_PARAMS, "piecewise_constant_schedule", "piecewise_interpolate_schedule", "join_schedules", "sgdr_schedule"];

/** `{5: 0.5, 10: 0.2}`: optax's boundaries_and_scales. */
function boundariesAndScales(boundaries: readonly number[], scales: readonly number[]): string {
  return `{${boundaries.map((b, i) => `${pythonLiteral(b)}: ${pythonLiteral(scales[i])}`).join(", ")}}`;
}

/** Milestones in increasing order: then each is one scale of piecewise_constant_schedule. */
function increasing(milestones: readonly number[]): boolean {
  return milestones.every((m, i) => Number.isInteger(m) && (i === 0 || m > (milestones[i - 1] as number)));
}

/** optax's own constructor call that equals this schedule at every whole step, as text, or undefined. */
export function optaxNative(schedule: Schedule): string | undefined {
  const call = nativeCall(schedule);
  return typeof call === "string" || call === undefined ? call : callText("optax.", call);
}

function nativeCall(schedule: Schedule): NativeCall | string | undefined {
  const p = schedule.params;
  const source = schedule.definition.source;
  const arg = (name: string, value: string) => [name, value] as const;
  if (source === "optax") {
    if (SAME_PARAMS.includes(schedule.type)) {
      return { name: schedule.type, args: schedule.definition.params.filter((s) => p[s.name] !== undefined).map((s) => arg(s.name, pythonLiteral(p[s.name]))) };
    }
    const table = () => boundariesAndScales(p["boundaries"] as number[], p["scales"] as number[]);
    if (schedule.type === "piecewise_constant_schedule") return { name: schedule.type, args: [arg("init_value", pythonLiteral(p["init_value"])), arg("boundaries_and_scales", table())] };
    if (schedule.type === "piecewise_interpolate_schedule") {
      return { name: schedule.type, args: [arg("interpolate_type", pythonLiteral(p["interpolate_type"])), arg("init_value", pythonLiteral(p["init_value"])), arg("boundaries_and_scales", table())] };
    }
    if (schedule.type === "join_schedules") {
      const children = (p["schedules"] as Schedule[]).map(optaxNative);
      if (children.some((c) => c === undefined)) return undefined;
      return { name: "join_schedules", args: [arg("schedules", `[${children.join(", ")}]`), arg("boundaries", pythonLiteral(p["boundaries"]))] };
    }
    if (schedule.type === "sgdr_schedule") {
      const cycles = (p["cosine_kwargs"] as Schedule[]).map((c) => `dict(${c.definition.params.filter((s) => c.params[s.name] !== undefined).map((s) => `${s.name}=${pythonLiteral(c.params[s.name])}`).join(", ")})`);
      return { name: "sgdr_schedule", args: [arg("cosine_kwargs", `[${cycles.join(", ")}]`)] };
    }
    return undefined;
  }
  if (source === "PyTorch" && schedule.type === "StepLR") {
    return { name: "exponential_decay", args: [arg("init_value", pythonLiteral(p["lr"])), arg("transition_steps", pythonLiteral(p["step_size"])), arg("decay_rate", pythonLiteral(p["gamma"])), arg("staircase", "True")] };
  }
  if (source === "PyTorch" && schedule.type === "ExponentialLR" && (p["gamma"] as number) > 0) {
    return { name: "exponential_decay", args: [arg("init_value", pythonLiteral(p["lr"])), arg("transition_steps", "1"), arg("decay_rate", pythonLiteral(p["gamma"]))] };
  }
  if (schedule.type === "MultiStepLR" && increasing(p["milestones"] as number[])) {
    const milestones = p["milestones"] as number[];
    return { name: "piecewise_constant_schedule", args: [arg("init_value", pythonLiteral(p["lr"])), arg("boundaries_and_scales", boundariesAndScales(milestones, milestones.map(() => p["gamma"] as number)))] };
  }
  if (source === "PyTorch" && schedule.type === "LinearLR" && (p["total_iters"] as number) >= 1) {
    const lr = p["lr"] as number;
    const [from, to] = [lr * (p["start_factor"] as number), lr * (p["end_factor"] as number)];
    return { name: "linear_schedule", args: [arg("init_value", pythonLiteral(from)), arg("end_value", pythonLiteral(to)), arg("transition_steps", pythonLiteral(p["total_iters"]))] };
  }
  if (source === "Keras" && schedule.type === "CosineDecay" && p["warmup_target"] === undefined && Number.isInteger(p["decay_steps"])) {
    return { name: "cosine_decay_schedule", args: [arg("init_value", pythonLiteral(p["initial_learning_rate"])), arg("decay_steps", pythonLiteral(p["decay_steps"])), arg("alpha", pythonLiteral(p["alpha"]))] };
  }
  if (source === "Keras" && schedule.type === "ExponentialDecay" && (p["decay_rate"] as number) > 0) {
    return { name: "exponential_decay", args: [arg("init_value", pythonLiteral(p["initial_learning_rate"])), arg("transition_steps", pythonLiteral(p["decay_steps"])), arg("decay_rate", pythonLiteral(p["decay_rate"])), arg("staircase", pythonLiteral(p["staircase"]))] };
  }
  if (source === "nerva" && schedule.type === "Constant") return { name: "constant_schedule", args: [arg("value", pythonLiteral(p["lr"]))] };
  return undefined;
}

export const exportOptax: Exporter = (schedule, context) => {
  const spec = schedule.toString();
  if (schedule.behaviour === "metric-driven") {
    throw cannotExport(`${schedule.type} is driven by a metric, which an optax schedule (a function of the update count) never sees; optax has optax.contrib.reduce_on_plateau, a gradient transformation, instead`);
  }
  const native = optaxNative(schedule);
  if (native !== undefined) {
    return [`import optax`, ``, `# ${spec}`, `# optax calls the schedule with the update count, 0 at the first update.`, `schedule = ${native}`, ``].join("\n");
  }
  const formula = context.formula(schedule);
  if (formula === undefined) {
    throw cannotExport(`${schedule.type} has no formula of the step alone (it depends on the order of calls or on metrics); optax has ${OPTAX_NAMES.join(", ")}`);
  }
  const expression = parseExpression(formula);
  return [
    ...(needsMath(expression) ? ["import math", ""] : []),
    `import jax.numpy as jnp`,
    ``,
    ``,
    `def schedule(count):`,
    `    """${spec.replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"')}, exported by nerva-lr: its formula.`,
    ``,
    `    optax calls it with the update count, 0 at the first update. It computes in float64 when`,
    `    jax_enable_x64 is on (jax.config.update("jax_enable_x64", True)), else in float32.`,
    `    """`,
    `    step = jnp.asarray(count, dtype=jnp.float64)`,
    `    return ${renderStepFunction(expression, JAX_NUMPY)}`,
    ``,
  ].join("\n");
};
