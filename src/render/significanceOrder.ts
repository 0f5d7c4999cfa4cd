import type { CorpusSignificance } from "./corpusSignificance.js";

/**
 * Row indices from the most to the least significant difference: by
 * q-value ascending, then by |mean / standard error| descending (texts
 * whose q-values tie, as Benjamini–Hochberg's step-up often makes them,
 * are told apart by their test statistic), then by row.  Rows without a
 * q-value come last.  A standard error of 0 with a non-zero mean counts
 * as the largest statistic; a missing one as none.
 *
 * This is what lets a long text with a small but consistent difference
 * rank above a short one whose mean is large only because of one token.
 */
export function significanceOrder(s: CorpusSignificance): Int32Array {
  const n = s.q.length;
  const q = Float64Array.from(s.q, (v) => (Number.isNaN(v) ? Infinity : v));
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.abs(s.mean[i] / s.se[i]);
    z[i] = Number.isNaN(t) ? -1 : t;
  }
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  return rows.sort((a, b) => q[a] - q[b] || z[b] - z[a] || a - b);
}
