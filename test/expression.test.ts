// LambdaLR's factor in spec text: a safe arithmetic language with Python's meaning, parsed and
// evaluated by nerva-lr itself (never eval). Expected values are the arithmetic itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, formatExpression, parseExpression } from "../src/core/expression.js";
import { lambdaLR, multiplicativeLR, NervaLrError, parseLearningRate, scheduleFromJson } from "../src/index.js";
import { cli, rejection } from "./helpers.js";

const value = (text: string, t = 3) => evaluate(parseExpression(text), t);

/** Whether the parser refuses the text for a part that has no finite value whatever the step. */
function refusedAsConstant(text: string): boolean {
  try {
    parseExpression(text);
    return false;
  } catch (error) {
    if (error instanceof NervaLrError && error.code === "out-of-range") return true;
    throw error;
  }
}

describe("expressions", () => {
  it("compute with Python's precedence and operators", () => {
    expect(value("0.95 ** epoch", 3)).toBe(0.95 ** 3);
    expect(value("min(1, (t + 1) / 10)", 4)).toBe(0.5);
    expect(value("-2 ** 2")).toBe(-4); // ** binds tighter than unary minus, as in Python
    expect(value("2 ** 3 ** 2")).toBe(512); // right-associative
    expect(value("2 ** -1")).toBe(0.5);
    expect(value("-7 % 3")).toBe(2); // the divisor's sign, as in Python
    expect(value("7 % -3")).toBe(-2);
    expect(value("10 - 4 - 3")).toBe(3);
    expect(value("step * 2 + t / 2 - epoch", 4)).toBe(6);
    expect(value("log(e) + log(8, 2) + sqrt(16) + abs(-1) + floor(2.5) + ceil(2.1) + max(1, 5, 2)")).toBe(1 + 3 + 4 + 1 + 2 + 3 + 5);
    expect(value("cos(pi) + sin(0) + tanh(0) + exp(0)")).toBe(0);
    expect(value("1_000 * 1e-3")).toBe(1);
  });
  it("read Python lambdas as pasted: conditionals, comparisons, and/or/not, //, math. and np. prefixes", () => {
    // Expected values: what Python 3 gives for the same text (docs/spec-language.md).
    const warmupCosine = "lambda step: step / 100 if step < 100 else 0.5 * (1 + math.cos(math.pi * (step - 100) / 900))";
    expect([0, 50, 100, 550, 1000].map((t) => value(warmupCosine, t))).toEqual([0, 0.5, 1, 0.5, 0].map((v, i) => (i === 3 ? value("0.5 * (1 + cos(pi * 450 / 900))") : v)));
    expect(value("lambda current_step: min(1.0, float(current_step + 1) / 500)", 99)).toBe(0.2);
    expect(value("lambda e: np.exp(-0.1 * e)", 10)).toBe(Math.exp(-1));
    expect(value("1 // 0.1")).toBe(9); // Python: 9.0, not floor(1 / 0.1) = 10
    expect([value("-7 // 2"), value("7 // -2"), value("7.5 // 2"), value("5.5 // -0.5")]).toEqual([-4, -4, 3, -11]);
    expect(Object.is(value("0.0 // -1"), -0)).toBe(true);
    expect([value("2 < 3 < 1"), value("0 < epoch <= 3", 3), value("epoch == 3", 3), value("epoch != 3", 3)]).toEqual([0, 1, 1, 0]);
    expect([value("0 or 5"), value("2 and 0"), value("2 and 7"), value("not 0"), value("not epoch", 3)]).toEqual([5, 0, 7, 1, 0]);
    expect([value("int(-2.7)"), value("float(3)"), value("pow(2, 10)"), value("log2(8) + log10(100)"), value("True + False")]).toEqual([-2, 3, 1024, 5, 1]);
    // `and`/`or` and the conditional evaluate only the side they need, as Python does.
    expect(value("1 if epoch < 5 else 0.1 ** (epoch // 5)", 12)).toBeCloseTo(0.01, 15);
    expect(value("0.5 if epoch > 2 and epoch < 10 or epoch == 20 else 1", 20)).toBe(0.5);
    // Printing: the lambda's parameter becomes `epoch`, parentheses only where Python needs them.
    const cases: [string, string][] = [
      ["lambda x: x / 10 if x < 10 else 1", "epoch / 10 if epoch < 10 else 1"],
      ["(1 if t < 2 else 2) if t < 5 else 3", "(1 if epoch < 2 else 2) if epoch < 5 else 3"],
      ["1 if t < 2 else 2 if t < 5 else 3", "1 if epoch < 2 else 2 if epoch < 5 else 3"],
      ["(t < 2) < 3", "(epoch < 2) < 3"],
      ["not (t or 1)", "not (epoch or 1)"],
      ["math.floor(t // 3) * np.pi", "floor(epoch // 3) * pi"],
    ];
    for (const [text, canonical] of cases) {
      expect(formatExpression(parseExpression(text)), text).toBe(canonical);
      for (const t of [0, 1, 3, 7]) expect(value(canonical, t), text).toBe(value(text, t));
    }
  });
  it("refuse what a pasted lambda may not hold, at its place", () => {
    const cases: [string, number, string][] = [
      ["lambda x: epoch", 10, "unknown name epoch in the expression; it may use x, pi, e"],
      ["lambda x, y: x", 8, "a factor's lambda takes one parameter"],
      ["lambda: 1", 6, "expected the lambda's parameter"],
      ["lambda x 1", 9, "expected ':' after lambda x"],
      ["1 if t < 3", 10, "expected 'else'"],
      ["math.foo(1)", 0, "unknown function foo"],
      ["np.", 3, "expected a name after 'np.'"],
      ["torch.cos(t)", 0, "unknown name torch"],
      ["iff", 0, "unknown name iff"],
    ];
    for (const [text, offset, message] of cases) {
      const error = rejection(() => parseExpression(text));
      expect(error.message, text).toContain(message);
      expect(error.offset, text).toBe(offset);
    }
  });
  it("print canonically, and the canonical text means the same", () => {
    const cases: [string, string][] = [
      ["0.95**epoch", "0.95 ** epoch"],
      ["min(1,(t+1)/10)", "min(1, (epoch + 1) / 10)"],
      ["(2**3)**2", "(2 ** 3) ** 2"],
      ["(-2)**2", "(-2) ** 2"],
      ["-(2**2)", "-2 ** 2"],
      ["a-(b-c)".replace(/[abc]/g, (x) => ({ a: "t", b: "1", c: "2" })[x] as string), "epoch - (1 - 2)"],
      ["((step))", "epoch"],
      ["-(t+1)", "-(epoch + 1)"],
    ];
    for (const [text, canonical] of cases) {
      expect(formatExpression(parseExpression(text)), text).toBe(canonical);
      expect(value(canonical, 5), text).toBe(value(text, 5));
    }
  });
  it("round-trip: printing then parsing any expression keeps text and value", () => {
    const leaf = fc.oneof(fc.constantFrom("epoch", "t", "pi", "e", "2", "0.5", "10"), fc.integer({ min: 0, max: 99 }).map(String));
    const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc
          .tuple(tie("node") as fc.Arbitrary<string>, fc.constantFrom("+", "-", "*", "/", "//", "%", "**", "<", "<=", "==", "!=", "and", "or"), tie("node") as fc.Arbitrary<string>)
          .map(([a, op, b]) => `(${a}) ${op} (${b})`),
        (tie("node") as fc.Arbitrary<string>).map((a) => `-(${a})`),
        (tie("node") as fc.Arbitrary<string>).map((a) => `not (${a})`),
        fc.tuple(tie("node") as fc.Arbitrary<string>, tie("node") as fc.Arbitrary<string>, tie("node") as fc.Arbitrary<string>).map(([a, b, c]) => `(${a}) if (${b}) else (${c})`),
        fc.tuple(tie("node") as fc.Arbitrary<string>, tie("node") as fc.Arbitrary<string>, tie("node") as fc.Arbitrary<string>).map(([a, b, c]) => `(${a}) < (${b}) <= (${c})`),
        fc.tuple(fc.constantFrom("min", "max"), tie("node") as fc.Arbitrary<string>, tie("node") as fc.Arbitrary<string>).map(([f, a, b]) => `${f}(${a}, ${b})`),
      ),
    })).node;
    fc.assert(
      fc.property(expression, fc.integer({ min: 0, max: 50 }), (text, t) => {
        // A part without the step that has no finite value ((0) % (0)) is refused: see its own test.
        fc.pre(!refusedAsConstant(text));
        const canonical = formatExpression(parseExpression(text));
        expect(formatExpression(parseExpression(canonical))).toBe(canonical);
        expect(Object.is(value(canonical, t), value(text, t)) || (Number.isNaN(value(canonical, t)) && Number.isNaN(value(text, t)))).toBe(true);
      }),
      { seed: 3, numRuns: 500 },
    );
  });
  const errors: [string, number, string][] = [
    ["", 0, "the expression is empty"],
    ["0.95 **", 7, "the expression ends where a value was expected"],
    ["0.95 ** epch", 8, "unknown name epch in the expression"],
    ["foo(1)", 0, "unknown function foo"],
    ["min()", 0, "min takes 1 or more arguments, got 0"],
    ["sqrt(1, 2)", 0, "sqrt takes 1 argument, got 2"],
    ["(1 + 2", 6, "expected ')' to close the '(' at offset 0"],
    ["1 2", 2, "expected an operator or the end of the expression, found '2'"],
    ["2x", 0, "invalid number '2x'"],
    ["import('fs')", 0, "unknown function import"],
    ["constructor", 0, "unknown name constructor"],
    ["-".repeat(100) + "1", 65, "nests deeper than 64 levels"],
  ];
  it.each(errors)("%j is an error at %i", (text, offset, problem) => {
    const error = rejection(() => parseExpression(text));
    expect([error.code, error.offset]).toEqual(["syntax", offset]);
    expect(error.problem).toContain(problem);
  });
});

describe("LambdaLR in spec text", () => {
  it("is lr times the factor, with the canonical expression in text and JSON", () => {
    const s = parseLearningRate("LambdaLR(0.1, lr_lambda='0.95**epoch')");
    expect([0, 1, 7].map((t) => s.at(t))).toEqual([0, 1, 7].map((t) => 0.1 * 0.95 ** t));
    expect(String(s)).toBe('LambdaLR(lr=0.1, lr_lambda="0.95 ** epoch")');
    expect(JSON.parse(JSON.stringify(s))).toEqual({ type: "LambdaLR", lr: 0.1, lr_lambda: "0.95 ** epoch" });
    expect(String(scheduleFromJson(JSON.stringify(s)))).toBe(String(s));
    expect(String(lambdaLR({ lr: 0.1, lr_lambda: "0.95**t" }))).toBe(String(s));
  });
  it("points the caret into the expression", () => {
    const error = rejection(() => parseLearningRate('LambdaLR(0.1, lr_lambda="min(1, t +)")'));
    expect([error.code, error.offset]).toEqual(["syntax", 35]);
    expect(error.message).toContain('  LambdaLR(0.1, lr_lambda="min(1, t +)")\n                                     ^');
  });
  it("wants the expression in quotes, and a factor >= 0 at every step it is asked", () => {
    expect(rejection(() => parseLearningRate("LambdaLR(0.1, lr_lambda=epoch)")).problem).toContain("expects an expression in quotes");
    // PyTorch evaluates lr_lambda(0) as the scheduler is made: so does reading the spec.
    expect(rejection(() => parseLearningRate('LambdaLR(0.1, lr_lambda="epoch - 2")')).problem).toBe("LambdaLR: lr_lambda(0) returned -2; a factor must be a finite number >= 0");
    const s = parseLearningRate('LambdaLR(0.1, lr_lambda="2 - epoch")');
    expect(rejection(() => s.at(3)).problem).toBe("LambdaLR: lr_lambda(3) returned -1; a factor must be a finite number >= 0");
    expect(s.at(1)).toBeCloseTo(0.1, 15);
    expect(() => parseLearningRate('LambdaLR(0.1, lr_lambda="1 / epoch")')).toThrow(NervaLrError);
  });
  it("a JavaScript function still works, without a text form", () => {
    expect(String(lambdaLR({ lr: 0.1, lr_lambda: (t) => 1 / (t + 1) }))).toBe("LambdaLR(lr=0.1, lr_lambda=<function>)");
  });
});

describe("MultiplicativeLR in spec text", () => {
  it("is lr times the product of the factors of steps 1..t, in any order of calls", () => {
    const s = parseLearningRate('MultiplicativeLR(0.1, lr_lambda="1 - 0.5 / (step + 1)")');
    const expected = (t: number) => {
      let v = 0.1;
      for (let k = 1; k <= t; k++) v *= 1 - 0.5 / (k + 1);
      return v;
    };
    for (const t of [0, 1, 2, 10, 3, 3.7, 50, 0]) expect(s.at(t)).toBe(expected(Math.floor(t)));
    expect(String(s)).toBe('MultiplicativeLR(lr=0.1, lr_lambda="1 - 0.5 / (epoch + 1)")');
    expect(String(multiplicativeLR({ lr: 0.1, lr_lambda: "1-0.5/(step+1)" }))).toBe(String(s));
  });
  it("with a factor that is one number is lr * factor^t, for any t", () => {
    const s = parseLearningRate('MultiplicativeLR(0.1, lr_lambda="0.95")');
    expect(s.at(3)).toBe(0.1 * 0.95 ** 3);
    expect(s.at(1e12)).toBe(0);
  });
  it("goes step by step up to 10 million steps, and says so beyond", () => {
    const s = parseLearningRate('MultiplicativeLR(0.1, lr_lambda="1 - 1 / (epoch + 2) ** 2")');
    expect(rejection(() => s.at(1e8)).problem).toBe("MultiplicativeLR multiplies one factor per step, up to 10000000 steps; got 100000000");
    // A product that reaches 0 stays 0 without going on.
    expect(parseLearningRate('MultiplicativeLR(0.1, lr_lambda="max(0, 1 - epoch / 3)")').at(1e12)).toBe(0);
  });
});

describe("Warmup's warmup_prefix", () => {
  it("true: the schedule starts from its step 0 after the warmup; false: the warmup replaces its first steps", () => {
    const prefixed = parseLearningRate("Warmup(StepLR(0.1, 4, gamma=0.5), 2, warmup_lr_init=0.02)");
    const replacing = parseLearningRate("Warmup(StepLR(0.1, 4, gamma=0.5), 2, warmup_lr_init=0.02, warmup_prefix=false)");
    const step = (t: number) => 0.1 * 0.5 ** Math.floor(t / 4);
    expect([0, 1, 2, 3, 6].map((t) => prefixed.at(t))).toEqual([0.02, 0.02 + (step(0) - 0.02) / 2, step(0), step(1), step(4)]);
    // Without the prefix the warmup aims at the schedule's value at warmup_t, then the schedule goes on.
    expect([0, 1, 2, 3, 6].map((t) => replacing.at(t))).toEqual([0.02, 0.02 + (step(2) - 0.02) / 2, step(2), step(3), step(6)]);
  });
});

describe("size and depth of expressions (docs/spec-language.md)", () => {
  const terms = (n: number) => Array.from({ length: n }, () => "1").join("+");
  it("6 000 terms is longer than 10 000 characters: refused at parse time, the caret at the limit", () => {
    const text = `LambdaLR(0.1, lr_lambda="${terms(6000)}")`;
    const error = rejection(() => parseLearningRate(text));
    expect(error.code).toBe("syntax");
    expect(error.problem).toBe("lr_lambda: the expression is longer than 10000 characters (11999)");
    // The expression starts after `LambdaLR(0.1, lr_lambda="`: 25 characters.
    expect(error.offset).toBe(25 + 10_000);
    expect(error.message.split("\n")).toHaveLength(3);
  });
  it("more than 1 000 operators is refused at the one past the limit; 1 000 evaluate and print", () => {
    const error = rejection(() => parseLearningRate(`LambdaLR(0.1, lr_lambda="${terms(1002)}")`));
    expect(error.problem).toBe("lr_lambda: the expression has more than 1000 operators and calls");
    // The 1001st '+' follows 1001 ones and 1000 pluses.
    expect(error.offset).toBe(25 + 2001);
    const s = parseLearningRate(`LambdaLR(0.001, lr_lambda="${terms(1001)}")`);
    expect(s.at(7)).toBeCloseTo(0.001 * 1001, 12);
    expect(String(parseLearningRate(String(s)))).toBe(String(s));
    expect(JSON.stringify(scheduleFromJson(JSON.stringify(s)))).toBe(JSON.stringify(s));
  });
  it("deep parentheses are refused past 64 levels, at the level that is too deep", () => {
    const error = rejection(() => parseExpression(`${"(".repeat(65)}epoch${")".repeat(65)}`));
    expect(error.problem).toBe("the expression nests deeper than 64 levels");
    expect(error.offset).toBe(65);
    expect(evaluate(parseExpression(`${"(".repeat(64)}epoch${")".repeat(64)}`), 3)).toBe(3);
  });
  it("a 10 MB expression is refused before it is read, quickly", () => {
    const big = "1+".repeat(5 * 1024 * 1024) + "1";
    const error = rejection(() => parseExpression(big));
    expect(error.problem).toBe(`the expression is longer than 10000 characters (${big.length})`);
    expect(error.message.length).toBeLessThan(400);
    const spec = rejection(() => parseLearningRate(`LambdaLR(0.1, lr_lambda="${big}")`));
    expect(spec.offset).toBe(25 + 10_000);
  });
});

describe("parts that do not depend on the step", () => {
  it("must be finite (Python raises there too): refused at parse time, at the part", () => {
    const cases: [string, number, string][] = [
      ["1/0", 0, "1/0 is infinite"],
      ["epoch + 2 ** 5000", 8, "2 ** 5000 is infinite"],
      ["min(epoch, log(0))", 11, "log(0) is infinite"],
      ["max(epoch, sqrt(-1))", 11, "sqrt(-1) is not a number"],
      ["epoch * (0 % 0)", 9, "0 % 0 is not a number"],
      ["-(1/0) + epoch", 2, "1/0 is infinite"],
    ];
    for (const [text, offset, start] of cases) {
      const error = rejection(() => parseExpression(text));
      expect(error.code).toBe("out-of-range");
      expect(error.offset).toBe(offset);
      expect(error.problem).toBe(`${start} whatever the step; a factor must be a finite number`);
    }
    // Parts with the step are the step's to decide: 1/epoch is fine as an expression.
    expect(evaluate(parseExpression("1 / epoch"), 4)).toBe(0.25);
  });
  it("check and eval refuse LambdaLR(0.1, lr_lambda=\"1/0\") with the same message (the CLI)", () => {
    for (const spec of ['LambdaLR(0.1, lr_lambda="1/0")', 'LambdaLR(0.1, lr_lambda="1/epoch")', 'MultiplicativeLR(0.1, lr_lambda="epoch * log(0)")']) {
      const check = cli("check", spec);
      const evaluated = cli("eval", spec, "--epochs", "2");
      expect(check.code).toBe(1);
      expect(evaluated.code).toBe(1);
      expect(check.stderr).toBe(evaluated.stderr);
      expect(check.stderr).toMatch(/^nerva-lr: Invalid schedule: /);
    }
  });
  it("LambdaLR evaluates its factor at step 0 as it is built, as PyTorch's LambdaLR does", () => {
    expect(rejection(() => parseLearningRate('LambdaLR(0.1, lr_lambda="log(epoch)")')).problem).toBe("LambdaLR: lr_lambda(0) is minus infinity; a factor must be a finite number >= 0");
    expect(rejection(() => lambdaLR({ lr: 0.1, lr_lambda: "1 / epoch" })).code).toBe("out-of-range");
    expect(parseLearningRate('LambdaLR(0.1, lr_lambda="1 / (epoch + 1)")').at(1)).toBe(0.05);
  });
});
