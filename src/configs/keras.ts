/**
 * Keras' serialized schedules: `{"module": "keras.optimizers.schedules", "class_name":
 * "CosineDecay", "config": {...}, "registered_name": ...}` (Keras 3), and tf.keras' form without
 * "module". The config's keys are the constructor's arguments; "name" only names the object
 * (docs/configs.md, "Keras").
 */
import { clip } from "../core/errors.js";
import type { ArgNode } from "../language/ast.js";
import { resolveName } from "../schedules/catalog.js";
import { configNode, valueNode, type Context, type Recognised } from "./context.js";
import { entry, type ConfigMap } from "./document.js";

export function isKerasSerialized(root: ConfigMap): boolean {
  return entry(root, "class_name") !== undefined && entry(root, "config") !== undefined;
}

export function readKeras(root: ConfigMap, context: Context): Recognised {
  const classEntry = entry(root, "class_name")?.value;
  if (classEntry?.kind !== "scalar" || typeof classEntry.value !== "string") return context.fail("invalid-config", "class_name must name the schedule's class", classEntry?.at ?? root.at);
  const className = classEntry.value;
  const resolved = resolveName(`keras.${className}`);
  if (!resolved || !("definition" in resolved)) {
    return context.fail("unknown-name", `${clip(className)} is not one of keras.optimizers.schedules' classes (ExponentialDecay, InverseTimeDecay, PolynomialDecay, PiecewiseConstantDecay, CosineDecay, CosineDecayRestarts)`, classEntry.at);
  }
  const config = entry(root, "config")?.value;
  if (config?.kind !== "map") return context.fail("invalid-config", "config must be an object of the schedule's arguments", config?.at ?? root.at);
  const definition = resolved.definition;
  const first = definition.params[0]?.name ?? "initial_learning_rate";
  const args: ArgNode[] = [];
  for (const e of config.entries) {
    if (e.key === "name") continue;
    const set = context.setValue(e.key);
    if (e.key === first && context.options.lr !== undefined && set === undefined) context.lrConflict(`config.${first}`, e.value.at);
    args.push({ name: e.key, nameStart: e.keyAt, value: set === undefined ? configNode(e.value, context) : valueNode(set, e.value.at, e.value.at) });
  }
  if (context.options.lr !== undefined && !args.some((a) => a.name === first)) args.unshift({ name: first, value: valueNode(context.options.lr, classEntry.at, classEntry.at) });
  const call = { kind: "call" as const, name: `keras.${className}`, start: classEntry.at, close: config.end > 0 ? config.end - 1 : config.at, args };
  return { call, from: `Keras serialized schedule, ${className}`, consumed: context.consumed, keys: config.entries.map((e) => e.key) };
}
