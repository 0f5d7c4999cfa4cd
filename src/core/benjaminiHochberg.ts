/**
 * Benjamini–Hochberg adjusted p-values (q-values), exactly as R's
 * p.adjust(p, "BH"): with the m non-NaN p-values ranked i = 1…m in
 * ascending order, q₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎ / j) (Benjamini &
 * Hochberg, J. R. Stat. Soc. B 57 (1995) 289–300).  Rejecting every
 * hypothesis with q ≤ α controls the false discovery rate at α for
 * independent (or positively dependent) tests.
 *
 * NaN p-values stay NaN and do not count in m, as in R, where the default
 * n = length(p) is evaluated after the NAs are dropped.  Tied p-values get
 * the same q.  The input is not modified.
 */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const q = new Float64Array(p.length).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i])) order.push(i);
  const m = order.length;
  // Descending p, so that the running minimum walks from rank m down to 1.
  order.sort((a, b) => p[b] - p[a]);
  let running = Infinity;
  for (let k = 0; k < m; k++) {
    const rank = m - k;
    running = Math.min(running, (m / rank) * p[order[k]]);
    q[order[k]] = Math.min(1, running);
  }
  return q;
}
