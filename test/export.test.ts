// The export framework and the PyTorch target without Python (npm test; the run in torch is
// test/export-pytorch.test.ts, npm run test:exports). docs/export.md states what each catalog
// schedule becomes; this holds the code to it, and the CLI's `export` command to docs/cli.md's
// exit statuses, through the built binary.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseExpression } from "../src/core/expression.js";
import { catalog, lambdaLR, parseLearningRate, type Schedule } from "../src/index.js";
import { exportSchedule, TARGETS } from "../src/export/index.js";
import { FORMULAS, formulaOf } from "../src/export/formulas/index.js";
import { printExpression } from "../src/export/python.js";
import { rejection } from "./helpers.js";

const LR_SCHEDULER = "torch.optim.lr_scheduler.";

/** What docs/export.md says each schedule of the libraries with formulas becomes in torch. */
const TORCH_CLASS: Record<string, string> = {
  Constant: `${LR_SCHEDULER}ConstantLR(optimizer, factor=1.0)`,
  TimeBased: `${LR_SCHEDULER}MultiplicativeLR(optimizer, lambda step: 1 / (1 + 0.05 * step))`,
  Exponential: `${LR_SCHEDULER}ExponentialLR(optimizer, gamma=${Math.exp(-0.1)})`,
  StepLR: `${LR_SCHEDULER}StepLR(optimizer, step_size=3, gamma=0.5)`,
  MultiStepLR: `${LR_SCHEDULER}MultiStepLR(optimizer, milestones=[2, 2, 5], gamma=0.5)`,
  ConstantLR: `${LR_SCHEDULER}ConstantLR(optimizer, factor=${1 / 3}, total_iters=5)`,
  LinearLR: `${LR_SCHEDULER}LinearLR(optimizer, start_factor=0.25, end_factor=0.5, total_iters=4)`,
  ExponentialLR: `${LR_SCHEDULER}ExponentialLR(optimizer, gamma=0.9)`,
  PolynomialLR: `${LR_SCHEDULER}PolynomialLR(optimizer, total_iters=7, power=1.5)`,
  CosineAnnealingLR: `${LR_SCHEDULER}CosineAnnealingLR(optimizer, T_max=10, eta_min=0.001)`,
  CosineAnnealingWarmRestarts: `${LR_SCHEDULER}CosineAnnealingWarmRestarts(optimizer, T_0=3, T_mult=2, eta_min=0)`,
  CyclicLR: `${LR_SCHEDULER}CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=5, mode="exp_range", gamma=0.97, cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)`,
  OneCycleLR: `${LR_SCHEDULER}OneCycleLR(optimizer, max_lr=0.1, total_steps=30, pct_start=0.3, anneal_strategy="linear", div_factor=25.0, final_div_factor=10000.0, three_phase=True, cycle_momentum=True, base_momentum=0.85, max_momentum=0.95)`,
  SWALR: `SWALR(optimizer, swa_lr=0.01, anneal_epochs=5, anneal_strategy="linear")`,
  LambdaLR: `${LR_SCHEDULER}LambdaLR(optimizer, lambda step: 0.95 ** step)`,
  MultiplicativeLR: `${LR_SCHEDULER}MultiplicativeLR(optimizer, lambda step: 0.9 + 0.1 * 0.5 ** step)`,
  SequentialLR: `${LR_SCHEDULER}SequentialLR(optimizer, schedulers=[${LR_SCHEDULER}LinearLR(optimizer, start_factor=0.1, end_factor=1, total_iters=5), ${LR_SCHEDULER}CosineAnnealingLR(optimizer, T_max=15, eta_min=0)], milestones=[5])`,
  ChainedScheduler: `${LR_SCHEDULER}ChainedScheduler([${LR_SCHEDULER}ConstantLR(optimizer, factor=0.5, total_iters=3), ${LR_SCHEDULER}ExponentialLR(optimizer, gamma=0.95)])`,
  ReduceLROnPlateau: `${LR_SCHEDULER}ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=2, threshold=0.0001, threshold_mode="rel", cooldown=1, min_lr=0, eps=1e-8)`,
};

/** The lr the code must set before the scheduler reads it (none: CyclicLR and OneCycleLR set their own). */
function groupLr(code: string): string | undefined {
  return /group\["lr"\] = (\S+)/.exec(code)?.[1];
}

describe("the PyTorch export of every catalog schedule", () => {
  for (const definition of catalog) {
    it(definition.example, () => {
      const schedule = parseLearningRate(definition.example);
      const hasTable = Object.hasOwn(FORMULAS, definition.source);
      if (!hasTable || (formulaOf(schedule) === undefined && TORCH_CLASS[definition.type] === undefined)) {
        // No torch class and no formula with these parameters: refused, saying why.
        const error = rejection(() => exportSchedule(schedule, "pytorch"));
        expect(error.code).toBe("cannot-export");
        expect(error.message).toContain(`${definition.type} (${definition.source})`);
        expect(error.message).toContain("torch has no such class");
        return;
      }
      const code = exportSchedule(schedule, "pytorch");
      expect(code).toMatch(/^# nerva-lr export --to pytorch: /);
      expect(code).toContain("\nimport torch\n");
      expect(code).toMatch(/\nscheduler = .*\n$/);
      const native = TORCH_CLASS[definition.type];
      if (native !== undefined && definition.source !== "Keras") {
        expect(code).toContain(`scheduler = ${native}\n`);
        if (definition.type === "CyclicLR" || definition.type === "OneCycleLR") expect(groupLr(code)).toBeUndefined();
        else expect(groupLr(code)).toBe(definition.type === "TimeBased" || definition.type === "Constant" || definition.type === "Exponential" || definition.type === "StepBased" ? "0.1" : groupLr(code));
        expect(code).not.toContain("torch has no such class");
      } else {
        // A LambdaLR whose lambda is the lr itself: the optimizer's lr is 1.0.
        expect(code).toContain(`scheduler = ${LR_SCHEDULER}LambdaLR(optimizer, lambda step: `);
        expect(groupLr(code)).toBe("1.0");
        expect(code).toContain(`# ${definition.type} of ${definition.source}: torch has no such class`);
      }
    });
  }

  it("sets the lr of torch's classes to the schedule's lr", () => {
    expect(groupLr(exportSchedule(parseLearningRate("StepLR(0.25, 3)"), "pytorch"))).toBe("0.25");
    expect(groupLr(exportSchedule(parseLearningRate("ReduceLROnPlateau(3)"), "pytorch"))).toBe("3.0");
    expect(exportSchedule(parseLearningRate("SWALR(0.1, 0.01)"), "pytorch")).toContain("\nfrom torch.optim.swa_utils import SWALR\n");
  });

  it("falls back to the formula where torch would not combine the children as nerva-lr does", () => {
    // ChainedScheduler with a cosine child: torch's chaining is not the product there.
    const chained = exportSchedule(parseLearningRate("ChainedScheduler(0.1, [ExponentialLR(gamma=0.9), CosineAnnealingLR(T_max=10, eta_min=0.01)])"), "pytorch");
    expect(chained).not.toContain(`${LR_SCHEDULER}ChainedScheduler(`);
    expect(chained).toContain(`${LR_SCHEDULER}LambdaLR(`);
    // Children with different lrs: torch's SequentialLR gives them all the optimizer's one lr.
    const sequential = exportSchedule(parseLearningRate("SequentialLR(schedulers=[StepLR(0.2, 2), CosineAnnealingLR(0.05, 6)], milestones=[4])"), "pytorch");
    expect(sequential).not.toContain(`${LR_SCHEDULER}SequentialLR(`);
    expect(sequential).toContain("math.cos(math.pi * ");
  });

  it("refuses an unknown target naming the targets, and a schedule made from a JavaScript function", () => {
    const schedule = parseLearningRate("StepLR(0.1, 3)");
    const unknown = rejection(() => exportSchedule(schedule, "jax" as never));
    expect(unknown.code).toBe("unknown-name");
    for (const target of TARGETS) expect(unknown.message).toContain(target);
    const fn = rejection(() => exportSchedule(lambdaLR({ lr: 0.1, lr_lambda: (t) => 0.9 ** t }) as unknown as Schedule, "pytorch"));
    expect(fn.code).toBe("cannot-export");
  });
});

describe("Python text of an expression", () => {
  const python = (text: string) => printExpression(parseExpression(text), { dialect: "python", variable: "step" });
  it("puts math's functions and constants under math., keeps the builtins, and keeps Python's precedence", () => {
    expect(python("lambda epoch: cos(pi * epoch) + min(1, abs(-epoch)) + floor(e)")).toBe("math.cos(math.pi * step) + min(1, abs(-step)) + math.floor(math.e)");
    expect(python("(-2) ** 2 + -2 ** 2")).toBe("(-2) ** 2 + -2 ** 2");
    expect(python("1 if t < 5 and not t == 3 else 2 if t // 2 % 3 else 0")).toBe("1 if step < 5 and not step == 3 else 2 if step // 2 % 3 else 0");
    expect(python("(1 if t else 2) if t else 3")).toBe("(1 if step else 2) if step else 3");
  });
  it("prints every number so that it reads back as the same double", () => {
    for (const x of [0.1 + 0.2, 1 / 3, 1e-300, 5e-324, 1.7976931348623157e308, 123456789012345680000]) {
      expect(Number(python(String(x)))).toBe(x);
    }
  });
});

describe("nerva-lr export (the built binary)", () => {
  const binary = new URL("../dist/cli/nerva-lr.cjs", import.meta.url).pathname;
  const run = (...args: string[]) => spawnSync(process.execPath, [binary, ...args], { encoding: "utf8" });
  it("prints the code", () => {
    const result = run("export", "StepLR(0.1, 3)", "--to", "pytorch");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(exportSchedule(parseLearningRate("StepLR(0.1, 3)"), "pytorch"));
  });
  it("a missing or unknown --to is a usage error (exit 2) listing the targets", () => {
    for (const args of [["export", "StepLR(0.1, 3)"], ["export", "StepLR(0.1, 3)", "--to", "torch"]]) {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("pytorch, transformers, deepspeed, timm, keras, optax, tfjs");
    }
  });
  it("a schedule the target cannot express is one line, exit 1", () => {
    const result = run("export", "StepBased(0.1, 0.5, 10)", "--to", "deepspeed");
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^nerva-lr: Cannot export: /);
    expect(result.stderr).toContain("WarmupLR");
  });
  it("'export' is in the help and docs/export.md", () => {
    expect(run("--help").stdout).toContain("nerva-lr export SPEC --to");
    expect(readFileSync(new URL("../docs/export.md", import.meta.url), "utf8")).toContain("nerva-lr export SPEC --to");
  });
});
