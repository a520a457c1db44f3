/**
 * Formulas of PyTorch's schedules (schedules/pytorch.ts, functional.ts, composition.ts,
 * plateau.ts), each the kernel's arithmetic in the kernel's order.
 */
import { evaluate, parseExpression, usesStep } from "../../core/expression.js";
import type { ParamValues } from "../../core/params.js";
import type { Schedule } from "../../core/schedule.js";
import type { Formula, Formulas } from "../contract.js";
import { cosineBetween, geometricIndex, geometricStart, halfCosine, linearBetween, n, num, piecewise, substitute } from "../formula.js";
import { printExpression } from "../python.js";

/** `lr` plus the rest, for the cosine schedules: eta_min + (lr - eta_min) * shape. */
function cosineFrom(p: ParamValues, fraction: string): string {
  const [lr, etaMin] = [n(p, "lr"), n(p, "eta_min")];
  return `${num(etaMin)} + ${num(lr - etaMin)} * ${halfCosine(fraction)}`;
}

/** Child i from milestones[i - 1] on, its clock restarted there (SequentialLR, join_schedules). */
export function sequence(children: readonly Schedule[], milestones: readonly number[], child: (schedule: Schedule) => string | undefined): string | undefined {
  const parts: string[] = [];
  for (const [i, schedule] of children.entries()) {
    const formula = child(schedule);
    if (formula === undefined) return undefined;
    parts.push(i === 0 ? `(${formula})` : `(${substitute(formula, `(step - ${num(milestones[i - 1] as number)})`)})`);
  }
  return piecewise(milestones.map(num), parts);
}

const MultiStepLR: Formula = (p) => {
  const milestones = p["milestones"] as readonly number[];
  const gamma = n(p, "gamma");
  // The kernel's levels, multiplied one milestone at a time (exact as nerva computes them).
  const levels = [n(p, "lr")];
  for (let i = 0; i < milestones.length; i++) levels.push((levels[i] as number) * gamma);
  const distinct = [...new Set(milestones)];
  // Below milestone m, the level of the milestones before it; from the last on, the last level.
  const values = distinct.map((m) => num(levels[milestones.filter((x) => x < m).length] as number));
  values.push(num(levels[milestones.length] as number));
  return piecewise(distinct.map(num), values);
};

/** OneCycleLR's phases as the kernel lays them out (schedules/pytorch.ts). */
const OneCycleLR: Formula = (p) => {
  const [maxLr, total, pct] = [n(p, "max_lr"), n(p, "total_steps"), n(p, "pct_start")];
  const initial = maxLr / n(p, "div_factor");
  const min = initial / n(p, "final_div_factor");
  const phases = p["three_phase"]
    ? [
        { start: 0, end: pct * total - 1, from: initial, to: maxLr },
        { start: pct * total - 1, end: 2 * pct * total - 2, from: maxLr, to: initial },
        { start: 2 * pct * total - 2, end: total - 1, from: initial, to: min },
      ]
    : [
        { start: 0, end: pct * total - 1, from: initial, to: maxLr },
        { start: pct * total - 1, end: total - 1, from: maxLr, to: min },
      ];
  const anneal = p["anneal_strategy"] === "cos" ? cosineBetween : linearBetween;
  // PyTorch holds the last phase's end from total_steps - 1 on (nerva-lr's reading; it raises).
  const step = `min(step, ${num(total - 1)})`;
  const pieces = phases.map((phase) => {
    const length = phase.end - phase.start;
    return `(${anneal(phase.from, phase.to, length > 0 ? `(${step} - ${num(phase.start)}) / ${num(length)}` : "1")})`;
  });
  return piecewise(phases.slice(0, -1).map((phase) => num(phase.end)), pieces, "<=", step);
};

export const formulas: Formulas = {
  StepLR: (p) => `${num(n(p, "lr"))} * ${num(n(p, "gamma"))} ** floor(step / ${num(n(p, "step_size"))})`,
  MultiStepLR,
  ConstantLR: (p) => `(${num(n(p, "lr"))} * ${num(n(p, "factor"))} if step < ${num(n(p, "total_iters"))} else ${num(n(p, "lr"))})`,
  LinearLR: (p) => {
    const [lr, start, end, total] = [n(p, "lr"), n(p, "start_factor"), n(p, "end_factor"), n(p, "total_iters")];
    return `${num(lr)} * (${num(end)} if step >= ${num(total)} else ${num(start)} + ${num(end - start)} * step / ${num(total)})`;
  },
  ExponentialLR: (p) => `${num(n(p, "lr"))} * ${num(n(p, "gamma"))} ** step`,
  PolynomialLR: (p) => {
    const total = num(n(p, "total_iters"));
    return `${num(n(p, "lr"))} * (1 - min(step, ${total}) / ${total}) ** ${num(n(p, "power"))}`;
  },
  // Periodic past T_max, as the kernel (and PyTorch) are: the step within the period 2 * T_max.
  CosineAnnealingLR: (p) => cosineFrom(p, `step % ${num(2 * n(p, "T_max"))} / ${num(n(p, "T_max"))}`),
  CosineAnnealingWarmRestarts: (p) => {
    const [first, mult] = [n(p, "T_0"), n(p, "T_mult")];
    if (mult === 1) return cosineFrom(p, `step % ${num(first)} / ${num(first)}`);
    const index = geometricIndex("step", first, mult);
    return cosineFrom(p, `(step - ${geometricStart(index, first, mult)}) / (${num(first)} * ${num(mult)} ** ${index})`);
  },
  // The lr only: the momentum CyclicLR and OneCycleLR cycle has no place in a formula of the lr.
  CyclicLR: (p) => {
    const [baseLr, maxLr, up, mode, gamma] = [n(p, "base_lr"), n(p, "max_lr"), n(p, "step_size_up"), p["mode"], n(p, "gamma")];
    const total = up + n(p, "step_size_down");
    const ratio = up / total;
    const cycle = `floor(1 + step / ${num(total)})`;
    const x = `(1 + step / ${num(total)} - ${cycle})`;
    const height = `(${x} / ${num(ratio)} if ${x} <= ${num(ratio)} else (${x} - 1) / ${num(ratio - 1)})`;
    const scale = mode === "triangular" ? "" : mode === "triangular2" ? ` * (1 / 2 ** (${cycle} - 1))` : ` * ${num(gamma)} ** step`;
    return `${num(baseLr)} + ${num(maxLr - baseLr)} * (${height}${scale})`;
  },
  OneCycleLR,
  SWALR: (p) => {
    const [lr, swaLr, epochs] = [n(p, "lr"), n(p, "swa_lr"), n(p, "anneal_epochs")];
    if (epochs === 0) return num(swaLr);
    const x = `min(1, step / ${num(epochs)})`;
    const a = p["anneal_strategy"] === "cos" ? `((1 - cos(pi * ${x})) / 2)` : x;
    // Exactly swa_lr once annealed, as the kernel (the blend can miss it by an ulp).
    return `(${num(swaLr)} if ${a} == 1 else ${num(swaLr)} * ${a} + ${num(lr)} * (1 - ${a}))`;
  },
  LambdaLR: (p) => `${num(n(p, "lr"))} * (${printExpression(parseExpression(p["lr_lambda"] as string), { dialect: "expression", variable: "step" })})`,
  MultiplicativeLR: (p) => {
    const expression = parseExpression(p["lr_lambda"] as string);
    // A factor of the step multiplies lr_lambda(1) * ... * lr_lambda(t), one factor per step: a
    // product the expression language cannot write. A constant factor is a power.
    if (usesStep(expression)) return undefined;
    const factor = evaluate(expression, 1);
    return factor === 1 ? num(n(p, "lr")) : `${num(n(p, "lr"))} * ${num(factor)} ** floor(step)`;
  },
  SequentialLR: (p, child) => sequence(p["schedulers"] as readonly Schedule[], p["milestones"] as readonly number[], child),
  ChainedScheduler: (p, child) => {
    const children = p["schedulers"] as readonly Schedule[];
    const lr = p["lr"] as number | undefined;
    const base = lr !== undefined ? lr : (children[0] as Schedule).peak();
    let text = num(base);
    for (const schedule of children) {
      const peak = schedule.peak();
      const formula = child(schedule);
      if (formula === undefined) return undefined;
      text += peak > 0 ? ` * ((${formula}) / ${num(peak)})` : " * 0";
    }
    return text;
  },
  // None: the lr follows the metrics reported, not the step.
  ReduceLROnPlateau: () => undefined,
};
