// pytorch_warmup, pytorch_optimizer's lr_scheduler package and Lightning Bolts'
// LinearWarmupCosineAnnealingLR: values recorded by scripts/peer_reference_warmup.py from the
// peers' own files on Debian's torch (the fixture is committed; tests need neither torch nor the
// peers). docs/llm-schedules.md documents each schedule and its quirks.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalog, NervaLrError, parseLearningRate, scheduleFromJson } from "../src/index.js";
import { cli, close, rejection } from "./helpers.js";

interface Case {
  peer: string;
  spec: string;
  values: number[];
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/warmup-peers.json", import.meta.url), "utf8")) as { torch: string; peers: Record<string, string>; cases: Case[] };

const LIBRARIES = { pytorch_warmup: "pytorch_warmup", pytorch_optimizer: "pytorch_optimizer", pl_bolts: "Lightning Bolts" } as const;

describe("the warmup peers' fixtures", () => {
  it("were recorded from a known commit of each peer, on torch", () => {
    expect(fixture.torch).toMatch(/^1\.13/);
    for (const peer of Object.keys(LIBRARIES)) expect(fixture.peers[peer], peer).toMatch(/^[0-9a-f]{40}$/);
  });
  it.each(Object.entries(LIBRARIES))("cover every %s schedule of the catalog", (peer, source) => {
    const covered = new Set(fixture.cases.filter((c) => c.peer === peer).map((c) => parseLearningRate(c.spec).definition));
    const expected = catalog.filter((d) => d.source === source);
    expect(expected.length).toBeGreaterThan(0);
    expect([...covered].map((d) => d.type).sort()).toEqual(expected.map((d) => d.type).sort());
  });
  it("include long runs (2000+ steps) of each library", () => {
    for (const peer of Object.keys(LIBRARIES)) expect(Math.max(...fixture.cases.filter((c) => c.peer === peer).map((c) => c.values.length)), peer).toBeGreaterThanOrEqual(2000);
  });

  for (const c of fixture.cases) {
    it(`${c.peer}: ${c.spec}`, () => {
      const schedule = parseLearningRate(c.spec);
      const scale = Math.max(...c.values.map(Math.abs));
      // The peer's lr goes below 0 only in pytorch_optimizer's LinearScheduler (it is not clamped):
      // nerva-lr holds it at 0 there, and equals the peer everywhere else.
      const expected = c.values.map((v) => Math.max(0, v));
      const ours = Array.from(schedule.values(c.values.length));
      const bad = ours.map((v, t) => ({ t, ours: v, theirs: expected[t] as number })).filter(({ ours, theirs }) => !close(ours, theirs, 1e-9, 1e-15 * scale));
      expect(bad).toEqual([]);
      // at() gives what fill() gave.
      expect(c.values.map((_, t) => schedule.at(t))).toEqual(ours);
    });
  }
});

describe("the quirks, as the peers' values show them", () => {
  const values = (spec: string) => fixture.cases.find((c) => c.spec === spec)?.values ?? expect.fail(`no fixture case ${spec}`);
  it("pytorch_warmup's dampening of step t uses (t + 1) / period: the first step already gets lr / period", () => {
    const peer = values("pytorch_warmup.LinearWarmup(lr=0.05, warmup_period=7)");
    expect(peer[0]).toBeCloseTo(0.05 / 7, 15);
    expect(peer[6]).toBe(0.05);
  });
  it("pytorch_warmup truncates the untuned periods: beta2 = 0.99 gives 199 steps, not 200", () => {
    const peer = values("pytorch_warmup.UntunedLinearWarmup(lr=0.1, beta2=0.99)");
    expect(peer[197]).toBeLessThan(0.1);
    expect(peer[198]).toBe(0.1);
    expect(peer[0]).toBeCloseTo(0.1 / 199, 15);
  });
  it("pytorch_optimizer's REX and CosineAnnealingWarmupRestarts start at min_lr, and REX never gives max_lr", () => {
    expect(values("pytorch_optimizer.REXScheduler(100, max_lr=0.1, min_lr=0.001)")[0]).toBe(0.001);
    expect(Math.max(...values("pytorch_optimizer.REXScheduler(100, max_lr=0.1, min_lr=0.001)"))).toBeLessThan(0.1);
    expect(values("pytorch_optimizer.CosineAnnealingWarmupRestarts(50, 2, max_lr=0.1, min_lr=0)")[0]).toBe(0);
  });
  it("pytorch_optimizer's Linear/Cosine/Poly run one step behind, and are not clamped", () => {
    const linear = values("pytorch_optimizer.LinearScheduler(10, 0.01, min_lr=0.0001, init_lr=0.001, warmup_steps=5)");
    // min_lr after construction; init_lr (the peer's step 0) at t = 1; max_lr at t = W + 1 = 6.
    expect([linear[0], linear[1], linear[6]]).toEqual([0.0001, 0.001, 0.01]);
    expect(Math.min(...linear)).toBeLessThan(0);
    const poly = values("pytorch_optimizer.PolyScheduler(50, 0.1, poly_order=2)");
    expect(poly[5]).toBeCloseTo(0.1 * 16, 12); // min_lr + (max_lr - min_lr) * (s - W)^2, s = 4: it grows
    const cosine = values("pytorch_optimizer.CosineScheduler(2000, 0.1, min_lr=0.001, warmup_steps=100)");
    expect(cosine[4000]).toBeGreaterThan(0.09); // past t_max the cosine comes back up
  });
  it("pytorch_optimizer's 1-sqrt, 1-square and linear cooldowns end at 0, then jump to min_lr_ratio", () => {
    const peer = values('pytorch_optimizer.get_wsd_schedule(0.1, 100, 1000, 900, min_lr_ratio=0.01, num_cycles=1, cooldown_type="linear")');
    expect(peer[1999]).toBeCloseTo(0.1 / 900, 15);
    expect(peer[2000]).toBeCloseTo(0.001, 15);
  });
  it("Bolts reaches lr one step early and rises again after max_epochs", () => {
    const peer = values("pl_bolts.LinearWarmupCosineAnnealingLR(0.02, 10, 40)");
    expect([peer[9], peer[10]]).toEqual([0.02, 0.02]);
    expect(peer[40]).toBeCloseTo(0, 15);
    expect(peer[60]).toBeGreaterThan(0.009);
  });
  it("Bolts without warmup starts its cosine from warmup_start_lr, and from lr after the first trough", () => {
    const peer = values("pl_bolts.LinearWarmupCosineAnnealingLR(0.1, 0, 50, warmup_start_lr=0.01, eta_min=0.001)");
    expect(Math.max(...peer.slice(0, 51))).toBe(0.01);
    expect(peer[100]).toBeCloseTo(0.1, 12);
  });
});

describe("parameters the peers crash on are refused", () => {
  const refusals: [string, string, RegExp][] = [
    ["pytorch_optimizer.CosineAnnealingWarmupRestarts(10, warmup_steps=10)", "out-of-range", /warmup_steps must be < first_cycle_steps \(10\), got 10/],
    ["pytorch_optimizer.CosineAnnealingWarmupRestarts(10, 0.5)", "out-of-range", /cycle_mult < 1 needs warmup_steps/],
    ["pytorch_optimizer.LinearScheduler(10, 0.1, warmup_steps=10)", "out-of-range", /t_max must differ from warmup_steps \(10\)/],
    ["pytorch_optimizer.CosineScheduler(0, 0.1)", "out-of-range", /t_max must differ from warmup_steps \(0\)/],
    ["pl_bolts.LinearWarmupCosineAnnealingLR(0.1, 5, 5)", "out-of-range", /max_epochs must differ from warmup_epochs \(5\)/],
    ["pytorch_warmup.RAdamWarmup(lr=0.1, beta2=0.6)", "out-of-range", /beta2 must be in \(0\.6, 0\.99999\], got 0\.6/],
    ["pytorch_warmup.RAdamWarmup(lr=0.1, beta2=0.999999)", "out-of-range", /beta2 must be in \(0\.6, 0\.99999\]/],
    ["pytorch_warmup.UntunedLinearWarmup(lr=0.1, beta2=1)", "out-of-range", /beta2 must be in \[0, 1\), got 1/],
    ["pytorch_warmup.LinearWarmup(warmup_period=5)", "missing-parameter", /give lr, or a schedule to dampen/],
    ["pytorch_warmup.LinearWarmup(schedule=ReduceLROnPlateau(0.1), warmup_period=5)", "wrong-type", /a metric-driven schedule cannot be dampened/],
    ["pytorch_warmup.LinearWarmup(lr=0.1, warmup_period=0)", "out-of-range", /warmup_period must be >= 1, got 0/],
  ];
  it.each(refusals)("%s", (spec, code, problem) => {
    let error: unknown;
    try {
      parseLearningRate(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NervaLrError);
    expect((error as NervaLrError).code).toBe(code);
    expect((error as NervaLrError).problem).toMatch(problem);
  });
  it("PolyScheduler refuses a step whose lr overflows a double, as Python's power raises OverflowError", () => {
    const poly = parseLearningRate("pytorch_optimizer.PolyScheduler(10, 1, poly_order=40)");
    expect(poly.at(1e7)).toBeGreaterThan(1e279);
    expect(() => poly.at(1e9)).toThrow(/PolyScheduler: the lr at step 1000000000 overflows a double/);
  });
  it("CosineAnnealingWarmupRestarts counts at most ten million cycles, and jumps over cycles that stop growing", () => {
    // int(1 * 1.5) = 1: every cycle after the first keeps 1 + 2 steps, so step 1e12 is reached at once.
    const steady = parseLearningRate("pytorch_optimizer.CosineAnnealingWarmupRestarts(3, 1.5, max_lr=0.1, min_lr=0.01, warmup_steps=2, gamma=1)");
    expect(steady.at(1e12)).toBe(steady.at(3 * 1e11 + (1e12 % 3)));
    // Cycles of 1e6 steps that grow by about one step each: 1e15 is 6.9 million cycles away, 1e300 more than ten million.
    const creeping = parseLearningRate("pytorch_optimizer.CosineAnnealingWarmupRestarts(1000000, 1.0000011, max_lr=0.1, gamma=1)");
    expect(creeping.at(1e15)).toBeGreaterThanOrEqual(0);
    expect(() => creeping.at(1e300)).toThrow(/counts its cycles one by one, up to 10000000/);
  });
});

describe("names and text forms", () => {
  it("get_wsd_schedule stays transformers'; pytorch_optimizer's is named with its library", () => {
    expect(parseLearningRate("get_wsd_schedule(0.1, 5, 10, num_stable_steps=20)").definition.source).toBe("Hugging Face");
    const ours = parseLearningRate("pytorch_optimizer.get_wsd_schedule(0.1, 5, 10, 20)");
    expect(ours.definition.source).toBe("pytorch_optimizer");
    expect(String(ours)).toBe('pytorch_optimizer.get_wsd_schedule(lr=0.1, num_warmup_steps=5, num_stable_steps=10, num_decay_steps=20, min_lr_ratio=0, num_cycles=0.5, cooldown_type="1-sqrt")');
  });
  it("quoted words with a dash read, print quoted, and round-trip through text and JSON", () => {
    for (const kind of ["1-sqrt", "1-square", "cosine", "linear"]) {
      const schedule = parseLearningRate(`pytorch_optimizer.get_wsd_schedule(0.1, 2, 3, 4, cooldown_type='${kind}')`);
      expect(schedule.params["cooldown_type"]).toBe(kind);
      expect(String(schedule)).toContain(kind.includes("-") ? `cooldown_type="${kind}"` : `cooldown_type=${kind})`);
      expect(String(parseLearningRate(String(schedule)))).toBe(String(schedule));
      expect(JSON.stringify(scheduleFromJson(JSON.stringify(schedule)))).toBe(JSON.stringify(schedule));
    }
    expect(() => parseLearningRate('pytorch_optimizer.get_wsd_schedule(0.1, 2, 3, 4, cooldown_type="1-sqr")')).toThrow('cooldown_type must be one of "1-sqrt", cosine, "1-square", linear, found 1-sqr (did you mean 1-sqrt?)');
    const unquoted = rejection(() => parseLearningRate("pytorch_optimizer.get_wsd_schedule(0.1, 2, 3, 4, cooldown_type=1-sqrt)"));
    expect([unquoted.code, unquoted.offset]).toEqual(["syntax", 64]);
    expect(unquoted.problem).toContain('(a word with a dash goes in quotes: "1-sqrt")');
  });
  it("a wrapper's lr reaches a schedule without one, in text and in JSON", () => {
    const inherited = parseLearningRate("pytorch_warmup.LinearWarmup(0.1, CosineAnnealingLR(T_max=100), 10)");
    expect(String(inherited)).toBe("LinearWarmup(lr=0.1, schedule=CosineAnnealingLR(lr=0.1, T_max=100, eta_min=0), warmup_period=10)");
    expect(inherited.at(3)).toBeCloseTo(parseLearningRate("CosineAnnealingLR(0.1, 100)").at(3) * 0.4, 15);
  });
  it("the CLI evaluates and plots them", () => {
    const spec = "pytorch_warmup.RAdamWarmup(schedule=CosineAnnealingLR(0.001, 2000))";
    const rows = JSON.parse(cli("eval", spec, "--epochs", "3", "--format", "json").stdout) as { lr: number }[];
    const peer = fixture.cases.find((c) => c.spec === spec)?.values ?? [];
    rows.forEach((row, t) => expect(close(row.lr, peer[t] as number, 1e-9)).toBe(true));
    const plot = cli("plot", "pl_bolts.LinearWarmupCosineAnnealingLR(0.1, 5, 50)", "--format", "svg");
    expect(plot.code).toBe(0);
    expect(plot.stdout).toMatch(/^<svg[^>]*>/);
    expect(cli("list").stdout).toContain("pytorch_optimizer.get_wsd_schedule");
  });
});
