/**
 * `--to keras`: Python assigning `schedule`, a keras.optimizers.schedules.LearningRateSchedule.
 * Keras calls it with the optimizer's iteration count (0 for the first update), so schedule(k) is
 * the lr of update k + 1, which is nerva-lr's value at step k. Keras' own class where one is the
 * schedule, else a small subclass computing the formula with keras.ops in float64.
 * docs/export-keras-optax-tfjs.md.
 */
import { parseExpression } from "../../core/expression.js";
import type { Schedule } from "../../core/schedule.js";
import type { Exporter } from "../contract.js";
import { callText, cannotExport, KERAS_OPS, needsMath, pythonLiteral, renderStepFunction, type NativeCall } from "../render-keras.js";

/** Keras' schedules whose parameters the catalog names as Keras does. */
const KERAS_CLASSES = ["ExponentialDecay", "InverseTimeDecay", "PolynomialDecay", "PiecewiseConstantDecay", "CosineDecay", "CosineDecayRestarts"];

/** Milestones in increasing order with none at 0: then "milestones <= t" is "boundaries < t" at whole steps. */
function strictMilestones(milestones: readonly number[]): boolean {
  return milestones.every((m, i) => Number.isInteger(m) && m >= 1 && (i === 0 || m > (milestones[i - 1] as number)));
}

/** Keras' own class that equals this schedule at every whole step, or undefined. */
export function kerasNative(schedule: Schedule): NativeCall | undefined {
  const p = schedule.params;
  const source = schedule.definition.source;
  if (source === "Keras" && KERAS_CLASSES.includes(schedule.type)) {
    return { name: schedule.type, args: schedule.definition.params.filter((s) => p[s.name] !== undefined).map((s) => [s.name, pythonLiteral(p[s.name])] as const) };
  }
  if (source === "PyTorch" && schedule.type === "StepLR") {
    return { name: "ExponentialDecay", args: [["initial_learning_rate", pythonLiteral(p["lr"])], ["decay_steps", pythonLiteral(p["step_size"])], ["decay_rate", pythonLiteral(p["gamma"])], ["staircase", "True"]] };
  }
  if (source === "PyTorch" && schedule.type === "ExponentialLR") {
    return { name: "ExponentialDecay", args: [["initial_learning_rate", pythonLiteral(p["lr"])], ["decay_steps", "1"], ["decay_rate", pythonLiteral(p["gamma"])]] };
  }
  if (source === "optax" && schedule.type === "exponential_decay" && p["transition_begin"] === 0 && p["end_value"] === undefined) {
    return { name: "ExponentialDecay", args: [["initial_learning_rate", pythonLiteral(p["init_value"])], ["decay_steps", pythonLiteral(p["transition_steps"])], ["decay_rate", pythonLiteral(p["decay_rate"])], ["staircase", pythonLiteral(p["staircase"])]] };
  }
  if (source === "optax" && schedule.type === "cosine_decay_schedule" && p["exponent"] === 1) {
    return { name: "CosineDecay", args: [["initial_learning_rate", pythonLiteral(p["init_value"])], ["decay_steps", pythonLiteral(p["decay_steps"])], ["alpha", pythonLiteral(p["alpha"])]] };
  }
  if (schedule.type === "MultiStepLR" && strictMilestones(p["milestones"] as number[])) {
    // Keras' boundary belongs to the piece before it: PyTorch's milestone m is boundary m - 1.
    const milestones = p["milestones"] as number[];
    const values = [0, ...milestones].map((t) => schedule.at(t));
    return { name: "PiecewiseConstantDecay", args: [["boundaries", pythonLiteral(milestones.map((m) => m - 1))], ["values", pythonLiteral(values)]] };
  }
  return undefined;
}

export const exportKeras: Exporter = (schedule, context) => {
  const spec = schedule.toString();
  if (schedule.behaviour === "metric-driven") {
    throw cannotExport(`${schedule.type} is driven by a metric, which a Keras LearningRateSchedule never sees; Keras has the callback keras.callbacks.ReduceLROnPlateau instead`);
  }
  const native = kerasNative(schedule);
  if (native) {
    return [`import keras`, ``, `# ${spec}`, `# Keras calls the schedule with the optimizer's iteration count, 0 at the first update.`, `schedule = ${callText("keras.optimizers.schedules.", native)}`, ``].join("\n");
  }
  const formula = context.formula(schedule);
  if (formula === undefined) {
    throw cannotExport(`${schedule.type} has no formula of the step alone (it depends on the order of calls or on metrics); Keras has ${KERAS_CLASSES.join(", ")}`);
  }
  const expression = parseExpression(formula);
  return [
    ...(needsMath(expression) ? ["import math", ""] : []),
    `import keras`,
    ``,
    ``,
    `class Schedule(keras.optimizers.schedules.LearningRateSchedule):`,
    `    """${spec.replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"')}, exported by nerva-lr: its formula, in float64.`,
    ``,
    `    Keras calls it with the optimizer's iteration count, 0 at the first update.`,
    `    """`,
    ``,
    `    def __call__(self, step):`,
    `        step = keras.ops.cast(step, "float64")`,
    `        return ${renderStepFunction(expression, KERAS_OPS)}`,
    ``,
    `    def get_config(self):`,
    `        return {}`,
    ``,
    ``,
    `schedule = Schedule()`,
    ``,
  ].join("\n");
};
