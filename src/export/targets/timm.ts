/**
 * `--to timm` (docs/export.md): timm's own scheduler classes for timm's five schedulers, on the
 * user's `optimizer` with its lr set first; any other schedule (the Warmup wrapper included: timm
 * has no class that wraps another scheduler) is the PyTorch export, under a comment saying so.
 */
import type { ParamValues } from "../../core/params.js";
import type { Schedule } from "../../core/schedule.js";
import type { Exporter } from "../contract.js";
import { pythonBool, pythonFloat, pythonInt, pythonNumber, setOptimizerLr } from "../python-values.js";

type Printer = (value: never) => string;
const int: Printer = (x: number) => pythonInt(x);
const float: Printer = (x: number) => pythonFloat(x);
const bool: Printer = (x: boolean) => pythonBool(x);
const ints: Printer = (xs: readonly number[]) => `[${xs.map(pythonInt).join(", ")}]`;

const WARMUP = { warmup_t: int, warmup_lr_init: float, warmup_prefix: bool };
const CYCLES = { lr_min: float, cycle_mul: float, cycle_decay: float, cycle_limit: int };

/** timm's keyword arguments of each class, in timm's order, and how each is printed. */
const CLASSES: Readonly<Record<string, Readonly<Record<string, Printer>>>> = {
  CosineLRScheduler: { t_initial: int, ...CYCLES, ...WARMUP, k_decay: float },
  TanhLRScheduler: { t_initial: int, lb: float, ub: float, ...CYCLES, ...WARMUP },
  PolyLRScheduler: { t_initial: int, power: float, ...CYCLES, ...WARMUP, k_decay: float },
  StepLRScheduler: { decay_t: float, decay_rate: float, ...WARMUP },
  MultiStepLRScheduler: { decay_t: ints, decay_rate: float, ...WARMUP },
};

/** timm's noise options, printed only where the schedule has noise. */
function noiseArguments(p: ParamValues): string[] {
  const range = p["noise_range_t"] as readonly number[] | undefined;
  if (range === undefined) return [];
  const start = range.length === 1 ? pythonNumber(range[0] as number) : `(${range.map(pythonNumber).join(", ")})`;
  return [`noise_range_t=${start}`, `noise_pct=${pythonFloat(p["noise_pct"] as number)}`, `noise_std=${pythonFloat(p["noise_std"] as number)}`, `noise_seed=${pythonInt(p["noise_seed"] as number)}`];
}

const STEPPING =
  "# timm's stepping: the constructor sets the lr of epoch 0, and scheduler.step(k) sets the lr of epoch k\n" +
  "# (timm's train.py calls scheduler.step(epoch + 1) after each epoch): after scheduler.step(k) the\n" +
  "# optimizer's lr is the value at step k. Per update instead of per epoch: add t_in_epochs=False and call\n" +
  "# scheduler.step_update(num_updates) after each optimizer update.\n";

const NOISE =
  "# The noise is timm's own draw (torch's generator seeded with noise_seed + t): nerva-lr's noise has\n" +
  "# timm's distribution and range, not timm's numbers, so noisy steps differ from nerva-lr's values.\n";

export const toTimm: Exporter = (schedule: Schedule, context) => {
  const printers = schedule.definition.source === "timm" ? CLASSES[schedule.type] : undefined;
  if (printers === undefined) {
    return `# timm has no scheduler class for ${schedule.type}: this is the plain PyTorch form (call scheduler.step() once per step).\n${context.pytorch(schedule)}`;
  }
  const p = schedule.params;
  const args = Object.entries(printers).map(([name, print]) => `${name}=${print(p[name] as never)}`);
  const noise = noiseArguments(p);
  return (
    `# timm's ${schedule.type}.\n` +
    STEPPING +
    (noise.length > 0 ? NOISE : "") +
    `from timm.scheduler import ${schedule.type}\n\n` +
    setOptimizerLr(p["lr"] as number) +
    `scheduler = ${schedule.type}(${["optimizer", ...args, ...noise].join(", ")})\n`
  );
};
