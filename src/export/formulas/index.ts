/**
 * Every formula table, by the library (`definition.source`) whose schedules it covers: a type
 * alone is not enough (Hugging Face and pytorch_optimizer both have a get_wsd_schedule).
 */
import type { Schedule } from "../../core/schedule.js";
import type { Formulas } from "../contract.js";
import { formulas as fairseq } from "./fairseq.js";
import { formulas as huggingface } from "./huggingface.js";
import { formulas as keras } from "./keras.js";
import { formulas as nerva } from "./nerva.js";
import { formulas as optax } from "./optax.js";
import { formulas as pytorch } from "./pytorch.js";
import { formulas as bolts } from "./bolts.js";
import { formulas as deepspeed } from "./deepspeed.js";
import { formulas as megatron } from "./megatron.js";
import { formulas as nemo } from "./nemo.js";
import { formulas as pytorchOptimizer } from "./pytorch-optimizer.js";
import { formulas as pytorchWarmup } from "./pytorch-warmup.js";
import { formulas as timm } from "./timm.js";
import { formulas as warmup } from "./warmup.js";

export const FORMULAS: Readonly<Record<string, Formulas>> = {
  nerva,
  PyTorch: pytorch,
  Keras: keras,
  optax,
  "Hugging Face": huggingface,
  fairseq,
  // timm's Warmup wrapper (schedules/warmup.ts) is a timm schedule too.
  timm: { ...timm, ...warmup },
  DeepSpeed: deepspeed,
  "Megatron-LM": megatron,
  NeMo: nemo,
  pytorch_warmup: pytorchWarmup,
  pytorch_optimizer: pytorchOptimizer,
  "Lightning Bolts": bolts,
};

/**
 * The schedule's formula (contract.ts's Formula), undefined where it has none: no table for its
 * library yet, or the table says none (state, metrics, noise).
 */
export function formulaOf(schedule: Schedule): string | undefined {
  const formula = FORMULAS[schedule.definition.source]?.[schedule.type];
  return formula === undefined ? undefined : formula(schedule.params, formulaOf);
}
