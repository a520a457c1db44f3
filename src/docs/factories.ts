/**
 * Writes src/schedules/factories.ts: one typed factory per catalog definition, with a named
 * options type whose fields carry the parameter docs, and a typed `params`. The definitions stay
 * the one source of truth; `npm run docs` regenerates the file and a test fails when it is stale.
 */
import { describeConstraint, type ParamSpec } from "../core/params.js";
import type { ScheduleDefinition } from "../core/schedule.js";
import { catalog } from "../schedules/catalog.js";
import * as composition from "../schedules/composition.js";
import * as deepspeed from "../schedules/deepspeed.js";
import * as fairseq from "../schedules/fairseq.js";
import * as functional from "../schedules/functional.js";
import * as huggingface from "../schedules/huggingface.js";
import * as keras from "../schedules/keras.js";
import * as megatron from "../schedules/megatron.js";
import * as nemo from "../schedules/nemo.js";
import * as nerva from "../schedules/nerva.js";
import * as optax from "../schedules/optax.js";
import * as plateau from "../schedules/plateau.js";
import * as pytorch from "../schedules/pytorch.js";
import * as timm from "../schedules/timm.js";
import * as warmup from "../schedules/warmup.js";
import * as bolts from "../schedules/bolts.js";
import * as pytorchOptimizer from "../schedules/pytorch-optimizer.js";
import * as pytorchWarmup from "../schedules/pytorch-warmup.js";

/** The modules that define schedules, by file name; a definition must be exported by one of them. */
const MODULES: Record<string, Record<string, unknown>> = { nerva, pytorch, composition, plateau, keras, optax, huggingface, warmup, functional, timm, deepspeed, fairseq, megatron, nemo,
  "pytorch-warmup": pytorchWarmup, "pytorch-optimizer": pytorchOptimizer, bolts };

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

export function moduleOf(definition: ScheduleDefinition): { file: string; name: string } {
  for (const [file, exports] of Object.entries(MODULES)) {
    for (const [name, value] of Object.entries(exports)) if (value === definition) return { file, name };
  }
  throw new Error(`internal: ${definition.type} is in the catalog but exported by no schedule module`);
}

/** Factories written by hand: functional.ts's lambdaLR and multiplicativeLR take an expression or a JavaScript function. */
const HAND_WRITTEN = new Set(["LambdaLR", "MultiplicativeLR"]);

export function factoriesSource(): string {
  const imports = new Map<string, string[]>();
  const blocks: string[] = [];
  const makers: string[] = [];
  const byType: string[] = [];
  for (const definition of catalog) {
    byType.push(`  readonly ${JSON.stringify(definition.printAs ?? definition.type)}: ${typeName(definition)}Params;`);
    if (HAND_WRITTEN.has(definition.type)) {
      blocks.push(
        [
          `/** The parameters of a ${definition.type} schedule read from text or JSON (\`schedule.params\`). */`,
          `export type ${typeName(definition)}Params = {`,
          fields(definition, (spec) => spec.default === undefined && spec.optional === true),
          "};",
        ].join("\n"),
      );
      continue;
    }
    makers.push(`make${typeName(definition)}`);
    const { file, name } = moduleOf(definition);
    imports.set(file, [...(imports.get(file) ?? []), name]);
    const type = typeName(definition);
    const signature = `${definition.type}(${definition.params.map((p) => p.name).join(", ")})`;
    blocks.push(
      [
        `/** The options of {@link ${factoryNameOf(definition)}}: the parameters of \`${definition.printAs ?? definition.type}\`, by name. */`,
        `export interface ${type}Options {`,
        fields(definition, (spec) => spec.default !== undefined || spec.optional === true),
        "}",
        "",
        `/** The parameters of a ${definition.type} schedule, defaults filled in (\`schedule.params\`). */`,
        `export type ${type}Params = {`,
        fields(definition, (spec) => spec.default === undefined && spec.optional === true),
        "};",
        "",
        "/**",
        ` * ${safe(definition.type)} (${definition.source}): ${safe(definition.summary)}`,
        " *",
        ` * Value at t: \`${safe(definition.formula)}\``,
        " *",
        ` * Spec text: \`${safe(signature)}\``,
        " */",
        `export function ${factoryNameOf(definition)}(options: ${type}Options): Schedule<${type}Params> {`,
        `  return scheduleFromOptions(${name}, options, read${type}, make${type}) as Schedule<${type}Params>;`,
        "}",
        "",
        `const read${type}: ParamReader<${type}Options> = (o) => [${definition.params.map((spec) => `o.${spec.name}`).join(", ")}];`,
      ].join("\n"),
    );
  }
  const importLines = [...imports].map(([file, names]) => `import { ${names.join(", ")} } from "./${file}.js";`);
  return [
    "// Generated by `npm run docs` from the schedule definitions (src/docs/factories.ts): do not edit.",
    "// One typed factory per schedule of the catalog, named after the spec name in camelCase. Each reads",
    "// its options by literal names (fast in V8, where a loop over computed names is not).",
    'import { scheduleFromOptions, type ParamReader, type Schedule } from "../core/schedule.js";',
    ...importLines,
    `import { ${makers.join(", ")} } from "./records.js";`,
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
