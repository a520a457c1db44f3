/**
 * Numbers for people: a column of doubles rounded to a few significant digits, in one notation for
 * the whole column, aligned on the decimal point. CSV and JSON never go through this; they print
 * every double exactly.
 */

/** The default number of significant digits in tables (`--precision`). */
export const DEFAULT_PRECISION = 6;
export const MAX_PRECISION = 17;

/** A column's notation and widths, decided before its rows are written. */
export interface ColumnLayout {
  /** The cell for one value, padded to the column's width (decimal points and exponents aligned). */
  cell(x: number): string;
  readonly width: number;
}

/** The three parts of a number that alignment keeps apart: `12` `.345` `e-7`. */
interface Parts {
  readonly whole: string;
  readonly fraction: string;
  readonly exponent: string;
}

/**
 * Like printf's %g, but for a whole column: fixed notation when every non-zero value would be fixed
 * on its own (decimal exponent from -4 up to precision - 1), else scientific for all of them. The
 * widths are the widest cells of these values.
 */
export function layoutColumn(values: ArrayLike<number>, precision = DEFAULT_PRECISION): ColumnLayout {
  const range = new ColumnRange();
  for (let i = 0; i < values.length; i++) range.add(values[i] as number);
  const scientific = range.scientific(precision);
  let whole = 0;
  let fraction = 0;
  let exponent = 0;
  for (let i = 0; i < values.length; i++) {
    const parts = splitParts(values[i] as number, precision, scientific);
    whole = Math.max(whole, parts.whole.length);
    fraction = Math.max(fraction, parts.fraction.length);
    exponent = Math.max(exponent, parts.exponent.length);
  }
  return layout(precision, scientific, whole, fraction, exponent);
}

/**
 * What a column's layout can be decided from without its cells: the smallest and largest non-zero
 * magnitudes, whether a value is negative, and any non-finite value. One cheap pass over the
 * numbers (no formatting) fills it, so a long table can stream its rows.
 */
export class ColumnRange {
  minAbs = Infinity;
  maxAbs = 0;
  negative = false;
  /** Width of the widest non-finite value ("-Infinity"), 0 when there is none. */
  special = 0;

  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.special = Math.max(this.special, String(x).length);
      return;
    }
    if (x < 0) this.negative = true;
    const abs = Math.abs(x);
    if (abs === 0) return;
    if (abs < this.minAbs) this.minAbs = abs;
    if (abs > this.maxAbs) this.maxAbs = abs;
  }

  /** Rounding is monotonic, so the extremes' exponents bound every value's: %g's rule for the column. */
  scientific(precision: number): boolean {
    if (this.maxAbs === 0) return false;
    return decimalExponent(this.minAbs, precision) < -4 || decimalExponent(this.maxAbs, precision) >= precision;
  }
}

/**
 * A column laid out from its range alone (docs/cli.md, "Long tables"): the same notation as
 * layoutColumn, and widths that fit every cell the range allows. Fixed: the whole part of the
 * largest value, and as many decimals as the smallest one can need (precision - 1 - its exponent);
 * scientific: every mantissa with precision - 1 decimals, and the longer exponent of the two ends.
 * Cells keep their own digits and align on the point, so a column may be wider than its cells.
 */
export function layoutRange(range: ColumnRange, precision = DEFAULT_PRECISION): ColumnLayout {
  const scientific = range.scientific(precision);
  const sign = range.negative ? 1 : 0;
  let whole = 1 + sign;
  let fraction = 0;
  let exponent = 0;
  if (range.maxAbs > 0) {
    const low = decimalExponent(range.minAbs, precision);
    const high = decimalExponent(range.maxAbs, precision);
    if (scientific) {
      fraction = precision > 1 ? precision : 0;
      exponent = Math.max(`e${low}`.length, `e${high}`.length);
    } else {
      whole = Math.max(1, high + 1) + sign;
      const decimals = precision - 1 - low;
      fraction = decimals > 0 ? decimals + 1 : 0;
    }
  }
  return layout(precision, scientific, Math.max(whole, range.special), fraction, exponent);
}

function layout(precision: number, scientific: boolean, whole: number, fraction: number, exponent: number): ColumnLayout {
  return {
    width: whole + fraction + exponent,
    cell: (x) => {
      const parts = splitParts(x, precision, scientific);
      // Scientific mantissas get the column's digits (4.00000e-3 over 4.00265e-3), as is usual;
      // fixed numbers keep their own digits and align on the point (0.1 over 0.025).
      const digits = scientific && parts.exponent !== "" && fraction > 0 ? (parts.fraction || ".").padEnd(fraction, "0") : parts.fraction.padEnd(fraction);
      return parts.whole.padStart(whole) + digits + parts.exponent.padEnd(exponent);
    },
  };
}

/** The decimal exponent of x once rounded to `precision` digits (9.9999996 rounds up to 10). */
function decimalExponent(x: number, precision: number): number {
  const text = Math.abs(x).toExponential(precision - 1);
  return Number(text.slice(text.indexOf("e") + 1));
}

function splitParts(x: number, precision: number, scientific: boolean): Parts {
  if (x === 0 || !Number.isFinite(x)) return { whole: Object.is(x, -0) ? "0" : String(x), fraction: "", exponent: "" };
  const text = scientific ? x.toExponential(precision - 1) : fixed(x, precision);
  const e = text.indexOf("e");
  const mantissa = trimZeros(e < 0 ? text : text.slice(0, e));
  const exponent = e < 0 ? "" : text.slice(e).replace("+", "");
  const point = mantissa.indexOf(".");
  return point < 0
    ? { whole: mantissa, fraction: "", exponent }
    : { whole: mantissa.slice(0, point), fraction: mantissa.slice(point), exponent };
}

/** x rounded to `precision` significant digits, written without an exponent. */
function fixed(x: number, precision: number): string {
  const decimals = Math.max(0, precision - 1 - decimalExponent(x, precision));
  return x.toFixed(Math.min(decimals, 100));
}

/** `0.1000` -> `0.1`, `2.000` -> `2`; integers are left alone. */
function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
