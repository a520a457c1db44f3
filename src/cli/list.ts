/** `list`: the catalog, read off the schedule definitions themselves. */
import { describeConstraint, describeParam } from "../core/params.js";
import type { ScheduleDefinition } from "../core/schedule.js";
import { catalog, qualifiersOf } from "../schedules/catalog.js";
import { noArguments, readFormat, type Io } from "./io.js";

export function listCommand(positionals: readonly string[], options: { format?: string | undefined }, io: Io): number {
  noArguments(positionals, "list");
  const format = readFormat(options.format, "list", ["table", "json"]);
  io.stdout(format === "json" ? `${JSON.stringify(catalog.map(describeDefinition), null, 2)}\n` : listText(catalog));
  return 0;
}

function describeDefinition(definition: ScheduleDefinition) {
  return {
    type: definition.type,
    aliases: definition.aliases ?? [],
    qualified: qualifiersOf(definition).map((library) => `${library}.${definition.type}`),
    source: definition.source,
    behaviour: definition.behaviour ?? "pure",
    summary: definition.summary,
    formula: definition.formula,
    example: definition.example,
    params: definition.params.map((spec) => ({
      name: spec.name,
      kind: spec.kind,
      required: spec.default === undefined && !spec.optional,
      ...(spec.defaultText !== undefined ? { default: spec.defaultText } : typeof spec.default === "function" || spec.default === undefined ? {} : { default: spec.default }),
      constraint: describeConstraint(spec),
      doc: spec.doc,
    })),
  };
}

export function listText(definitions: readonly ScheduleDefinition[]): string {
  const lines: string[] = [];
  let source = "";
  for (const definition of definitions) {
    if (definition.source !== source) {
      source = definition.source;
      lines.push(`${lines.length > 0 ? "\n" : ""}${source}`);
    }
    lines.push(`  ${definition.type}(${definition.params.map(describeParam).join(", ")})`);
    lines.push(`      ${definition.summary}`);
    lines.push(`      value: ${definition.formula}`);
    lines.push(`      e.g.   ${definition.example}`);
    const also = [...qualifiersOf(definition).map((library) => `${library}.${definition.type}`), ...(definition.aliases ?? [])];
    lines.push(`      also: ${also.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}
