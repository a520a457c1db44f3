/** Curve pieces several schedules share: the half-cosine, linear interpolation, cycle finding. */

/**
 * Power as Python's math.pow and C's pow compute it: 1 to any power is 1. JavaScript's Math.pow
 * gives NaN for 1 ** Infinity, which nerva's StepBased reaches when change_rate is tiny.
 */
export function pow(base: number, exponent: number): number {
  return base === 1 ? 1 : Math.pow(base, exponent);
}

/** Half a cosine from 1 (at fraction 0) down to 0 (at fraction 1): (1 + cos(pi * f)) / 2. */
export function halfCosine(fraction: number): number {
  return (1 + Math.cos(Math.PI * fraction)) / 2;
}

/**
 * From `start` to `end` along a half-cosine as pct goes 0 -> 1 (PyTorch OneCycleLR, optax). The
 * weight (1 + cos) / 2 lies in [0, 1], so the result never leaves [start, end] (PyTorch's
 * (start - end) / 2 * (1 + cos) can overshoot by a unit once the values are subnormal).
 */
export function cosineBetween(start: number, end: number, pct: number): number {
  return end + (start - end) * halfCosine(pct);
}

/** From `start` to `end` in a straight line as pct goes 0 -> 1. */
export function linearBetween(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

/** Steps geometricCycle may move its estimate by (it is off by one or two at most where it can be mended). */
const CORRECTIONS = 64;

/**
 * Where t falls in cycles whose lengths grow geometrically (first, first*mult, first*mult^2, ...):
 * the cycle index, the time into it, and its length. Whole-number steps are summed exactly, so a
 * restart lands exactly on its step (a log-based formula can land one step off in floating point).
 */
export function geometricCycle(t: number, first: number, mult: number): { index: number; start: number; into: number; length: number } {
  if (mult === 1) {
    const into = t % first; // exact in floating point, even for huge t
    const index = Math.round((t - into) / first);
    return { index, start: index * first, into, length: first };
  }
  // Estimate by logarithm, then correct by at most a step either way.
  // log(1 + x) of x = (t / first) * (mult - 1) without forming x where it overflows (mult = 1e300).
  const x = (t / first) * (mult - 1);
  const logGrowth = Number.isFinite(x) ? Math.log1p(x) : Math.log(t / first) + Math.log(mult - 1);
  let index = Math.max(0, Math.floor(logGrowth / Math.log(mult)));
  const startOf = (i: number) => (first * (Math.pow(mult, i) - 1)) / (mult - 1);
  // A few steps mend the estimate's rounding. Past 2^53 cycles (mult a hair above 1, t near the
  // largest double) index - 1 is index again: the estimate is then as close as a double can say.
  for (let i = 0; i < CORRECTIONS && index > 0 && startOf(index) > t; i++) index--;
  for (let i = 0; i < CORRECTIONS && startOf(index + 1) <= t; i++) index++;
  const start = startOf(index);
  return { index, start, into: t - start, length: first * Math.pow(mult, index) };
}

/**
 * How many of the sorted values are <= t. Short lists (the usual few milestones) are scanned, long
 * ones searched; no closures, so the kernels that call this stay inlinable. Pass a plain array:
 * reading a frozen one is slower in V8.
 */
export function countAtMost(sorted: readonly number[], t: number): number {
  const n = sorted.length;
  if (n <= 16) {
    let k = 0;
    while (k < n && (sorted[k] as number) <= t) k++;
    return k;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the sorted values are < t. */
export function countBelow(sorted: readonly number[], t: number): number {
  const n = sorted.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first j in [lo, hi] with from + j >= boundary (hi if none): where a bulk fill crosses a
 * boundary, computed exactly as at(from + j) would see it, whatever the rounding of boundary - from.
 */
export function firstReaching(from: number, boundary: number, lo: number, hi: number): number {
  let j = Math.min(hi, Math.max(lo, Math.ceil(boundary - from)));
  while (j > lo && from + (j - 1) >= boundary) j--;
  while (j < hi && from + j < boundary) j++;
  return j;
}

/**
 * Bulk form of a piecewise-constant schedule, `levels[countAtMost(boundaries, t)]`: each run of
 * equal values is one `fill`, so this beats a loop that computes every element.
 */
export function fillSteps(out: Float64Array | number[], from: number, boundaries: readonly number[], levels: readonly number[]): void {
  let k = countAtMost(boundaries, from);
  let i = 0;
  while (i < out.length) {
    const next = k < boundaries.length ? firstReaching(from, boundaries[k] as number, i, out.length) : out.length;
    out.fill(levels[k] as number, i, next);
    i = next;
    // Several boundaries may fall before the same element (repeated milestones, fractional steps).
    while (k < boundaries.length && (boundaries[k] as number) <= from + i) k++;
  }
}
