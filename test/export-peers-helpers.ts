// What the export-peers tests share: the formulas of the peers' schedules (src/export/formulas/),
// and an ExportContext built from them. PyTorch children (the catalog's examples wrap a few) get
// their closed forms, written here from PyTorch's documented formulas; the pytorch export itself
// is another module's, so the context's `pytorch` records what it was asked for.
import type { Schedule } from "../src/core/schedule.js";
import type { ExportContext, Formulas } from "../src/export/contract.js";
import { formulas as bolts } from "../src/export/formulas/bolts.js";
import { formulas as deepspeed } from "../src/export/formulas/deepspeed.js";
import { formulas as megatron } from "../src/export/formulas/megatron.js";
import { formulas as nemo } from "../src/export/formulas/nemo.js";
import { formulas as pytorchOptimizer } from "../src/export/formulas/pytorch-optimizer.js";
import { formulas as pytorchWarmup } from "../src/export/formulas/pytorch-warmup.js";
import { formulas as timm } from "../src/export/formulas/timm.js";
import { formulas as warmup } from "../src/export/formulas/warmup.js";

/** The libraries whose formulas these tests own, by `definition.source`, with their tables. */
export const PEER_TABLES: Readonly<Record<string, Formulas>> = {
  timm: { ...timm, ...warmup },
  DeepSpeed: deepspeed,
  "Megatron-LM": megatron,
  NeMo: nemo,
  pytorch_warmup: pytorchWarmup,
  pytorch_optimizer: pytorchOptimizer,
  "Lightning Bolts": bolts,
};

const num = (x: number) => (x < 0 ? `(${x})` : String(x));

/** PyTorch's closed forms for the children the catalog's examples use (PyTorch's docs). */
const TORCH_CHILDREN: Formulas = {
  StepLR: (p) => `${num(p["lr"] as number)} * ${num(p["gamma"] as number)} ** floor(step / ${num(p["step_size"] as number)})`,
  ExponentialLR: (p) => `${num(p["lr"] as number)} * ${num(p["gamma"] as number)} ** step`,
  CosineAnnealingLR: (p) => {
    const [lr, tMax, etaMin] = [p["lr"] as number, p["T_max"] as number, p["eta_min"] as number];
    const phase = `(step if step < ${2 * tMax} else step - ${2 * tMax} * floor(step / ${2 * tMax}))`;
    return `${num(etaMin)} + ${num(lr - etaMin)} * ((1 + cos(pi * (${phase} / ${tMax}))) / 2)`;
  },
};

/** The formula of any schedule these tests meet: the peers' tables, then the PyTorch children. */
export function formulaOf(schedule: Schedule): string | undefined {
  const table = PEER_TABLES[schedule.definition.source] ?? TORCH_CHILDREN;
  const formula = table[schedule.type];
  return formula === undefined ? undefined : formula(schedule.params, formulaOf);
}

/** A context whose `pytorch` records the schedules it was asked for and returns a marker. */
export function testContext(): ExportContext & { readonly askedPytorch: Schedule[] } {
  const askedPytorch: Schedule[] = [];
  return {
    askedPytorch,
    formula: formulaOf,
    pytorch: (schedule) => {
      askedPytorch.push(schedule);
      return `# pytorch export of ${schedule.type}\n`;
    },
  };
}
