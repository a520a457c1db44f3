/**
 * An expression as Python over jax.numpy, for optax's `schedule(count)` (the renderer is shared
 * with Keras: render-keras.ts). docs/export-keras-optax-tfjs.md.
 */
import type { Expression } from "../core/expression.js";
import { renderValue, type TensorDialect } from "./render-keras.js";

/** The jax.numpy dialect: the count becomes a float64 array (float32 unless jax_enable_x64). */
export const JAX_NUMPY: TensorDialect = {
  ops: "jnp",
  step: "step",
  toFloat: (c) => `jnp.asarray(${c}, dtype=jnp.float64)`,
  trunc: (x) => `jnp.trunc(${x})`,
};

/** The expression as jax.numpy code. */
export function renderJaxNumpy(expression: Expression): string {
  return renderValue(expression, JAX_NUMPY);
}
