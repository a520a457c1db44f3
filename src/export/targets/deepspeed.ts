/**
 * `--to deepspeed` (docs/export.md): a DeepSpeed config fragment, `{"scheduler": {"type", "params"}}`,
 * for DeepSpeed's own five schedulers, and for the torch.optim.lr_scheduler classes whose
 * arguments are all JSON values: DeepSpeed's engine (_scheduler_from_config) takes a type it does
 * not have from torch.optim.lr_scheduler by name and calls it with the optimizer and the params.
 * An `optimizer` block gives the lr where the scheduler reads it from the optimizer. Any other
 * schedule is refused with the forms DeepSpeed has.
 */
import { NervaLrError, type ErrorCode } from "../../core/errors.js";
import type { ParamValues } from "../../core/params.js";
import type { Schedule } from "../../core/schedule.js";
import type { Exporter } from "../contract.js";

/** DeepSpeed's own schedulers (deepspeed.runtime.lr_schedules), by the parameters its config takes. */
const DEEPSPEED: Readonly<Record<string, readonly string[]>> = {
  WarmupLR: ["warmup_min_lr", "warmup_max_lr", "warmup_num_steps", "warmup_type"],
  WarmupDecayLR: ["total_num_steps", "warmup_min_lr", "warmup_max_lr", "warmup_num_steps", "warmup_type"],
  WarmupCosineLR: ["total_num_steps", "warmup_min_ratio", "warmup_num_steps", "cos_min_ratio", "warmup_type"],
  OneCycle: [
    "cycle_min_lr",
    "cycle_max_lr",
    "decay_lr_rate",
    "cycle_first_step_size",
    "cycle_second_step_size",
    "cycle_first_stair_count",
    "cycle_second_stair_count",
    "decay_step_size",
    "cycle_momentum",
    "cycle_min_mom",
    "cycle_max_mom",
    "decay_mom_rate",
  ],
  LRRangeTest: ["lr_range_test_min_lr", "lr_range_test_step_size", "lr_range_test_step_rate", "lr_range_test_staircase"],
};

/** torch.optim.lr_scheduler classes whose arguments (besides the optimizer) are all JSON values; the lr is the optimizer's. */
const TORCH: Readonly<Record<string, readonly string[]>> = {
  StepLR: ["step_size", "gamma"],
  MultiStepLR: ["milestones", "gamma"],
  ConstantLR: ["factor", "total_iters"],
  LinearLR: ["start_factor", "end_factor", "total_iters"],
  ExponentialLR: ["gamma"],
  PolynomialLR: ["total_iters", "power"],
  CosineAnnealingLR: ["T_max", "eta_min"],
  CosineAnnealingWarmRestarts: ["T_0", "T_mult", "eta_min"],
  CyclicLR: ["base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma", "cycle_momentum", "base_momentum", "max_momentum"],
  OneCycleLR: ["max_lr", "total_steps", "pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase", "cycle_momentum", "base_momentum", "max_momentum"],
};

/** The error code the export's refusals carry (docs/export.md). */
const CANNOT_EXPORT = "cannot-export" as ErrorCode;

function pick(p: ParamValues, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => p[name] !== undefined).map((name) => [name, p[name]]));
}

/**
 * The optimizer block where the scheduler needs one: the lr it reads, and the momentum (torch's
 * CyclicLR cycles SGD's momentum) or Adam's betas (DeepSpeed's OneCycle cycles beta1) it cycles.
 */
function optimizerFor(schedule: Schedule): Record<string, unknown> | undefined {
  const p = schedule.params;
  if (schedule.type === "OneCycle") return p["cycle_momentum"] === true ? { type: "Adam", params: { lr: p["cycle_min_lr"] } } : undefined;
  if (schedule.type === "CyclicLR") return p["cycle_momentum"] === true ? { type: "SGD", params: { lr: p["base_lr"], momentum: p["max_momentum"] } } : { type: "Adam", params: { lr: p["base_lr"] } };
  if (schedule.type === "OneCycleLR") return { type: "Adam", params: { lr: p["max_lr"] } };
  if (schedule.type === "WarmupCosineLR" || schedule.definition.source === "PyTorch") return { type: "Adam", params: { lr: p["lr"] } };
  return undefined;
}

export const toDeepSpeed: Exporter = (schedule: Schedule) => {
  const own = schedule.definition.source === "DeepSpeed" ? DEEPSPEED[schedule.type] : undefined;
  const torch = schedule.definition.source === "PyTorch" ? TORCH[schedule.type] : undefined;
  const names = own ?? torch;
  if (names === undefined) throw refusal(schedule);
  const optimizer = optimizerFor(schedule);
  const config = { ...(optimizer === undefined ? {} : { optimizer }), scheduler: { type: schedule.type, params: pick(schedule.params, names) } };
  return `${JSON.stringify(config, null, 2)}\n`;
};

function refusal(schedule: Schedule): NervaLrError {
  const why = schedule.behaviour === "metric-driven" ? " (DeepSpeed's engine steps its scheduler without a metric)" : "";
  return new NervaLrError(
    CANNOT_EXPORT,
    `DeepSpeed has no scheduler for ${schedule.type}${why}: its config takes DeepSpeed's ${Object.keys(DEEPSPEED).join(", ")}, ` +
      `or a torch.optim.lr_scheduler class with JSON parameters (${Object.keys(TORCH).join(", ")}); export it --to pytorch instead`,
  );
}
