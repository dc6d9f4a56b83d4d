/**
 * The game's deterministic random source (`ctx.random()`), seeded from the handshake (style G8:
 * randomness is injected): mulberry32, a 32-bit generator with a 2^32 period, good enough for
 * gameplay and identical on every platform for the same seed. Allocates nothing per call.
 */

/** Returns a function giving uniformly distributed numbers in [0, 1) from `seed` (any number; its low 32 bits are used). */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return function random(): number {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
