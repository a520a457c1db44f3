/**
 * nerva-lr/configs against the peers' own code: the config files of test/fixtures/configs/ (sources
 * in docs/configs.md, "Test fixtures") read by DeepSpeed's engine rule and lr_schedules.py, and by
 * timm's scheduler_kwargs + create_scheduler_v2, run in torch by scripts/config_reference.py, which
 * wrote test/fixtures/configs.json (the lr at each step, timm's num_epochs).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSchedule } from "../src/configs/index.js";

interface Case {
  file: string;
  options: { lr?: number; stepsPerEpoch?: number; set?: Record<string, number> };
  values: number[];
  num_epochs?: number;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/configs.json", import.meta.url), "utf8")) as { peers: Record<string, string>; cases: Case[] };
const text = (file: string) => readFileSync(new URL(`./fixtures/configs/${file}`, import.meta.url), "utf8");

describe("configs read as DeepSpeed and timm build them (their own code, in torch)", () => {
  it("records the peers' commits", () => {
    expect(fixture.peers["timm"]).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.peers["deepspeed"]).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.cases.length).toBe(6);
  });
  for (const c of fixture.cases) {
    it(`${c.file} ${JSON.stringify(c.options)}: ${c.values.length} steps`, () => {
      const read = readSchedule(text(c.file), c.options);
      c.values.forEach((value, t) => {
        const ours = read.schedule.at(t);
        expect(Math.abs(ours - value), `${c.file} at ${t}: ${ours} vs ${value}`).toBeLessThanOrEqual(1e-12 * Math.max(1e-300, Math.abs(value)) + 1e-18);
      });
      if (c.num_epochs !== undefined) {
        // timm's num_epochs; per update, the run in updates (num_epochs x updates per epoch).
        expect(read.epochs).toBe(c.num_epochs * (c.options.stepsPerEpoch ?? 1));
      }
    });
  }
});
