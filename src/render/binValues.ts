/**
 * Equal-width histogram bins over [lo, hi]: bin j holds lo + j·w ≤ v <
 * lo + (j+1)·w, and the last bin also holds v = hi, so every finite value
 * inside the domain is counted exactly once and the counts sum to the
 * number of finite values in range.  NaN (and values outside the domain)
 * are counted apart rather than dropped silently.
 *
 * Written out rather than using d3.bin because d3.bin's thresholds go
 * through floating-point ticks, and a value exactly on an edge could land
 * on either side from one platform to the next.
 */
export interface Bins {
  lo: number;
  hi: number;
  counts: Int32Array;
  /** Values that were NaN or outside [lo, hi]. */
  skipped: number;
}

export function binValues(values: ArrayLike<number>, lo: number, hi: number, nBins: number): Bins {
  const counts = new Int32Array(nBins);
  let skipped = 0;
  const w = (hi - lo) / nBins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      skipped++;
      continue;
    }
    let j = w > 0 ? Math.floor((v - lo) / w) : 0;
    if (j >= nBins) j = nBins - 1;
    counts[j]++;
  }
  return { lo, hi, counts, skipped };
}

/** A domain [lo, hi] covering the finite values; symmetric around 0 when `symmetric`; never empty. */
export function valueDomain(values: ArrayLike<number>, symmetric: boolean): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return symmetric ? [-1, 1] : [0, 1];
  if (symmetric) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return m > 0 ? [-m, m] : [-1, 1];
  }
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}
