/**
 * nerva-lr's own JSON form, `{"type": "StepLR", "lr": 0.1, "step_size": 3}` (nested schedules as
 * objects), read with places so that its errors point at a line and column too.
 */
import type { ArgNode } from "../language/ast.js";
import { configNode, valueNode, type Context, type Recognised } from "./context.js";
import { entry, type ConfigMap } from "./document.js";

export function isJsonForm(root: ConfigMap): boolean {
  const type = entry(root, "type")?.value;
  return type?.kind === "scalar" && typeof type.value === "string";
}

/** `ownLr(name)`: the parameter that sets the lr of the schedule called `name` ("lr" when it takes the optimizer's). */
export function readJsonForm(root: ConfigMap, context: Context, ownLr: (name: string) => string | undefined): Recognised {
  const call = configNode(root, context);
  if (call.kind !== "call") return context.fail("invalid-config", 'expected an object with a "type"', root.at);
  const args: ArgNode[] = [...call.args];
  const lr = args.find((a) => a.name === "lr");
  if (context.options.lr !== undefined) {
    const own = ownLr(call.name);
    if (lr) context.lrConflict("lr", lr.value.start);
    if (own === "lr") args.unshift({ name: "lr", value: valueNode(context.options.lr, call.start, call.start) });
    else if (own !== undefined) context.lrConflict(own, args.find((a) => a.name === own)?.value.start ?? call.start);
  }
  const type = String((entry(root, "type")?.value as { value: unknown }).value);
  return { call: { ...call, args }, from: `nerva-lr JSON, ${type}`, consumed: context.consumed, keys: [] };
}
