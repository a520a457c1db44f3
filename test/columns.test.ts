// Numbers in tables: rounded to N significant digits, one notation per column, aligned.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutColumn } from "../src/cli/columns.js";

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
