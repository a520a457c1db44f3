/**
 * Scales: a value to a fraction of an axis, with round ticks and their labels (see docs/charts.md).
 * Ticks are multiples of a round step (1, 2 or 5 times a power of ten; on a log axis, powers of ten
 * a round number of decades apart). Every loop here is bounded by the tick count or the row count,
 * never by a value, so tiny, huge, subnormal and equal ends all finish at once.
 */
import { format } from "d3-format";

export interface Scale {
  readonly kind: "linear" | "log";
  /** The values at the two ends of the axis (finite; a log axis's ends are positive). */
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  /** 0 at the low end of the axis, 1 at the high end. A log scale puts 0 and below at 0. */
  fraction(value: number): number;
  /** The text of a tick, in one notation for the whole axis. */
  label(value: number): string;
}

/** A round step: `m` x 10^`e`, `m` one of 1, 2, 5. Kept apart so ticks are computed without drift. */
export interface RoundStep {
  readonly m: number;
  readonly e: number;
}

/** Narrower linear axes than this are widened: below it a step's multiples are no longer exact. */
const MIN_LINEAR_SPAN = 1e-300;
/**
 * A log axis spans at most 1e-307 to 1e308, the powers of ten doubles hold at full precision
 * (below 1e-307 they are subnormal: 1e-322 prints as 9.88e-323). Smaller values sit at its bottom edge.
 */
const MIN_DECADE = -307;
const MAX_DECADE = 308;
/** A text chart's linear axis stays within +-1e308, so its rows' values stay finite. */
const ROW_LIMIT = 1e308;

/** i x step, as the double nearest the decimal (dividing by 10^k is exact where multiplying by 10^-k is not). */
export function multiple(i: number, step: RoundStep): number {
  return step.e >= 0 ? i * step.m * power(step.e) : (i * step.m) / power(-step.e);
}

/** The next round step up: 1 -> 2 -> 5 -> 10. */
export function nextStep(step: RoundStep): RoundStep {
  return step.m === 1 ? { m: 2, e: step.e } : step.m === 2 ? { m: 5, e: step.e } : { m: 1, e: step.e + 1 };
}

/** The smallest round step at or above `x` (x > 0, finite). */
export function stepAtLeast(x: number): RoundStep {
  // log10 can be off by one ulp at exact powers of ten: start a decade low and walk up (at most 4 steps).
  let step: RoundStep = { m: 1, e: Math.floor(Math.log10(x)) - 1 };
  while (multiple(1, step) < x * (1 - 1e-12)) step = nextStep(step);
  return step;
}

/** d3's rule for about `count` ticks: the round step nearest span / count (thresholds at the geometric means). */
function stepNear(span: number, count: number): RoundStep {
  const raw = span / count;
  const e = Math.floor(Math.log10(raw));
  const error = raw / 10 ** e;
  if (error >= Math.sqrt(50)) return { m: 1, e: e + 1 };
  if (error >= Math.sqrt(10)) return { m: 5, e };
  if (error >= Math.sqrt(2)) return { m: 2, e };
  return { m: 1, e };
}

/** The ends a linear axis must cover: equal ends widened (to 0 and a quarter above), never narrower than MIN_LINEAR_SPAN. */
export function linearCover(low: number, high: number): [number, number] {
  let [a, b] = low === high ? (high === 0 ? [0, 1] : [Math.min(0, low), Math.max(0, high) * 1.25]) : [low, high];
  b = Math.min(b, Number.MAX_VALUE);
  const floor = Math.max(MIN_LINEAR_SPAN, Math.max(Math.abs(a), Math.abs(b)) * 1e-9);
  if (b - a < floor) [a, b] = a + floor <= Number.MAX_VALUE ? [a, a + floor] : [b - floor, b];
  return [a, b];
}

/** A linear axis over [low, high], its ends rounded outward to a tick where that stays finite. */
export function linearScale(low: number, high: number, count = 5): Scale {
  const [a, b] = linearCover(low, high);
  const span = Number.isFinite(b - a) ? b - a : b / 2 - a / 2;
  const step = stepNear(Number.isFinite(b - a) ? span : span * 2, count);
  const size = multiple(1, step);
  const first = Math.floor(a / size);
  const last = Math.ceil(b / size);
  const domain: [number, number] = [multiple(first, step), multiple(last, step)];
  if (!Number.isFinite(domain[0])) domain[0] = a;
  if (!Number.isFinite(domain[1])) domain[1] = b;
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) {
    const tick = multiple(i, step);
    if (tick >= domain[0] && tick <= domain[1]) ticks.push(tick);
  }
  const [lo, hi] = domain;
  return { kind: "linear", domain, ticks, fraction: (value) => (value - lo) / (hi - lo), label: linearLabels(ticks, step) };
}

/**
 * A log axis from the decade at or below the smallest positive value to the decade at or above the
 * largest. Ticks: 1, 2 and 5 in each decade when the axis spans two decades or fewer; otherwise
 * powers of ten whose exponents are multiples of a round number of decades (1, 2, 5, 10, 20, ...).
 */
export function logScale(smallestPositive: number, largest: number, count = 5): Scale {
  let low = clampDecade(Math.floor(Math.log10(smallestPositive)));
  let high = clampDecade(Math.ceil(Math.log10(Math.max(largest, smallestPositive))));
  if (high <= low) [low, high] = low < MAX_DECADE ? [low, low + 1] : [low - 1, low];
  const decades = high - low;
  const ticks: number[] = [];
  if (decades <= 2) {
    for (let d = low; d < high; d++) for (const m of [1, 2, 5]) ticks.push(Number(`${m}e${d}`));
    ticks.push(power(high));
  } else {
    const step = multiple(1, decadeStep(decades / count));
    for (let d = Math.ceil(low / step) * step; d <= high; d += step) ticks.push(power(d));
  }
  return logAxis(low, high, ticks);
}

/** Round numbers of decades: 1, 2, 5, 10, 20, ...; at least one decade. */
function decadeStep(atLeast: number): RoundStep {
  return atLeast <= 1 ? { m: 1, e: 0 } : stepAtLeast(atLeast);
}

function clampDecade(d: number): number {
  return Math.min(MAX_DECADE, Math.max(MIN_DECADE, d));
}

/** 10^d as the double nearest it (`10 ** d` is not, for some d: 10 ** 303 is off in V8). */
function power(d: number): number {
  return Number(`1e${d}`);
}

/** A log axis over the exponents [low, high] (reals), with the given ticks. */
function logAxis(low: number, high: number, ticks: number[]): Scale {
  // Every tick is 1, 2 or 5 times a power of ten: one digit.
  const decimal = format(".0e");
  const end = (d: number) => Math.min(Number.MAX_VALUE, Math.max(Number.MIN_VALUE, 10 ** d));
  return {
    kind: "log",
    domain: [end(low), end(high)],
    ticks,
    fraction: (value) => (value > 0 ? (Math.log10(value) - low) / (high - low) : 0),
    label: (value) => decimal(value),
  };
}

/** The epoch axis, [0, epochs] exactly (no rounding outward: no empty stretch), ticks on whole epochs. */
export function epochScale(epochs: number, count = 6): Scale {
  const end = Math.max(1, epochs);
  const step = stepNear(end, count);
  const size = Math.max(1, multiple(1, step));
  const ticks: number[] = [];
  for (let tick = 0; tick <= end; tick += size) ticks.push(tick);
  const label = format("d");
  return { kind: "linear", domain: [0, end], ticks, fraction: (value) => value / end, label: (value) => label(value) };
}

/**
 * A y axis for a text chart of `rows` character rows, where a label can only stand on a row: the
 * axis's ends are chosen so that every tick falls exactly on a row. Row r (0 at the top) stands
 * for the value at fraction 1 - r / (rows - 1). Linear over [low, high] (low < high).
 */
export function linearRowScale(low: number, high: number, rows: number): Scale {
  const intervals = Math.max(2, Math.floor(rows) - 1);
  let [a, b] = linearCover(Math.max(-ROW_LIMIT, low), Math.min(ROW_LIMIT, high));
  // Values beyond +-1e308 are drawn at the edge: an axis end past them would not be a finite double.
  if (b > ROW_LIMIT) [a, b] = [Math.min(a, 0), ROW_LIMIT];
  const fit = fitRows(a, b, intervals, stepAtLeast((b - a) / intervals));
  // As fitRows computes them (a row first: dividing last keeps the ends within the doubles).
  const row = multiple(1, fit.step) / fit.perTick;
  const [lo, hi] = [fit.low * row, (fit.low + intervals) * row];
  const ticks = fit.ticks.map((j) => multiple(j, fit.step));
  return { kind: "linear", domain: [lo, hi], ticks, fraction: (value) => (value - lo) / (hi - lo), label: linearLabels(ticks, fit.step) };
}

/** The log form of `linearRowScale`: rows a fixed fraction of a decade apart, ticks on powers of ten. */
export function logRowScale(smallestPositive: number, largest: number, rows: number): Scale {
  const intervals = Math.max(2, Math.floor(rows) - 1);
  let low = Math.min(MAX_DECADE, Math.max(MIN_DECADE, Math.log10(smallestPositive)));
  let high = Math.min(MAX_DECADE, Math.max(low, Math.log10(largest)));
  // One value: the decade it starts, to the next.
  if (high === low) [low, high] = low < MAX_DECADE ? [Math.floor(low), Math.floor(low) + 1] : [low - 1, low];
  const fit = fitRows(low, high, intervals, decadeStep((high - low) / intervals));
  const size = multiple(1, fit.step);
  const ticks = fit.ticks.map((j) => j * size).filter((d) => d >= MIN_DECADE && d <= MAX_DECADE);
  return logAxis((fit.low * size) / fit.perTick, ((fit.low + intervals) * size) / fit.perTick, ticks.map(power));
}

interface RowFit {
  /** Ticks are multiples of `step`, `perTick` rows apart: one row is step / perTick. */
  readonly step: RoundStep;
  readonly perTick: number;
  /** The bottom row's value, in rows: the axis covers [low, low + intervals] rows. */
  readonly low: number;
  /** The ticks, as multiples of the step. */
  readonly ticks: readonly number[];
}

/**
 * The tightest axis of `intervals` + 1 rows over [low, high] whose ticks land on rows, with 2 to
 * about 10 ticks (3 or more preferred). Tries round steps from `smallest` up to where the axis
 * would be mostly empty, and for each, every whole number of rows between ticks: at most a dozen
 * steps times `intervals` candidates.
 */
function fitRows(low: number, high: number, intervals: number, smallest: RoundStep): RowFit {
  const span = high - low;
  const most = Math.max(3, Math.min(10, Math.floor(intervals / 2) + 1));
  let best: (RowFit & { score: number }) | undefined;
  for (let step = smallest, tries = 0; tries < 24; step = nextStep(step), tries++) {
    const size = multiple(1, step);
    if (!Number.isFinite(size)) break;
    for (let perTick = 1; perTick <= intervals; perTick++) {
      const row = size / perTick;
      const bottom = Math.floor(low / row + 1e-9);
      const top = (bottom + intervals) * row;
      if (!Number.isFinite(top) || top < high - span * 1e-9) continue;
      const first = Math.ceil(bottom / perTick - 1e-9);
      const last = Math.floor((bottom + intervals) / perTick + 1e-9);
      const count = last - first + 1;
      if (count < 2 || count > most) continue;
      const score = span / (intervals * row) - (count === 2 ? 0.15 : 0);
      if (best === undefined || score > best.score + 1e-9) {
        const ticks = Array.from({ length: count }, (_, k) => first + k);
        best = { step, perTick, low: bottom, ticks, score };
      }
    }
    if (size > 4 * span && best !== undefined) break;
  }
  // Always found: a step at or above the span with floor(intervals / 2) rows per tick covers the
  // span with 2 or 3 ticks (the callers keep the ends within +-1e308, so that axis is finite).
  if (best === undefined) throw new Error(`no row fit for [${low}, ${high}] in ${intervals + 1} rows`);
  return best;
}

/** Fixed notation with as many decimals as the step needs, or exponents for tiny and huge values. */
function linearLabels(ticks: readonly number[], step: RoundStep): (value: number) => string {
  const largest = Math.max(0, ...ticks.map(Math.abs));
  if (largest !== 0 && (largest < 1e-3 || largest >= 1e6)) {
    // Enough significant digits to tell ticks one step apart, and no more (no float noise).
    const digits = Math.min(15, Math.max(0, Math.floor(Math.log10(largest)) - step.e));
    const exponent = format(`.${digits}~e`);
    return (value) => (value === 0 ? "0" : exponent(value));
  }
  const fixed = format(`.${Math.max(0, -step.e)}f`);
  return (value) => fixed(value);
}
