/**
 * `parsePasted`: whatever a user pastes that holds a schedule, read as the schedule it builds,
 * with what was recognised said in plain words. One call in any form the spec language reads
 * (nerva-lr's own, or a peer's call as written in code), or Python text from a training script
 * (docs/pasted-code.md): its last schedule call, with the names assigned before it and the lr of
 * its optimizer.
 */
import { NervaLrError } from "../core/errors.js";
import type { Schedule } from "../core/schedule.js";
import type { CallNode, ValueNode } from "./ast.js";
import { buildRecognised } from "./build.js";
import { parseCallText, parseCallAt } from "./parser.js";
import { assignedValue, optimizerLr, scanPython, substitute, substituteCall } from "./python-text.js";
import { lrOption } from "./read.js";

export interface PastedOptions {
  /** The optimizer's lr, where the pasted code takes the lr from the optimizer (CLI: --lr). */
  readonly lr?: number;
}

export interface Pasted {
  readonly schedule: Schedule;
  /** What was recognised: `PyTorch code, torch.optim.lr_scheduler.OneCycleLR`, `Hugging Face get_scheduler("cosine")`, `spec`. */
  readonly from: string;
}

/**
 * Whether text is nerva-lr's own spec on one line (`StepLR(0.1, 3)`, `torch.StepLR(...)`, nerva's
 * `A;B` per layer), which callers read as layers, one column or curve each; anything else (a module
 * path, an assignment, several lines) is code as pasted, for parsePasted.
 */
export function isOwnSpec(text: string): boolean {
  return !text.trim().includes("\n") && /^\s*[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?\s*\(/.test(text);
}

export function parsePasted(text: string, options: PastedOptions = {}): Pasted {
  if (typeof text !== "string") throw new NervaLrError("syntax", `pasted text must be a string, got ${text === null ? "null" : typeof text}`);
  const lr = lrOption(options);
  const locate = (offset: number) => ({ source: text, offset });
  let call: CallNode;
  try {
    call = parseCallText(text);
  } catch (error) {
    if (!(error instanceof NervaLrError) || error.code !== "syntax") throw error;
    return fromPython(text, lr, error);
  }
  const { schedule, from } = buildRecognised(call, locate, true, lr === undefined ? {} : { lr });
  return { schedule, from };
}

/** Python text: the last schedule call, with what the text assigns to names and its optimizer's lr. */
function fromPython(text: string, lr: number | undefined, callError: NervaLrError): Pasted {
  const found = scanPython(text);
  if (found.schedule === undefined) {
    // One line that is not Python statements: the spec's own syntax error says more.
    if (!text.trim().includes("\n") && !/^\s*(import|from)\s|^\s*[A-Za-z_][\w.]*\s*=[^=]/m.test(text)) throw callError;
    throw new NervaLrError("syntax", "the text holds no schedule call (a call such as torch.optim.lr_scheduler.StepLR(optimizer, 30) or get_scheduler(\"cosine\", ...))", { source: text, offset: 0 });
  }
  const valueOf = names(text, found.assignments);
  const call = qualifyImported(text, substituteCall(parseCallAt(text, found.schedule.start), valueOf));
  const locate = (offset: number) => ({ source: text, offset });
  if (lr !== undefined) {
    const { schedule, from } = buildRecognised(call, locate, true, { lr });
    return { schedule, from };
  }
  // An lr written into the optimizer's groups before the schedule (`group["lr"] = 0.1`, as
  // nerva-lr's own PyTorch export does) is the lr the schedule starts from.
  const assigned = groupLr(text.slice(0, found.schedule.start));
  if (assigned !== undefined) {
    const { schedule, from, lrUsed } = buildRecognised(call, locate, true, { lr: assigned, lrFromText: true });
    return { schedule, from: lrUsed ? `${from}; lr ${assigned} from the optimizer's param_groups` : from };
  }
  // The optimizer built last before the schedule (or, failing that, any) gives the lr.
  const before = found.optimizers.filter((optimizer) => optimizer.start < (found.schedule?.start ?? 0));
  const optimizer = before[before.length - 1] ?? found.optimizers[found.optimizers.length - 1];
  const optimizerValue = optimizer === undefined ? undefined : optimizerLr(text, optimizer, valueOf);
  if (optimizer === undefined || optimizerValue === undefined) {
    const { schedule, from } = buildRecognised(call, locate, true, {});
    return { schedule, from };
  }
  const { schedule, from, lrUsed } = buildRecognised(call, locate, true, { lr: optimizerValue, lrFromText: true });
  return { schedule, from: lrUsed ? `${from}; lr ${optimizerValue} from ${optimizer.name}` : from };
}

/** Top-level packages whose `from X import Name` lines say which library a bare name is. */
const FRAMEWORKS = /^(?:torch|timm|transformers|keras|tensorflow|tf|optax|deepspeed|pl_bolts|pytorch_warmup|pytorch_optimizer)(?:\.|$)/;

/**
 * A bare call name that the text imports from a framework's module (`from timm.scheduler import
 * MultiStepLRScheduler`) is that module's: nerva has a MultiStepLRScheduler too.
 */
function qualifyImported(text: string, call: CallNode): CallNode {
  if (call.name.includes(".")) return call;
  for (const line of text.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+\(?([^#\n]*)/gm)) {
    const module = line[1] as string;
    const names = (line[2] as string).split(",").map((part) => part.trim().split(/\s+as\s+/));
    if (FRAMEWORKS.test(module) && names.some(([name, alias]) => (alias ?? name) === call.name && name === call.name)) return { ...call, name: `${module}.${call.name}` };
  }
  return call;
}

/** The last `<group>["lr"] = <number>` in the text (a param group's lr set by hand), if any. */
function groupLr(text: string): number | undefined {
  const matches = [...text.matchAll(/\[\s*["']lr["']\s*\]\s*=\s*([+-]?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(?:#.*)?$/gm)];
  const last = matches[matches.length - 1];
  if (last === undefined) return undefined;
  const value = Number((last[1] as string).replace(/_/g, ""));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The value of each name assigned at the top level, read when first asked for (and each only once: no cycles). */
function names(text: string, assignments: ReadonlyMap<string, number>): (name: string) => ValueNode | undefined {
  const values = new Map<string, ValueNode | undefined>();
  const reading = new Set<string>();
  const valueOf = (name: string): ValueNode | undefined => {
    if (values.has(name)) return values.get(name);
    const start = assignments.get(name);
    if (start === undefined || reading.has(name)) return undefined;
    reading.add(name);
    const raw = assignedValue(text, start);
    const value = raw === undefined ? undefined : substitute(raw, valueOf);
    reading.delete(name);
    values.set(name, value);
    return value;
  };
  return valueOf;
}
