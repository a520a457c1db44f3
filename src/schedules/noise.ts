/**
 * The noise of timm's schedulers, drawn by a generator of nerva-lr's own: for step t, a standard
 * normal value redrawn until it lies strictly inside (-pct, pct), from a generator seeded with
 * seed + t. timm draws the same kind of value the same way from torch's generator, so the noise has
 * timm's distribution and timm's determinism (one value per step, the same on every run), but not
 * timm's numbers bit for bit.
 */

/** A small 32-bit generator (the mulberry32 mixing steps): uniform values in [0, 1). */
function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), state | 1);
    x = (x + Math.imul(x ^ (x >>> 7), x | 61)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws before giving up; with pct >= 0.01 one draw lands inside with odds of 1 in 125 or better. */
const MAX_DRAWS = 100_000;

/** The relative noise of step `step`: the lr becomes lr * (1 + noise). */
export function truncatedNormalNoise(seed: number, step: number, pct: number): number {
  // Steps beyond 2^32 wrap around; the seeds stay distinct for any real run.
  const next = uniforms((seed + (step % 4294967296)) % 4294967296);
  for (let draw = 0; draw < MAX_DRAWS; draw += 2) {
    // Box-Muller: two uniforms give two independent standard normals.
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    for (const z of [radius * Math.cos(angle), radius * Math.sin(angle)]) if (Math.abs(z) < pct) return z;
  }
  return 0;
}
