/**
 * The PyTorch target (docs/export.md): Python that expects a variable `optimizer`, sets the lr
 * it needs itself and assigns `scheduler`; after k calls of `scheduler.step()` (ReduceLROnPlateau:
 * `scheduler.step(metric)`) the optimizer's lr is the schedule's value at k. torch's own class where
 * torch has the schedule (checked against torch 1.13's signatures), torch's SequentialLR and
 * ChainedScheduler over children torch combines exactly, and otherwise a LambdaLR whose lambda is
 * the schedule's formula with the optimizer's lr set to 1.0 (so the lr is 1.0 * formula, exactly).
 */
import { NervaLrError } from "../../core/errors.js";
import { parseExpression } from "../../core/expression.js";
import type { ParamValues } from "../../core/params.js";
import type { Schedule } from "../../core/schedule.js";
import type { ExportContext, Exporter } from "../contract.js";
import { numberText, printExpression, usesMath } from "../python.js";

/** A torch scheduler call, and the lr the optimizer must hold before it is made (none: it sets its own). */
interface TorchCall {
  readonly code: string;
  readonly lr: number | undefined;
  readonly math: boolean;
  readonly swa?: boolean;
  readonly note?: string;
}

const LR_SCHEDULER = "torch.optim.lr_scheduler";

/** A Python value: numbers exact, words quoted, booleans and lists as Python writes them. */
function py(value: unknown): string {
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) return `[${value.map(py).join(", ")}]`;
  return `"${String(value)}"`;
}

/** A number Python reads as a float (1.0, not 1): torch checks some parameters' type. */
function pyFloat(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : numberText(value);
}

/** Parameters torch 1.13 requires to be floats (OneCycleLR: `isinstance(pct_start, float)`). */
const FLOATS = new Set(["pct_start", "div_factor", "final_div_factor"]);

/** `Class(optimizer, name=value, ...)` with the named parameters of the schedule. */
function call(className: string, p: ParamValues, names: readonly string[], lr: number | undefined, extra: Partial<TorchCall> = {}): TorchCall {
  const args = ["optimizer", ...names.map((name) => `${name}=${FLOATS.has(name) ? pyFloat(p[name] as number) : py(p[name])}`)];
  return { code: `${className}(${args.join(", ")})`, lr, math: false, ...extra };
}

/** `Class(optimizer, lambda step: <expression>)`, the expression printed as Python. */
function lambdaCall(className: string, expressionText: string, lr: number, note?: string): TorchCall {
  const expression = parseExpression(expressionText);
  const body = printExpression(expression, { dialect: "python", variable: "step" });
  return { code: `${LR_SCHEDULER}.${className}(optimizer, lambda step: ${body})`, lr, math: usesMath(expression), ...(note ? { note } : {}) };
}

const lrOf = (p: ParamValues) => p["lr"] as number;

/** torch's own class for each schedule that torch has (by source, then type). */
const NATIVE: Readonly<Record<string, Readonly<Record<string, (p: ParamValues) => TorchCall>>>> = {
  PyTorch: {
    StepLR: (p) => call(`${LR_SCHEDULER}.StepLR`, p, ["step_size", "gamma"], lrOf(p)),
    MultiStepLR: (p) => call(`${LR_SCHEDULER}.MultiStepLR`, p, ["milestones", "gamma"], lrOf(p)),
    ConstantLR: (p) => call(`${LR_SCHEDULER}.ConstantLR`, p, ["factor", "total_iters"], lrOf(p)),
    LinearLR: (p) => call(`${LR_SCHEDULER}.LinearLR`, p, ["start_factor", "end_factor", "total_iters"], lrOf(p)),
    ExponentialLR: (p) => call(`${LR_SCHEDULER}.ExponentialLR`, p, ["gamma"], lrOf(p)),
    PolynomialLR: (p) => call(`${LR_SCHEDULER}.PolynomialLR`, p, ["total_iters", "power"], lrOf(p)),
    CosineAnnealingLR: (p) => call(`${LR_SCHEDULER}.CosineAnnealingLR`, p, ["T_max", "eta_min"], lrOf(p)),
    CosineAnnealingWarmRestarts: (p) => call(`${LR_SCHEDULER}.CosineAnnealingWarmRestarts`, p, ["T_0", "T_mult", "eta_min"], lrOf(p)),
    // CyclicLR and OneCycleLR set the optimizer's lr (and momentum, cycled by torch itself) themselves.
    CyclicLR: (p) =>
      call(`${LR_SCHEDULER}.CyclicLR`, p, ["base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma", "cycle_momentum", "base_momentum", "max_momentum"], undefined),
    OneCycleLR: (p) =>
      call(
        `${LR_SCHEDULER}.OneCycleLR`,
        p,
        ["max_lr", "total_steps", "pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase", "cycle_momentum", "base_momentum", "max_momentum"],
        undefined,
        { note: "torch's OneCycleLR raises past total_steps steps; nerva-lr holds the final lr there" },
      ),
    SWALR: (p) => call("SWALR", p, ["swa_lr", "anneal_epochs", "anneal_strategy"], lrOf(p), { swa: true }),
    LambdaLR: (p) => lambdaCall("LambdaLR", p["lr_lambda"] as string, lrOf(p)),
    MultiplicativeLR: (p) => lambdaCall("MultiplicativeLR", p["lr_lambda"] as string, lrOf(p)),
    ReduceLROnPlateau: (p) =>
      call(`${LR_SCHEDULER}.ReduceLROnPlateau`, p, ["mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"], lrOf(p), {
        note: "metric-driven: call scheduler.step(metric) once per epoch",
      }),
  },
  nerva: {
    // The optimizer's lr, unchanged (a factor of 1).
    Constant: (p) => ({ code: `${LR_SCHEDULER}.ConstantLR(optimizer, factor=1.0)`, lr: lrOf(p), math: false }),
    // lr * exp(-change_rate)^t: torch multiplies by gamma = exp(-change_rate) once per step.
    Exponential: (p) => ({ code: `${LR_SCHEDULER}.ExponentialLR(optimizer, gamma=${numberText(Math.exp(-(p["change_rate"] as number)))})`, lr: lrOf(p), math: false }),
    // Each step divides the lr by 1 + decay * step: nerva's values for steps 0, 1, 2, ... in order.
    TimeBased: (p) =>
      lambdaCall("MultiplicativeLR", `1 / (1 + ${numberText(p["decay"] as number)} * step)`, lrOf(p), "nerva's TimeBased as called at steps 0, 1, 2, ... in order: each step divides the lr by 1 + decay * step"),
  },
};

/**
 * Children torch's SequentialLR restarts exactly at a milestone (their value is a closed form of
 * the optimizer's initial lr and the step); ChainedScheduler's children must each multiply the
 * lr by a factor of their own (then the product is nerva-lr's ChainedScheduler).
 */
const SEQUENTIAL_CHILDREN = ["StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR", "CosineAnnealingLR", "LambdaLR"];
const CHAINED_CHILDREN = ["StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR"];

function native(schedule: Schedule): TorchCall | undefined {
  return NATIVE[schedule.definition.source]?.[schedule.type]?.(schedule.params);
}

/** SequentialLR or ChainedScheduler of torch's classes, where torch combines them as nerva-lr does. */
function combined(schedule: Schedule): TorchCall | undefined {
  if (schedule.definition.source !== "PyTorch") return undefined;
  const children = schedule.children();
  const allowed = schedule.type === "SequentialLR" ? SEQUENTIAL_CHILDREN : schedule.type === "ChainedScheduler" ? CHAINED_CHILDREN : undefined;
  if (!allowed || !children.every((child) => child.definition.source === "PyTorch" && allowed.includes(child.type))) return undefined;
  const calls = children.map((child) => native(child) as TorchCall);
  const lr = schedule.params["lr"] as number | undefined;
  const math = calls.some((c) => c.math);
  if (schedule.type === "SequentialLR") {
    // One optimizer lr for all: every child must start from the same lr.
    const first = calls[0]?.lr;
    if (!calls.every((c) => c.lr === first)) return undefined;
    return { code: `${LR_SCHEDULER}.SequentialLR(optimizer, schedulers=[${calls.map((c) => c.code).join(", ")}], milestones=${py(schedule.params["milestones"])})`, lr: first, math };
  }
  // Each child's factor is its value over its lr, which must be its peak (nerva-lr divides by the peak).
  if (!children.every((child) => child.peak() === child.params["lr"])) return undefined;
  return { code: `${LR_SCHEDULER}.ChainedScheduler([${calls.map((c) => c.code).join(", ")}])`, lr: lr !== undefined ? lr : (children[0] as Schedule).peak(), math };
}

/** The code: imports, the optimizer's lr where the scheduler reads it, and `scheduler = ...`. */
function render(schedule: Schedule, torch: TorchCall, comments: readonly string[]): string {
  const lines = [`# nerva-lr export --to pytorch: ${String(schedule)}`, ...comments.map((c) => `# ${c}`)];
  if (torch.note) lines.push(`# ${torch.note}.`);
  if (torch.math) lines.push("import math");
  lines.push("import torch");
  if (torch.swa) lines.push("from torch.optim.swa_utils import SWALR");
  lines.push("");
  if (torch.lr !== undefined) {
    const lr = pyFloat(torch.lr);
    // initial_lr too: torch's schedulers keep an initial_lr an earlier scheduler left in the group.
    lines.push("for group in optimizer.param_groups:", `    group["lr"] = ${lr}`, `    group["initial_lr"] = ${lr}`);
  }
  lines.push(`scheduler = ${torch.code}`, "");
  return lines.join("\n");
}

export const pytorch: Exporter = (schedule: Schedule, context: ExportContext) => {
  const torch = native(schedule) ?? combined(schedule);
  if (torch) return render(schedule, torch, []);
  const formula = context.formula(schedule);
  const name = `${schedule.type} (${schedule.definition.source})`;
  if (formula === undefined) {
    const why = schedule.behaviour === "metric-driven" ? "it is metric-driven" : schedule.behaviour === "call-order" ? "its values depend on the order of calls" : "nerva-lr has no formula of it";
    throw new NervaLrError(
      "cannot-export",
      `${name} cannot be written for PyTorch: torch has no such class and ${why}; PyTorch's export has torch's own schedulers (StepLR, MultiStepLR, ..., ReduceLROnPlateau) and a LambdaLR for any schedule with a formula`,
    );
  }
  const comments = [
    `${schedule.type} of ${schedule.definition.source}: torch has no such class, so this is a LambdaLR whose`,
    "lambda is the schedule's formula, the lr itself (the optimizer's lr is set to 1.0: lr = 1.0 * lambda(step)).",
  ];
  if (schedule.cyclesMomentum) comments.push("The momentum this schedule cycles is not carried: only the lr is set.");
  return render(schedule, lambdaCall("LambdaLR", formula, 1), comments);
};
