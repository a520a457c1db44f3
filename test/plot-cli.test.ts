// `nerva-lr plot` through the built binary (dist/cli/nerva-lr.cjs), as a user runs it: issues 15
// and 16. Each run has a time limit, so a hang fails the test instead of stalling it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 20_000, env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("nerva-lr plot (built binary)", () => {
  it("labels StepLR's rows 0.10, 0.05, 0.00 at height 5, each on its own row", () => {
    const { code, stdout } = run("plot", "StepLR(0.1, 10, 0.5)", "--epochs", "40", "--height", "5", "--width", "60");
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(0, 5).map((line) => line.slice(0, 6))).toEqual(["0.10 ┤", "     │", "0.05 ┤", "     │", "0.00 ┤"]);
  });

  it("labels a wide log axis with powers of ten a round number of decades apart", () => {
    const { code, stdout } = run("plot", "ExponentialLR(0.1, 0.1)", "--epochs", "70", "--log", "--height", "8");
    expect(code).toBe(0);
    const labels = stdout.split("\n").flatMap((line) => /^\s*(1e[-+]\d+) ┤/.exec(line)?.[1] ?? []);
    expect(labels).toEqual(["1e+0", "1e-20", "1e-40", "1e-60"]);
    const svg = run("plot", "ExponentialLR(0.1, 0.1)", "--epochs", "70", "--log", "--format", "svg").stdout;
    expect(svg.match(/>1e[-+]\d+</g)).toEqual([">1e-60<", ">1e-40<", ">1e-20<"]);
  });

  it("refuses an overflowing schedule in one line, exit 1, text and SVG, without hanging", () => {
    for (const format of ["text", "svg"]) {
      const { code, stdout, stderr } = run("plot", 'MultiplicativeLR(0.1, lr_lambda="2")', "--epochs", "2000", "--format", format);
      expect([code, stdout]).toEqual([1, ""]);
      // The schedule refuses the value itself (at step 1024, where 0.1 * 2^1024 overflows); the chart never sees it.
      expect(stderr).toMatch(/^nerva-lr: .*MultiplicativeLR.* 1024: .*overflows the largest double.*\n$/);
      expect(stderr.split("\n")).toHaveLength(2);
    }
  });

  it("refuses a log chart of nothing but zeros, and leaves zeros out of one that has others, with a note", () => {
    const zero = run("plot", "Constant(0)", "--log");
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/^nerva-lr: .*log scale cannot show .* 0 or below.*\n$/);
    // Starts at 0 (warmup from 0) and ends at 0 (linear decay to 0): epochs 0 and 40..47 are 0.
    const some = run("plot", "get_linear_schedule_with_warmup(0.1, 5, 40)", "--log", "--width", "70");
    expect(some.code).toBe(0);
    expect(some.stdout).toContain("note: 9 lrs are 0 or below, which a log scale cannot show; left out");
    const svg = run("plot", "get_linear_schedule_with_warmup(0.1, 5, 40)", "--log", "--format", "svg").stdout;
    expect(svg).toContain("9 lrs are 0 or below");
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("wraps a long legend in the terminal, and cuts it in the SVG with the whole text in a <title>", () => {
    const long = "SequentialLR(0.1, [LinearLR(start_factor=0.01, total_iters=10), CosineAnnealingWarmRestarts(T_0=20, T_mult=2, eta_min=0.0001)], [10])";
    for (const width of [40, 60, 80]) {
      const { code, stdout } = run("plot", long, "--width", String(width), "--height", "6");
      expect(code).toBe(0);
      for (const line of stdout.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(width);
      const legend = stdout.slice(stdout.indexOf("  ⣿ ")).split("\n").map((line) => line.slice(4)).join(" ");
      expect(legend.replace(/\s+/g, "")).toBe(long.replace(/\s+/g, ""));
    }
    for (const width of [240, 480, 720]) {
      const svg = run("plot", long, "--format", "svg", "--width", String(width)).stdout;
      const entry = /<text x="[\d.]+" y="[\d.]+"><title>([^<]*)<\/title>([^<]*)<\/text>/.exec(svg);
      expect(entry?.[1]).toBe(long);
      expect(entry?.[2]).toMatch(/…$/);
      // ~7px a character at 12px: the cut text fits the width.
      const x = Number(/<text x="([\d.]+)" y="[\d.]+"><title>/.exec(svg)?.[1]);
      expect(x + Array.from(entry?.[2] ?? "").length * 7).toBeLessThanOrEqual(width);
    }
  });
});
