/** The suggestions live in the core (typed factories use them too); re-exported for the language's callers. */
export { closest, didYouMean, editDistance } from "../core/suggest.js";
