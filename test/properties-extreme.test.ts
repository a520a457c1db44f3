// Property tests at the edges of what a caller can pass: parameters from the whole double range,
// epochs up to the largest double, products that overflow, long and deep expressions, and control
// characters in every CLI option. `npm run fuzz` runs them with many more cases.
import fc from "fast-check";
import { describe, expect } from "vitest";
import { NervaLrError, parseLearningRate, scheduleFromJson, type Schedule } from "../src/index.js";
import { extremeEpoch, extremeSchedule, fuzz } from "./arbitraries.js";
import { cli } from "./helpers.js";

/** Calls `fn`; a NervaLrError counts as an answer (undefined), any other exception fails the test. */
function answerOrExplain<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof NervaLrError) {
      expect(error.message).not.toMatch(/NaN|Infinity|undefined/);
      return undefined;
    }
    throw error;
  }
}

const isLr = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v) && v >= 0;

describe("values far out", () => {
  fuzz(
    "at(), fill() and momentumAt() of a schedule with extreme parameters: a finite number >= 0, or a NervaLrError",
    () =>
      fc.property(extremeSchedule, fc.array(extremeEpoch, { minLength: 1, maxLength: 8 }), (schedule, epochs) => {
        for (const t of epochs) {
          if (schedule.behaviour === "metric-driven") answerOrExplain(() => schedule.step(1));
          const value = answerOrExplain(() => schedule.at(t));
          if (value !== undefined && !isLr(value)) expect.fail(`${String(schedule)}.at(${t}) gave ${value}`);
          const momentum = answerOrExplain(() => schedule.momentumAt(t));
          if (momentum !== undefined && !(Number.isFinite(momentum) && momentum >= 0)) expect.fail(`${String(schedule)}.momentumAt(${t}) gave ${momentum}`);
        }
        const from = epochs[0] as number;
        const filled = answerOrExplain(() => schedule.fresh().values(5, Number.isSafeInteger(from) ? from : 0));
        for (const value of filled ?? []) if (!isLr(value)) expect.fail(`${String(schedule)}.values(5) gave ${value}`);
      }),
    { cost: 2 },
  );
  fuzz("canonical text and JSON of a schedule with extreme parameters read back as the same schedule", () =>
    fc.property(extremeSchedule, (schedule) => {
      const text = String(schedule);
      expect(String(parseLearningRate(text))).toBe(text);
      expect(JSON.stringify(scheduleFromJson(JSON.stringify(schedule)))).toBe(JSON.stringify(schedule));
    }),
  );
  fuzz(
    "eval prints only finite numbers, in every format, or refuses with exit 1",
    () =>
      fc.property(
        extremeSchedule.filter((s: Schedule) => s.behaviour !== "metric-driven"),
        fc.array(fc.oneof(fc.nat(3000), extremeEpoch), { minLength: 1, maxLength: 5 }),
        fc.constantFrom("json", "csv", "table"),
        (schedule, epochs, format) => {
          const { code, stdout, stderr } = cli("eval", String(schedule), "--at", epochs.join(","), "--format", format);
          if (code === 1) {
            expect(stderr.trimEnd().split("\n")[0]).toMatch(/^nerva-lr: /);
            return;
          }
          expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
          expect(stdout).not.toMatch(/NaN|Infinity|null|undefined/);
        },
      ),
    { cost: 4 },
  );
});

/** Expression text: sums, products, powers, calls and parentheses, nested to any depth. */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "large", withCrossShrink: true },
    fc.constantFrom("1", "0.5", "t", "epoch", "step", "2", "1e308", "0", "pi"),
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "**", "%"), tie("e")).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie("e").map((a) => `(${a})`),
    fc.tuple(fc.constantFrom("exp", "cos", "sin", "sqrt", "log", "abs"), tie("e")).map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `min(${a}, ${b})`),
  ),
})).e;

/** Long and deep shapes that recursion would not survive: many terms, many parentheses. */
const hugeExpression: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }).map((n) => Array.from({ length: n }, () => "1").join("+")),
  fc.integer({ min: 1, max: 5_000 }).map((n) => `${"(".repeat(n)}t${")".repeat(n)}`),
  fc.integer({ min: 1, max: 3_000 }).map((n) => `${"-".repeat(n)}1`),
  fc.integer({ min: 1, max: 2_000 }).map((n) => `${"exp(".repeat(n)}0${")".repeat(n)}`),
  fc.integer({ min: 1, max: 5_000 }).map((n) => Array.from({ length: n }, () => "2").join("**")),
);

function lambdaOf(expr: string): string {
  return `LambdaLR(0.1, lr_lambda="${expr}")`;
}

describe("expressions of any shape", () => {
  const check = (expr: string, epochs: readonly number[]): void => {
    const schedule: Schedule | undefined = answerOrExplain(() => parseLearningRate(lambdaOf(expr)));
    if (schedule === undefined) return;
    expect(answerOrExplain(() => parseLearningRate(String(schedule)))).toBeDefined();
    for (const t of epochs) {
      const value: number | undefined = answerOrExplain((): number => schedule.at(t));
      if (value !== undefined && !isLr(value)) expect.fail(`${expr} at ${t} gave ${value}`);
    }
  };
  fuzz("a random expression: a schedule whose values are finite numbers >= 0 (or NervaLrErrors), printing back", () =>
    fc.property(expression, fc.array(extremeEpoch, { minLength: 1, maxLength: 4 }), check),
  );
  fuzz(
    "long and deep expressions: a schedule or a NervaLrError with a caret, never a stack overflow",
    () =>
      fc.property(hugeExpression, (expr) => {
        try {
          parseLearningRate(lambdaOf(expr));
        } catch (error) {
          if (!(error instanceof NervaLrError)) throw error;
          expect(error.message).toContain("^");
          expect(error.message.length).toBeLessThan(1000);
          return;
        }
        check(expr, [0, 1, 1e6]);
      }),
    { cost: 50 },
  );
});

/** Text a user could pass: control characters (C0, DEL, C1, bidi controls), quotes, long runs. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom("\u001b", "]", "0", ";", "\u0007", "\n", "\r", "\t", "\u0000", "\u007f", "\u009b", "\u202e", "\u2028", "a", "1", "-", ",", "'", '"'), minLength: 1, maxLength: 30 }),
  fc.integer({ min: 1000, max: 100_000 }).map((n) => `x${"\u001b[31m".repeat(Math.floor(n / 5))}`),
);

/** Every command with each of its options, and the places a command reads free text. */
const COMMAND_LINES: ((junk: string) => string[])[] = [
  (j) => [j],
  (j) => ["help", j],
  (j) => ["eval", j],
  (j) => ["check", j],
  (j) => ["plot", j],
  (j) => ["eval", "Constant(0.1)", `--${j}`],
  ...["--epochs", "--at", "--metrics", "--format", "--precision"].map((option) => (j: string) => ["eval", "Constant(0.1)", option, j]),
  ...["--epochs", "--metrics", "--format", "--width", "--height"].map((option) => (j: string) => ["plot", "Constant(0.1)", option, j]),
  (j) => ["plot", "Constant(0.1)", "--output", `/nonexistent-directory/${j}`],
  (j) => ["list", "--format", j],
  (j) => ["eval", "ReduceLROnPlateau(0.1)", "--metrics", j],
];

/** C0, DEL, C1, the line and paragraph separators, and the bidi controls: never raw in a message. */
function isControl(char: string): boolean {
  const c = char.codePointAt(0) as number;
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

describe("the CLI on hostile arguments", () => {
  fuzz(
    "every message is one short line of printable text, with no stack trace",
    () =>
      fc.property(fc.constantFrom(...COMMAND_LINES), hostileText, (line, junk) => {
        const { code, stderr } = cli(...line(junk));
        expect([0, 1, 2]).toContain(code);
        if (code === 0) return;
        const lines = stderr.trimEnd().split("\n");
        // The message, and for spec errors the excerpt and the caret under it; for usage errors the pointer to --help.
        expect(lines.length).toBeLessThanOrEqual(3);
        expect(stderr.length).toBeLessThan(1000);
        expect([...stderr.replace(/\n/g, "")].filter(isControl)).toEqual([]);
        expect(stderr).not.toMatch(/\n\s+at /);
      }),
    { cost: 2 },
  );
});
