/**
 * Writes src/generated/factories.ts: one typed factory per catalog definition. The option and
 * parameter types themselves are inferred from each definition (OptionsOf, ParamsOf); what needs
 * generating is the doc comment on every option, which TypeScript cannot carry over from a
 * definition's `doc` strings into hovers. `npm run generate` rewrites the file; a test fails when
 * it is stale.
 */
import { describeConstraint, type ParamSpec } from "../../src/core/params.js";
import type { ScheduleDefinition } from "../../src/core/schedule.js";
import { catalog } from "../../src/schedules/catalog.js";

/** The modules of src/schedules by file name (without .ts), as `import * as` gives them. */
export type ScheduleModules = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** `StepLR` -> `stepLR`, `get_linear_schedule_with_warmup` -> `getLinearScheduleWithWarmup`. */
export function factoryName(type: string): string {
  const camel = type.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

/** A definition's factory: after its type, or its qualified name where the type clashes (timmMultiStepLRScheduler). */
export function factoryNameOf(definition: ScheduleDefinition): string {
  const name = factoryName((definition.printAs ?? definition.type).replace(".", "_"));
  // Keras's ExponentialDecay and optax's exponential_decay camel-case alike: the later one in the
  // catalog takes its library's name in front (optaxExponentialDecay).
  const first = catalog.find((other) => factoryName((other.printAs ?? other.type).replace(".", "_")) === name);
  return first === undefined || first === definition ? name : factoryName(`${definition.source.toLowerCase()}_${name}`);
}

/** `StepBased` -> `StepBased`, `get_linear_schedule_with_warmup` -> `GetLinearScheduleWithWarmup`. */
export const typeName = (definition: ScheduleDefinition) => {
  const name = factoryNameOf(definition);
  return name.charAt(0).toUpperCase() + name.slice(1);
};

function fieldType(spec: ParamSpec): string {
  switch (spec.kind) {
    case "number":
    case "integer":
      return "number";
    case "numbers":
    case "integers":
      return "readonly number[]";
    case "word":
      return (spec.words ?? []).map((w) => JSON.stringify(w)).join(" | ");
    case "boolean":
      return "boolean";
    case "schedule":
      return "Schedule";
    case "schedules":
      return "readonly Schedule[]";
    case "expression":
      return "string";
  }
}

function fieldDoc(spec: ParamSpec): string {
  const fallback = typeof spec.default === "function" || spec.default === undefined ? undefined : String(spec.default);
  const shown = spec.defaultText ?? fallback;
  return `${spec.doc}: ${describeConstraint(spec)}${shown === undefined ? "" : `; default ${shown}`}.`;
}

/** Comment text must not close the comment. */
const safe = (text: string) => text.replace(/\*\//g, "* /");

function fields(definition: ScheduleDefinition, optional: (spec: ParamSpec) => boolean): string {
  return definition.params
    .map((spec) => `  /** ${safe(fieldDoc(spec))} */\n  readonly ${spec.name}${optional(spec) ? "?" : ""}: ${fieldType(spec)};`)
    .join("\n");
}

function moduleOf(modules: ScheduleModules, definition: ScheduleDefinition): { file: string; name: string } {
  for (const [file, exports] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(exports)) if (value === definition) return { file, name };
  }
  throw new Error(`internal: ${definition.type} is in the catalog but exported by no schedule module`);
}

/** Factories written by hand: functional.ts's lambdaLR and multiplicativeLR take an expression or a JavaScript function. */
const HAND_WRITTEN = new Set(["LambdaLR", "MultiplicativeLR"]);

export function factoriesSource(modules: ScheduleModules): string {
  const imports = new Map<string, string[]>();
  const blocks: string[] = [];
  const byType: string[] = [];
  for (const definition of catalog) {
    const { file, name } = moduleOf(modules, definition);
    imports.set(file, [...(imports.get(file) ?? []), name]);
    byType.push(`  readonly ${JSON.stringify(definition.printAs ?? definition.type)}: ParamsOf<typeof ${name}.params>;`);
    if (HAND_WRITTEN.has(definition.type)) continue;
    const type = typeName(definition);
    const signature = `${definition.type}(${definition.params.map((p) => p.name).join(", ")})`;
    blocks.push(
      [
        `/** The options of {@link ${factoryNameOf(definition)}}: the parameters of \`${definition.printAs ?? definition.type}\`, by name. */`,
        `export interface ${type}Options {`,
        fields(definition, (spec) => spec.default !== undefined || spec.optional === true),
        "}",
        "",
        "/**",
        ` * ${safe(definition.type)} (${definition.source}): ${safe(definition.summary)}`,
        " *",
        ` * Value at t: \`${safe(definition.formula)}\``,
        " *",
        ` * Spec text: \`${safe(signature)}\``,
        " */",
        `export function ${factoryNameOf(definition)}(options: ${type}Options): Schedule<ParamsOf<typeof ${name}.params>> {`,
        `  return scheduleOf(${name}, options);`,
        "}",
      ].join("\n"),
    );
  }
  const importLines = [...imports].map(([file, names]) => `import { ${names.join(", ")} } from "../schedules/${file}.js";`);
  return [
    "// Generated by `npm run generate` from the schedule definitions (scripts/generate/factories.ts): do not edit.",
    "// One typed factory per schedule of the catalog, named after the spec name in camelCase. The types come",
    "// from the definitions (OptionsOf, ParamsOf: `scheduleOf` checks that each options interface matches);",
    "// this file exists for the doc comment on every option, which hovers show and inference cannot give.",
    'import type { ParamsOf } from "../core/params.js";',
    'import { scheduleOf, type Schedule } from "../core/schedule.js";',
    ...importLines,
    "",
    blocks.join("\n\n"),
    "",
    "/**",
    " * The parameters of each schedule of the catalog, by its type name: `parseLearningRate(text, { type: \"StepLR\" })`",
    " * and `scheduleFromJson(json, { type: \"StepLR\" })` give a `Schedule<ParamsByType[\"StepLR\"]>`.",
    " */",
    "export interface ParamsByType {",
    ...byType,
    "}",
    "",
  ].join("\n");
}
