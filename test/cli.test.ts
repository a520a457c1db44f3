// The CLI (SPEC.md section 5): each command and format in-process, exit statuses, and a few runs of
// the built binary (npm test builds first).
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

describe("eval", () => {
  it("prints nerva's values for epochs 0..N-1 as JSON that reads back exactly", () => {
    const { code, stdout } = cli("eval", "StepBased(0.1,0.5,2)", "--epochs", "5", "--format", "json");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { epoch: number; lr: number }[];
    expect(rows.map((r) => r.epoch)).toEqual([0, 1, 2, 3, 4]);
    expect(rows.map((r) => r.lr)).toEqual([0, 1, 2, 3, 4].map((t) => 0.1 * 0.5 ** Math.floor((1 + t) / 2)));
  });
  it("--at evaluates in the order given, so TimeBased shows its call order", () => {
    const { stdout } = cli("eval", "TimeBased(1, 1)", "--at", "1,0,1", "--format", "json");
    const rows = JSON.parse(stdout) as { epoch: number; lr: number }[];
    expect(rows).toEqual([
      { epoch: 1, lr: 0.5 },
      { epoch: 0, lr: 0.5 },
      { epoch: 1, lr: 0.25 },
    ]);
  });
  it("prints every double so that it parses back to the same double", () => {
    const { stdout } = cli("eval", "Exponential(0.1, 0.37)", "--epochs", "30", "--format", "csv");
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe("epoch,lr");
    lines.slice(1).forEach((line, t) => expect(Number(line.split(",")[1])).toBe(0.1 * Math.exp(-0.37 * t)));
  });
  it("table is the default format and has a row per epoch", () => {
    const { stdout } = cli("eval", "Constant(0.25)", "--epochs", "3");
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^epoch\s+lr$/);
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/))).toEqual([
      ["0", "0.25"],
      ["1", "0.25"],
      ["2", "0.25"],
    ]);
  });
  it("defaults to 10 epochs", () => {
    expect(JSON.parse(cli("eval", "Constant(1)", "--format", "json").stdout)).toHaveLength(10);
  });
});

describe("eval --metrics", () => {
  it("row i is the lr during epoch i, after the metrics of the epochs before it", () => {
    // patience=0, factor 0.5: metric 2 (epoch 1) is worse than 1, so the lr halves from epoch 2 on
    const { code, stdout } = cli("eval", "ReduceLROnPlateau(1, factor=0.5, patience=0)", "--metrics", "1,2,0.5,0.6", "--format", "json");
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { lr: number }[]).map((r) => r.lr)).toEqual([1, 1, 0.5, 0.5]);
  });
  it("--epochs may stop early, not run past the metrics", () => {
    expect(JSON.parse(cli("eval", "ReduceLROnPlateau(1)", "--metrics", "1,2,3", "--epochs", "2", "--format", "json").stdout)).toHaveLength(2);
    expect(cli("eval", "ReduceLROnPlateau(1)", "--metrics", "1,2,3", "--epochs", "4").code).toBe(2);
  });
  it("is a usage error where it does not apply, and needed where it does", () => {
    expect(cli("eval", "Constant(1)", "--metrics", "1,2").code).toBe(2);
    expect(cli("eval", "ReduceLROnPlateau(1)").code).toBe(2);
    expect(cli("eval", "ReduceLROnPlateau(1)", "--metrics", "1", "--at", "0").code).toBe(2);
  });
  it("a metric that is not a number is an invalid value, with a caret", () => {
    const { code, stderr } = cli("eval", "ReduceLROnPlateau(1)", "--metrics", "1,nan,3");
    expect(code).toBe(1);
    expect(stderr).toContain("  1,nan,3\n    ^");
  });
});

describe("check and list", () => {
  it("check prints the canonical spec", () => {
    expect(cli("check", "MultiStepLR(0.1;1,3,5;0.1)")).toEqual({
      code: 0,
      stdout: "MultiStepLR(lr=0.1, milestones=[1, 3, 5], gamma=0.1)\n",
      stderr: "",
    });
  });
  it("check prints a per-layer list joined by ';'", () => {
    expect(cli("check", "Constant(0.1);StepBased(0.1,0.5,2)").stdout).toBe(
      "Constant(lr=0.1);StepBased(lr=0.1, drop_rate=0.5, change_rate=2)\n",
    );
  });
  it("list shows each schedule with its parameters and formula", () => {
    const { code, stdout } = cli("list");
    expect(code).toBe(0);
    expect(stdout).toContain("StepBased(lr, drop_rate, change_rate)");
    expect(stdout).toContain("lr * drop_rate ^ floor((1 + t) / change_rate)");
    expect(stdout).toContain("MultiStepLR(lr, milestones, gamma=0.1)");
  });
  it("list --format json describes every parameter", () => {
    const entries = JSON.parse(cli("list", "--format", "json").stdout) as { type: string; params: { name: string; required: boolean }[] }[];
    const multiStep = entries.find((e) => e.type === "MultiStepLR");
    expect(multiStep?.params.map((p) => [p.name, p.required])).toEqual([
      ["lr", true],
      ["milestones", true],
      ["gamma", false],
    ]);
  });
});

describe("exit statuses and messages", () => {
  it("exits 1 with the message and a caret for an invalid spec", () => {
    const { code, stdout, stderr } = cli("eval", "StepBased(0.1,,10)");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("nerva-lr: Invalid schedule: expected a value, found ',' at offset 14\n  StepBased(0.1,,10)\n                ^\n");
  });
  const invalid: string[][] = [
    ["check", "Unknown(0.1)"],
    ["check", "StepBased(0.1,0.5,0)"],
    ["check", "MultiStepLR(0.1;3,1;0.1)"],
    ["check", "Constant(0x10)"],
    ["eval", "Constant(0.1)", "--at", "1,-2"],
    ["eval", "Constant(0.1)", "--at", "1,,2"],
    ["eval", "Constant(0.1)", "--at", "NaN"],
    ["eval", "Constant(0.1)", "--epochs", "2.5"],
    ["eval", "Constant(0.1)", "--epochs", "1e9"],
  ];
  for (const argv of invalid) {
    it(`exits 1 for ${argv.join(" ")}`, () => {
      const { code, stderr } = cli(...argv);
      expect(code).toBe(1);
      expect(stderr).toMatch(/\n\s*\^\n$/);
      expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });
  }
  const usage: string[][] = [
    [],
    ["frobnicate"],
    ["eval"],
    ["eval", "Constant(0.1)", "--bogus"],
    ["eval", "Constant(0.1)", "--epochs"],
    ["eval", "Constant(0.1)", "--epochs", "3", "--at", "1"],
    ["eval", "Constant(0.1)", "--format", "xml"],
    ["eval", "Constant(0.1)", "Constant(0.2)"],
    ["check"],
    ["check", "Constant(0.1)", "--epochs", "3"],
    ["list", "extra"],
  ];
  for (const argv of usage) {
    it(`exits 2 with a pointer to --help for: ${argv.join(" ") || "(nothing)"}`, () => {
      const { code, stderr } = cli(...argv);
      expect(code).toBe(2);
      expect(stderr).toContain("--help");
    });
  }
  it("--help works for the tool and for each command", () => {
    for (const argv of [["--help"], ["eval", "--help"], ["check", "-h"], ["list", "--help"], ["help", "eval"]]) {
      const { code, stdout } = cli(...argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage|^nerva-lr/);
    }
  });
});

describe("the built binary", () => {
  const bin = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
  it("evaluates a spec", () => {
    const out = execFileSync(process.execPath, [bin, "eval", "MultiStepLR(1.0;1,3,5;0.1)", "--epochs", "4", "--format", "json"], { encoding: "utf8" });
    const lrs = (JSON.parse(out) as { lr: number }[]).map((r) => r.lr);
    expect(lrs).toEqual([1, 0.1, 0.1, 0.1 * 0.1]); // milestones <= t: none, 1, 1, then 1 and 3
  });
  it("exits 1 on a bad spec and 2 on a usage error, without a stack trace", () => {
    const bad = spawnSync(process.execPath, [bin, "check", "Constant(lr=)"], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("^");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const usage = spawnSync(process.execPath, [bin, "eval"], { encoding: "utf8" });
    expect(usage.status).toBe(2);
  });
  it("runs the demo that npm start shows", () => {
    const out = execFileSync(process.execPath, [bin, "demo"], { encoding: "utf8" });
    expect(out).toContain("StepBased(0.1,0.5,4)");
    expect(out.split("\n").filter((l) => /^\s+\d+\s/.test(l))).toHaveLength(12);
  });
});
