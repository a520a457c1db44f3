/**
 * transformers' `get_scheduler(name, optimizer, num_warmup_steps, num_training_steps,
 * scheduler_specific_kwargs)`, as Trainer calls it: the call becomes the call of the schedule the
 * name selects (schedules/huggingface.ts, SCHEDULER_TYPES), given what get_scheduler gives it.
 * nerva-lr's own form puts `lr` where the optimizer goes: `get_scheduler("linear", 0.1, 10, 100)`.
 */
import { clip } from "../../core/errors.js";
import { didYouMean } from "../../core/suggest.js";
import { SCHEDULER_TYPES } from "../../schedules/huggingface.js";
import type { ArgNode, CallNode, ValueNode } from "../ast.js";
import type { PeerCall } from "./index.js";

const POSITIONAL = ["name", "optimizer", "num_warmup_steps", "num_training_steps", "scheduler_specific_kwargs"] as const;
const NAMES = Object.keys(SCHEDULER_TYPES);

/**
 * The names get_scheduler passes the step counts and extra arguments to only for some types, as
 * transformers does: "constant" takes the optimizer alone; "constant_with_warmup" and
 * "inverse_sqrt" take the warmup but no scheduler_specific_kwargs; "warmup_stable_decay" may leave
 * out num_training_steps (num_stable_steps then comes in the kwargs); "reduce_lr_on_plateau" takes
 * the kwargs only.
 */
const TAKES_KWARGS = (name: string) => name !== "constant" && name !== "constant_with_warmup" && name !== "inverse_sqrt";

/** SchedulerType's members by name: `SchedulerType.COSINE` is "cosine". */
const MEMBERS: Readonly<Record<string, string>> = Object.fromEntries(NAMES.map((name) => [name === "reduce_lr_on_plateau" ? "REDUCE_ON_PLATEAU" : name.toUpperCase(), name]));

export const getScheduler: PeerCall = (node, fail) => {
  const given = new Map<string, ArgNode>();
  const extra: ArgNode[] = [];
  let position = 0;
  for (const arg of node.args) {
    let name: string | undefined = arg.name;
    if (name === undefined) {
      name = POSITIONAL[position++] as string | undefined;
      if (name === undefined) return fail("unknown-parameter", `too many arguments: get_scheduler takes ${POSITIONAL.join(", ")}`, arg.value.start);
      // nerva-lr's own form: a number where the optimizer goes is the lr.
      if (name === "optimizer" && arg.value.kind === "number") name = "lr";
    }
    if (given.has(name)) fail("duplicate-parameter", `parameter ${name} is given twice`, arg.nameStart ?? arg.value.start);
    if ((POSITIONAL as readonly string[]).includes(name) || name === "lr") given.set(name, { ...arg, name });
    else extra.push(arg);
  }
  const type = schedulerName(given.get("name"), node, fail);
  const target = SCHEDULER_TYPES[type] as (typeof SCHEDULER_TYPES)[string];
  const args: ArgNode[] = [];
  for (const name of ["optimizer", "lr"]) {
    const arg = given.get(name);
    if (arg && !isNone(arg.value)) args.push(arg);
  }
  if (type !== "constant" && type !== "reduce_lr_on_plateau") {
    for (const steps of target.takes) {
      const arg = given.get(steps);
      if (!arg || isNone(arg.value)) {
        if (type === "warmup_stable_decay" && steps === "num_training_steps") continue;
        return fail("missing-parameter", `get_scheduler: ${type} requires ${steps}`, node.close);
      }
      args.push(arg);
    }
  }
  const kwargs = given.get("scheduler_specific_kwargs");
  if (kwargs && !isNone(kwargs.value) && TAKES_KWARGS(type)) args.push(...kwargsOf(kwargs.value, fail));
  const qualified = target.type === "ReduceLROnPlateau" ? "torch.ReduceLROnPlateau" : `transformers.${target.type}`;
  return { kind: "call", name: qualified, start: node.start, close: node.close, args: [...args, ...extra] };
};

/** `Hugging Face get_scheduler("cosine")`. */
export function getSchedulerLabel(node: CallNode): string {
  const nameArg = node.args.find((arg) => arg.name === "name") ?? node.args.find((arg) => arg.name === undefined);
  const value = nameArg?.value;
  const name = value?.kind === "word" ? (MEMBERS[memberOf(value.word) ?? ""] ?? value.word) : "?";
  return `Hugging Face get_scheduler("${clip(name)}")`;
}

function schedulerName(arg: ArgNode | undefined, node: CallNode, fail: Parameters<PeerCall>[1]): string {
  if (!arg) return fail("missing-parameter", `get_scheduler: missing parameter name (one of ${NAMES.join(", ")})`, node.close);
  const value = arg.value;
  if (value.kind !== "word" || value.boolean !== undefined || value.lambda === true) {
    return fail("wrong-type", `get_scheduler: name expects one of ${NAMES.join(", ")}, found ${value.kind === "number" ? "a number" : value.kind === "word" ? `the word ${clip(value.word)}` : `a ${value.kind}`}`, value.start);
  }
  const member = value.quoted === true ? undefined : memberOf(value.word);
  if (member !== undefined) {
    const name = MEMBERS[member];
    if (name === undefined) return fail("wrong-type", `get_scheduler: SchedulerType has no member ${clip(member)}${didYouMean(member, Object.keys(MEMBERS))}`, value.start);
    return name;
  }
  if (!Object.hasOwn(SCHEDULER_TYPES, value.word)) {
    return fail("wrong-type", `get_scheduler: unknown scheduler type ${clip(value.word)}${didYouMean(value.word, NAMES)}; the types are ${NAMES.join(", ")}`, value.start);
  }
  return value.word;
}

/** `SchedulerType.COSINE` (any module path before it): the member's name. */
function memberOf(word: string): string | undefined {
  const match = /(?:^|\.)SchedulerType\.([A-Za-z_0-9]+)$/.exec(word);
  return match?.[1];
}

function isNone(value: ValueNode): boolean {
  return value.kind === "word" && value.quoted !== true && (value.word === "None" || value.none === true);
}

/** scheduler_specific_kwargs={"min_lr": 1e-6} (or dict(min_lr=1e-6)): named arguments of the schedule. */
function kwargsOf(value: ValueNode, fail: Parameters<PeerCall>[1]): ArgNode[] {
  if (value.kind !== "dict") return fail("wrong-type", "scheduler_specific_kwargs expects a dict, such as {\"num_cycles\": 2}", value.start);
  return value.entries.map((entry) => {
    if (entry.key.kind !== "word") return fail("wrong-type", "scheduler_specific_kwargs: a key must be a parameter name in quotes", entry.key.start);
    return { name: entry.key.word, nameStart: entry.key.start + 1, value: entry.value };
  });
}
