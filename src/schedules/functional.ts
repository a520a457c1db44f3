/**
 * PyTorch's LambdaLR and MultiplicativeLR take functions. LambdaLR's factor can be written in spec
 * text as an expression of the step (`LambdaLR(0.1, lr_lambda="0.95 ** epoch")`, the safe
 * arithmetic of core/expression.ts); given a JavaScript function instead, a schedule has no spec
 * text or JSON form. `String(s)` names the schedule plainly and `toJSON`
 * throws `no-text-form` (so `JSON.stringify` never writes a silent `{}`). What the function returns
 * is checked at every call: a negative, NaN or infinite factor is an error, never a learning rate.
 */
import { clip, NervaLrError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { evaluate, parseExpression, usesStep } from "../core/expression.js";
import { lrParam } from "../core/params.js";
import { checkedValue, checkEpoch, defineSchedule, epoch, Schedule, type LearningRateScheduler, type ScheduleDefinition } from "../core/schedule.js";
import { defineLibrary } from "./library.js";

export type FactorFunction = (step: number) => number;

/** A schedule built from a JavaScript function: it evaluates, but has no spec text or JSON form. */
export interface FunctionSchedule extends LearningRateScheduler {
  /** `LambdaLR(lr=0.1, lr_lambda=<function>)`: for messages and logs; it does not parse back. */
  toString(): string;
  /** Always throws a `NervaLrError` with code `no-text-form`: a function cannot be written as JSON. */
  toJSON(): never;
}

function functionSchedule(name: string, lr: number, at: (t: number) => number): FunctionSchedule {
  return {
    // Each factor is checked as it is made; the product, as every schedule's value, here.
    at: (t) => checkedValue(name, t, at(t)),
    toString: () => `${name}(lr=${lr}, lr_lambda=<function>)`,
    toJSON: () => {
      throw new NervaLrError("no-text-form", `${name} with a JavaScript function has no spec text or JSON form; keep the function in code, or write the schedule with a catalog name`);
    },
  };
}

function checkedFactor(fn: FactorFunction, step: number, name: string): number {
  const factor = fn(step);
  if (typeof factor !== "number" || !Number.isFinite(factor) || factor < 0) {
    throw new NervaLrError("out-of-range", `${name}: lr_lambda(${step}) ${describeFactor(factor)}; a factor must be a finite number >= 0`);
  }
  return factor;
}

/** What is wrong with a factor, in words (messages never print NaN or Infinity). */
function describeFactor(factor: unknown): string {
  if (typeof factor !== "number") return `returned ${factor === null ? "null" : typeof factor}, not a number`;
  if (Number.isNaN(factor)) return "has no value (the arithmetic has none there, as for 0 / 0)";
  if (!Number.isFinite(factor)) return factor > 0 ? "is infinite (it overflows the largest double)" : "is minus infinity";
  return `returned ${factor}`;
}

function checkLr(lr: unknown, name: string): asserts lr is number {
  if (typeof lr !== "number") throw new NervaLrError("wrong-type", `${name}: lr must be a number, got ${lr === null ? "null" : typeof lr}`);
  if (!Number.isFinite(lr) || lr < 0) throw new NervaLrError("out-of-range", `${name}: lr must be a finite number >= 0, got ${String(lr)}`);
}

/**
 * PyTorch LambdaLR with its factor written as an expression of the step: lr * lr_lambda(t). A
 * factor that is not a finite number >= 0 at some step is an error at that step.
 */
export const LambdaLR = defineSchedule({
  type: "LambdaLR",
  example: 'LambdaLR(0.1, lr_lambda="0.95 ** epoch")',
  summary: "lr times a factor written as an expression of the step (PyTorch's lr_lambda).",
  formula: "lr * lr_lambda(t)",
  params: [lrParam, { name: "lr_lambda", kind: "expression", doc: "the factor at step epoch (also t, step): + - * / ** %, min max abs floor ceil exp log sqrt sin cos tanh, pi, e" }],
  kernel: (p) => {
    const lr = p.lr;
    const expression = parseExpression(p.lr_lambda);
    const factor = (step: number) => evaluate(expression, step);
    const at = (t: number) => lr * checkedFactor(factor, epoch(t), "LambdaLR");
    // PyTorch evaluates lr_lambda(0) as the scheduler is made; so does this, so that a spec that
    // can give no value at its first step is refused when read (`check`), not first when used.
    checkedValue("LambdaLR", 0, at(0));
    return { at };
  },
});

/** PyTorch LambdaLR: lr * lr_lambda(t), the factor an expression in text (a schedule like any other) or a JavaScript function. */
export function lambdaLR(options: { lr: number; lr_lambda: string }): Schedule;
export function lambdaLR(options: { lr: number; lr_lambda: FactorFunction }): FunctionSchedule;
export function lambdaLR(options: { lr: number; lr_lambda: FactorFunction | string }): Schedule | FunctionSchedule {
  return functionOrText(LambdaLR, options, lambdaFunction);
}

/**
 * Both factories take the factor as text (a schedule like any other, checked by its definition)
 * or as a JavaScript function (checked here as the definition would check the rest): anything
 * else is a `wrong-type` error at construction, not a TypeError at the first call.
 */
function functionOrText(
  definition: ScheduleDefinition,
  options: unknown,
  fromFunction: (options: { lr: number; lr_lambda: FactorFunction }) => FunctionSchedule,
): Schedule | FunctionSchedule {
  const name = definition.type;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new NervaLrError("wrong-type", `${name}: options must be an object, got ${options === null ? "null" : Array.isArray(options) ? "a list" : typeof options}`);
  }
  const factor = Object.hasOwn(options, "lr_lambda") ? (options as Record<string, unknown>)["lr_lambda"] : undefined;
  if (typeof factor !== "function") return new Schedule(definition, options);
  const known = definition.params.map((spec) => spec.name);
  for (const key of Object.keys(options)) {
    if (!known.includes(key) && (options as Record<string, unknown>)[key] !== undefined) {
      throw new NervaLrError("unknown-parameter", `${name}: unknown parameter ${clip(key)}${didYouMean(key, known)}`);
    }
  }
  const lr = Object.hasOwn(options, "lr") ? (options as Record<string, unknown>)["lr"] : undefined;
  if (lr === undefined) throw new NervaLrError("missing-parameter", `${name}: missing parameter lr`);
  checkLr(lr, name);
  return fromFunction({ lr, lr_lambda: factor as FactorFunction });
}

function lambdaFunction(options: { lr: number; lr_lambda: FactorFunction }): FunctionSchedule {
  const { lr, lr_lambda } = options;
  return functionSchedule("LambdaLR", lr, (t) => {
    checkEpoch(t);
    return lr * checkedFactor(lr_lambda, t, "LambdaLR");
  });
}

/** Steps a MultiplicativeLR product is evaluated for, one factor each; beyond them it is an error. */
export const MAX_PRODUCT_STEPS = 10_000_000;

/**
 * PyTorch MultiplicativeLR with its factor written as an expression of the step: the lr after t
 * steps is lr * lr_lambda(1) * ... * lr_lambda(t) (t rounded down to whole steps). A factor that
 * does not depend on the step gives lr * factor^t directly; a product that reaches 0 stays 0;
 * otherwise the product is built step by step (continuing from the last step asked for), up to
 * MAX_PRODUCT_STEPS.
 */
export const MultiplicativeLR = defineSchedule({
  type: "MultiplicativeLR",
  example: 'MultiplicativeLR(0.1, lr_lambda="0.9 + 0.1 * 0.5 ** epoch")',
  summary: "lr times the product of a per-step factor written as an expression of the step (PyTorch's lr_lambda).",
  formula: "lr * lr_lambda(1) * lr_lambda(2) * ... * lr_lambda(floor(t))",
  params: [lrParam, { name: "lr_lambda", kind: "expression", doc: "the factor of step epoch (also t, step): + - * / ** %, min max abs floor ceil exp log sqrt sin cos tanh, pi, e" }],
  kernel: (p) => {
    const lr = p.lr;
    const expression = parseExpression(p.lr_lambda);
    const factor = (step: number) => evaluate(expression, step);
    if (!usesStep(expression)) {
      const f = checkedFactor(factor, 1, "MultiplicativeLR");
      return { at: (t) => lr * (f === 1 ? 1 : Math.pow(f, Math.floor(epoch(t)))) };
    }
    const products = new RunningProduct(lr, (step) => checkedFactor(factor, step, "MultiplicativeLR"));
    return {
      at: (t) => productAt(products, Math.floor(epoch(t))),
    };
  },
});

/**
 * The product after n steps, up to MAX_PRODUCT_STEPS. A product that has reached 0 stays 0, and
 * one that has overflowed stays past the largest double (the schedule then refuses the value),
 * however far n is; any other product further out is an error.
 */
function productAt(products: RunningProduct, n: number): number {
  const product = products.at(Math.min(n, MAX_PRODUCT_STEPS));
  if (n > MAX_PRODUCT_STEPS && product !== 0 && Number.isFinite(product)) {
    throw new NervaLrError("invalid-epoch", `MultiplicativeLR multiplies one factor per step, up to ${MAX_PRODUCT_STEPS} steps; got ${n}`);
  }
  return product;
}

/** Steps between the saved products of a RunningProduct. */
export const CHECKPOINT_EVERY = 1024;

/**
 * lr * factor(1) * ... * factor(n), multiplied in that order whatever order the n come in: the
 * product after every CHECKPOINT_EVERY-th step is kept, so an n below the furthest one reached
 * costs at most CHECKPOINT_EVERY - 1 factors (from the checkpoint below it), and the values are
 * bit for bit those of one loop from step 1.
 */
export class RunningProduct {
  /** checkpoints[k]: the product after k * CHECKPOINT_EVERY steps. */
  readonly #checkpoints: number[];
  #step = 0;
  #product: number;
  /** The first step whose product is 0 or past the largest double (then every later one is). */
  #endFrom: number;
  #endValue: number;

  constructor(
    lr: number,
    private readonly factor: (step: number) => number,
  ) {
    this.#checkpoints = [lr];
    this.#product = lr;
    this.#endFrom = lr === 0 ? 0 : Infinity;
    this.#endValue = 0;
  }

  /** The product after n whole steps. */
  at(n: number): number {
    if (n >= this.#endFrom) return this.#endValue;
    if (n < this.#step) {
      const k = Math.floor(n / CHECKPOINT_EVERY);
      this.#step = k * CHECKPOINT_EVERY;
      this.#product = this.#checkpoints[k] as number;
    }
    // Locals in the loop (it may run 10 million times); the fields are written back as it goes,
    // so that a factor that throws leaves step and product in agreement.
    const { factor } = this;
    const checkpoints = this.#checkpoints;
    let step = this.#step;
    let product = this.#product;
    try {
      while (step < n) {
        product *= factor(step + 1);
        step++;
        if (step % CHECKPOINT_EVERY === 0 && checkpoints.length === step / CHECKPOINT_EVERY) checkpoints.push(product);
        // 0 stays 0, and a product past the largest double has no value from there on: stop.
        if (product === 0 || product === Infinity) {
          this.#endFrom = step;
          this.#endValue = product;
          break;
        }
      }
    } finally {
      this.#step = step;
      this.#product = product;
    }
    return product;
  }
}

/**
 * PyTorch MultiplicativeLR: each step multiplies the lr by lr_lambda(step), so the value at t is
 * lr * lr_lambda(1) * ... * lr_lambda(t). Defined at whole steps; products are cached, so a run
 * over t = 0..N costs N calls of lr_lambda in all.
 */
export function multiplicativeLR(options: { lr: number; lr_lambda: string }): Schedule;
export function multiplicativeLR(options: { lr: number; lr_lambda: FactorFunction }): FunctionSchedule;
export function multiplicativeLR(options: { lr: number; lr_lambda: FactorFunction | string }): Schedule | FunctionSchedule {
  return functionOrText(MultiplicativeLR, options, multiplicativeFunction);
}

function multiplicativeFunction(options: { lr: number; lr_lambda: FactorFunction }): FunctionSchedule {
  const { lr, lr_lambda } = options;
  const products = new RunningProduct(lr, (step) => checkedFactor(lr_lambda, step, "MultiplicativeLR"));
  return functionSchedule("MultiplicativeLR", lr, (t) => {
    checkEpoch(t);
    if (!Number.isInteger(t)) throw new NervaLrError("invalid-epoch", `MultiplicativeLR is defined at whole steps, got ${t}`);
    return productAt(products, t);
  });
}

export const library = defineLibrary({ qualifier: "torch", source: "PyTorch", definitions: [LambdaLR, MultiplicativeLR], call: { optimizer: true, trailing: ["last_epoch", "verbose"] } });
