/**
 * The names pasted code gives the libraries: module paths (`torch.optim.lr_scheduler`,
 * `tf.keras.optimizers.schedules`) to the qualifiers of the spec language (`torch`, `keras`).
 * The paths themselves are library data (each library's `modules`, schedules/*.ts); this reads them.
 */
import type { ScheduleDefinition } from "../core/schedule.js";
import { libraries } from "../schedules/catalog.js";
import type { Library, PeerCallForm } from "../schedules/library.js";

/** Module path (or qualifier) to qualifier. */
const QUALIFIER_OF = new Map<string, string>();
/** Each definition's library, for the way its peer is called. */
const LIBRARY_OF = new Map<ScheduleDefinition, Library>();
for (const library of libraries) {
  QUALIFIER_OF.set(library.qualifier, library.qualifier);
  for (const path of library.modules ?? []) QUALIFIER_OF.set(path, library.qualifier);
  for (const definition of library.definitions) LIBRARY_OF.set(definition, library);
}

/** Every module path that names a library, qualifiers included. */
export const MODULE_PATHS: readonly string[] = [...QUALIFIER_OF.keys()];

export type QualifiedName =
  /** `name` as the catalog knows it; `modulePath`: it was written with a module path, not only its qualifier. */
  | { readonly name: string; readonly modulePath: boolean }
  /** A dotted prefix of more than one part that names no library. */
  | { readonly unknownModule: string };

/**
 * A call's name as the catalog knows it: `torch.optim.lr_scheduler.StepLR` is `torch.StepLR`.
 * A name without a dot, or with a one-part prefix (`torch.StepLR`, `torchh.StepLR`), is left to
 * the catalog, which knows its libraries.
 */
export function qualifiedName(name: string): QualifiedName {
  const dot = name.lastIndexOf(".");
  if (dot < 0) return { name, modulePath: false };
  const prefix = name.slice(0, dot);
  const qualifier = QUALIFIER_OF.get(prefix);
  if (qualifier === undefined) return prefix.includes(".") ? { unknownModule: prefix } : { name, modulePath: false };
  return { name: `${qualifier}.${name.slice(dot + 1)}`, modulePath: prefix !== qualifier };
}

/** The library a definition is of. */
export function libraryOf(definition: ScheduleDefinition): Library | undefined {
  return LIBRARY_OF.get(definition);
}

/**
 * How the definition's peer is called: its positional order (see `PeerCallForm`), or undefined
 * where pasted code has no call of its own (nerva's schedules, fairseq's configs).
 */
export function peerCallOf(definition: ScheduleDefinition): { readonly form: PeerCallForm; readonly order: readonly string[] } | undefined {
  const form = libraryCallForm(definition);
  if (form === undefined) return undefined;
  if (definition.peerOrder !== undefined) return { form, order: definition.peerOrder };
  if (form.keywordOnly === true) return { form, order: form.optimizer ? ["optimizer"] : [] };
  const own = definition.params.map((spec) => spec.name).filter((name) => !(form.optimizer && name === "lr"));
  return { form, order: [...(form.optimizer ? ["optimizer"] : []), ...own, ...form.trailing] };
}

function libraryCallForm(definition: ScheduleDefinition): PeerCallForm | undefined {
  return LIBRARY_OF.get(definition)?.call;
}
