// Numbers in tables: rounded to N significant digits, one notation per column, aligned.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ColumnRange, layoutColumn, layoutRange } from "../src/cli/columns.js";

const cells = (values: number[], precision?: number) => {
  const layout = layoutColumn(values, precision);
  return values.map((x) => layout.cell(x));
};

describe("table columns", () => {
  it("round to 6 significant digits by default", () => {
    expect(cells([0.020800000000000003, 0.010000000000000002]).map((c) => c.trim())).toEqual(["0.0208", "0.01"]);
    expect(cells([2 / 3]).map((c) => c.trim())).toEqual(["0.666667"]);
  });
  it("use one notation per column: scientific when any value would need it", () => {
    expect(cells([8.456571320676625e-7, 0.000002507188302549315])).toEqual(["8.45657e-7", "2.50719e-6"]);
    expect(cells([0.1, 8.456571320676625e-7])).toEqual(["1.00000e-1", "8.45657e-7"]);
    expect(cells([0.1, 0.0001])).toEqual(["0.1   ", "0.0001"]);
    expect(cells([1234567, 1])).toEqual(["1.23457e6", "1.00000e0"]);
  });
  it("align fixed numbers on the decimal point", () => {
    expect(cells([10, 0.5, 0.025])).toEqual(["10    ", " 0.5  ", " 0.025"]);
  });
  it("print zero as 0 in either notation", () => {
    expect(cells([0, 0.1]).map((c) => c.trim())).toEqual(["0", "0.1"]);
    expect(cells([0, 1e-9]).map((c) => c.trim())).toEqual(["0", "1e-9"]);
  });
  it("take the precision asked for", () => {
    expect(cells([2 / 3, 1 / 3], 3).map((c) => c.trim())).toEqual(["0.667", "0.333"]);
    expect(cells([Math.PI], 17).map((c) => c.trim())).toEqual(["3.1415926535897931"]);
  });
  it("any column: every cell reads back as its value rounded, all cells as wide, one notation", () => {
    const value = fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e-3, noNaN: true }), fc.constant(0));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 17 }), (values, precision) => {
        const layout = layoutColumn(values, precision);
        const out = values.map((x) => layout.cell(x));
        out.forEach((cell, i) => {
          expect(cell).toHaveLength(layout.width);
          expect(Number(cell.trim())).toBe(Number((values[i] as number).toPrecision(precision)));
        });
        const nonZero = out.filter((_, i) => values[i] !== 0);
        const withE = nonZero.filter((cell) => cell.includes("e")).length;
        expect(withE === 0 || withE === nonZero.length).toBe(true);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

/** A layout from the values' range alone, as long tables use (docs/cli.md, "Long tables"). */
const rangeLayout = (values: number[], precision?: number) => {
  const range = new ColumnRange();
  for (const x of values) range.add(x);
  return layoutRange(range, precision);
};

describe("table columns laid out from their range (long tables)", () => {
  it("fixed: the largest value's whole digits, the smallest one's decimals", () => {
    // 10 has 2 whole digits; 0.025 (exponent -2) can need 6 - 1 + 2 = 7 decimals.
    const layout = rangeLayout([10, 0.5, 0.025]);
    expect(layout.width).toBe(2 + 1 + 7);
    expect([10, 0.5, 0.025].map((x) => layout.cell(x))).toEqual(["10        ", " 0.5      ", " 0.025    "]);
  });
  it("scientific: every mantissa with precision - 1 decimals, exponents as wide as the widest end", () => {
    const layout = rangeLayout([1000, 2.5e-7]);
    expect([1000, 2.5e-7, 0].map((x) => layout.cell(x))).toEqual(["1.00000e3 ", "2.50000e-7", "0         "]);
  });
  it("a minus sign and non-finite values widen the whole part", () => {
    expect(rangeLayout([-0.5, 0.25]).cell(0.25)).toBe(" 0.25    ");
    // "-Infinity" is 9 wide; 1 (exponent 0) can need 5 decimals.
    expect(rangeLayout([-Infinity, 1]).cell(1)).toBe(`${"1".padStart(9)}${" ".repeat(6)}`);
  });
  it("any column: every cell reads back rounded, as wide as the column, the point aligned, the notation of layoutColumn", () => {
    const value = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e-3, noNaN: true }), fc.constant(0));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 17 }), (values, precision) => {
        const layout = rangeLayout(values, precision);
        const exact = layoutColumn(values, precision);
        const out = values.map((x) => layout.cell(x));
        out.forEach((cell, i) => {
          expect(cell).toHaveLength(layout.width);
          expect(layout.width).toBeGreaterThanOrEqual(exact.width);
          expect(Number(cell.trim())).toBe(Number((values[i] as number).toPrecision(precision)));
          expect(cell.includes("e")).toBe(exact.cell(values[i] as number).includes("e"));
        });
        const points = new Set(out.filter((cell) => cell.includes(".")).map((cell) => cell.indexOf(".")));
        expect(points.size).toBeLessThanOrEqual(1);
        const wholes = new Set(out.map((cell) => cell.search(/[0-9](?:[.e]|\s*$)/)));
        expect(wholes.size).toBe(1); // the last digit of the whole part in one place
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
