/**
 * DeepSpeed: a whole ds_config, its `"scheduler": {...}` block as pasted, or the bare
 * `{"type": ..., "params": {...}}`. DeepSpeed's engine builds `lr_schedules.<type>` when
 * DeepSpeed has one, else `torch.optim.lr_scheduler.<type>`, with the params as keyword arguments
 * (docs/configs.md, "DeepSpeed").
 */
import { clip } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import type { ArgNode } from "../language/ast.js";
import { catalog, qualifiersOf, resolveName } from "../schedules/catalog.js";
import { configNode, type Context, type Recognised } from "./context.js";
import { entry, type ConfigMap, type ConfigScalar } from "./document.js";

/** DeepSpeed's own schedulers (deepspeed/runtime/lr_schedules.py). */
const DEEPSPEED = ["WarmupLR", "WarmupDecayLR", "WarmupCosineLR", "OneCycle", "LRRangeTest"];

/** Keys only a ds_config has at its top level: one of them and no "scheduler" means no schedule. */
const DS_KEYS = ["train_batch_size", "train_micro_batch_size_per_gpu", "gradient_accumulation_steps", "zero_optimization", "fp16", "bf16", "gradient_clipping", "steps_per_print", "wall_clock_breakdown", "zero_allow_untested_optimizer"];

/** Whether the root is DeepSpeed's: a config with or without a scheduler, or a bare scheduler block. */
export function isDeepSpeed(root: ConfigMap): boolean {
  if (entry(root, "scheduler")?.value.kind === "map") return true;
  // Trainer's arguments share some keys with ds_config (gradient_accumulation_steps, bf16): its
  // own keys, without a DeepSpeed optimizer or scheduler block, make it TrainingArguments.
  const trainer = root.entries.some((e) => e.key === "learning_rate" || e.key === "lr_scheduler_type" || e.key === "num_train_epochs");
  if (!trainer && root.entries.some((e) => DS_KEYS.includes(e.key))) return true;
  return isBareBlock(root);
}

/** `{"type": "WarmupLR", "params": {...}}`, and nothing else. */
function isBareBlock(root: ConfigMap): boolean {
  const type = entry(root, "type")?.value;
  if (root.entries.length > 2 || type?.kind !== "scalar" || typeof type.value !== "string") return false;
  const params = entry(root, "params");
  // A schedule of our catalog that has a parameter called "params" is the JSON form, not a block.
  if (root.entries.length === 2 && params?.value.kind !== "map") return false;
  const definition = schedulerDefinition(type.value);
  return definition !== undefined && !definition.params.some((spec) => spec.name === "params");
}

export function readDeepSpeed(root: ConfigMap, context: Context): Recognised {
  const scheduler = entry(root, "scheduler");
  const whole = scheduler !== undefined;
  if (scheduler === undefined && !isBareBlock(root)) {
    return context.fail("invalid-config", 'this DeepSpeed config has no scheduler block (a "scheduler": {"type": ..., "params": {...}})', root.entries[0]?.keyAt ?? root.at);
  }
  const block = scheduler ? scheduler.value : root;
  if (block.kind !== "map") return context.fail("invalid-config", 'the "scheduler" block must be an object with a "type"', block.at);
  const prefix = whole ? "scheduler." : "";
  const typeEntry = entry(block, "type");
  const type = typeEntry?.value;
  if (type?.kind !== "scalar" || typeof type.value !== "string") {
    return context.fail("invalid-config", `the scheduler block has no "type" naming the scheduler (${DEEPSPEED.join(", ")}, or a torch.optim.lr_scheduler class)`, type?.at ?? block.at);
  }
  const name = type.value;
  const definition = schedulerDefinition(name);
  if (definition === undefined) {
    const known = [...DEEPSPEED, ...torchNames()];
    return context.fail("unknown-name", `DeepSpeed does not recognize LR scheduler ${clip(name)}${didYouMean(name, known)}: it is neither one of DeepSpeed's (${DEEPSPEED.join(", ")}) nor a torch.optim.lr_scheduler class`, type.at);
  }
  const deepspeed = DEEPSPEED.includes(name);
  const params = entry(block, "params")?.value;
  if (params !== undefined && params.kind !== "map") return context.fail("invalid-config", `${prefix}params must be an object`, params.at);
  const args: ArgNode[] = [];
  const resumeKey = deepspeed ? "last_batch_iteration" : "last_epoch";
  for (const param of params?.entries ?? []) {
    const key = `${prefix}params.${param.key}`;
    const value = param.value;
    if (param.key === resumeKey) {
      if (value.kind === "scalar" && value.value === -1) continue;
      return context.fail("invalid-config", `${key} ${value.kind === "scalar" ? clip(String(value.value)) : ""} describes a resumed run, not a schedule; leave it at -1 and look further along with --at (library: at(step))`, value.at);
    }
    // torch's keyword that only prints: accepted, as DeepSpeed passes it on.
    if (!deepspeed && param.key === "verbose") continue;
    const set = context.setValue(param.key);
    if (set === undefined && value.kind === "scalar" && value.value === "auto") context.auto(key, param.key, value.at);
    const node = set === undefined ? configNode(value, context) : configNode({ kind: "scalar", value: set, at: value.at, end: value.at }, context);
    args.push({ name: param.key, nameStart: param.keyAt, value: node });
  }
  const takesLr = definition.params.some((spec) => spec.name === "lr");
  const qualified = deepspeed ? `deepspeed.${name}` : `torch.${name}`;
  if (takesLr) {
    const optimizerLr = lrNode(root);
    const how = `${name} takes its lr from the optimizer`;
    args.unshift({ name: "lr", value: context.optimizerLr("optimizer.params.lr", optimizerLr, type.at, how) });
  } else if (context.options.lr !== undefined) {
    const own = definition.params[0]?.name ?? "lr";
    const given = params?.entries.find((e) => e.key === own);
    context.lrConflict(`${prefix}params.${own}`, given?.value.at ?? type.at);
  }
  const close = block.end > 0 ? block.end - 1 : block.at;
  const from = `${whole ? (root.entries.length === 1 ? "DeepSpeed scheduler block" : "DeepSpeed config") : "DeepSpeed scheduler block"}, scheduler ${name}${deepspeed ? "" : " (torch.optim.lr_scheduler, DeepSpeed's fallback)"}`;
  return { call: { kind: "call", name: qualified, start: type.at, close, args }, from, consumed: context.consumed, keys: (params?.entries ?? []).map((e) => e.key) };
}

/** optimizer.params.lr of a whole config, if it has one. */
function lrNode(root: ConfigMap): ConfigScalar | undefined {
  const optimizer = entry(root, "optimizer")?.value;
  const params = optimizer?.kind === "map" ? entry(optimizer, "params")?.value : undefined;
  const lr = params?.kind === "map" ? entry(params, "lr")?.value : undefined;
  return lr?.kind === "scalar" ? lr : undefined;
}

/** The catalog's definition a DeepSpeed scheduler type names: DeepSpeed's own, else torch's. */
function schedulerDefinition(name: string) {
  const resolved = resolveName(DEEPSPEED.includes(name) ? `deepspeed.${name}` : `torch.${name}`);
  return resolved && "definition" in resolved ? resolved.definition : undefined;
}

function torchNames(): string[] {
  return catalog.filter((d) => qualifiersOf(d).includes("torch")).map((d) => d.type);
}
