// Pasted code through the real binary (dist/cli/nerva-lr.cjs, built by npm test's pretest): what
// `check` says it read, --lr and --set on pasted code, arguments the code computes, and the
// errors' exit statuses. Expected values come from PyTorch's documented formulas.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parsePasted } from "../src/index.js";
import { close, rejection } from "./helpers.js";

const BIN = new URL("../dist/cli/nerva-lr.cjs", import.meta.url).pathname;
function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("pasted code in the CLI", () => {
  it("check says what it read, with the lr from --lr", () => {
    const result = run("check", "lr_scheduler.StepLR(opt, step_size=30, gamma=0.5)", "--lr", "0.2");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("from: PyTorch code, lr_scheduler.StepLR\nStepLR(lr=0.2, step_size=30, gamma=0.5)\n");
  });
  it("without --lr, one line with the caret under the optimizer, exit 1", () => {
    const result = run("check", "lr_scheduler.StepLR(opt, step_size=30)");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("StepLR takes lr from the optimizer: give it with the lr option (CLI: --lr)");
    const [, line, caret] = result.stderr.split("\n");
    expect((line as string).indexOf("opt,")).toBe((caret as string).indexOf("^"));
  });
  it("--lr where the code sets its own lr is a usage error naming the parameter, exit 2", () => {
    const result = run("check", "torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.01, total_steps=100)", "--lr", "0.1");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("OneCycleLR sets its own lr (max_lr)");
  });
  it("--set changes a parameter of pasted code; an unknown name is refused with a suggestion", () => {
    // CosineAnnealingLR: lr * (1 + cos(pi * t / T_max)) / 2; with T_max set to 10, t = 5 is half.
    const result = run("eval", "torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=50)", "--lr", "0.1", "--set", "T_max=10", "--at", "5", "--format", "json");
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as { epoch: number; lr: number }[];
    expect(close(rows[0]?.lr as number, (0.1 * (1 + Math.cos(Math.PI * 5 / 10))) / 2, 1e-15)).toBe(true);
    const wrong = run("eval", "torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=50)", "--lr", "0.1", "--set", "Tmax=10");
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("did you mean T_max?");
  });
  it("a script's lines: the schedule, and the lr of the optimizer built before it", () => {
    const script = "model = Net()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)\nscheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[2, 4], gamma=0.1)\n";
    const result = run("eval", script, "--epochs", "5", "--format", "csv");
    expect(result.status).toBe(0);
    const lrs = result.stdout.trim().split("\n").slice(1).map((row) => Number(row.split(",")[1]));
    const expected = [0.05, 0.05, 0.05 * 0.1, 0.05 * 0.1, 0.05 * 0.1 * 0.1];
    lrs.forEach((lr, i) => expect(close(lr, expected[i] as number, 1e-12), `epoch ${i}`).toBe(true));
  });
});

describe("arguments the pasted code computes", () => {
  it("are evaluated as Python would: products, int(), float division, // and names of the lambda language", () => {
    const pasted = parsePasted("OneCycleLR(optimizer, max_lr=0.001, total_steps=10 * 20, div_factor=5e-4 / 1e-6, pct_start=int(0.1 * 10) / 4)");
    expect(pasted.schedule.params).toMatchObject({ total_steps: 200, div_factor: 5e-4 / 1e-6, pct_start: 0.25 });
    const hf = parsePasted("get_linear_schedule_with_warmup(optimizer, int(0.1 * 200), (230 * 3) // 1)", { lr: 0.1 });
    expect(hf.schedule.params).toMatchObject({ num_warmup_steps: 20, num_training_steps: 690 });
    expect(parsePasted("MultiStepLR(optimizer, milestones=[int(20), 30 + 10], gamma=0.1)", { lr: 0.1 }).schedule.params).toMatchObject({ milestones: [20, 40] });
  });
  it("an unknown name stays an error at its place", () => {
    const text = "CosineAnnealingLR(optimizer, T_max=epochs * 10)";
    const error = rejection(() => parsePasted(text, { lr: 0.1 }));
    expect(error.offset).toBe(text.indexOf("epochs"));
  });
});
