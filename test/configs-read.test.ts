/**
 * nerva-lr/configs: what each format reads into, checked against the frameworks' documented rules
 * (docs/configs.md), and every error at its line and column.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSchedule } from "../src/configs/index.js";
import { NervaLrError } from "../src/core/errors.js";
import { buildSchedule } from "../src/language/build.js";
import { parseCallText } from "../src/language/parser.js";
import { createSchedulerV2 } from "../src/language/peer-calls/timm.js";
import { parseLearningRate } from "../src/index.js";

const fixture = (file: string) => readFileSync(new URL(`./fixtures/configs/${file}`, import.meta.url), "utf8");

function error(text: string, options = {}): NervaLrError {
  try {
    readSchedule(text, options);
  } catch (e) {
    if (e instanceof NervaLrError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("Hugging Face TrainingArguments: Trainer's step count, warmup and schedule", () => {
  it("num_train_epochs x steps per epoch, ceil; warmup_ratio of that, ceil; cosine warmup then decay to 0", () => {
    // hf-training-args.json: 3 epochs, warmup_ratio 0.1, cosine, lr 2e-5. With 7 steps per epoch:
    // max_steps = ceil(3 * 7) = 21, warmup = ceil(21 * 0.1) = ceil(2.1) = 3.
    const read = readSchedule(fixture("hf-training-args.json"), { stepsPerEpoch: 7 });
    expect(read.from).toBe("Hugging Face TrainingArguments, lr_scheduler_type cosine");
    expect(read.epochs).toBe(21);
    const lr = 2e-5;
    const expected = (t: number) => (t < 3 ? (lr * t) / 3 : lr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((t - 3) / (21 - 3))))));
    for (let t = 0; t <= 25; t++) expect(read.schedule.at(t)).toBeCloseTo(expected(t), 18);
  });
  it("a fractional num_train_epochs rounds the total up, as Trainer does", () => {
    const read = readSchedule('{"learning_rate": 0.001, "num_train_epochs": 2.5, "lr_scheduler_type": "linear"}', { stepsPerEpoch: 3 });
    expect(read.epochs).toBe(8); // ceil(7.5)
  });
  it("warmup_steps >= 1 counts steps; below 1 it is a ratio (transformers v5), ceil", () => {
    expect(String(readSchedule('{"max_steps": 100, "warmup_steps": 7.9}').schedule)).toContain("num_warmup_steps=7,");
    expect(String(readSchedule('{"max_steps": 101, "warmup_steps": 0.05}').schedule)).toContain("num_warmup_steps=6,"); // ceil(5.05)
  });
  it("defaults: linear, learning_rate 5e-5", () => {
    const read = readSchedule('{"max_steps": 10, "warmup_steps": 2}');
    expect(String(read.schedule)).toBe("get_linear_schedule_with_warmup(lr=0.00005, num_warmup_steps=2, num_training_steps=10)");
  });
  it("lr_scheduler_kwargs are the schedule's own arguments", () => {
    const read = readSchedule('{"max_steps": 10, "lr_scheduler_type": "cosine_with_restarts", "lr_scheduler_kwargs": {"num_cycles": 3}}');
    expect(String(read.schedule)).toContain("num_cycles=3");
  });
  it("without max_steps or --steps-per-epoch: an error that says exactly that, at num_train_epochs", () => {
    const e = error(fixture("hf-training-args.json"));
    expect(e.code).toBe("missing-parameter");
    expect(e.message).toContain("give --steps-per-epoch N (library: stepsPerEpoch), or --set max_steps=N at line 5, column 23");
  });
  it("both warmup_steps and warmup_ratio: the versions disagree, so an error asks for one", () => {
    expect(error('{"max_steps": 10, "warmup_steps": 2, "warmup_ratio": 0.1}').problem).toContain("both set");
  });
  it("lr where the config sets learning_rate: conflicting-lr naming the key", () => {
    const e = error(fixture("hf-training-args.json"), { lr: 0.1, stepsPerEpoch: 2 });
    expect(e.code).toBe("conflicting-lr");
    expect(e.problem).toContain("(learning_rate)");
    expect(e.message).toContain("line 4, column 20");
  });
  it("set overrides a key of the config", () => {
    expect(readSchedule(fixture("hf-training-args.json"), { set: { max_steps: 50 } }).epochs).toBe(50);
  });
});

describe("DeepSpeed", () => {
  it("the scheduler fragment as pasted, WarmupCosineLR with the lr given", () => {
    const read = readSchedule('"scheduler": {"type": "WarmupCosineLR", "params": {"total_num_steps": 10, "warmup_num_steps": 2}}', { lr: 0.5 });
    expect(read.from).toBe("DeepSpeed scheduler block, scheduler WarmupCosineLR");
    expect(read.schedule.params).toMatchObject({ lr: 0.5, total_num_steps: 10 });
  });
  it('"auto" names the value and how to give it; set fills it', () => {
    const text = '{\n  "scheduler": {\n    "type": "WarmupDecayLR",\n    "params": {"total_num_steps": "auto", "warmup_num_steps": 10}\n  }\n}';
    const e = error(text);
    expect(e.code).toBe("invalid-config");
    expect(e.message).toBe(
      'Invalid config: scheduler.params.total_num_steps is "auto" (a value the Hugging Face Trainer fills in); give it with --set total_num_steps=VALUE (library: set: { total_num_steps: VALUE }) at line 4, column 35\n' +
        '      "params": {"total_num_steps": "auto", "warmup_num_steps": 10}\n' +
        "                                    ^",
    );
    expect(readSchedule(text, { set: { total_num_steps: 1000 } }).schedule.params).toMatchObject({ total_num_steps: 1000 });
  });
  it('optimizer.params.lr "auto" needs lr; lr fills it', () => {
    const text = '{"optimizer": {"params": {"lr": "auto"}}, "scheduler": {"type": "StepLR", "params": {"step_size": 2}}}';
    expect(error(text).problem).toContain('optimizer.params.lr is "auto"');
    expect(readSchedule(text, { lr: 0.3 }).schedule.at(2)).toBeCloseTo(0.03, 15);
    expect(readSchedule(text, { set: { lr: 0.3 } }).schedule.at(0)).toBe(0.3);
  });
  it("last_batch_iteration other than -1 describes a resumed run", () => {
    const e = error('{"scheduler": {"type": "WarmupLR", "params": {"last_batch_iteration": 99}}}');
    expect(e.problem).toContain("describes a resumed run");
    expect(e.problem).toContain("--at");
  });
  it("a type known to neither DeepSpeed nor torch: a suggestion", () => {
    expect(error('{"scheduler": {"type": "WarmupLr"}}').problem).toContain("(did you mean WarmupLR?)");
  });
  it("a ds_config without a scheduler says so (DeepSpeed's BingBertSquad test config)", () => {
    const e = error(fixture("deepspeed-bingbertsquad-no-scheduler.json"));
    expect(e.problem).toContain("this DeepSpeed config has no scheduler block");
    expect(e.message).toContain("at line 2, column 3");
  });
  it("lr where the schedule sets its own (WarmupLR's warmup_max_lr): conflicting-lr", () => {
    const e = error(fixture("deepspeed-megatron-gpt2-scheduler.json"), { lr: 0.1 });
    expect(e.code).toBe("conflicting-lr");
    expect(e.problem).toContain("scheduler.params.warmup_min_lr");
  });
  it("the bare {type, params} block is read as before", () => {
    expect(readSchedule('{"type": "WarmupLR", "params": {"warmup_max_lr": 0.01, "warmup_num_steps": 5}}').from).toBe("DeepSpeed scheduler block, scheduler WarmupLR");
  });
});

describe("Keras serialized schedules", () => {
  it("Keras 3's form; name ignored; CosineDecay with warmup as Keras defines it", () => {
    const read = readSchedule(fixture("keras-cosine-decay.json"));
    expect(read.from).toBe("Keras serialized schedule, CosineDecay");
    // Warmup 5 steps from 0.1 to 0.2, then cosine over 20 steps to alpha * 0.2.
    expect(read.schedule.at(5)).toBeCloseTo(0.2, 15);
    expect(read.schedule.at(25)).toBeCloseTo(0.2 * 0.05, 15);
    expect(read.schedule.at(15)).toBeCloseTo(0.2 * ((1 - 0.05) * 0.5 * (1 + Math.cos(Math.PI * 0.5)) + 0.05), 15);
  });
  it("tf.keras' form without module", () => {
    const read = readSchedule('{"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": true, "name": null}}');
    expect(read.schedule.at(10)).toBe(0.05);
  });
});

describe("timm args", () => {
  it("lr: null (scaled from lr_base by train.py) needs lr and says so, at the key", () => {
    const e = error(fixture("timm-mobileone-args.yaml"), { stepsPerEpoch: 3 });
    expect(e.message).toContain("lr is null: train.py then computes it from lr_base (0.1)");
    // Line 5: the file starts with two comment lines.
    expect(e.message).toContain("at line 5, column 5\n  lr: null");
  });
  it("stepping per update without the updates per epoch is an error that names --steps-per-epoch", () => {
    expect(error(fixture("timm-mobileone-args.yaml"), { lr: 0.1 }).problem).toContain("--steps-per-epoch N");
  });
  it("--steps-per-epoch on a per-epoch config is refused with the way to step per update", () => {
    expect(error(fixture("timm-step-args.yaml"), { stepsPerEpoch: 10 }).problem).toContain("--set sched_on_updates=true");
  });
  it("plateau with train.py's default warmup has no equivalent: an error that says so", () => {
    expect(error("sched: plateau\nlr: 0.1\n").problem).toContain("no equivalent");
    const read = readSchedule("sched: plateau\nlr: 0.1\nwarmup_epochs: 0\neval_metric: loss\n");
    expect(read.schedule.params).toMatchObject({ mode: "min", factor: 0.1, patience: 10 });
  });
  it("an unknown set name is an error with a suggestion", () => {
    expect(error(fixture("timm-step-args.yaml"), { set: { decay_rat: 0.3 } }).problem).toContain("did you mean decay_rate?");
  });
});

describe("create_scheduler_v2 pasted: rewritten into timm's schedule", () => {
  const build = (text: string) => {
    const call = parseCallText(text);
    const rewritten = createSchedulerV2(call, (code, problem, start) => {
      throw new NervaLrError(code, problem, { source: text, offset: start });
    });
    return buildSchedule(rewritten, (offset) => ({ source: text, offset }));
  };
  it("cosine with warmup: CosineLRScheduler with timm's factory defaults (cycle_decay 0.1, warmup_lr 1e-5)", () => {
    const s = build('create_scheduler_v2(optimizer, sched="cosine", num_epochs=30, warmup_epochs=3, min_lr=1e-5, lr=0.1)');
    expect(String(s)).toBe(String(parseLearningRate("CosineLRScheduler(lr=0.1, t_initial=30, lr_min=0.00001, cycle_decay=0.1, warmup_t=3, warmup_lr_init=0.00001)")));
  });
  it("per update: spans times updates_per_epoch", () => {
    const s = build('create_scheduler_v2(opt, "step", decay_epochs=2, step_on_epochs=False, updates_per_epoch=5, lr=0.1)');
    expect(s.params).toMatchObject({ decay_t: 10, warmup_t: 0 });
  });
  it("an unknown sched: a suggestion at its place", () => {
    expect(() => build('create_scheduler_v2(optimizer, sched="cosin", lr=0.1)')).toThrow(/did you mean cosine\?[\s\S]* at offset 37\n[\s\S]*\n {39}\^/);
  });
});

describe("errors point at line and column; one-line configs too", () => {
  it("JSON syntax", () => {
    const e = error('{\n  "scheduler": {"type": "WarmupLR",}\n}');
    expect(e.code).toBe("invalid-config");
    expect(e.message).toMatch(/^Invalid config: not valid JSON: .* at line 2, column 36\n {2}\s*"scheduler"/);
  });
  it("a key given twice in YAML", () => {
    expect(error("sched: cosine\nlr: 0.1\nsched: step\n").message).toContain("a key is given twice in one mapping at line 3, column 1");
  });
  it("a one-line JSON config shows line 1 and a column", () => {
    expect(error('{"scheduler": {"type": "Nope"}}').message).toContain("at line 1, column 24");
  });
  it("a config that holds no schedule says so", () => {
    expect(error("foo: 1\nbar: 2\n").problem).toContain("holds no schedule nerva-lr knows");
  });
  it("spec text keeps its one-line display (offset)", () => {
    expect(error("StepLR(0.1, step=3)").message).toContain("at offset 12");
  });
});
