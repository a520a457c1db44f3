/**
 * The built CLI binary (dist/cli/nerva-lr.cjs, `npm test` builds it first) reading configs:
 * @PATH, @- (standard input), --lr, --set, --steps-per-epoch, check's `from:` line, the config's
 * span as the default row count, and each error as one line with its line:column and caret.
 * Fixtures: test/fixtures/configs/ (sources in docs/configs.md).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));
const DIR = fileURLToPath(new URL("./fixtures/configs/", import.meta.url));
const cli = (args: string[], input?: string) => {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", input: input ?? "", cwd: DIR });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
};

describe("nerva-lr with config files", () => {
  it("check @PATH prints what was recognised and the canonical spec (DeepSpeed's own test config)", () => {
    const run = cli(["check", "@deepspeed-megatron-gpt2-scheduler.json"]);
    expect(run).toEqual({
      status: 0,
      stdout: "from: DeepSpeed config, scheduler WarmupLR\nWarmupLR(warmup_min_lr=0, warmup_max_lr=0.001, warmup_num_steps=10, warmup_type=log)\n",
      stderr: "",
    });
  });
  it("@- reads standard input", () => {
    const run = cli(["check", "@-"], readFileSync(join(DIR, "timm-step-args.yaml"), "utf8"));
    expect(run.stdout).toBe("from: timm train.py args, sched step (per epoch)\nStepLRScheduler(lr=0.05, decay_t=3, decay_rate=0.5, warmup_t=2, warmup_lr_init=0.001, warmup_prefix=false)\n");
  });
  it("eval prints the config's span (timm's num_epochs) when --epochs is not given, with the peer's values", () => {
    const fixture = JSON.parse(readFileSync(join(DIR, "../configs.json"), "utf8")) as { cases: { file: string; values: number[]; num_epochs?: number }[] };
    const peer = fixture.cases.find((c) => c.file === "timm-step-args.yaml");
    const run = cli(["eval", "@timm-step-args.yaml", "--format", "json"]);
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as { epoch: number; lr: number }[];
    expect(rows.length).toBe(peer?.num_epochs);
    rows.forEach((row, t) => expect(Math.abs(row.lr - (peer?.values[t] as number))).toBeLessThanOrEqual(1e-15));
  });
  it("--steps-per-epoch and --set: Trainer's count from num_train_epochs; --set max_steps overrides it", () => {
    expect(cli(["eval", "@hf-training-args.json", "--steps-per-epoch", "4", "--format", "csv"]).stdout.trim().split("\n").length).toBe(1 + 12);
    expect(cli(["check", "@hf-training-args.json", "--set", "max_steps=30"]).stdout).toBe(
      "from: Hugging Face TrainingArguments, lr_scheduler_type cosine\nget_cosine_schedule_with_warmup(lr=0.00002, num_warmup_steps=3, num_training_steps=30, num_cycles=0.5)\n",
    );
  });
  it("--lr fills the optimizer's lr (lr: null in timm args); --set lr= too", () => {
    const a = cli(["check", "@timm-mobileone-args.yaml", "--lr", "0.4", "--steps-per-epoch", "3"]);
    const b = cli(["check", "@timm-mobileone-args.yaml", "--set", "lr=0.4", "--steps-per-epoch", "3"]);
    expect(a.status).toBe(0);
    expect(a.stdout).toContain("CosineLRScheduler(lr=0.4, t_initial=885,");
    expect(b.stdout).toBe(a.stdout);
  });
  it("plot uses the span too", () => {
    const run = cli(["plot", "@timm-cosine-cycles-args.yaml", "--ascii", "--width", "60"]);
    expect(run.status).toBe(0);
    // timm's num_epochs for this file is 46 (scripts/config_reference.py): the chart of --epochs 46.
    expect(run.stdout).toBe(cli(["plot", "@timm-cosine-cycles-args.yaml", "--ascii", "--width", "60", "--epochs", "46"]).stdout);
    expect(run.stdout).not.toBe(cli(["plot", "@timm-cosine-cycles-args.yaml", "--ascii", "--width", "60", "--epochs", "60"]).stdout);
  });
});

describe("nerva-lr config errors: one line, the place as line:column, the caret", () => {
  it('"auto" names the value and --set', () => {
    const dir = mkdtempSync(join(tmpdir(), "nerva-cfg-"));
    try {
      const file = join(dir, "ds.json");
      writeFileSync(file, '{\n  "scheduler": {"type": "WarmupDecayLR", "params": {"total_num_steps": "auto"}}\n}\n');
      const run = cli(["eval", `@${file}`]);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        'nerva-lr: Invalid config: scheduler.params.total_num_steps is "auto" (a value the Hugging Face Trainer fills in); give it with --set total_num_steps=VALUE (library: set: { total_num_steps: VALUE }) at line 2, column 72\n' +
          // The line is cut 40 characters before the caret, as spec errors are (docs/cli.md).
          '  …DecayLR", "params": {"total_num_steps": "auto"}}\n' +
          `  ${" ".repeat(41)}^\n`,
      );
      expect(cli(["eval", `@${file}`, "--set", "total_num_steps=20", "--epochs", "3", "--format", "csv"]).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("--lr where the config sets learning_rate: a usage error (exit 2) naming the key", () => {
    const run = cli(["eval", "@hf-training-args.json", "--lr", "0.1", "--steps-per-epoch", "2"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "nerva-lr: Conflicting learning rate: the config sets the lr itself (learning_rate); leave out --lr (library: lr), or override it with --set learning_rate=X at line 4, column 20\n" +
        '    "learning_rate": 2e-05,\n' +
        `  ${" ".repeat(19)}^\n` +
        "Run 'nerva-lr eval --help' for usage.\n",
    );
  });
  it("a YAML error from standard input", () => {
    const run = cli(["check", "@-"], "sched: cosine\nlr: [0.1\n");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^nerva-lr: Invalid config: .* at line \d+, column \d+\n {2}.*\n {2} *\^\n$/);
  });
  it("a config without a schedule says so", () => {
    expect(cli(["check", "@deepspeed-bingbertsquad-no-scheduler.json"]).stderr).toContain("this DeepSpeed config has no scheduler block");
  });
  it("files: missing, a directory, unreadable: one line, exit 1", () => {
    expect(cli(["eval", "@missing.json"])).toEqual({ status: 1, stdout: "", stderr: "nerva-lr: cannot read 'missing.json': no such file\n" });
    expect(cli(["eval", "@."])).toEqual({ status: 1, stdout: "", stderr: "nerva-lr: cannot read '.': it is a directory\n" });
    if (process.getuid?.() !== 0) {
      const dir = mkdtempSync(join(tmpdir(), "nerva-cfg-"));
      const file = join(dir, "locked.json");
      writeFileSync(file, "{}", { mode: 0o000 });
      expect(cli(["eval", `@${file}`]).stderr).toContain("permission denied");
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("bad --lr, --set and --steps-per-epoch values are usage errors", () => {
    expect(cli(["check", "@timm-step-args.yaml", "--lr", "abc"]).status).toBe(2);
    expect(cli(["check", "@timm-step-args.yaml", "--set", "decay_rate"]).stderr).toContain("--set expects name=value");
    expect(cli(["check", "@timm-step-args.yaml", "--set", "a=1", "--set", "a=2"]).stderr).toContain("--set a is given twice");
    expect(cli(["check", "@hf-training-args.json", "--steps-per-epoch", "0"]).status).toBe(2);
    expect(cli(["eval", "@-", "@-"]).stderr).toContain("@- (standard input) can be read once");
  });
});
