/**
 * PyTorch's combinators: SequentialLR (one child after another, each restarting at its milestone)
 * and ChainedScheduler (the product of the children's factors). A child may leave out `lr`: it then
 * inherits the combinator's. Metric-driven children are refused (PyTorch refuses them too).
 */
import { nonNegative, type ParamProblem } from "../core/params.js";
import { defineSchedule, epoch, type Kernel, type Schedule } from "../core/schedule.js";
import { countAtMost, firstReaching } from "./shapes.js";
import { defineLibrary } from "./library.js";

const optionalLr = { name: "lr", kind: "number", range: nonNegative, optional: true, doc: "the lr that children without one inherit" } as const;
const children = { name: "schedulers", kind: "schedules", minLength: 1, doc: "the child schedules" } as const;

function schedulesOf(p: { readonly schedulers: readonly Schedule[] }): readonly Schedule[] {
  return p.schedulers;
}

function refuseMetricDriven<S extends string>(p: { readonly [name in S]: readonly Schedule[] }, param: S): ParamProblem | undefined {
  const schedules: readonly Schedule[] = p[param];
  for (let index = 0; index < schedules.length; index++) {
    const child = schedules[index] as Schedule;
    if (child.behaviour === "metric-driven") return { param, index, code: "wrong-type", message: `${param}[${index}] is metric-driven (${child.type}) and cannot be combined` };
  }
  return undefined;
}

/** One boundary between each pair of children, and no metric-driven child. */
export function checkSequence<S extends string, B extends string>(
  p: { readonly [name in S]: readonly Schedule[] } & { readonly [name in B]: readonly number[] },
  schedulesParam: S,
  boundariesParam: B,
): ParamProblem | undefined {
  const count = p[schedulesParam].length;
  const boundaries: readonly number[] = p[boundariesParam];
  if (boundaries.length !== count - 1) {
    return { param: boundariesParam, code: "out-of-range", message: `${count} ${schedulesParam} need ${count - 1} ${count === 2 ? boundariesParam.replace(/ies$/, "y").replace(/s$/, "") : boundariesParam}, got ${boundaries.length}` };
  }
  return refuseMetricDriven(p, schedulesParam);
}

/** out[i..end) from `child`, starting at its own epoch `childFrom`. */
function fillPart(child: Schedule, out: Float64Array | number[], i: number, end: number, childFrom: number): void {
  if (out instanceof Float64Array) child.fill(out.subarray(i, end), childFrom);
  else for (let j = i; j < end; j++) out[j] = child.at(childFrom + (j - i));
}

/**
 * Child i from milestones[i - 1] on, with its own clock restarted there: SequentialLR, and optax's
 * join_schedules (the same rule under other names).
 */
export function inSequence(schedules: readonly Schedule[], boundaries: readonly number[]): Kernel {
  const milestones = boundaries.slice();
  // The common warmup-then-decay pair gets a call site per child, so V8 can inline both.
  const [first, second] = schedules as [Schedule, Schedule];
  const switchAt = milestones[0] as number;
  const at =
    schedules.length === 2
      ? (t: number) => (epoch(t) < switchAt ? first.at(t) : second.at(t - switchAt))
      : (t: number) => {
          const i = countAtMost(milestones, epoch(t));
          return (schedules[i] as Schedule).at(i === 0 ? t : t - (milestones[i - 1] as number));
        };
  return {
    at,
    // Each child fills its own stretch, in order, so stateful children advance as with at().
    fill: (out, from) => {
      let i = 0;
      while (i < out.length) {
        const k = countAtMost(milestones, from + i);
        const start = k === 0 ? 0 : (milestones[k - 1] as number);
        const end = k < milestones.length ? firstReaching(from, milestones[k] as number, i + 1, out.length) : out.length;
        fillPart(schedules[k] as Schedule, out, i, end, from + i - start);
        i = end;
      }
    },
  };
}

/** PyTorch SequentialLR: child i runs from milestone i-1 on, with its own clock restarted there. */
export const SequentialLR = defineSchedule({
  type: "SequentialLR",
  example: "SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])",
  summary: "Run schedules one after another; each starts from its own step 0 at its milestone.",
  formula: "schedulers[i](t - milestones[i-1]) where i = number of milestones <= t",
  params: [optionalLr, children, { name: "milestones", kind: "integers", range: { min: 1 }, order: "increasing", doc: "steps at which the next child takes over" }],
  peak: (p) => Math.max(...schedulesOf(p).map((child) => child.peak())),
  check: (p) => checkSequence(p, "schedulers", "milestones"),
  kernel: (p) => inSequence(schedulesOf(p), p.milestones),
});

/**
 * PyTorch ChainedScheduler: every child steps together and their factors multiply. A child's factor
 * is its value over its peak (the largest value it takes: `lr` for PyTorch's multiplicative
 * schedulers, so this is PyTorch's product), which keeps every factor in [0, 1]. The product is
 * taken of the combinator's lr, or, if it has none, of the first child's peak. PyTorch's chaining is multiplicative only for multiplicative children: for
 * CosineAnnealingLR with eta_min > 0, or past T_max, PyTorch's values differ from the product.
 */
export const ChainedScheduler = defineSchedule({
  type: "ChainedScheduler",
  // torch's ChainedScheduler(schedulers, optimizer=None): the optimizer comes second.
  peerOrder: ["schedulers",  "optimizer"],
  example: "ChainedScheduler(0.1, [ConstantLR(factor=0.5, total_iters=3), ExponentialLR(gamma=0.95)])",
  summary: "All children at once: the product of their factors.",
  formula: "lr * product of schedulers[i](t) / peak of schedulers[i]",
  params: [optionalLr, children],
  check: (p) => refuseMetricDriven(p, "schedulers"),
  peak: (p) => (p.lr !== undefined ? p.lr : (schedulesOf(p)[0] as Schedule).peak()),
  kernel: (p) => {
    const schedules = schedulesOf(p);
    const base = p.lr !== undefined ? p.lr : (schedules[0] as Schedule).peak();
    const peaks = schedules.map((child) => child.peak());
    return {
      at: (t) => {
        epoch(t);
        let value = base;
        schedules.forEach((child, i) => {
          const peak = peaks[i] as number;
          // A child whose peak is 0 is 0 throughout: its factor is 0, not 0/0.
          value *= peak > 0 ? child.at(t) / peak : 0;
        });
        return value;
      },
    };
  },
});

export const library = defineLibrary({ qualifier: "torch", source: "PyTorch", definitions: [SequentialLR, ChainedScheduler], call: { optimizer: true, trailing: ["last_epoch", "verbose"] } });
