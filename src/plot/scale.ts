/**
 * Scales: a value to a fraction of an axis, with round ticks and their labels. Linear ticks come
 * from d3-array (1, 2 or 5 times a power of ten), labels from d3-format; the log scale is ours, a
 * few lines: decades, with 2 and 5 between them when there are few.
 */
import { nice, ticks as niceTicks } from "d3-array";
import { format, precisionFixed } from "d3-format";

export interface Scale {
  readonly kind: "linear" | "log";
  /** The values at the two ends of the axis, rounded outward to tick values. */
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  /** 0 at the low end of the axis, 1 at the high end. A log scale puts 0 and below at 0. */
  fraction(value: number): number;
  /** The text of a tick, in one notation for the whole axis. */
  label(value: number): string;
}

/** A linear axis over [low, high] (widened when the two are equal), ending on round values. */
export function linearScale(low: number, high: number, count = 5): Scale {
  let [a, b] = low === high ? (high === 0 ? [0, 1] : [Math.min(0, low), Math.max(0, high) * 1.25]) : [low, high];
  [a, b] = nice(a, b, count);
  const ticks = niceTicks(a, b, count);
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : Math.abs(b - a) || 1;
  const formatTick = chooseFormat(ticks, step);
  return {
    kind: "linear",
    domain: [a, b],
    ticks,
    fraction: (value) => (value - a) / (b - a),
    label: formatTick,
  };
}

/**
 * A log axis from the decade at or below the smallest positive value to the decade at or above
 * the largest; ticks on decades, thinned to about `count`, or on 1, 2, 5 per decade when the
 * axis spans two decades or fewer.
 */
export function logScale(smallestPositive: number, largest: number, count = 5): Scale {
  const top = Math.max(largest, smallestPositive);
  let low = Math.floor(Math.log10(smallestPositive));
  let high = Math.ceil(Math.log10(top));
  if (high <= low) high = low + 1;
  // Keep the axis within what doubles can show as ticks.
  low = Math.max(low, -323);
  high = Math.min(high, 308);
  const decades = high - low;
  const ticks: number[] = [];
  if (decades <= 2) {
    for (let d = low; d < high; d++) for (const m of [1, 2, 5]) ticks.push(m * 10 ** d);
    ticks.push(10 ** high);
  } else {
    const every = Math.max(1, Math.ceil(decades / count));
    for (let d = high; d >= low; d -= every) ticks.unshift(10 ** d);
  }
  const decimal = format("~e");
  return {
    kind: "log",
    domain: [10 ** low, 10 ** high],
    ticks,
    fraction: (value) => (value > 0 ? (Math.log10(value) - low) / decades : 0),
    label: (value) => decimal(value),
  };
}

/** The epoch axis, [0, epochs] exactly (no rounding outward: no empty stretch), ticks on whole epochs. */
export function epochScale(epochs: number, count = 6): Scale {
  const end = Math.max(1, epochs);
  const ticks = niceTicks(0, end, count).filter((tick) => Number.isInteger(tick));
  const label = format("d");
  return { kind: "linear", domain: [0, end], ticks, fraction: (value) => value / end, label: (value) => label(value) };
}

/** Fixed notation with as many decimals as the tick step needs, or exponents for tiny and huge values. */
function chooseFormat(ticks: readonly number[], step: number): (value: number) => string {
  const largest = Math.max(...ticks.map(Math.abs));
  if (largest !== 0 && (largest < 1e-3 || largest >= 1e6)) {
    const exponent = format("~e");
    return (value) => (value === 0 ? "0" : exponent(value));
  }
  const fixed = format(`.${precisionFixed(step)}f`);
  return (value) => fixed(value);
}
