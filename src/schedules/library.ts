/**
 * A library whose schedules nerva-lr follows: its name (`source`, as docs and `list` print it),
 * the qualifier that names it in spec text (`torch.StepLR`), and its schedules in the order
 * `list` shows them. Each library file ends with one `export const library = defineLibrary(...)`;
 * schedules/catalog.ts lists the libraries, and everything else is read off that list.
 */
import type { ScheduleDefinition } from "../core/schedule.js";

export interface Library<S extends string = string> {
  readonly qualifier: string;
  readonly source: S;
  readonly definitions: readonly ScheduleDefinition[];
}

/**
 * The library, with each of its definitions marked as being of it (`definition.source`): the
 * definitions name their library nowhere else.
 */
export function defineLibrary<const S extends string>(library: Library<S>): Library<S> {
  for (const definition of library.definitions) {
    if (definition.source !== undefined) throw new Error(`internal: ${definition.type} is in two libraries`);
    (definition as { source: string }).source = library.source;
  }
  return library;
}
