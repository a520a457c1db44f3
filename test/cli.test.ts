// The CLI (docs/cli.md): each command and format in-process, exit statuses, and a few runs of
// the built binary (npm test builds first).
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseLearningRate } from "../src/index.js";
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
    ["eval", "Constant(0.1)", "Constant(-1)"],
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
    ["eval", "Constant(0.1)", "--epochs", "2", "--epochs", "3"],
    ["eval", "Constant(0.1)", "--format", "csv", "--precision", "3"],
    ["help", "foo"],
    ["help", "eval", "check"],
    ["check"],
    ["check", "Constant(0.1)", "--epochs", "3"],
    ["list", "extra"],
    // An option's value out of its range is part of how the command is called.
    ["eval", "Constant(0.1)", "--epochs", "2.5"],
    ["eval", "Constant(0.1)", "--epochs", "1e9"],
    ["eval", "Constant(0.1)", "--epochs", "-5"],
    ["eval", "Constant(0.1)", "--precision", "0"],
    ["eval", "Constant(0.1)", "--precision", "18"],
    ["plot", "Constant(0.1)", "--width", "10"],
    ["plot", "Constant(0.1)", "--height", "3"],
    ["plot", "Constant(0.1)", "--format", "svg", "--width", "10"],
    ["playground", "--port", "70000"],
  ];
  for (const argv of usage) {
    it(`exits 2 with a pointer to --help for: ${argv.join(" ") || "(nothing)"}`, () => {
      const { code, stderr } = cli(...argv);
      expect(code).toBe(2);
      // One line of message, then the pointer to the help of the command given (if any).
      const command = argv.find((word) => ["eval", "plot", "check", "list", "demo", "playground"].includes(word));
      expect(stderr).toMatch(/^nerva-lr: [^\n]+\nRun 'nerva-lr (\w+ )?--help' for usage\.\n$/);
      if (argv[0] !== "help") expect(stderr).toContain(`Run 'nerva-lr ${command ? `${command} ` : ""}--help'`);
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
  const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));
  it("evaluates a spec", () => {
    const out = execFileSync(process.execPath, [bin, "eval", "MultiStepLR(1.0;1,3,5;0.1)", "--epochs", "4", "--format", "json"], { encoding: "utf8" });
    const lrs = (JSON.parse(out) as { lr: number }[]).map((r) => r.lr);
    expect(lrs).toEqual([1, 0.1, 0.1, 0.1 * 0.1]); // milestones <= t: none, 1, 1, then 1 and 3
  });
  it("starts from its code cache, and runs the same without one or with one another Node made", () => {
    const cache = `${dirname(bin)}/main.cjs.cache`;
    expect(existsSync(cache)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "nerva-lr-cli-"));
    try {
      for (const name of ["nerva-lr.cjs", "main.cjs"]) copyFileSync(`${dirname(bin)}/${name}`, join(dir, name));
      const run = () => execFileSync(process.execPath, [join(dir, "nerva-lr.cjs"), "check", "StepLR(0.1, 3)"], { encoding: "utf8" });
      expect(run()).toBe("StepLR(lr=0.1, step_size=3, gamma=0.1)\n"); // no cache
      writeFileSync(join(dir, "main.cjs.cache"), Buffer.from("not a V8 code cache"));
      expect(run()).toBe("StepLR(lr=0.1, step_size=3, gamma=0.1)\n"); // rejected
      // A plain node takes the cache the build wrote (V8 checks its version, flags and source first).
      const check = `const { Script } = require("node:vm"); const { wrap } = require("node:module"); const { readFileSync } = require("node:fs");
        const script = new Script(wrap(readFileSync(process.argv[1], "utf8").replace(/^#!/, "//")), { cachedData: readFileSync(process.argv[2]) });
        process.stdout.write(String(script.cachedDataRejected));`;
      expect(execFileSync(process.execPath, ["-e", check, join(dir, "main.cjs"), cache], { encoding: "utf8" })).toBe("false");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("exits 1 on a bad spec and 2 on a usage error, without a stack trace", () => {
    const bad = spawnSync(process.execPath, [bin, "check", "Constant(lr=)"], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("^");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const usage = spawnSync(process.execPath, [bin, "eval"], { encoding: "utf8" });
    expect(usage.status).toBe(2);
  });
  it("runs the demo that npm start shows, with commands that work in a checkout", () => {
    const out = execFileSync(process.execPath, [bin, "demo"], { encoding: "utf8" });
    expect(out).toContain("StepBased(0.1,0.5,4)");
    expect(out.split("\n").filter((l) => /^\s+\d+ {2}0\.1\b/.test(l))).toHaveLength(12);
    const hints = out.split("\n").filter((l) => l.includes("nerva-lr ") && /^(Try:)?\s+/.test(l) && !l.includes("["));
    expect(hints.length).toBeGreaterThan(0);
    for (const hint of hints) expect(hint).toMatch(/npx nerva-lr /);
  });
  it("streams a million csv rows and stops quietly when the reader does", { timeout: 60_000 }, () => {
    const csv = spawnSync(process.execPath, [bin, "eval", "Exponential(0.1, 1e-6)", "--epochs", "1000000", "--format", "csv"], { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1_000_001);
    expect(Number(lines[1_000_000]?.split(",")[1])).toBe(0.1 * Math.exp(-1e-6 * 999_999));
    const head = spawnSync("bash", ["-c", `"${process.execPath}" "${bin}" eval "Constant(0.1)" --epochs 1000000 | head -n 3; echo "status \${PIPESTATUS[0]}"`], { encoding: "utf8" });
    expect(head.stdout).toMatch(/status 0\n$/);
    expect(head.stderr).toBe("");
  });
});

type Row = Record<string, number>;
const json = (...argv: string[]) => JSON.parse(cli(...argv, "--format", "json").stdout) as Row[];

describe("eval, several schedules side by side", () => {
  it("one column per spec, keyed by the spec's text in JSON", () => {
    const rows = json("eval", "StepLR(0.1, 2)", "Exponential(0.1, 0.5)", "--epochs", "4");
    expect(rows.map((r) => Object.keys(r))).toEqual(Array(4).fill(["epoch", "StepLR(0.1, 2)", "Exponential(0.1, 0.5)"]));
    expect(rows.map((r) => r["StepLR(0.1, 2)"])).toEqual([0, 1, 2, 3].map((t) => 0.1 * 0.1 ** Math.floor(t / 2)));
    expect(rows.map((r) => r["Exponential(0.1, 0.5)"])).toEqual([0, 1, 2, 3].map((t) => 0.1 * Math.exp(-0.5 * t)));
  });
  it("a per-layer list gives one column per layer", () => {
    const rows = json("eval", "Constant(0.1);StepBased(0.1,0.5,2)", "--epochs", "3");
    expect(rows[2]).toEqual({ epoch: 2, "Constant(0.1)": 0.1, "StepBased(0.1,0.5,2)": 0.1 * 0.5 ** Math.floor(3 / 2) });
  });
  it("the same spec twice gets two distinct keys", () => {
    expect(Object.keys(json("eval", "Constant(1)", "Constant(1)", "--epochs", "1")[0] as Row)).toEqual(["epoch", "Constant(1)", "Constant(1) [2]"]);
  });
  it("csv quotes headers that hold commas", () => {
    const { stdout } = cli("eval", "StepLR(0.1, 2)", "Constant(0.2)", "--epochs", "3", "--format", "csv");
    expect(stdout.split("\n").slice(0, 2)).toEqual(['epoch,"StepLR(0.1, 2)",Constant(0.2)', "0,0.1,0.2"]);
  });
  it("the table heads short specs with their text, long ones with [i] and a legend", () => {
    const short = cli("eval", "Constant(0.1)", "StepLR(0.1,2)", "--epochs", "2").stdout.split("\n");
    expect(short[0]?.split(/\s+/)).toEqual(["epoch", "Constant(0.1)", "StepLR(0.1,2)"]);
    const long = cli("eval", "CosineAnnealingLR(0.1, 100)", "Constant(0.1)", "--epochs", "2").stdout.split("\n");
    expect(long.slice(0, 4)).toEqual(["  [1] CosineAnnealingLR(0.1, 100)", "  [2] Constant(0.1)", "", "epoch  [1]        [2]"]);
  });
  it("metrics feed the metric-driven columns and show as a column", () => {
    const rows = json("eval", "ReduceLROnPlateau(1, factor=0.5, patience=0)", "Constant(0.3)", "--metrics", "1,2,0.5");
    expect(rows).toEqual([
      { epoch: 0, "ReduceLROnPlateau(1, factor=0.5, patience=0)": 1, "Constant(0.3)": 0.3, metric: 1 },
      { epoch: 1, "ReduceLROnPlateau(1, factor=0.5, patience=0)": 1, "Constant(0.3)": 0.3, metric: 2 },
      { epoch: 2, "ReduceLROnPlateau(1, factor=0.5, patience=0)": 0.5, "Constant(0.3)": 0.3, metric: 0.5 },
    ]);
  });
  it("an error in the second spec points into that spec", () => {
    const { code, stderr } = cli("eval", "Constant(0.1)", "StepLR(0.1, 0)");
    expect(code).toBe(1);
    expect(stderr).toContain("  StepLR(0.1, 0)\n              ^");
  });
});

describe("eval, tables for people", () => {
  it("rounds to 6 significant digits, one notation per column", () => {
    const rows = cli("eval", "ExponentialLR(0.1, 0.6)", "--epochs", "30").stdout.trimEnd().split("\n").slice(2);
    const cells = rows.map((row) => row.trim().split(/\s+/)[1] as string);
    cells.forEach((cell, t) => expect(Number(cell)).toBe(Number((0.1 * 0.6 ** t).toPrecision(6))));
    expect(cells.every((cell) => cell.includes("e"))).toBe(true);
  });
  it("--precision changes the digits", () => {
    const cell = cli("eval", "Constant(0.123456789)", "--epochs", "1", "--precision", "3").stdout.split("\n")[2]?.trim().split(/\s+/)[1];
    expect(cell).toBe("0.123");
  });
  it("prints 150 000 rows (no stack overflow on large counts)", () => {
    const { code, stdout } = cli("eval", "Constant(0.1)", "--epochs", "150000");
    expect(code).toBe(0);
    expect(stdout.split("\n")).toHaveLength(150_003);
  });
});

describe("options a person mistypes", () => {
  it("a negative --epochs gets the option's own message", () => {
    const { code, stderr } = cli("eval", "Constant(0.1)", "--epochs", "-5");
    expect(code).toBe(2);
    expect(stderr).toContain("--epochs must be a whole number from 0 to 1000000, got '-5'");
    expect(stderr).not.toContain("--epochs=-5");
  });
  it("a misspelt option gets a suggestion", () => {
    expect(cli("eval", "Constant(0.1)", "--epoch", "3").stderr).toContain("unknown option '--epoch' (did you mean --epochs?)");
    expect(cli("eval", "Constant(0.1)", "--fromat", "csv").stderr).toContain("(did you mean --format?)");
  });
  it("help for an unknown command is an error", () => {
    const { code, stdout, stderr } = cli("help", "evl");
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toContain("unknown command 'evl' (did you mean eval?)");
  });
  it("an option given twice is an error, not silently the last", () => {
    expect(cli("eval", "Constant(0.1)", "--epochs", "2", "--epochs", "3").stderr).toContain("--epochs is given twice");
  });
});

describe("eval, momentum", () => {
  it("rows carry momentum beside lr for a schedule that cycles it", () => {
    const rows = json("eval", "OneCycleLR(0.1, 100)", "--epochs", "30");
    const schedule = parseLearningRate("OneCycleLR(0.1, 100)");
    expect(rows[0]).toEqual({ epoch: 0, lr: schedule.at(0), momentum: 0.95 });
    rows.forEach((row, t) => expect(row["momentum"]).toBe(schedule.momentumAt(t)));
    // At the lr's peak (step pct_start * total_steps - 1 = 29) the momentum is at its base.
    expect(rows[29]?.["momentum"]).toBeCloseTo(0.85, 12);
  });
  it("csv and table get a momentum column; schedules that do not cycle it get none", () => {
    // PyTorch's formulas: lr = base + (max - base) * height, momentum = max_m - (max_m - base_m) * height.
    const [lr1, m1] = [0.01 + (0.1 - 0.01) * 0.5, 0.9 - (0.9 - 0.8) * 0.5];
    expect(cli("eval", "CyclicLR(0.01, 0.1, 2)", "--epochs", "3", "--format", "csv").stdout).toBe(`epoch,lr,momentum\n0,0.01,0.9\n1,${lr1},${m1}\n2,0.1,0.8\n`);
    expect(cli("eval", "CyclicLR(0.01, 0.1, 2, cycle_momentum=false)", "--epochs", "1", "--format", "csv").stdout).toBe("epoch,lr\n0,0.01\n");
    expect(cli("eval", "StepLR(0.1, 3)", "--epochs", "1", "--format", "csv").stdout).toBe("epoch,lr\n0,0.1\n");
    expect(cli("eval", "OneCycleLR(0.1, 10)", "--epochs", "2").stdout.split("\n")[0]?.split(/\s+/)).toEqual(["epoch", "lr", "momentum"]);
  });
  it("with several specs, the momentum column is named after its spec", () => {
    expect(Object.keys(json("eval", "OneCycleLR(0.1, 10)", "StepLR(0.1, 3)", "--epochs", "1")[0] as Row)).toEqual(["epoch", "OneCycleLR(0.1, 10)", "StepLR(0.1, 3)", "OneCycleLR(0.1, 10) momentum"]);
  });
});

describe("short options and suggestions", () => {
  it("-n, -f, -o and -h stand for --epochs, --format, --output and --help", () => {
    expect(cli("eval", "Constant(0.5)", "-n", "2", "-f", "csv").stdout).toBe("epoch,lr\n0,0.5\n1,0.5\n");
    expect(cli("eval", "Constant(0.5)", "-n", "-1").stderr).toContain("--epochs must be a whole number from 0 to 1000000, got '-1'");
    expect(cli("plot", "-h").stdout).toMatch(/^Usage: nerva-lr plot/);
    const dir = mkdtempSync(join(tmpdir(), "nerva-lr-cli-"));
    try {
      const file = join(dir, "chart.svg");
      expect(cli("plot", "Constant(0.1)", "-f", "svg", "-o", file)).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(readFileSync(file, "utf8")).toMatch(/^<svg/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("suggests only options of the command given", () => {
    // 'o' is two edits from 'at' (eval's), which plot does not take; plot's own -o is --output.
    expect(cli("eval", "Constant(0.1)", "-x").stderr).toBe("nerva-lr: unknown option '-x' ('eval' takes --epochs, --at, --metrics, --format, --precision, --lr, --set, --steps-per-epoch, --help)\nRun 'nerva-lr eval --help' for usage.\n");
    expect(cli("plot", "Constant(0.1)", "--o", "x.svg").stderr).toContain("unknown option '--o' (did you mean --output?)");
    expect(cli("plot", "Constant(0.1)", "--precison", "3").stderr).not.toContain("--precision");
    expect(cli("eval", "Constant(0.1)", "--precison", "3").stderr).toContain("(did you mean --precision?)");
    expect(cli("list", "--fromat", "json").stderr).toContain("(did you mean --format?)");
    expect(cli("check", "--epoch", "3").stderr).not.toContain("--epochs");
  });
  it("an option a command does not take names the command", () => {
    expect(cli("eval", "Constant(0.1)", "-o", "x").stderr).toContain("'eval' does not take --output");
  });
});

describe("list options are bounded like --epochs", () => {
  const many = (n: number) => Array.from({ length: n }, () => "0").join(",");
  it("--at takes 1 000 000 entries, not one more", { timeout: 60_000 }, () => {
    const over = cli("eval", "Constant(0.1)", "--at", many(1_000_001), "--format", "csv");
    expect(over.code).toBe(2);
    expect(over.stderr).toBe("nerva-lr: --at has more than 1000000 entries; give at most 1000000\nRun 'nerva-lr eval --help' for usage.\n");
    const atMost = cli("eval", "Constant(0.1)", "--at", many(1_000_000), "--format", "csv");
    expect(atMost.code).toBe(0);
    expect(atMost.stdout.length).toBe("epoch,lr\n".length + 1_000_000 * "0,0.1\n".length);
  });
  it("--metrics has the same bound", () => {
    expect(cli("eval", "ReduceLROnPlateau(0.1)", "--metrics", many(1_000_001)).code).toBe(2);
  });
});

describe("long tables stream", () => {
  it("--epochs 0 is a header and its rule, no rows", () => {
    expect(cli("eval", "Constant(0.1)", "--epochs", "0")).toEqual({ code: 0, stdout: "epoch  lr\n-----  --\n", stderr: "" });
  });
  const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));
  it("every cell of a 20 000-row table reads back rounded, one notation and one decimal point per column", () => {
    const specs = ["ExponentialLR(1000, 0.999)", "CosineAnnealingLR(0.1, 7000, 0.001)", "TimeBased(0.1, 0.01)", "OneCycleLR(0.1, 20000)"];
    const precision = 4;
    const out = execFileSync(process.execPath, [bin, "eval", ...specs, "-n", "20000", "--precision", String(precision)], { encoding: "utf8", maxBuffer: 1 << 26 });
    const lines = out.trimEnd().split("\n");
    const header = lines.indexOf(lines.find((line) => line.startsWith("epoch")) as string);
    const rows = lines.slice(header + 2);
    expect(rows).toHaveLength(20_000);
    // Column starts from the rule line (dashes), so cells are cut where the table put them.
    const rule = lines[header + 1] as string;
    const starts = [...rule.matchAll(/-+/g)].map((m) => m.index);
    const fresh = specs.map((spec) => parseLearningRate(spec));
    const expected = (c: number, t: number) => (c < specs.length ? (fresh[c]?.at(t) as number) : (fresh[3]?.momentumAt(t) as number));
    const points = starts.slice(1).map(() => new Set<number>());
    const notations = starts.slice(1).map(() => new Set<boolean>());
    rows.forEach((row, t) => {
      expect(Number(row.slice(0, starts[1]).trim())).toBe(t);
      starts.slice(1).forEach((start, c) => {
        const cell = row.slice(start, starts[c + 2]).trim();
        const value = expected(c, t);
        expect(Number(cell)).toBe(Number(value.toPrecision(precision)));
        if (value !== 0) notations[c]?.add(cell.includes("e"));
        const point = row.indexOf(".", start);
        if (cell.includes(".")) points[c]?.add(point);
      });
    });
    for (const set of notations) expect(set.size).toBe(1);
    for (const set of points) expect(set.size).toBeLessThanOrEqual(1);
    // ExponentialLR spans 1000 down to 2e-6: scientific; the cosine stays in [0.001, 0.1]: fixed.
    expect([...(notations[0] as Set<boolean>)]).toEqual([true]);
    expect([...(notations[1] as Set<boolean>)]).toEqual([false]);
  });
  it("holds no rows in memory: peak RSS of a million-row table is within 20 MB of the csv's", { timeout: 120_000 }, () => {
    const specs = ["Exponential(0.1,1e-6)", "CosineAnnealingLR(0.1, 1000000)", "StepLR(0.1, 1000)", "LinearLR(0.1)", "Constant(0.2)"];
    const peak = (format: string) => {
      const run = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, bin, "eval", ...specs, "-n", "1000000", "-f", format], { encoding: "utf8", maxBuffer: 1 << 28 });
      expect(run.status).toBe(0);
      return Number(run.stderr.trim().split("\n").at(-1)) / 1024;
    };
    const csv = peak("csv");
    const table = peak("table");
    // Keeping the five columns alone would take 6 x 8 MB.
    expect(table).toBeLessThan(csv + 20);
  });
});

describe("hostile arguments through the built binary", () => {
  const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));
  const run = (...argv: string[]) => spawnSync(process.execPath, [bin, ...argv], { encoding: "utf8", maxBuffer: 1 << 26, timeout: 30_000 });
  // Every C0 control, DEL, C1 controls, an OSC sequence, line/paragraph separators and bidi controls.
  // (NUL cannot be in an argument: the OS ends the string there.)
  const controls = `${Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join("")}\x7f\x85\x9b]0;pwned\x07\u2028\u2029\u202a\u202e\u2066\u2069`;
  const long = "x".repeat(100_000);
  const hostile = [`\x1b]0;pwned\x07`, controls, long, `1\n2`, `${long}\x1b[2J`];
  const placements = (word: string): string[][] => [
    [word],
    ["help", word],
    ["eval", word],
    ["eval", "Constant(0.1)", "--format", word],
    ["eval", "Constant(0.1)", "--epochs", word],
    ["eval", "Constant(0.1)", "--at", word],
    ["eval", "Constant(0.1)", "--at", `1,${word}`],
    ["eval", "Constant(0.1)", "--precision", word],
    ["eval", "ReduceLROnPlateau(0.1)", "--metrics", word],
    ["eval", "Constant(0.1)", `--${word}`],
    ["eval", "Constant(0.1)", `-${word}`],
    ["plot", word],
    ["plot", "Constant(0.1)", "--format", word],
    ["plot", "Constant(0.1)", "--width", word],
    ["plot", "Constant(0.1)", "--height", word],
    ["plot", "Constant(0.1)", "--epochs", word],
    ["check", word],
    ["check", `Constant(${word})`],
    ["check", `StepLR(0.1, 3, ${word}=1)`],
    ["list", "--format", word],
    ["list", word],
    ["demo", word],
    ["playground", "--port", word],
    ["playground", word],
  ];
  const cases = hostile.flatMap((word, w) => placements(word).map((argv, p) => ({ name: `word ${w}, placement ${p}`, argv })));
  it.each(cases)("$name: one escaped, short message, exit 1 or 2, no stack", { timeout: 30_000 }, ({ argv }) => {
    const result = run(...argv);
    expect([1, 2]).toContain(result.status);
    expect(result.stdout).toBe("");
    const stderr = result.stderr;
    expect(stderr).toMatch(/^nerva-lr: /);
    expect(stderr).not.toMatch(/\n\s+at |internal error/);
    expect(stderr.length).toBeLessThan(1000);
    const lines = stderr.split("\n");
    expect(lines.pop()).toBe(""); // ends with a newline
    // The message line; then either the pointer to --help (exit 2) or a caret excerpt (exit 1).
    if (result.status === 2) expect(lines).toEqual([expect.stringMatching(/^nerva-lr: /), expect.stringMatching(/^Run 'nerva-lr (\w+ )?--help' for usage\.$/)]);
    else expect(lines.length === 1 || (lines.length === 3 && /^ +\^$/.test(lines[2] as string))).toBe(true);
    // No control character (C0, DEL, C1) and no separator or bidi control left raw.
    const raw = [...stderr.replace(/\n/g, "")].filter((ch) => {
      const code = ch.codePointAt(0) as number;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    });
    expect(raw).toEqual([]);
  });
  it("a long argument is clipped to 60 characters with an ellipsis", () => {
    const result = run(long);
    expect(result.stderr).toBe(`nerva-lr: unknown command '${"x".repeat(60)}…' (expected eval, plot, check, export, list, demo, playground or help)\nRun 'nerva-lr --help' for usage.\n`);
  });
  it("control characters are escaped, so a value with a newline stays on one line", () => {
    expect(run("eval", "Constant(0.1)", "--format", "\x1b]0;pwned\x07").stderr).toBe("nerva-lr: --format must be one of table, csv, json, got '\\x1b]0;pwned\\x07'\nRun 'nerva-lr eval --help' for usage.\n");
    expect(run("eval", "Constant(0.1)", "--epochs", "1\n2").stderr).toBe("nerva-lr: --epochs must be a whole number from 0 to 1000000, got '1\\n2'\nRun 'nerva-lr eval --help' for usage.\n");
    expect(run("help", "\u202eevil").stderr).toContain("unknown command '\\u{202e}evil'");
  });
});

describe("output that cannot be written", () => {
  const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));
  const commands = [
    ["eval", "Constant(0.1)", "--format", "csv"],
    ["eval", "Constant(0.1)", "--format", "json"],
    ["eval", "Constant(0.1)", "--format", "table"],
    ["eval", "Constant(0.1)", "-n", "100000", "-f", "table"],
    ["plot", "Constant(0.1)"],
    ["plot", "Constant(0.1)", "--format", "svg"],
    ["list"],
    ["list", "--format", "json"],
    ["check", "Constant(0.1)"],
    ["demo"],
    ["--help"],
  ];
  it.each(commands.map((argv) => [argv.join(" "), argv]))("%s > /dev/full: exit 1, one line", (_name, argv) => {
    const result = spawnSync("bash", ["-c", `"${process.execPath}" "${bin}" "$@" > /dev/full`, "bash", ...(argv as string[])], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("nerva-lr: cannot write output: no space left on device\n");
  });
  it.each(commands.map((argv) => [argv.join(" "), argv]))("%s | a reader that closes at once: quiet, exit 0", (_name, argv) => {
    const result = spawnSync("bash", ["-c", `"${process.execPath}" "${bin}" "$@" | head -c 1 > /dev/null; echo "status \${PIPESTATUS[0]}"`, "bash", ...(argv as string[])], { encoding: "utf8" });
    expect(result.stdout).toBe("status 0\n");
    expect(result.stderr).toBe("");
  });
});
