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
  /**
   * The module paths that name this library in pasted code, besides the qualifier itself
   * (`torch.optim.lr_scheduler.StepLR` is `torch.StepLR`). Libraries that share a qualifier list
   * them once, in one of their files.
   */
  readonly modules?: readonly string[];
  /** How the peer's own constructors are called, where pasted code calls them (see `PeerCallForm`). */
  readonly call?: PeerCallForm;
}

/**
 * The positional order of a peer's constructors: `optimizer` first where they take one, then the
 * definition's parameters in order (without `lr`, which the optimizer carries), then `trailing`
 * (arguments such as `last_epoch` that are accepted at their defaults and ignored). A definition
 * whose peer orders them otherwise says so in its own `peerOrder`.
 */
export interface PeerCallForm {
  readonly optimizer: boolean;
  readonly trailing: readonly string[];
  /** Every argument after the optimizer is keyword-only (NeMo's `*`). */
  readonly keywordOnly?: boolean;
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
