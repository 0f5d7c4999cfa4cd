/**
 * A small, fast, deterministic pseudo-random generator: mulberry32 (Tommy
 * Ettinger, 2017; public domain), a 32-bit state advanced by a Weyl
 * sequence (+0x6D2B79F5) and scrambled by two multiply–xorshift rounds.  It
 * passes gjrand and PractRand to 2^32 outputs — ample for drawing bootstrap
 * indices — and, unlike Math.random, the same seed replays the same stream,
 * so a report names its seed and can be reproduced exactly.
 *
 * `seed` is reduced to an unsigned 32-bit integer (ToUint32: truncated,
 * modulo 2^32), so seeds that differ only beyond that give the same stream.
 * Each call returns a number uniform in [0, 1) on a grid of 2^-32.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
