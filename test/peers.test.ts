// The peers' own code: values recorded by scripts/peer_reference.py from timm's scheduler classes
// (run on Debian's torch; the fixture file is committed, tests need neither torch nor the peers).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLearningRate } from "../src/index.js";
import { close } from "./helpers.js";

interface Case {
  peer: string;
  spec: string;
  values: number[];
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/peers.json", import.meta.url), "utf8")) as { torch: string; peers: Record<string, string>; cases: Case[] };

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
    });
  }
  it("timm's MultiStepLRScheduler counts a milestone one step before PyTorch's MultiStepLR", () => {
    const timm = parseLearningRate("timm.MultiStepLRScheduler(0.1, [3], decay_rate=0.5)");
    const torch = parseLearningRate("torch.MultiStepLR(0.1, [3], gamma=0.5)");
    expect([1, 2, 3].map((t) => timm.at(t))).toEqual([0.1, 0.05, 0.05]);
    expect([1, 2, 3].map((t) => torch.at(t))).toEqual([0.1, 0.1, 0.05]);
  });
});
