// One spec per catalog entry: each definition's own example (non-default options where the
// schedule has them). Every test that walks the catalog uses these.
import { catalog } from "../src/index.js";

export const SAMPLES: readonly string[] = catalog.map((definition) => definition.example);

/** Metrics for metric-driven samples: a loss that improves, stalls and wobbles. */
export const METRICS: readonly number[] = Array.from({ length: 60 }, (_, i) => 1 / (1 + Math.min(i, 12)) + 0.01 * Math.sin(i));
