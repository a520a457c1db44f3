// The peers' own code: values recorded by scripts/peer_reference.py from timm's scheduler classes
// DeepSpeed's lr_schedules.py, transformers' optimization.py and fairseq's tri_stage and inverse_sqrt
// (run on Debian's torch; the fixture file is committed, tests need neither torch nor the peers).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLearningRate, scheduleFromJson, type NervaLrError } from "../src/index.js";
import { SCHEDULER_TYPES } from "../src/schedules/huggingface.js";
import { cli, close } from "./helpers.js";

interface Case {
  peer: string;
  spec: string;
  values: number[];
  /** Adam's beta1, where the peer cycles it (DeepSpeed's OneCycle). */
  momentum?: number[];
}

interface NoiseCase {
  spec: string;
  noise_pct: number;
  /** timm's values with its noise (torch's generator) and without. */
  values: number[];
  plain: number[];
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/peers.json", import.meta.url), "utf8")) as { torch: string; peers: Record<string, string>; cases: Case[]; noise: NoiseCase[] };

describe("peers' fixtures", () => {
  it("cover every timm scheduler of the catalog", () => {
    const types = new Set(fixture.cases.filter((c) => c.peer === "timm").map((c) => parseLearningRate(c.spec).definition.printAs ?? parseLearningRate(c.spec).type));
    expect([...types].sort()).toEqual(["CosineLRScheduler", "PolyLRScheduler", "StepLRScheduler", "TanhLRScheduler", "timm.MultiStepLRScheduler"]);
  });
  for (const c of fixture.cases) {
    it(`${c.peer}: ${c.spec}`, () => {
      const schedule = parseLearningRate(c.spec);
      const values = c.values.map((_, t) => schedule.at(t));
      const scale = Math.max(...c.values);
      const bad = values.map((v, t) => ({ t, ours: v, theirs: c.values[t] as number })).filter(({ ours, theirs }) => !close(ours, theirs, 1e-9, 1e-15 * scale));
      expect(bad).toEqual([]);
      if (c.momentum) {
        const momentum = c.momentum.map((_, t) => schedule.momentumAt(t) as number);
        expect(momentum.filter((m, t) => !close(m, c.momentum?.[t] as number, 1e-9))).toEqual([]);
      }
    });
  }
  it("cover every DeepSpeed schedule of the catalog", () => {
    const types = new Set(fixture.cases.filter((c) => c.peer === "deepspeed").map((c) => parseLearningRate(c.spec).type));
    expect([...types].sort()).toEqual(["LRRangeTest", "OneCycle", "WarmupCosineLR", "WarmupDecayLR", "WarmupLR"]);
  });
  it("keeps timm's cosine cycles in place when cycle_mul is a hair above 1 (the fuzz found NaN)", () => {
    const nearlyOne = parseLearningRate("CosineLRScheduler(1, 3, cycle_mul=1.0000000000000002, cycle_limit=2, k_decay=0.5)");
    const one = parseLearningRate("CosineLRScheduler(1, 3, cycle_mul=1, cycle_limit=2, k_decay=0.5)");
    for (let t = 0; t < 12; t += 0.5) expect(nearlyOne.at(t)).toBeCloseTo(one.at(t), 12);
  });
  it("cover every fairseq schedule of the catalog, and every stage of tri_stage", () => {
    const fairseq = fixture.cases.filter((c) => c.peer === "fairseq");
    expect([...new Set(fairseq.map((c) => parseLearningRate(c.spec).type))].sort()).toEqual(["inverse_sqrt", "tri_stage"]);
    // The cases reach past the last stage: 45 steps against at most 5 + 10 + 20.
    expect(fairseq.filter((c) => c.spec.startsWith("tri_stage")).every((c) => c.values.length > 35)).toBe(true);
    expect(fixture.peers["fairseq"]).toMatch(/^[0-9a-f]{40}$/);
  });
  it("timm's MultiStepLRScheduler counts a milestone one step before PyTorch's MultiStepLR", () => {
    const timm = parseLearningRate("timm.MultiStepLRScheduler(0.1, [3], decay_rate=0.5)");
    const torch = parseLearningRate("torch.MultiStepLR(0.1, [3], gamma=0.5)");
    expect([1, 2, 3].map((t) => timm.at(t))).toEqual([0.1, 0.05, 0.05]);
    expect([1, 2, 3].map((t) => torch.at(t))).toEqual([0.1, 0.1, 0.05]);
  });
});

describe("timm's noise, against timm's own noisy runs", () => {
  // Our generator is not torch's: the values differ, but the noise applies at the same steps, and
  // both sides stay within noise_pct of the same plain values.
  it.each(fixture.noise.map((c) => [c.spec, c] as const))("%s", (spec, c) => {
    const schedule = parseLearningRate(spec);
    const plain = parseLearningRate(spec.replace(/, noise_\w+=(\[[^\]]*\]|[\w.]+)/g, ""));
    // The relative noise at each step (a plain 0 stays 0: timm adds lr * noise).
    const relative = (value: number, base: number) => (base === 0 ? Math.abs(value) : Math.abs(value / base - 1));
    const theirs = c.values.map((v, t) => relative(v, c.plain[t] as number));
    const ours = c.values.map((_, t) => relative(schedule.at(t), plain.at(t)));
    expect(c.plain.map((v, t) => close(plain.at(t), v, 1e-9))).toEqual(c.plain.map(() => true));
    const noisySteps = (ratios: number[]) => ratios.map((r, t) => (r > 1e-12 ? t : -1)).filter((t) => t >= 0);
    expect(noisySteps(ours)).toEqual(noisySteps(theirs));
    expect(Math.max(...ours, ...theirs)).toBeLessThan(c.noise_pct);
  });
});

describe("DeepSpeed's config block", () => {
  const block = { type: "WarmupDecayLR", params: { total_num_steps: 20, warmup_min_lr: 0, warmup_max_lr: 0.1, warmup_num_steps: 5, warmup_type: "linear" } };
  it("reads as the JSON form, as it stands in ds_config.json", () => {
    const fromBlock = scheduleFromJson(block);
    expect(String(fromBlock)).toBe(String(parseLearningRate("WarmupDecayLR(20, 0, 0.1, 5, linear)")));
    expect(String(scheduleFromJson(JSON.stringify({ scheduler: block }.scheduler)))).toBe(String(fromBlock));
  });
  it("names the JSON path of a problem inside params", () => {
    const error = (() => {
      try {
        scheduleFromJson({ type: "WarmupLR", params: { warmup_maxlr: 1 } });
      } catch (e) {
        return e as NervaLrError;
      }
      return undefined;
    })();
    expect(error?.path).toBe("$.params.warmup_maxlr");
    expect(error?.problem).toContain("(did you mean warmup_max_lr?)");
  });
  it("refuses OneCycle step sizes below one step (the fuzz found NaN at 5e-324)", () => {
    expect(() => parseLearningRate("OneCycle(0, 0.1, cycle_first_step_size=5e-324)")).toThrow(/cycle_first_step_size must be >= 1/);
    expect(() => parseLearningRate("OneCycle(0, 0.1, cycle_first_step_size=2, cycle_second_step_size=0.5)")).toThrow(/cycle_second_step_size/);
  });
  it("is taken by the CLI wherever a spec goes", () => {
    // check says what it read the JSON as (issue 18), then the canonical spec.
    expect(cli("check", JSON.stringify(block)).stdout).toBe(`from: DeepSpeed scheduler block, scheduler ${block.type}\n${String(scheduleFromJson(block))}\n`);
    const rows = JSON.parse(cli("eval", JSON.stringify(block), "--epochs", "3", "--format", "json").stdout) as { lr: number }[];
    expect(rows.map((r) => r.lr)).toEqual([0, 1, 2].map((t) => scheduleFromJson(block).at(t)));
  });
});

describe("Hugging Face's get_scheduler", () => {
  it("covers every lr_scheduler_type of TrainingArguments, checked against transformers' own get_scheduler", () => {
    const types = fixture.cases.filter((c) => c.spec.startsWith("get_scheduler(")).map((c) => /^get_scheduler\((\w+)/.exec(c.spec)?.[1]);
    expect(types.sort()).toEqual(Object.keys(SCHEDULER_TYPES).filter((t) => t !== "reduce_lr_on_plateau").sort());
  });
  it("prints the schedule it resolves to, and reads pasted Python", () => {
    expect(String(parseLearningRate('get_scheduler("cosine", optimizer, num_warmup_steps=100, num_training_steps=1000, lr=0.001)'))).toBe(
      "get_cosine_schedule_with_warmup(lr=0.001, num_warmup_steps=100, num_training_steps=1000, num_cycles=0.5)",
    );
    expect(parseLearningRate("get_scheduler(reduce_lr_on_plateau, 0.1, patience=3)").type).toBe("ReduceLROnPlateau");
    expect(parseLearningRate("transformers.get_scheduler(constant, 0.1, 5, 50)").type).toBe("get_constant_schedule");
  });
  const errors: [string, string, number, string][] = [
    ["get_scheduler(cosin, 0.1, 10, 100)", "wrong-type", 14, "unknown scheduler type cosin (did you mean cosine?)"],
    ["get_scheduler(linear, 0.1, 10)", "missing-parameter", 29, "get_scheduler: linear requires num_training_steps"],
    ["get_scheduler(lr=0.1)", "missing-parameter", 20, "missing parameter name"],
    ["get_scheduler(cosine, 0.1, 10, 100, nope=1)", "unknown-parameter", 36, "get_cosine_schedule_with_warmup has no parameter nope"],
    ["get_scheduler(cosine_with_min_lr, 0.1, 10, 100)", "missing-parameter", 46, "give min_lr or min_lr_rate"],
  ];
  it.each(errors)("%s: %s at %i", (spec, code, offset, words) => {
    let error: NervaLrError | undefined;
    try {
      parseLearningRate(spec);
    } catch (e) {
      error = e as NervaLrError;
    }
    expect([error?.code, error?.offset]).toEqual([code, offset]);
    expect(error?.problem).toContain(words);
  });
});
