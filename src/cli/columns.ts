/**
 * Numbers for people: a column of doubles rounded to a few significant digits, in one notation for
 * the whole column, aligned on the decimal point. CSV and JSON never go through this; they print
 * every double exactly.
 */

/** The default number of significant digits in tables (`--precision`). */
export const DEFAULT_PRECISION = 6;
export const MAX_PRECISION = 17;

/** A column's notation and widths, decided once from all its values, so rows can then stream. */
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
 * on its own (decimal exponent from -4 up to precision - 1), else scientific for all of them.
 */
export function layoutColumn(values: ArrayLike<number>, precision = DEFAULT_PRECISION): ColumnLayout {
  let scientific = false;
  for (let i = 0; i < values.length && !scientific; i++) {
    const x = values[i] as number;
    if (x !== 0 && Number.isFinite(x)) {
      const exponent = decimalExponent(x, precision);
      scientific = exponent < -4 || exponent >= precision;
    }
  }
  const split = (x: number) => splitParts(x, precision, scientific);
  let whole = 0;
  let fraction = 0;
  let exponent = 0;
  for (let i = 0; i < values.length; i++) {
    const parts = split(values[i] as number);
    whole = Math.max(whole, parts.whole.length);
    fraction = Math.max(fraction, parts.fraction.length);
    exponent = Math.max(exponent, parts.exponent.length);
  }
  return {
    width: whole + fraction + exponent,
    cell: (x) => {
      const parts = split(x);
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
