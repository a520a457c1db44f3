// Hostile input: huge, deeply nested, binary and prototype-polluting input fails with a clear
// NervaLrError (or parses), quickly, without a stack overflow or a huge message.
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { NervaLrError, parseLearningRate, parseLearningRates, scheduleFromJson } from "../src/index.js";
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
  });
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
      ["Constant(0.1)\r\n", "\\r"],
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
