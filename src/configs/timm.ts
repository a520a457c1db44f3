/**
 * timm: an args.yaml as timm's train.py writes it. train.py builds its scheduler with
 * `create_scheduler_v2(optimizer, **scheduler_kwargs(args))`; keys the file leaves out take
 * train.py's parser defaults. The mapping itself is src/language/peer-calls/timm.ts, shared with
 * pasted `create_scheduler_v2(...)` calls (docs/configs.md, "timm").
 */
import type { ArgNode, ValueNode } from "../language/ast.js";
import { timmSchedule, type Located, type TimmValue } from "../language/peer-calls/timm.js";
import { valueNode, type Context, type Recognised, type SetValue } from "./context.js";
import { entry, plain, type ConfigMap } from "./document.js";

/** train.py's parser defaults for the keys scheduler_kwargs reads (its argparse `default=`s). */
const TRAIN_DEFAULTS: Record<string, TimmValue> = {
  sched: "cosine",
  epochs: 300,
  decay_epochs: 90,
  decay_milestones: [90, 180, 270],
  warmup_epochs: 5,
  cooldown_epochs: 0,
  patience_epochs: 10,
  decay_rate: 0.1,
  min_lr: 0,
  warmup_lr: 1e-5,
  warmup_prefix: false,
  lr_noise: null,
  lr_noise_pct: 0.67,
  lr_noise_std: 1,
  seed: 42,
  lr_cycle_mul: 1,
  lr_cycle_decay: 0.5,
  lr_cycle_limit: 1,
  lr_k_decay: 1,
  eval_metric: "top1",
  sched_on_updates: false,
  lr: null,
  lr_base: 0.1,
};

/** args.yaml key -> create_scheduler_v2 parameter, as scheduler_kwargs maps them. */
const KWARGS: Record<string, string> = {
  sched: "sched",
  epochs: "num_epochs",
  decay_epochs: "decay_epochs",
  decay_milestones: "decay_milestones",
  warmup_epochs: "warmup_epochs",
  cooldown_epochs: "cooldown_epochs",
  patience_epochs: "patience_epochs",
  decay_rate: "decay_rate",
  min_lr: "min_lr",
  warmup_lr: "warmup_lr",
  warmup_prefix: "warmup_prefix",
  lr_noise: "noise",
  lr_noise_pct: "noise_pct",
  lr_noise_std: "noise_std",
  seed: "noise_seed",
  lr_cycle_mul: "cycle_mul",
  lr_cycle_decay: "cycle_decay",
  lr_cycle_limit: "cycle_limit",
  lr_k_decay: "k_decay",
};

export function isTimmArgs(root: ConfigMap): boolean {
  return entry(root, "sched") !== undefined;
}

export function readTimmArgs(root: ConfigMap, context: Context): Recognised {
  const value = (key: string): Located => {
    const set = context.setValue(key);
    const found = entry(root, key);
    const at = found?.value.at ?? root.at;
    if (set !== undefined) return { value: set, at, end: at };
    if (found === undefined) return { value: TRAIN_DEFAULTS[key] ?? null, at, end: at };
    const v = plain(found.value);
    if (Array.isArray(v) && !v.every((x) => typeof x === "number")) context.fail("wrong-type", `${key} expects a list of numbers`, found.value.at);
    if (typeof v === "object" && v !== null && !Array.isArray(v)) context.fail("wrong-type", `${key} expects a value, found an object`, found.value.at);
    return { value: v as TimmValue, at, end: found.value.end };
  };
  const given: Record<string, Located> = {};
  for (const [key, kwarg] of Object.entries(KWARGS)) given[kwarg] = value(key);
  const metric = value("eval_metric");
  // train.py: decreasing_metric = eval_metric == 'loss'.
  given["plateau_mode"] = { ...metric, value: metric.value === "loss" ? "min" : "max" };
  const onUpdates = value("sched_on_updates");
  given["step_on_epochs"] = { ...onUpdates, value: onUpdates.value !== true };
  const perEpoch = context.options.stepsPerEpoch;
  if (perEpoch !== undefined && onUpdates.value !== true) {
    context.fail("invalid-config", "this config steps per epoch (sched_on_updates is false), so --steps-per-epoch does not apply; add --set sched_on_updates=true to see timm's per-update schedule", onUpdates.at);
  }
  given["updates_per_epoch"] = { value: perEpoch ?? 0, at: onUpdates.at, end: onUpdates.at };
  const built = timmSchedule(given, { value: null, at: root.at, end: root.at }, (code, problem, at) => context.fail(code, problem, at));
  const args: ArgNode[] = [{ name: "lr", value: lrNode(root, context, value) }];
  for (const a of built.args) args.push({ name: a.name, nameStart: a.at, value: argNode(a.value, a.at, a.end) });
  const sched = String(given["sched"]?.value);
  const call = { kind: "call" as const, name: built.type, start: given["sched"]?.at ?? root.at, close: root.end > 0 ? root.end - 1 : root.at, args };
  const from = `timm train.py args, sched ${sched} (${built.perUpdate ? `per update, ${built.updatesPerEpoch} per epoch` : "per epoch"})`;
  // The rows of the run: timm's num_epochs, in updates when the schedule counts them.
  const epochs = built.perUpdate ? built.numEpochs * built.updatesPerEpoch : built.numEpochs;
  return { call, from, epochs, consumed: context.consumed, keys: [...Object.keys(TRAIN_DEFAULTS)] };
}

/** args.lr, or (null: train.py scales lr_base by the batch size, which the file cannot say) the caller's. */
function lrNode(root: ConfigMap, context: Context, value: (key: string) => Located): ValueNode {
  const found = entry(root, "lr");
  const lr = value("lr");
  if (typeof lr.value === "number" && lr.value !== 0) {
    if (context.options.lr !== undefined && found !== undefined && context.options.set?.["lr"] === undefined) context.lrConflict("lr", lr.at);
    return valueNode(context.options.lr ?? lr.value, lr.at, lr.end);
  }
  if (context.options.lr !== undefined) return valueNode(context.options.lr, lr.at, lr.at);
  const base = value("lr_base");
  return context.fail(
    "missing-parameter",
    `lr is ${lr.value === null ? "null" : String(lr.value)}: train.py then computes it from lr_base (${String(base.value)}) and the global batch size, which the file does not hold; give it with --set lr=X (library: set: { lr: X }) or --lr X`,
    lr.at,
  );
}

function argNode(value: SetValue | readonly number[], at: number, end: number): ValueNode {
  if (Array.isArray(value)) return { kind: "list", start: at, items: value.map((v: number) => ({ kind: "number", value: v, start: at, end: at })) };
  return valueNode(value as SetValue, at, end);
}
