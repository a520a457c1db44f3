/**
 * Code pasted from real training scripts (the source of each snippet is noted; numbers that stood
 * for a function's arguments are written in where the note says so). Values come from
 * test/fixtures/pytorch.json (PyTorch's own output, scripts/pytorch_reference.py) where it holds
 * the same schedule, or from the peer's documented formula. docs/pasted-code.md describes the forms.
 */
import { describe, expect, it } from "vitest";
import { parseLearningRate, parsePasted } from "../src/index.js";
import { rejection } from "./helpers.js";
import pytorch from "./fixtures/pytorch.json" with { type: "json" };

const fixture = (spec: string): number[] => {
  const found = (pytorch.cases as { spec: string; values: number[] }[]).find((c) => c.spec === spec);
  if (!found) throw new Error(`no fixture ${spec}`);
  return found.values;
};
const close = (actual: ArrayLike<number>, expected: readonly number[]) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i] as number, 12);
};

describe("Python text from training scripts", () => {
  it("MultiStepLR with the lr of the Adam built before it, through a name (Mr-ZeroBugs/MyLeaning, pytorch/technique/scheduler/multiStep.py)", () => {
    const text = [
      "import torch",
      "import torch.nn as nn",
      "import torch.optim.lr_scheduler as lr_scheduler",
      "",
      "lr = 0.1",
      "model = nn.Linear(10, 1)",
      "optimizer = torch.optim.Adam(model.parameters(), lr=lr)",
      "scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=[1,4], gamma=0.1) #meaning in epoch 1,4 : lr *= 0.1",
    ].join("\n");
    const { schedule, from } = parsePasted(text);
    expect(from).toBe("PyTorch code, lr_scheduler.MultiStepLR; lr 0.1 from torch.optim.Adam");
    // PyTorch's documented rule: lr * gamma ** (number of milestones <= t).
    close(schedule.values(6), [0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1, 0.1 * 0.1 * 0.1]);
  });
  it("the last of two schedules, with SGD's positional lr (waylongo/liverpool-ion-switching, pytorch/test_lr.py)", () => {
    const text = [
      "import torch",
      "from torch.nn import Parameter",
      "optimizer = torch.optim.SGD([Parameter(torch.randn(2, 2, requires_grad=True))], 0.1)",
      "scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[3, 6, 9], gamma=0.1)",
      "scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 3, gamma=0.1)",
      "for i in range(10):",
      "    print(i, scheduler.get_last_lr())",
      "    scheduler.step()",
    ].join("\n");
    const { schedule, from } = parsePasted(text);
    expect(from).toBe("PyTorch code, torch.optim.lr_scheduler.StepLR; lr 0.1 from torch.optim.SGD");
    close(schedule.values(20), fixture("StepLR(0.1, step_size=3)").slice(0, 20));
  });
  it("OneCycleLR's epochs and steps_per_epoch (ogigo/semantic_segmentation_drone_, optimizer.py; steps_per_epoch=len(train_loader) written as 2)", () => {
    const text = [
      "max_lr = 1e-3",
      "epoch = 10",
      "optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=weight_decay)",
      "sched = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr, epochs=epoch,",
      "                                            steps_per_epoch=2)",
    ].join("\n");
    const { schedule, from } = parsePasted(text);
    // OneCycleLR sets its own lr: the optimizer's is not used, and `from` does not name it.
    expect(from).toBe("PyTorch code, torch.optim.lr_scheduler.OneCycleLR");
    expect(String(schedule)).toBe(String(parseLearningRate("OneCycleLR(0.001, total_steps=20)")));
    close(schedule.values(20), fixture("OneCycleLR(0.1, total_steps=20)").map((v) => v / 100));
  });
  it("as written there, len(train_loader) is refused at its place in the whole text", () => {
    const text = "sched = torch.optim.lr_scheduler.OneCycleLR(optimizer, 1e-3, epochs=15,\n    steps_per_epoch=len(train_loader))";
    const error = rejection(() => parsePasted(text));
    expect([error.code, error.offset]).toEqual(["out-of-range", text.indexOf("len(")]);
    expect(error.problem).toBe("steps_per_epoch must be a whole number >= 1, as PyTorch requires");
  });
  it("SequentialLR of schedules assigned to names before it", () => {
    const text = [
      "optimizer = optim.AdamW(model.parameters(), 0.1)",
      "warmup = LinearLR(optimizer, start_factor=0.1, total_iters=5)  # five epochs up",
      "cosine = CosineAnnealingLR(optimizer, T_max=15)",
      "scheduler = SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[5])",
    ].join("\n");
    const { schedule, from } = parsePasted(text);
    expect(from).toBe("PyTorch code, SequentialLR; lr 0.1 from optim.AdamW");
    close(schedule.values(20), fixture("SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])").slice(0, 20));
  });
  it("text without a schedule call says so", () => {
    const error = rejection(() => parsePasted("optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nmodel.train()"));
    expect([error.code, error.offset]).toEqual(["syntax", 0]);
    expect(error.problem).toContain("the text holds no schedule call");
  });
});

describe("one call as written in code", () => {
  it("positional arguments in the peer's order after any optimizer argument", () => {
    const same = (pasted: string, lr: number | undefined, spec: string) => expect(String(parsePasted(pasted, lr === undefined ? {} : { lr }).schedule)).toBe(String(parseLearningRate(spec)));
    same("StepLR(opt, 30, 0.5)", 0.1, "StepLR(0.1, 30, 0.5)");
    same("torch.optim.lr_scheduler.StepLR(self.optimizer, 30,)", 0.1, "StepLR(0.1, 30)");
    same('ReduceLROnPlateau(optimizer, "min", 0.1, 5)', 0.1, "ReduceLROnPlateau(0.1, mode=min, factor=0.1, patience=5)");
    same("CyclicLR(trainer.optimizer, 0.001, 0.1)", undefined, "CyclicLR(0.001, 0.1)");
    same("transformers.get_linear_schedule_with_warmup(opt, 100, 1000)", 0.001, "get_linear_schedule_with_warmup(0.001, 100, 1000)");
    // timm's own order puts t_in_epochs before the noise arguments and k_decay after them.
    same("timm.scheduler.CosineLRScheduler(optimizer, 100, 1e-5, 1, 1, 1, 5, 1e-6, False, True, None, 0.67, 1.0, 42, 2.0)", 0.1, "CosineLRScheduler(0.1, 100, lr_min=1e-5, warmup_t=5, warmup_lr_init=1e-6, k_decay=2)");
    // Keras puts name before warmup_target.
    same("tf.keras.optimizers.schedules.CosineDecay(0.1, 1000, 0.0, None, 0.5, 10)", undefined, "CosineDecay(0.1, 1000, warmup_target=0.5, warmup_steps=10)");
    same("ChainedScheduler([ConstantLR(optimizer, factor=0.5, total_iters=3), ExponentialLR(optimizer, gamma=0.9)], optimizer)", 0.1, "ChainedScheduler(0.1, [ConstantLR(factor=0.5, total_iters=3), ExponentialLR(gamma=0.9)])");
  });
  it("a call over several lines, with comments", () => {
    const text = "torch.optim.lr_scheduler.OneCycleLR(\n    optimizer,  # the model's\n    max_lr=0.1,\r\n    total_steps=20,\n)";
    const { schedule, from } = parsePasted(text);
    expect(from).toBe("PyTorch code, torch.optim.lr_scheduler.OneCycleLR");
    close(schedule.values(20), fixture("OneCycleLR(0.1, total_steps=20)"));
  });
  it("last_epoch=-1 and verbose are accepted; another last_epoch is a resumed optimizer", () => {
    expect(String(parsePasted('StepLR(optimizer, 3, last_epoch=-1, verbose="deprecated")', { lr: 0.1 }).schedule)).toBe(String(parseLearningRate("StepLR(0.1, 3)")));
    const text = "StepLR(optimizer, 3, last_epoch=5)";
    const error = rejection(() => parsePasted(text, { lr: 0.1 }));
    expect([error.code, error.offset]).toEqual(["out-of-range", text.indexOf("5)")]);
    expect(error.problem).toContain("describes a resumed optimizer, not a schedule");
    expect(error.problem).toContain("--at (CLI) or initialStep (library)");
  });
  it("OneCycleLR: total_steps with epochs, or epochs alone, is refused", () => {
    expect(rejection(() => parsePasted("OneCycleLR(opt, 0.1, 100, epochs=10, steps_per_epoch=10)")).problem).toContain("not both");
    const alone = "OneCycleLR(opt, 0.1, epochs=10)";
    const error = rejection(() => parsePasted(alone));
    expect([error.code, error.offset]).toEqual(["missing-parameter", alone.indexOf("epochs")]);
  });
  it("Python lambdas for LambdaLR and MultiplicativeLR; canonical text is a fixed point", () => {
    const lambda = parsePasted("LambdaLR(optimizer, lambda epoch: 0.95 ** epoch)", { lr: 0.1 });
    close(lambda.schedule.values(10), fixture('LambdaLR(0.1, lr_lambda="0.95 ** epoch")').slice(0, 10));
    const warm = parsePasted("LambdaLR(opt, lr_lambda=lambda step: min(1.0, (step + 1) / 500), last_epoch=-1)", { lr: 0.1 });
    expect(warm.schedule.at(9)).toBeCloseTo(0.1 * (10 / 500), 15);
    expect(warm.schedule.at(600)).toBe(0.1);
    for (const pasted of [lambda, warm]) {
      const text = String(pasted.schedule);
      expect(String(parseLearningRate(text))).toBe(text);
    }
    const bad = "LambdaLR(opt, lambda epoch: 0.95 ** foo)";
    expect(rejection(() => parsePasted(bad, { lr: 0.1 })).offset).toBe(bad.indexOf("foo"));
  });
  it("an unknown module path names the known ones, with a suggestion", () => {
    const error = rejection(() => parsePasted("torch.optim.lr_schedulr.StepLR(optimizer, 30)", { lr: 0.1 }));
    expect([error.code, error.offset]).toEqual(["unknown-name", 0]);
    expect(error.problem).toMatch(/^unknown module torch\.optim\.lr_schedulr \(did you mean torch\.optim\.lr_scheduler\?\); the torch modules known are torch\.optim\.lr_scheduler, /);
  });
  it("a dotted name without '(' is a word: an attribute as the optimizer", () => {
    expect(parsePasted("StepLR(self.optimizer, 3)", { lr: 0.1 }).schedule.at(3)).toBeCloseTo(0.01, 15);
  });
});

describe("the lr option", () => {
  it("is required where the code takes the lr from the optimizer, and says so at the optimizer", () => {
    const text = "StepLR(opt, 30)";
    const error = rejection(() => parsePasted(text));
    expect([error.code, error.offset]).toEqual(["missing-parameter", 7]);
    expect(error.problem).toBe("StepLR takes lr from the optimizer: give it with the lr option (CLI: --lr), or write lr=... in the call (missing parameter lr)");
    expect(parseLearningRate(text, { lr: 0.2 }).at(30)).toBeCloseTo(0.02, 15);
  });
  it("children inherit it", () => {
    const s = parsePasted("SequentialLR(opt, schedulers=[LinearLR(opt, start_factor=0.1, total_iters=5), CosineAnnealingLR(opt, T_max=15)], milestones=[5])", { lr: 0.1 }).schedule;
    close(s.values(20), fixture("SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])").slice(0, 20));
  });
  it("is a conflicting-lr error where the text sets the lr itself, naming the parameter", () => {
    const cases: [string, string, number][] = [
      ["OneCycleLR(opt, max_lr=0.1, total_steps=100)", "OneCycleLR sets its own lr (max_lr), not the optimizer's: leave out the lr option (CLI: --lr)", 16],
      ["CyclicLR(opt, 0.001, 0.1)", "CyclicLR sets its own lr (base_lr and max_lr), not the optimizer's: leave out the lr option (CLI: --lr)", 14],
      ["keras.optimizers.schedules.CosineDecay(0.1, 1000)", "CosineDecay sets its own lr (initial_learning_rate), not the optimizer's: leave out the lr option (CLI: --lr)", 39],
      ["optax.warmup_cosine_decay_schedule(0.0, 0.1, 10, 100)", "warmup_cosine_decay_schedule sets its own lr (init_value), not the optimizer's: leave out the lr option (CLI: --lr)", 35],
      ["StepLR(opt, 30, lr=0.1)", "the text sets the lr itself (lr of StepLR): leave out the lr option (CLI: --lr)", 16],
    ];
    for (const [text, problem, offset] of cases) {
      const error = rejection(() => parsePasted(text, { lr: 0.5 }));
      expect([error.code, error.problem, error.offset]).toEqual(["conflicting-lr", problem, offset]);
    }
  });
});

describe("Hugging Face, Keras and optax calls", () => {
  it("get_scheduler with every name Trainer accepts", () => {
    const names: [string, string][] = [
      ["linear", "get_linear_schedule_with_warmup"],
      ["cosine", "get_cosine_schedule_with_warmup"],
      ["cosine_with_restarts", "get_cosine_with_hard_restarts_schedule_with_warmup"],
      ["polynomial", "get_polynomial_decay_schedule_with_warmup"],
      ["constant", "get_constant_schedule"],
      ["constant_with_warmup", "get_constant_schedule_with_warmup"],
      ["inverse_sqrt", "get_inverse_sqrt_schedule"],
      ["reduce_lr_on_plateau", "ReduceLROnPlateau"],
      ["cosine_with_min_lr", "get_cosine_with_min_lr_schedule_with_warmup"],
      ["cosine_warmup_with_min_lr", "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"],
      ["warmup_stable_decay", "get_wsd_schedule"],
    ];
    for (const [name, type] of names) {
      const kwargs = name.includes("min_lr") ? ', scheduler_specific_kwargs={"min_lr": 1e-6}' : name === "warmup_stable_decay" ? ", scheduler_specific_kwargs=dict(num_decay_steps=100)" : "";
      const { schedule, from } = parsePasted(`get_scheduler("${name}", optimizer, num_warmup_steps=10, num_training_steps=1000${kwargs})`, { lr: 0.001 });
      expect([schedule.type, from]).toEqual([type, `Hugging Face get_scheduler("${name}")`]);
    }
  });
  it("get_scheduler's linear schedule follows transformers' formula; SchedulerType's spelling works", () => {
    const s = parsePasted("transformers.get_scheduler(SchedulerType.LINEAR, optimizer=optimizer, num_warmup_steps=100, num_training_steps=1000)", { lr: 0.001 }).schedule;
    expect(s.at(50)).toBeCloseTo(0.001 * 50 / 100, 15);
    expect(s.at(550)).toBeCloseTo(0.001 * (1000 - 550) / 900, 15);
  });
  it("optax: a dict of boundaries and scales, and sgdr_schedule's dicts", () => {
    const piecewise = parsePasted("optax.piecewise_constant_schedule(0.1, {200: 0.5, 100: 0.5})");
    expect(piecewise.from).toBe("optax call, piecewise_constant_schedule");
    // optax multiplies by each scale from its boundary on (the boundaries sorted).
    expect([piecewise.schedule.at(99), piecewise.schedule.at(100), piecewise.schedule.at(200)]).toEqual([0.1, 0.05, 0.025]);
    const named = parsePasted("optax.piecewise_constant_schedule(init_value=0.1, boundaries_and_scales={100: 0.5, 200: 0.5})").schedule;
    expect(String(named)).toBe(String(piecewise.schedule));
    const sgdr = parsePasted('optax.sgdr_schedule([dict(init_value=0.0, peak_value=0.1, warmup_steps=5, decay_steps=20), {"init_value": 0.0, "peak_value": 0.05, "warmup_steps": 5, "decay_steps": 40}])').schedule;
    expect(String(sgdr)).toBe(String(parseLearningRate("sgdr_schedule([warmup_cosine_decay_schedule(0, 0.1, 5, 20), warmup_cosine_decay_schedule(0, 0.05, 5, 40)])")));
  });
  it("optax.join_schedules by name; Keras by keyword", () => {
    const joined = parsePasted("optax.join_schedules(schedules=[optax.constant_schedule(0.1), optax.constant_schedule(0.01)], boundaries=[10])").schedule;
    expect([joined.at(9), joined.at(10)]).toEqual([0.1, 0.01]);
    const keras = parsePasted('keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5, staircase=True, name="decay")');
    expect(keras.from).toBe("Keras call, ExponentialDecay");
    expect(keras.schedule.at(25)).toBeCloseTo(0.1 * 0.5 ** 2, 15);
  });
});
