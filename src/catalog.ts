/**
 * Every schedule the spec language knows, in the order `nerva-lr list` shows them. Adding a
 * schedule means adding its definition here; the parser, printer, JSON and `list` follow.
 */
import type { ScheduleDefinition } from "./core/schedule.js";
import * as nerva from "./schedules/nerva.js";

export const catalog: readonly ScheduleDefinition[] = [
  nerva.Constant,
  nerva.TimeBased,
  nerva.StepBased,
  nerva.MultiStepLR,
  nerva.Exponential,
] as readonly ScheduleDefinition[];

const byName = new Map<string, ScheduleDefinition>();
for (const definition of catalog) {
  for (const name of [definition.type, ...(definition.aliases ?? [])]) {
    if (byName.has(name)) throw new Error(`internal: schedule name ${name} is defined twice`);
    byName.set(name, definition);
  }
}

/** Exact, case-sensitive lookup of a canonical name or alias. */
export function findDefinition(name: string): ScheduleDefinition | undefined {
  return byName.get(name);
}

/** Every accepted name, aliases included (for suggestions). */
export function allNames(): string[] {
  return [...byName.keys()];
}
