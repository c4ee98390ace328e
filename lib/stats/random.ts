/**
 * mulberry32: a tiny seeded 32-bit PRNG, uniform on [0, 1). Resampling tests use it instead of Math.random so a
 * comparison shown today gives the same CI and p-value when it is recomputed tomorrow.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
