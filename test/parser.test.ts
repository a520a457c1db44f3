// The spec language (docs/spec-language.md): every accepted form, and every kind of error with its exact offset.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { catalog, findDefinition, NervaLrError, parseLearningRate, parseLearningRates, Schedule, scheduleFromJson } from "../src/index.js";
import { printedName, qualifiersOf } from "../src/schedules/catalog.js";
import { parseFull } from "../src/language/read.js";
import { parseNervaForm } from "../src/language/nerva-forms.js";
import { rejection } from "./helpers.js";

function valuesOf(spec: string, ts = [0, 1, 2, 3, 4, 5, 6]): number[] {
  const s = parseLearningRate(spec);
  return ts.map((t) => s.at(t));
}

describe("accepted forms", () => {
  it("nerva's positional forms, with spaces and exponents", () => {
    expect(String(parseLearningRate("Constant(0.1)"))).toBe("Constant(lr=0.1)");
    expect(String(parseLearningRate("StepBased(0.1,0.5,10)"))).toBe("StepBased(lr=0.1, drop_rate=0.5, change_rate=10)");
    expect(String(parseLearningRate("  TimeBased( 0.1 ,\t5e-1 )  "))).toBe("TimeBased(lr=0.1, decay=0.5)");
    expect(String(parseLearningRate("Exponential(1E-1, .5)"))).toBe("Exponential(lr=0.1, change_rate=0.5)");
    expect(String(parseLearningRate("Constant(+1.)"))).toBe("Constant(lr=1)");
  });
  it("nerva's ';' groups, a list, and named arguments give the same schedule", () => {
    const forms = [
      "MultiStepLR(0.1;1,3,5;0.1)",
      "MultiStepLR(0.1, [1, 3, 5], 0.1)",
      "MultiStepLR(lr=0.1, milestones=[1,3,5], gamma=0.1)",
      "MultiStepLR( 0.1 ; 1 , 3 , 5 ; 0.1 )",
      "MultiStepLRScheduler(lr=0.1, milestones=[1, 3, 5], gamma=0.1)",
    ];
    const canonical = forms.map((f) => String(parseLearningRate(f)));
    expect(new Set(canonical)).toEqual(new Set(["MultiStepLR(lr=0.1, milestones=[1, 3, 5], gamma=0.1)"]));
  });
  it("a list parameter given one number is a one-element list", () => {
    expect(parseLearningRate("MultiStepLR(0.1;5;0.1)").params["milestones"]).toEqual([5]);
    expect(parseLearningRate("MultiStepLR(0.1, 5)").params["milestones"]).toEqual([5]);
  });
  it("nerva's class names and older C++ names are aliases", () => {
    const pairs: [string, string][] = [
      ["ConstantScheduler(0.1)", "constant(0.1)"],
      ["TimeBasedScheduler(0.1, 0.5)", "time_based(0.1, 0.5)"],
      ["StepBasedScheduler(0.1, 0.5, 3)", "step_based(0.1, 0.5, 3)"],
      ["ExponentialScheduler(0.1, 0.5)", "exponential(0.1, 0.5)"],
    ];
    for (const [a, b] of pairs) expect(valuesOf(a)).toEqual(valuesOf(b));
  });
  it("the text nerva's str() prints parses", () => {
    const printed = [
      "ConstantScheduler(lr=0.1)",
      "TimeBasedScheduler(lr=0.1, decay=0.5)",
      "StepBasedScheduler(lr=0.1, drop_rate=0.5, change_rate=10.0)",
      "MultiStepLRScheduler(lr=0.1, milestones=[1, 3, 5], gamma=0.1)",
      "ExponentialScheduler(lr=0.1, change_rate=0.05)",
    ];
    for (const text of printed) expect(() => parseLearningRate(text)).not.toThrow();
    expect(valuesOf(printed[2] as string)).toEqual(valuesOf("StepBased(0.1,0.5,10)"));
  });
  it("positional then named arguments", () => {
    expect(String(parseLearningRate("MultiStepLR(0.1, [2], gamma=0.5)"))).toBe("MultiStepLR(lr=0.1, milestones=[2], gamma=0.5)");
  });
  it("parseLearningRates splits nerva's per-layer list at top-level ';' only", () => {
    const layers = parseLearningRates("Constant(0.1);MultiStepLR(0.1;1,3;0.1) ; StepBased(0.1,0.5,2)");
    expect(layers.map((s) => s.type)).toEqual(["Constant", "MultiStepLR", "StepBased"]);
    expect(layers[1]?.params["milestones"]).toEqual([1, 3]);
  });
  it("format(parse(s)) is a fixed point", () => {
    for (const spec of ["StepBased(0.1,0.5,10)", "MultiStepLR(0.1;1,3,5;0.1)", "TimeBased(1e-3, 2.5e-2)"]) {
      const once = String(parseLearningRate(spec));
      expect(String(parseLearningRate(once))).toBe(once);
    }
  });
});

function errorOf(spec: string): NervaLrError {
  return rejection(() => parseLearningRate(spec));
}

describe("errors name the problem and the exact offset", () => {
  const cases: [spec: string, code: string, offset: number, words: string][] = [
    ["StepBased(0.1,,10)", "syntax", 14, "expected a value, found ','"],
    ["Unknown(0.1)", "unknown-name", 0, "unknown schedule Unknown"],
    ["StepBsed(0.1,0.5,10)", "unknown-name", 0, "did you mean StepBased?"],
    ["stepbased(0.1,0.5,10)", "unknown-name", 0, "did you mean StepBased?"],
    ["StepBased(lr=0.1, drop=0.5, change_rate=10)", "unknown-parameter", 18, "did you mean drop_rate?"],
    ["StepBased(0.1, 0.5)", "missing-parameter", 18, "missing parameter change_rate"],
    ["Constant()", "missing-parameter", 9, "missing parameter lr"],
    ["Constant(lr=0.1, lr=0.2)", "duplicate-parameter", 17, "given twice"],
    ["Constant(0.1, lr=0.2)", "duplicate-parameter", 14, "given twice"],
    ["Constant([0.1])", "wrong-type", 9, "lr expects a number, found a list"],
    ["MultiStepLR(0.1, [1, x], 0.1)", "wrong-type", 21, "found the word x"],
    ["CyclicLR(0.01, 0.1, mode=1_0e-3)", "wrong-type", 25, "found the number 1_0e-3"],
    ["Constant(-0.1)", "out-of-range", 9, "lr must be >= 0"],
    ["StepBased(0.1, 0.5, 0)", "out-of-range", 20, "change_rate must be > 0"],
    ["MultiStepLR(0.1;1,5,3;0.1)", "out-of-range", 20, "must not decrease"],
    ["MultiStepLR(0.1;1,2.5;0.1)", "wrong-type", 18, "must be an integer"],
    ["Constant(0x10)", "syntax", 9, "invalid number '0x10'"],
    ["Constant(Infinity)", "wrong-type", 9, "found the word Infinity"],
    ["Constant(NaN)", "wrong-type", 9, "found the word NaN"],
    ["Constant(1e999)", "out-of-range", 9, "too large"],
    ["Constant(1.2.3)", "syntax", 9, "invalid number"],
    ["Constant(0.1) extra", "syntax", 14, "expected end of text, found 'e'"],
    ["Constant(0.1))", "syntax", 13, "expected end of text, found ')'"],
    ["Constant(0.1", "syntax", 12, "found end of text"],
    ["Constant 0.1", "syntax", 9, "expected '(' after Constant"],
    ["", "syntax", 0, "expected a schedule name"],
    ["(0.1)", "syntax", 0, "expected a schedule name"],
    ["Constant(0.1,,)", "syntax", 13, "expected a value, found ','"],
    ["StepBased(0.1, 0.5, 10, 3)", "unknown-parameter", 24, "too many arguments"],
    ["Constant(lr=0.1, 0.2)", "syntax", 17, "positional argument cannot follow a named one"],
    ["MultiStepLR(0.1;1,3;gamma=0.1)", "syntax", 20, "named arguments cannot be mixed"],
    ["Constant(0.1);Constant(0.2)", "syntax", 13, "parseLearningRates"],
    ["Constant(\u00e9)", "syntax", 9, "found '\\u{e9}'"],
    ["Constant(\u0001)", "syntax", 9, "found '\\x01'"],
  ];
  for (const [spec, code, offset, words] of cases) {
    it(`${JSON.stringify(spec)}: ${code} at ${offset}`, () => {
      const error = errorOf(spec);
      expect(error.code).toBe(code);
      expect(error.offset).toBe(offset);
      expect(error.message).toContain(words);
      expect(error.name).toBe("NervaLrError");
    });
  }
  it("the message shows the spec with a caret under the place", () => {
    expect(errorOf("StepBased(0.1,,10)").message).toBe(
      "Invalid schedule: expected a value, found ',' at offset 14\n  StepBased(0.1,,10)\n                ^",
    );
  });
  it("the caret stays aligned when earlier characters are escaped", () => {
    const lines = errorOf("Constant(\t-1)").message.split("\n");
    const caret = lines[2]?.indexOf("^") ?? -1;
    expect(lines[1]?.slice(caret)).toBe("-1)");
  });
  it("parseLearningRates reports offsets into the whole text", () => {
    try {
      parseLearningRates("Constant(0.1);StepBased(0.1,,2)");
      expect.unreachable();
    } catch (error) {
      expect((error as NervaLrError).offset).toBe(28);
    }
  });
});

describe("text pasted from PyTorch and Python", () => {
  const same = (pasted: string, native: string) => expect(String(parseLearningRate(pasted))).toBe(String(parseLearningRate(native)));
  // (test/pasted-*.test.ts has the forms pasted from real code; these are the basics.)
  it("takes an optimizer argument, positional or named, and then the peer's positional order", () => {
    same("OneCycleLR(optimizer, max_lr=0.01, total_steps=1000)", "OneCycleLR(max_lr=0.01, total_steps=1000)");
    same("StepLR(optimizer, 30, lr=0.1)", "StepLR(0.1, 30)");
    same("StepLR(optimizer=optimizer, lr=0.1, step_size=30)", "StepLR(0.1, 30)");
    same(
      "SequentialLR(optimizer, schedulers=[LinearLR(optimizer, start_factor=0.1), StepLR(optimizer, step_size=3)], milestones=[5], lr=0.1)",
      "SequentialLR(0.1, [LinearLR(start_factor=0.1), StepLR(step_size=3)], [5])",
    );
  });
  it("says where the lr must go when the optimizer carried it", () => {
    const error = rejection(() => parseLearningRate("get_linear_schedule_with_warmup(optimizer, num_warmup_steps=10, num_training_steps=100)"));
    expect([error.code, error.offset]).toEqual(["missing-parameter", 32]);
    expect(error.problem).toBe("get_linear_schedule_with_warmup takes lr from the optimizer: give it with the lr option (CLI: --lr), or write lr=... in the call (missing parameter lr)");
  });
  it("takes the optimizer under any name", () => {
    same("StepLR(opt, step_size=3, lr=0.1)", "StepLR(0.1, 3)");
    expect(String(parseLearningRate("StepLR(self.optimizer, 3)", { lr: 0.1 }))).toBe(String(parseLearningRate("StepLR(0.1, 3)")));
  });
  it("accepts quoted strings where a word is meant", () => {
    same("OneCycleLR(0.1, 100, anneal_strategy='linear')", "OneCycleLR(0.1, 100, anneal_strategy=linear)");
    same('CyclicLR(0.01, 0.1, mode="triangular2")', "CyclicLR(0.01, 0.1, mode=triangular2)");
    // A ';' inside quotes does not split nerva's per-layer list.
    expect(parseLearningRates("CyclicLR(0.01, 0.1, mode='exp_range');Constant(0.1)").map((s) => s.type)).toEqual(["CyclicLR", "Constant"]);
    expect(rejection(() => parseLearningRates("CyclicLR(0.01, 0.1, mode='a;b');Constant(0.1)")).offset).toBe(25);
  });
  it("accepts True, False and None", () => {
    same("OneCycleLR(0.1, 100, three_phase=True)", "OneCycleLR(0.1, 100, three_phase=true)");
    same("ExponentialDecay(0.1, 10, 0.5, staircase=False)", "ExponentialDecay(0.1, 10, 0.5)");
    // None leaves the argument out: the default (here derived from step_size_up) applies.
    same("CyclicLR(0.01, 0.1, 5, step_size_down=None)", "CyclicLR(0.01, 0.1, 5, step_size_down=5)");
    same("MultiStepLR(0.1, [2], None)", "MultiStepLR(0.1, [2], 0.1)");
  });
  it("accepts Python's digit grouping", () => {
    expect(parseLearningRate("OneCycleLR(0.1, 1_000)").params["total_steps"]).toBe(1000);
    expect(parseLearningRate("Constant(1_0.2_5e-0_1)").params["lr"]).toBe(1.025);
  });
  const errors: [string, string, number, string][] = [
    ["Constant('0.1)", "syntax", 9, "a string opened with ' is not closed"],
    ["Constant('0.1')", "wrong-type", 9, "lr expects a number, found the string '0.1'"],
    ["OneCycleLR(0.1, 100, three_phase='true')", "wrong-type", 33, "three_phase expects true or false, found the string 'true'"],
    ["OneCycleLR(0.1, 100, anneal_strategy='cosine')", "wrong-type", 37, "must be one of cos, linear, found cosine"],
    ["OneCycleLR(0.1, None)", "missing-parameter", 16, "missing parameter total_steps"],
    ["OneCycleLR(0.1, 100, three_phase=TRUE)", "wrong-type", 33, "expects true or false"],
    ["Constant(1__0)", "syntax", 9, "invalid number '1__0'"],
    ["Constant(1_)", "syntax", 9, "invalid number '1_'"],
    ["Constant(_1)", "wrong-type", 9, "found the word _1"],
    ["StepLR(0.1, 3, optimizer)", "wrong-type", 15, "gamma expects a number, found the word optimizer"],
  ];
  it.each(errors)("%s: %s at %i", (spec, code, offset, words) => {
    const error = rejection(() => parseLearningRate(spec));
    expect([error.code, error.offset]).toEqual([code, offset]);
    expect(error.problem).toContain(words);
  });
});

describe("the quick path for nerva's forms", () => {
  // parseLearningRate tries a tree-less path for `Name(numbers)` first; it must build exactly
  // what the full parser builds, and leave everything else (errors included) to it.
  const plain = fc.oneof(
    fc.integer({ min: 0, max: 1e6 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99999999 })).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom(".5", "5.", "0.0", "000.100", "123456789012345", "1234567890123456", "1e3", "-1", "1_0", "0.30000000000000004"),
  );
  const names = fc.constantFrom("Constant", "TimeBased", "StepBased", "Exponential", "MultiStepLR", "StepLR", "ExponentialLR", "OneCycleLR", "CyclicLR", "Nope");
  const spec = fc.tuple(names, fc.array(fc.array(plain, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 4 }), fc.boolean()).map(
    ([name, groups, nerva]) => `${name}(${nerva ? groups.map((g) => g.join(",")).join(";") : groups.flat().join(",")})`,
  );
  it("gives the schedule the full parser gives, or leaves the text to it", () => {
    fc.assert(
      fc.property(spec, (text) => {
        let full: Schedule | NervaLrError;
        try {
          full = parseFull(text);
        } catch (error) {
          full = error as NervaLrError;
        }
        const quick = parseNervaForm(text);
        if (full instanceof Schedule) {
          if (quick !== undefined) {
            expect(String(quick)).toBe(String(full));
            expect([0, 1, 2, 7, 100].map((t) => quick.at(t))).toEqual([0, 1, 2, 7, 100].map((t) => full.at(t)));
          }
        } else expect(quick).toBeUndefined();
        // And the public function agrees with the full parser either way.
        if (full instanceof Schedule) expect(String(parseLearningRate(text))).toBe(String(full));
        else expect(rejection(() => parseLearningRate(text)).message).toBe(full.message);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
  it("takes nerva's own forms", () => {
    for (const text of ["Constant(0.1)", "TimeBased(0.1,0.05)", "StepBased(0.1,0.5,10)", "MultiStepLR(0.1;1,3,5;0.1)", "Exponential(0.1,0.05)", "MultiStepLR(0.1;5;0.1)"]) {
      expect(parseNervaForm(text), text).toBeDefined();
    }
  });
});

describe("names qualified by their library", () => {
  it("every schedule can be named by its library: nerva., torch., keras., optax., transformers., timm., deepspeed.", () => {
    // (An example may already be qualified: timm.MultiStepLRScheduler.)
    for (const definition of catalog) {
      for (const library of qualifiersOf(definition)) {
        const bare = definition.example.replace(/^\w+\./, "");
        const spec = `${library}.${bare}`;
        expect(String(parseLearningRate(spec)), spec).toBe(String(parseLearningRate(definition.example)));
      }
    }
    expect(qualifiersOf(findDefinition("MultiStepLR")!)).toEqual(["torch", "nerva"]);
    expect(String(parseLearningRate("nerva.MultiStepLRScheduler(0.1;1,3;0.1)"))).toBe("MultiStepLR(lr=0.1, milestones=[1, 3], gamma=0.1)");
  });
  it("works inside combinators and JSON", () => {
    expect(parseLearningRate("SequentialLR(0.1, [torch.LinearLR(total_iters=5), optax.cosine_decay_schedule(0.1, 10)], [5])").children().map((c) => c.type)).toEqual(["LinearLR", "cosine_decay_schedule"]);
    expect(scheduleFromJson({ type: "torch.StepLR", lr: 0.1, step_size: 3 }).type).toBe("StepLR");
  });
  it("resolves a bare name two libraries share to nerva's, and prints the other qualified", () => {
    expect(parseLearningRate("MultiStepLRScheduler(0.1;3;0.5)").type).toBe("MultiStepLR");
    expect(String(parseLearningRate("timm.MultiStepLRScheduler(0.1, [3])"))).toMatch(/^timm\.MultiStepLRScheduler\(/);
    expect(JSON.parse(JSON.stringify(parseLearningRate("timm.MultiStepLRScheduler(0.1, [3])"))).type).toBe("timm.MultiStepLRScheduler");
  });
  it("prints the bare name where it is unambiguous, and each printAs agrees with the catalog", () => {
    expect(String(parseLearningRate("torch.StepLR(0.1, 3)"))).toBe("StepLR(lr=0.1, step_size=3, gamma=0.1)");
    for (const definition of catalog) expect(printedName(definition), definition.type).toBe(definition.printAs ?? definition.type);
  });
  const errors: [string, string][] = [
    ["keras.StepLR(0.1, 3)", "StepLR is not a keras schedule; write torch.StepLR"],
    ["torchh.StepLR(0.1, 3)", "unknown library torchh (did you mean torch?); the libraries are nerva, torch, keras, optax, transformers, timm, deepspeed, fairseq, megatron, nemo, pytorch_warmup, pytorch_optimizer, pl_bolts"],
    ["torch.StepLRR(0.1, 3)", "unknown schedule torch.StepLRR (did you mean torch.StepLR?)"],
  ];
  it.each(errors)("%s: %s", (spec, problem) => {
    const error = rejection(() => parseLearningRate(spec));
    expect([error.code, error.offset, error.problem]).toEqual(["unknown-name", 0, problem]);
  });
});

describe("a number where a word belongs", () => {
  it("is quoted as written in text, and as parsed in JSON", () => {
    expect(rejection(() => parseLearningRate("CyclicLR(0.01, 0.1, mode=1E-3)")).problem).toContain("found the number 1E-3");
    expect(rejection(() => scheduleFromJson({ type: "CyclicLR", base_lr: 0.01, max_lr: 0.1, mode: 1e-3 })).problem).toContain("found the number 0.001");
  });
});
