// Hostile input: huge, deeply nested, binary and prototype-polluting input fails with a clear
// NervaLrError (or parses), quickly, without a stack overflow or a huge message.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import * as nervaLr from "../src/index.js";
import { catalog, lambdaLR, multiplicativeLR, NervaLrError, parseLearningRate, parseLearningRates, Schedule, scheduleFromJson, stepLR } from "../src/index.js";
import { factoryNameOf } from "../scripts/generate/factories.js";
import { MAX_NESTING } from "../src/language/parser.js";
import { rejection } from "./helpers.js";

const MB = 1 << 20;

describe("size", () => {
  it("parses a 1 MB spec (170 000 milestones) and evaluates it", () => {
    const milestones = Array.from({ length: 170_000 }, (_, i) => i + 1);
    const text = `MultiStepLR(0.5, [${milestones.join(", ")}], 1)`;
    expect(text.length).toBeGreaterThan(MB);
    const s = parseLearningRate(text);
    expect(s.at(100_000)).toBe(0.5);
    expect(String(s).length).toBeGreaterThan(MB);
  });
  it("rejects 1 MB of junk with a short message", () => {
    for (const junk of ["(".repeat(MB), "a".repeat(MB), `Constant(${"9".repeat(MB)})`, `Constant(${"x".repeat(MB)}=1)`, `${"Constant(0.1);".repeat(MB / 16)}Constant(`]) {
      const error = rejection(() => parseLearningRates(junk));
      expect(error.message.length).toBeLessThan(400);
    }
  });
  it("reads JSON with a million milestones", () => {
    const json = JSON.stringify({ type: "MultiStepLR", lr: 1, milestones: Array.from({ length: 1_000_000 }, (_, i) => i), gamma: 1 });
    expect(scheduleFromJson(json).at(5)).toBe(1);
    // 8 MB of JSON read twice (JSON.parse, then the scan for repeated keys) and built: seconds on a
    // loaded shared machine, so a longer limit than vitest's 5 s.
  }, 20_000);
});

describe("nesting", () => {
  it(`refuses brackets nested deeper than ${MAX_NESTING} levels, even 100 000 deep`, () => {
    for (const text of [`Constant(${"[".repeat(100_000)}`, `${"Warmup(".repeat(100_000)}Constant(1)`, `MultiStepLR(0.1, ${"[".repeat(100_000)}1${"]".repeat(100_000)})`]) {
      const error = rejection(() => parseLearningRate(text));
      expect(error.code).toBe("syntax");
      expect(error.problem).toContain(`nesting deeper than ${MAX_NESTING}`);
    }
  });
  it(`accepts nesting up to the limit, wrappers around stateful schedules included`, () => {
    const depth = MAX_NESTING - 1;
    const text = `${"Warmup(".repeat(depth)}TimeBased(1, 0.5)${", 1)".repeat(depth)}`;
    const s = parseLearningRate(text);
    expect(s.at(depth)).toBe(1); // the warmups are over; TimeBased's first call divides by 1 + 0.5 * 0
    expect(s.fresh().at(depth + 1)).toBe(1 / 1.5); // one step further: TimeBased at epoch 1
  });
  it("refuses deeply nested JSON", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const error = rejection(() => scheduleFromJson(`{"type": "Constant", "lr": ${deep}}`));
    expect(["invalid-json", "wrong-type"]).toContain(error.code);
  });
});

describe("characters", () => {
  it("escapes control and non-ASCII characters in messages", () => {
    for (const [text, shown] of [
      ["Constant(\u0000)", "\\x00"],
      ["Constant(0.1)\u001b[31m", "\\x1b"],
      ["C\u00f6nstant(0.1)", "\\u{f6}"],
      ["Constant(\u{1F600})", "\\u{1f600}"],
      // (\r and \n are white space now: a call pasted from code spans lines.)
      ["Constant(0.1)\u000b", "\\x0b"],
    ] as const) {
      const error = rejection(() => parseLearningRate(text));
      expect(error.message).toContain(shown);
      // Nothing but printable ASCII and newlines (the caret line) reaches the terminal.
      expect([...error.message].filter((ch) => ch !== "\n" && ch !== "…" && (ch < " " || ch > "~"))).toEqual([]);
    }
  });
  it("numbers with hundreds of digits: tiny ones parse, huge ones are out of range", () => {
    expect(parseLearningRate(`Constant(0.${"0".repeat(300)}1)`).at(0)).toBeCloseTo(1e-301, 310);
    expect(parseLearningRate(`Constant(${"1".repeat(300)})`).at(0)).toBeCloseTo(1.111e299, -296);
    expect(rejection(() => parseLearningRate(`Constant(${"1".repeat(400)})`)).code).toBe("out-of-range");
  });
});

describe("prototype keys", () => {
  const names = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];
  it("are unknown schedules and parameters, in text and JSON", () => {
    for (const name of names) {
      expect(rejection(() => parseLearningRate(`${name}(1)`)).code).toBe("unknown-name");
      expect(rejection(() => parseLearningRate(`Constant(lr=1, ${name}=1)`)).code).toBe("unknown-parameter");
      expect(rejection(() => scheduleFromJson(`{"type": "${name}"}`)).code).toBe("unknown-name");
      expect(rejection(() => scheduleFromJson(`{"type": "Constant", "lr": 1, "${name}": {"type": "Constant"}}`)).code).toBe("unknown-parameter");
    }
    expect(({} as Record<string, unknown>)["type"]).toBeUndefined();
  });
  it("in state JSON are unknown fields", () => {
    const s = parseLearningRate("TimeBased(0.1, 0.1)");
    for (const name of names) {
      const state = JSON.parse(`{"type": "TimeBased", "state": {"lr": 0.1, "${name}": 1}}`);
      expect(rejection(() => s.setState(state)).code).toBe("invalid-state");
    }
  });
  it("wrong types in JSON are errors", () => {
    for (const json of ['{"type": 1}', '{"type": "Constant", "lr": [1]}', '{"type": "Constant", "lr": true}', '{"type": "MultiStepLR", "lr": 1, "milestones": {"type": "Constant"}}', '"Constant(1)"', "null", "1e999"]) {
      expect(() => scheduleFromJson(json)).toThrow(NervaLrError);
    }
  });
});

describe("the CLI", () => {
  it("an unexpected internal error exits 3 and says it is a bug", () => {
    let stderr = "";
    const code = main(["check", "Constant(1)"], {
      stdout: () => {
        throw new Error("disk full");
      },
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(3);
    expect(stderr).toContain("this is a bug");
  });
  it("bounds --epochs so a typo cannot print for hours", () => {
    let stderr = "";
    const code = main(["eval", "Constant(1)", "--epochs", "1000001"], { stdout: () => undefined, stderr: (t) => (stderr += t) });
    expect(code).toBe(2); // an option out of its range is a usage error (docs/cli.md)
    expect(stderr).toContain("from 0 to 1000000");
  });
});

/** The built CLI (npm test builds first), as a user runs it. */
function binary(...argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const bin = fileURLToPath(new URL("../dist/cli/nerva-lr.cjs", import.meta.url));
  const run = spawnSync(process.execPath, [bin, ...argv], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("values that are not finite (issue 16 item 1)", () => {
  it("the CLI never prints Infinity, NaN or null: it names the schedule, the step and the cause", () => {
    const cases: [string[], string][] = [
      [["eval", 'LambdaLR(1e308, lr_lambda="10")', "--epochs", "2"], "LambdaLR at step 0: the learning rate overflows the largest double"],
      [["eval", "LRRangeTest(lr_range_test_min_lr=1.79e308)", "--at", "1100"], "LRRangeTest at step 1100: the learning rate overflows the largest double"],
      [["eval", 'MultiplicativeLR(0.1, lr_lambda="2")', "--at", "1100", "--format", "json"], "MultiplicativeLR at step 1100: the learning rate overflows the largest double"],
    ];
    for (const [argv, message] of cases) {
      const run = binary(...argv);
      expect(run.stderr).toContain(`nerva-lr: No valid learning rate: ${message}`);
      expect(run.status).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(/Infinity|NaN|null| {4}at /);
    }
  });
  it("Warmup(Constant(MAX_VALUE), 5) rises to MAX_VALUE without overflowing on the way", () => {
    const run = binary("eval", "Warmup(Constant(1.7976931348623157e308), 5)", "--epochs", "7");
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/Infinity|NaN/);
    expect(run.stdout).toContain("1.79769e308");
    const s = parseLearningRate("Warmup(Constant(1.7976931348623157e308), 5)");
    // timm's warmup: init + (target - init) * t / warmup_t, with init 0.
    expect(s.at(2)).toBe(Number.MAX_VALUE * 0.4);
    expect(s.at(4)).toBe(Number.MAX_VALUE * 0.8);
  });
  it("CosineAnnealingLR at MAX_VALUE gives the periodic value: t is reduced modulo 2 * T_max exactly", () => {
    const t = Number.MAX_VALUE;
    for (const tMax of [15, 7, 10]) {
      // Every double this large is a whole number: BigInt has its exact remainder.
      const phase = Number(BigInt(t) % BigInt(2 * tMax));
      const s = parseLearningRate(`CosineAnnealingLR(0.1, ${tMax}, eta_min=0.01)`);
      expect(s.at(t)).toBeCloseTo(0.01 + 0.09 * ((1 + Math.cos((Math.PI * phase) / tMax)) / 2), 15);
    }
    const s = parseLearningRate("CosineAnnealingLR(0.1, 15)");
    expect(s.at(2 ** 60 + 30 * 3)).toBeCloseTo(0.05 * (1 + Math.cos((Math.PI * Number(BigInt(2 ** 60) % 30n)) / 15)), 15);
  });
  it("CosineLRScheduler with cycle_mul=2 at 1.7e308: the cosine of its cycle, not NaN", () => {
    const s = parseLearningRate("CosineLRScheduler(0.1, 10, cycle_mul=2, cycle_limit=1000000)");
    // Cycle i starts at 10 * (2^i - 1) and lasts 10 * 2^i: 1.7e308 is in cycle 1020.
    const start = 10 * 2 ** 1020;
    const expected = 0.05 * (1 + Math.cos(Math.PI * ((1.7e308 - start) / (10 * 2 ** 1020))));
    expect(s.at(1.7e308)).toBeCloseTo(expected, 15);
    expect(binary("eval", "CosineLRScheduler(0.1, 10, cycle_mul=2, cycle_limit=1000000)", "--at", "1.7e308").stdout).not.toContain("NaN");
  });
  it("WarmupCosineLR far out stays on its periodic cosine", () => {
    const s = parseLearningRate("WarmupCosineLR(0.1, 50, warmup_num_steps=10, warmup_min_ratio=0.01, warmup_type=linear)");
    for (const t of [1.7e308, Number.MAX_VALUE, 2 ** 60]) expect(s.at(t)).toBeGreaterThanOrEqual(0);
  });
  it("a value from a JavaScript function is checked as a whole, not only each factor", () => {
    const error = rejection(() => lambdaLR({ lr: 10, lr_lambda: () => 1e308 }).at(0));
    expect(error.code).toBe("invalid-value");
    expect(error.problem).toBe("LambdaLR at step 0: the learning rate overflows the largest double");
    expect(rejection(() => multiplicativeLR({ lr: 10, lr_lambda: () => 1e300 }).at(2)).code).toBe("invalid-value");
  });
  it("at, fill and values refuse alike, naming the step", () => {
    const s = parseLearningRate("LRRangeTest(lr_range_test_min_lr=1.79e308)");
    expect(rejection(() => s.values(2000)).problem).toMatch(/^LRRangeTest at step \d+: the learning rate overflows the largest double$/);
    expect(rejection(() => s.fill(new Float64Array(3), 1100)).problem).toBe("LRRangeTest at step 1100: the learning rate overflows the largest double");
  });
  it("every catalog sample at huge steps gives a finite number >= 0 or invalid-value / invalid-epoch", () => {
    // MultiplicativeLR's ten million factors before its invalid-epoch are its own test's (expression.test.ts).
    for (const definition of catalog.filter((d) => d.type !== "MultiplicativeLR")) {
      const s = parseLearningRate(definition.example);
      for (const t of [2 ** 53 + 2, 1e300, 1.7e308, Number.MAX_VALUE]) {
        let value: number;
        try {
          value = s.at(t);
        } catch (error) {
          expect(error).toBeInstanceOf(NervaLrError);
          expect(["invalid-value", "invalid-epoch"]).toContain((error as NervaLrError).code);
          continue;
        }
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(Infinity);
      }
    }
  });
});

describe("library input (issue 16 item 7)", () => {
  it("lambdaLR and multiplicativeLR refuse what is not options, and an lr_lambda that is neither text nor a function", () => {
    for (const factory of [lambdaLR, multiplicativeLR] as ((options: unknown) => unknown)[]) {
      for (const options of [undefined, null, 5, "x", [], Symbol("s"), 10n]) expect(rejection(() => factory(options)).code).toBe("wrong-type");
      for (const lrLambda of [0.5, null, {}, [], true, 10n, Symbol("s")]) {
        const error = rejection(() => factory({ lr: 0.1, lr_lambda: lrLambda }));
        expect(error.code).toBe("wrong-type");
        expect(error.problem).toContain("lr_lambda must be an expression");
      }
      expect(rejection(() => factory({ lr: "0.1", lr_lambda: () => 1 })).code).toBe("wrong-type");
      expect(rejection(() => factory({ lr_lambda: () => 1 })).code).toBe("missing-parameter");
      expect(rejection(() => factory({ lr: 0.1, lr_lambda: () => 1, gamma: 2 })).code).toBe("unknown-parameter");
    }
  });
  it("every factory of the catalog, given hostile options, throws NervaLrError or builds a schedule: never a TypeError", () => {
    const polluted = Object.create({ lr: 0.1, step_size: 3 }) as object;
    const hostile: unknown[] = [
      undefined, null, 0, 1.5, NaN, "StepLR(0.1, 3)", [], [0.1, 3], {}, polluted, Symbol("s"), 10n, () => 1,
      { lr: undefined }, { lr: null }, { lr: "0.1" }, { lr: [] }, { lr: {} }, { lr: Symbol("s") }, { lr: 10n }, { lr: true },
      { toString: 1 }, { constructor: 1, __proto__: null }, { hasOwnProperty: 1, lr: 0.1 }, { lr: 0.1, [Symbol("s")]: 1 },
      { lr: 0.1, schedule: {}, schedulers: [{}], milestones: [null], boundaries: {}, values: "x" },
    ];
    const factories = nervaLr as unknown as Record<string, (options: unknown) => unknown>;
    for (const definition of catalog) {
      const factory = factories[factoryNameOf(definition)];
      expect(typeof factory).toBe("function");
      for (const options of hostile) {
        let built: unknown;
        try {
          built = (factory as (options: unknown) => unknown)(options);
        } catch (error) {
          if (!(error instanceof NervaLrError)) throw new Error(`${definition.type}(${String(typeof options)}): ${String(error)}`);
          continue;
        }
        expect(built).toBeInstanceOf(Schedule);
      }
    }
  });
  it("a misspelt option in a typed factory gets the spec text's suggestion", () => {
    const error = rejection(() => (stepLR as (options: unknown) => unknown)({ lr: 0.1, stepsize: 30 }));
    expect(error.code).toBe("unknown-parameter");
    expect(error.problem).toBe("StepLR: unknown parameter stepsize (did you mean step_size?); it takes lr, step_size, gamma");
    expect(rejection(() => parseLearningRate("StepLR(0.1, stepsize=30)")).problem).toContain("(did you mean step_size?)");
  });
});

describe("JSON and restored state (issue 16 item 9)", () => {
  it("a key repeated in one object is refused with its path, as the text form refuses a repeat", () => {
    const cases: [string, string][] = [
      ['{"type":"Constant","lr":0.1,"lr":0.2}', "$.lr"],
      ['{"type":"Constant","lr":0.1,"\\u006cr":0.2}', "$.lr"],
      ['{"type":"SequentialLR","schedulers":[{"type":"Constant","lr":0.1},{"type":"Constant","lr":0.1,"lr":1}],"milestones":[3]}', "$.schedulers[1].lr"],
      ['{"type":"WarmupLR","params":{"warmup_max_lr":0.1,"warmup_max_lr":0.2}}', "$.params.warmup_max_lr"],
      ['{"type":"Constant","type":"StepLR","lr":0.1}', "$.type"],
    ];
    for (const [json, path] of cases) {
      const error = rejection(() => scheduleFromJson(json));
      expect(error.code).toBe("duplicate-parameter");
      expect(error.path).toBe(path);
    }
    expect(rejection(() => parseLearningRate("Constant(lr=0.1, lr=0.2)")).code).toBe("duplicate-parameter");
    const run = binary("check", '{"type":"Constant","lr":0.1,"lr":0.2}');
    // The CLI reads JSON as a config (issue 18): the place is a line and column, with a caret.
    expect([run.status, run.stderr]).toEqual([1, 'nerva-lr: Invalid schedule: a key is given twice in one object at line 1, column 29\n  {"type":"Constant","lr":0.1,"lr":0.2}\n                              ^\n']);
    // Equal keys in different objects are no repeat.
    expect(String(scheduleFromJson('{"type":"SequentialLR","schedulers":[{"type":"Constant","lr":0.1},{"type":"Constant","lr":0.2}],"milestones":[3]}'))).toContain("Constant(lr=0.2)");
  });
  it("every restored state field must be one the schedule can reach from its parameters", () => {
    const plateau = parseLearningRate("ReduceLROnPlateau(0.1, factor=0.5, patience=2, cooldown=1, min_lr=0.001)");
    const good = { type: "ReduceLROnPlateau", state: { lr: 0.05, best: 0.3, num_bad_epochs: 2, cooldown_counter: 1 } };
    plateau.setState(good);
    expect(plateau.getState()).toEqual(good);
    const bad: [Record<string, number | null>, string, string][] = [
      [{ num_bad_epochs: 1e300 }, "num_bad_epochs", "a whole number from 0 to 2"],
      [{ num_bad_epochs: 3 }, "num_bad_epochs", "a whole number from 0 to 2"],
      [{ cooldown_counter: 2 }, "cooldown_counter", "a whole number from 0 to 1"],
      [{ lr: 0.2 }, "lr", "at most the initial lr 0.1"],
      [{ lr: 0.0005 }, "lr", "a number >= 0.001"],
    ];
    for (const [fields, field, expected] of bad) {
      const error = rejection(() => plateau.setState({ ...good, state: { ...good.state, ...fields } }));
      expect(error.code).toBe("invalid-state");
      expect(error.path).toBe(`$.state.${field}`);
      expect(error.problem).toContain(`${field} must be ${expected}`);
    }
    // Nothing changed.
    expect(plateau.getState()).toEqual(good);
    const timeBased = parseLearningRate("TimeBased(0.1, 0.05)");
    expect(rejection(() => timeBased.setState({ type: "TimeBased", state: { lr: 0.2 } })).path).toBe("$.state.lr");
    const chained = parseLearningRate("SequentialLR(0.1, [TimeBased(0.1, 0.05), Constant(0.1)], [3])");
    expect(rejection(() => chained.setState({ type: "SequentialLR", children: [{ type: "TimeBased", state: { lr: 1 } }, { type: "Constant" }] })).path).toBe("$.children[0].state.lr");
  });
});

describe("cycles that grow past the largest double", () => {
  // The fuzz found CosineDecayRestarts(..., t_mul=1e300) looping for ever at t = 1e12: the cycle
  // index was estimated from log(1 + t * (t_mul - 1)), whose argument overflowed to Infinity.
  it("find their cycle at once, at any step", () => {
    const schedule = parseLearningRate("CosineDecayRestarts(1, 10, t_mul=1e300)");
    // Cycle 0 is [0, 10): half way at 5, the half cosine is 0.5.
    expect(schedule.at(5)).toBeCloseTo(0.5, 12);
    // Cycle 1 starts at 10 and lasts 1e301 steps: at 1e12 it has barely begun, so the value is ~1.
    for (const t of [1e12, 2 ** 53]) expect(schedule.at(t)).toBeCloseTo(1, 12);
    // At 1e300 it is a tenth of the way: (1 + cos(0.1 pi)) / 2.
    expect(schedule.at(1e300)).toBeCloseTo((1 + Math.cos(0.1 * Math.PI)) / 2, 12);
  });
  // And with t_mul a hair above 1 at 2.5e293, about 3e17 cycles in, where index - 1 == index: the
  // search for the cycle looped for ever (fuzz find).
  it("find their cycle past 2^53 cycles, when index - 1 is index again", () => {
    const schedule = parseLearningRate("CosineDecayRestarts(1, 1, t_mul=1.0000000000000022)");
    for (const t of [2.489220902983503e293, 1e300]) {
      const value = schedule.at(t);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // At the largest double the cycle's start overflows: the schedule says so, at once.
    expect(rejection(() => schedule.at(Number.MAX_VALUE)).code).toBe("invalid-value");
  });
});

describe("warmups between whole steps", () => {
  // Fuzz find: DeepSpeed's log warmup at a fractional step between N - 1 and N went past 1, so
  // WarmupLR(warmup_min_lr=1.071e-320, warmup_max_lr=0, warmup_type=log) gave -5e-324 at t = 2.0003.
  it("stay between their ends", () => {
    const schedule = parseLearningRate("WarmupLR(warmup_min_lr=1.071e-320, warmup_max_lr=0, warmup_num_steps=0, warmup_type=log)");
    for (const t of [1.5, 2.0003, 2.5, 2.999]) expect(schedule.at(t)).toBeGreaterThanOrEqual(0);
    const up = parseLearningRate("WarmupLR(warmup_min_lr=0.001, warmup_max_lr=0.1, warmup_num_steps=10, warmup_type=log)");
    for (let t = 0; t <= 12; t += 0.25) expect(up.at(t)).toBeLessThanOrEqual(0.1);
    // At whole steps nothing changes: min + (max - min) * log(t) / log(10) (DeepSpeed's formula).
    for (let t = 1; t <= 10; t++) expect(up.at(t)).toBeCloseTo(0.001 + 0.099 * (Math.log(t) / Math.log(10)), 15);
  });
});
